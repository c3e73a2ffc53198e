"""How the plugin host describes plugins to the user: the rows of ``meetkit plugins``, what a
plugin did wrong in one line naming a file and line, and the trace lines of
``MEETKIT_TRACE_PLUGINS``."""

from __future__ import annotations

import difflib
import inspect
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import hookspecs
from ..i18n import _, ngettext
from ..model.types import Registry

if TYPE_CHECKING:
    import pluggy

HOOKS = sorted(name for name in vars(hookspecs) if name.startswith("meetkit_"))


@dataclass
class PluginInfo:
    """One row of ``meetkit plugins``."""

    name: str
    source: str  # built-in | entry point (distribution) | local (file path)
    version: str | None = None
    hooks: list = field(default_factory=list)
    error: str | None = None
    file: str | None = None
    module: str = ""  # its own code: this module and those inside it (a failure names their line)

    @property
    def status(self) -> str:
        return "failed" if self.error else "ok"

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "source": self.source,
            "version": self.version,
            "hooks": self.hooks,
            "status": self.status,
            "error": self.error,
            "file": self.file,
        }


def warn(message: str) -> None:
    sys.stderr.write(_("meetkit: warning: {message}").format(message=message) + "\n")


def skipped(name: str, reason: str) -> str:
    return _("plugin {name} skipped: {reason}").format(name=name, reason=reason)


def cannot_go_on(name: str, reason: str, key: str) -> str:
    """The plugin of the meeting at hand failed: that meeting stops."""
    return _("plugin {name} failed: {reason}; a {key} meeting can't go on without it").format(
        name=name, reason=reason, key=key
    )


def not_found(missing: list) -> str:
    return _(
        "MEETKIT_LOAD_PLUGINS names {names}, but no installed or local plugin has that name "
        "(see `meetkit plugins`)"
    ).format(names=", ".join(missing))


def one_line(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError) and exc.msg:
        return f"{type(exc).__name__}: {exc.msg}"
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def where_raised(exc: BaseException, module: str, fallback: str = "") -> str:
    """'file:line' of the innermost traceback frame running the plugin's own code (``module``
    or a module inside it), else ``fallback``, else the innermost frame."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}"
    frames = list(traceback.walk_tb(exc.__traceback__))
    own = [(f, n) for f, n in frames if f"{f.f_globals.get('__name__')}.".startswith(f"{module}.")]
    if own or (frames and not fallback):
        frame, line = (own or frames)[-1]
        return f"{frame.f_code.co_filename}:{line}"
    return fallback or "?"


def def_line(function: Callable[..., object]) -> str:
    """'file:line' of a function's ``def`` (not its decorator)."""
    code = inspect.unwrap(function).__code__
    try:
        lines, start = inspect.getsourcelines(code)
    except (OSError, TypeError):
        return f"{code.co_filename}:{code.co_firstlineno}"
    offset = next(
        (n for n, text in enumerate(lines) if text.lstrip().startswith(("def ", "async def "))), 0
    )
    return f"{code.co_filename}:{start + offset}"


def brief(value: object) -> str:
    """A short description of a hook argument or result, for tracing."""
    if isinstance(value, Registry):
        return f"registry({len(value.types)} types so far)"
    for attr in ("key", "id", "name"):
        if isinstance(getattr(value, attr, None), str):
            return f"{type(value).__name__}({getattr(value, attr)})"
    if hasattr(value, "root") and hasattr(value, "plugins"):
        return f"Workspace({value.root})"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(map(str, value)) + "}" if len(value) < 8 else f"dict({len(value)} keys)"
        )
    if isinstance(value, list):
        return (
            "[" + ", ".join(brief(v) for v in value[:6]) + (", ..." if len(value) > 6 else "") + "]"
        )
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def trace_before(
    hook_name: str, hook_impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, Any]
) -> None:
    args = ", ".join(f"{k}={brief(v)}" for k, v in kwargs.items())
    order = ", ".join(i.plugin_name for i in reversed(hook_impls))  # the order pluggy calls them
    sys.stderr.write(f"meetkit: trace: {hook_name}({args}) calls {order}\n")


def trace_after(
    outcome: pluggy.Result[object],
    hook_name: str,
    hook_impls: Sequence[pluggy.HookImpl],
    kwargs: Mapping[str, Any],
) -> None:
    shown = one_line(outcome.excinfo[1]) if outcome.excinfo else brief(outcome.get_result())
    sys.stderr.write(f"meetkit: trace: {hook_name} -> {shown}\n")


def cannot_import(info: PluginInfo, exc: BaseException) -> str:
    """'file:line: cannot import: Error: text' for a plugin whose import failed."""
    return _("{where}: cannot import: {error}").format(
        where=where_raised(exc, info.module), error=one_line(exc)
    )


def taken(info: PluginInfo, loaded: PluginInfo, where: str) -> str:
    """A plugin named like one already ``loaded``; ``where`` is its entry point or file."""
    if info.source.startswith("local"):
        return _(
            "{path}: a plugin named {name!r} is already loaded ({source}); rename the file"
        ).format(path=where, name=info.name, source=loaded.source)
    return _("{where}: a plugin named {name!r} is already loaded ({source})").format(
        where=where, name=info.name, source=loaded.source
    )


def raised(
    info: PluginInfo, hook: str, impl: pluggy.HookImpl, exc: BaseException, said: str | None = None
) -> str:
    """'file:line: HOOK raised Error: text' for a hook implementation (``impl``) that raised,
    the line the innermost in its plugin's own code; ``said``: what to say instead."""
    where = where_raised(exc, info.module, def_line(impl.function))
    said = said or _("{hook} raised {error}").format(hook=hook, error=one_line(exc))
    return f"{where}: {said}"


def returned(hook: str, impl: pluggy.HookImpl, result: object) -> str:
    """'file:line: HOOK returned X, expected Y or None' (hookspecs.RETURNS says what Y is)."""
    expected = hookspecs.RETURNS[hook][1]
    got = type(result).__name__
    return _("{where}: {hook} returned {got}, expected {expected} or None").format(
        where=def_line(impl.function), hook=hook, got=got, expected=expected
    )


def unmarked(attr: str, function: Callable[..., object]) -> str:
    """A function named like a hook but without @hookimpl, which pluggy ignores silently."""
    return _(
        "{where}: {hook} is not marked @hookimpl (add `from meetkit import hookimpl` and put "
        "@hookimpl above it)"
    ).format(where=def_line(function), hook=attr)


def registered_twice(key: str, claims: tuple, infos: dict) -> str:
    """Two plugins' (name, 'file:line') claims on one meeting-type key, the first loaded first."""
    return _(
        "meeting type {key!r} is registered twice: by {first} and by {second}; rename one key "
        "or remove one plugin"
    ).format(key=key, first=_plugin(infos, *claims[0]), second=_plugin(infos, *claims[1]))


def _plugin(infos: dict, name: str, where: str) -> str:
    """'plugin NAME (source, file:line)', shorter for a built-in or local plugin."""
    info = infos.get(name)
    if info is None or info.source == "built-in":
        return _("plugin {name} (built-in)").format(name=name)
    if info.source.startswith("local"):
        return _("plugin {name} ({where})").format(name=name, where=where)
    return _("plugin {name} ({source}, {where})").format(name=name, source=info.source, where=where)


def explain(marked: dict, exc: Exception) -> str:
    """pluggy's refusal of a plugin module, in one line naming the function's file and line."""
    for attr, function in sorted(marked.items()):
        if attr not in HOOKS:
            # Compare without the shared "meetkit_" prefix, which would make all look close.
            close = difflib.get_close_matches(attr[8:], [k[8:] for k in HOOKS], n=1)
            if close:
                hint = _("did you mean {hook}?").format(hook=f"meetkit_{close[0]}")
            else:
                hint = _("known hooks: {hooks}").format(hooks=", ".join(HOOKS))
            return _("{where}: unknown hook {hook} ({hint})").format(
                where=def_line(function), hook=attr, hint=hint
            )
        passed = inspect.signature(getattr(hookspecs, attr)).parameters
        extra = [
            p.name
            for p in inspect.signature(function).parameters.values()
            if p.default is p.empty and p.name not in passed
        ]
        if extra:
            return ngettext(
                "{where}: {hook} takes unknown argument {names} (the hook passes: {passed})",
                "{where}: {hook} takes unknown arguments {names} (the hook passes: {passed})",
                len(extra),
            ).format(
                where=def_line(function),
                hook=attr,
                names=", ".join(extra),
                passed=", ".join(passed),
            )
    return " ".join(str(exc).split())
