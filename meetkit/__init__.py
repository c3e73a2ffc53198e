"""meetkit: meeting paperwork, QR sign-in, follow-up and the yearly ledger for party branches.

A plugin needs only this module::

    from meetkit import hookimpl, MeetingType, DocumentSpec, AgendaItem, QuorumRule, VoteRule

The plugin API's classes load on first use (PEP 562 ``__getattr__``): ``meetkit --version`` and
``--help`` need only ``__version__`` and ``hookimpl``, not ``meetingtypes`` (fractions, decimal,
dataclasses: a tenth of start-up, measured in bench/startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pluggy import HookimplMarker

if TYPE_CHECKING:  # what mypy and editors see; at run time __getattr__ loads them
    from .model.types import AgendaItem, DocumentSpec, MeetingType, QuorumRule, VoteRule

__version__ = "0.1.0"

hookimpl = HookimplMarker("meetkit")

__all__ = [
    "hookimpl",
    "MeetingType",
    "DocumentSpec",
    "AgendaItem",
    "QuorumRule",
    "VoteRule",
    "__version__",
]

_LAZY = frozenset({"MeetingType", "DocumentSpec", "AgendaItem", "QuorumRule", "VoteRule"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from .model import types as meetingtypes

        value = getattr(meetingtypes, name)
        globals()[name] = value  # once: later lookups do not come here
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY)
