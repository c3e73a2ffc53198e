"""A member's rules that every layer shares (plain functions over anything with a ``name``):
what to call them, and how a typed name is compared. ``meetkit.roster`` reads the roster and
keeps the ``Member`` class; these are the one definition it and everyone else call."""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol


class Named(Protocol):
    """A member as ``shown`` reads one: a name (and maybe a ``label``)."""

    @property
    def name(self) -> str: ...


def shown(member: Named) -> str:
    """What to call a member: their label where two share the name (张伟（第一党小组）,
    given by the workspace or frozen with a meeting), else their name."""
    return getattr(member, "label", None) or member.name


def fold(text: str | None) -> str:
    """A name (or any typed text) as people mean it: NFKC (full/half width), no whitespace at
    all, case folded. "张 伟" and "张伟", "ＡＢＣ" and "abc" fold the same."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).casefold()
