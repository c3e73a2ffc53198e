"""Where the built-in agendas and templates are: inside the installed package
(``meetkit/agendas``, ``meetkit/templates``) or, from a source checkout, at the top level."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def builtin_dir(name: str) -> Path:
    """``agendas`` or ``templates`` shipped with meetkit."""
    installed = _HERE / name
    if installed.is_dir():
        return installed
    return _HERE.parent / name
