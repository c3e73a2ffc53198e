"""How the plugin host describes plugins to the user: the rows of ``meetkit plugins``, one-line
failures naming a file and line, and the trace lines of ``MEETKIT_TRACE_PLUGINS``."""

from __future__ import annotations

import difflib
import inspect
import os
import sys
import traceback
from dataclasses import dataclass, field

from . import hookspecs
from .meetingtypes import Registry

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
    sys.stderr.write(f"meetkit: warning: {message}\n")


def one_line(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError) and exc.msg:
        return f"{type(exc).__name__}: {exc.msg}"
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def where_raised(exc: BaseException, roots: tuple = (), fallback: str = "") -> str:
    """'file:line' of the innermost traceback frame inside a plugin's own files (``roots``:
    its module file, or its package folder), else ``fallback``, else the innermost frame."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}"
    frames = traceback.extract_tb(exc.__traceback__)
    own = [
        f
        for f in frames
        if any(
            os.path.abspath(f.filename) == r or os.path.abspath(f.filename).startswith(r + os.sep)
            for r in roots
        )
    ]
    if own:
        return f"{own[-1].filename}:{own[-1].lineno}"
    if fallback or not frames:
        return fallback or "?"
    return f"{frames[-1].filename}:{frames[-1].lineno}"


def def_line(function) -> str:
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


def roots_of(file: str | None) -> tuple:
    """The files that are a plugin's own: its module file, or its package folder."""
    if not file:
        return ()
    file = os.path.abspath(file)
    return (os.path.dirname(file),) if os.path.basename(file) == "__init__.py" else (file,)


def brief(value) -> str:
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


def trace_before(hook_name, hook_impls, kwargs) -> None:
    args = ", ".join(f"{k}={brief(v)}" for k, v in kwargs.items())
    order = ", ".join(i.plugin_name for i in reversed(hook_impls))  # the order pluggy calls them
    sys.stderr.write(f"meetkit: trace: {hook_name}({args}) calls {order}\n")


def trace_after(outcome, hook_name, hook_impls, kwargs) -> None:
    shown = one_line(outcome.excinfo[1]) if outcome.excinfo else brief(outcome.get_result())
    sys.stderr.write(f"meetkit: trace: {hook_name} -> {shown}\n")


def impl_of(impls, frames):
    """The hook implementation among ``impls`` whose code runs in one of ``frames``."""
    codes = {inspect.unwrap(i.function).__code__: i for i in impls}
    codes.update({i.function.__code__: i for i in impls if hasattr(i.function, "__code__")})
    return next((codes[f.f_code] for f in frames if f.f_code in codes), None)


def explain(marked: dict, exc: Exception) -> str:
    """pluggy's refusal of a plugin module, in one line naming the function's file and line."""
    for attr, function in sorted(marked.items()):
        if attr not in HOOKS:
            # Compare without the shared "meetkit_" prefix, which would make all look close.
            close = difflib.get_close_matches(attr[8:], [k[8:] for k in HOOKS], n=1)
            hint = (
                f"did you mean meetkit_{close[0]}?" if close else f"known hooks: {', '.join(HOOKS)}"
            )
            return f"{def_line(function)}: unknown hook {attr} ({hint})"
        passed = inspect.signature(getattr(hookspecs, attr)).parameters
        extra = [
            p.name
            for p in inspect.signature(function).parameters.values()
            if p.default is p.empty and p.name not in passed
        ]
        if extra:
            return (
                f"{def_line(function)}: {attr} takes unknown argument{'s' if len(extra) > 1 else ''} "
                f"{', '.join(extra)} (the hook passes: {', '.join(passed)})"
            )
    return " ".join(str(exc).split())
