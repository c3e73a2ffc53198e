"""meetkit: meeting paperwork, QR sign-in, follow-up and the yearly ledger for party branches.

A plugin needs only this module::

    from meetkit import hookimpl, MeetingType, DocumentSpec, AgendaItem, QuorumRule, VoteRule
"""

from pluggy import HookimplMarker

from .meetingtypes import AgendaItem, DocumentSpec, MeetingType, QuorumRule, VoteRule

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
