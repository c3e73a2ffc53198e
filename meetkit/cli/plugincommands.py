"""The commands plugins add to ``meetkit`` (the ``meetkit_register_commands`` hook)."""

from __future__ import annotations

import os
from pathlib import Path


def third_party_plugins(workspace_dir: str | None) -> bool:
    """Whether any plugin besides the built-in ones may exist: a ``plugins/*.py`` in the
    workspace (the nearest meetkit.toml upward) or an installed ``meetkit`` entry point."""
    only = os.environ.get("MEETKIT_LOAD_PLUGINS")
    if only is not None and not only.strip(","):
        return False  # MEETKIT_LOAD_PLUGINS= loads none
    explicit = workspace_dir or os.environ.get("MEETKIT_WORKSPACE")
    here = Path(explicit).expanduser() if explicit else Path.cwd()
    for folder in (here, *here.resolve().parents) if not explicit else (here,):
        if (folder / "meetkit.toml").is_file():
            if any(p for p in (folder / "plugins").glob("*.py") if not p.name.startswith("_")):
                return True
            break
    import importlib.metadata

    return bool(importlib.metadata.entry_points(group="meetkit"))


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
