"""The commands plugins add to ``meetkit`` (the ``meetkit_register_commands`` hook)."""

from __future__ import annotations

import os
from pathlib import Path

HOOK = "meetkit_register_commands"


def third_party_plugins(workspace_dir: str | None) -> bool:
    """Whether a plugin besides the built-in ones may add commands: a ``plugins/*.py`` of the
    workspace (the nearest meetkit.toml upward) or an installed ``meetkit`` entry point whose
    source names the hook. Reading a few source files is cheap; importing the plugins (and
    the plugin API) for every `meetkit --help` is not (bench/startup.py)."""
    only = os.environ.get("MEETKIT_LOAD_PLUGINS")
    if only is not None and not only.strip(","):
        return False  # MEETKIT_LOAD_PLUGINS= loads none
    explicit = workspace_dir or os.environ.get("MEETKIT_WORKSPACE")
    here = Path(explicit).expanduser() if explicit else Path.cwd()
    for folder in (here, *here.resolve().parents) if not explicit else (here,):
        if (folder / "meetkit.toml").is_file():
            local = [p for p in (folder / "plugins").glob("*.py") if not p.name.startswith("_")]
            if any(_names_the_hook(p) for p in local):
                return True
            break
    return _installed_may_add_commands()


def _installed_may_add_commands() -> bool:
    """Whether an installed plugin's source names the hook. Scanning every distribution's entry
    points costs tens of milliseconds, so the answer is kept in the user's cache, keyed by this
    Python and the modification times of its import path: installing or removing a package
    changes them."""
    import json
    import sys

    stamp: dict[str, object] = {"python": sys.executable}
    for entry in sys.path:
        try:
            stamp[entry] = os.stat(entry or ".").st_mtime_ns
        except OSError:
            continue
    from ..files import user_cache_dir

    try:
        path = user_cache_dir() / "plugin-commands.json"
    except OSError:  # no home to keep the answer in
        return _scan_entry_points()
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("stamp") == stamp:
            return bool(kept["answer"])
    except (OSError, ValueError, KeyError, AttributeError):
        pass
    answer = _scan_entry_points()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        from ..files import atomic_write_text

        atomic_write_text(path, json.dumps({"stamp": stamp, "answer": answer}))
    except OSError:
        pass  # no cache: scanned again next time
    return answer


def _scan_entry_points() -> bool:
    import importlib.metadata

    for ep in importlib.metadata.entry_points(group="meetkit"):
        files = ep.dist.files if ep.dist is not None else None
        if files is None:
            return True  # nothing to read: assume it may
        sources = [f for f in files if f.suffix == ".py" and "tests" not in f.parts]
        if any(_names_the_hook(Path(str(f.locate()))) for f in sources):
            return True
    return False


def _names_the_hook(path: Path) -> bool:
    try:
        return HOOK in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def added_commands(workspace_dir: str | None, taken: set) -> dict:
    """{name: click command} of the plugins' commands; a name meetkit uses is skipped."""
    if not third_party_plugins(workspace_dir):
        return {}
    import click

    from ..errors import MeetkitError
    from ..host.manager import Plugins
    from ..workspace import find_workspace

    try:
        plugins = find_workspace(workspace_dir or os.environ.get("MEETKIT_WORKSPACE")).plugins
    except MeetkitError:
        plugins = Plugins(None)
    collector = click.Group()
    plugins.call("meetkit_register_commands", cli=collector)
    return {n: c for n, c in collector.commands.items() if n not in taken}
