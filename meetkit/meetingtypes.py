"""What a meeting type is, and the registry plugins add them to.

Plain data only (no docx, no database), so plugins and `meetkit --help` import it cheaply.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Mapping

from .errors import MeetkitError

LANGS = ("zh-CN", "en")
KEY_MAX = 40
# Who a quorum counts, in words (QuorumRule.basis).
BASIS_TEXT = {"voting": {"zh-CN": "有表决权的党员", "en": "voting members"},
              "committee": {"zh-CN": "支部委员", "en": "committee members"},
              "all": {"zh-CN": "应到人员", "en": "members expected"}}
_KEY = re.compile(rf"[a-z0-9][a-z0-9-]{{0,{KEY_MAX - 1}}}")

def key_problem(key) -> str | None:
    """Why ``key`` can't be a meeting type key, or None. The key goes into meeting ids, folder
    names and sign-in addresses, so it is short lower-case ASCII."""
    if isinstance(key, str) and _KEY.fullmatch(key):
        return None
    return (f"meeting type key {key!r} must be 1-{KEY_MAX} lower-case ASCII letters, digits "
            "and '-', starting with a letter or digit")


def localize(value, lang: str) -> str:
    """Pick `lang` from a bilingual value ({"zh-CN": ..., "en": ...}; a plain string serves both)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get("zh-CN") or next(iter(value.values()), "")


@dataclass(frozen=True)
class QuorumRule:
    """"More than `fraction` of the `basis` members must be present."

    basis: ``voting`` (full members only: probationary members attend but don't count),
    ``all`` (everyone expected) or ``committee``.
    """

    basis: str = "voting"
    fraction: Fraction = Fraction(1, 2)
    text: object = None

    def required(self, counted_members: int) -> int:
        """How many must be present: strictly more than fraction × members."""
        if counted_members <= 0:
            return 0
        return int(Fraction(counted_members) * self.fraction) + 1

    def describe(self, lang: str) -> str:
        """The rule in words."""
        if self.text:
            return localize(self.text, lang)
        pct = f"{self.fraction.numerator}/{self.fraction.denominator}"
        who = localize(BASIS_TEXT[self.basis], lang)
        if lang == "en":
            return f"more than {pct} of {who} present"
        half = "半数" if self.fraction == Fraction(1, 2) else f"{self.fraction.denominator}分之{self.fraction.numerator}"
        return f"{who}超过{half}到会"


@dataclass
class AgendaItem:
    """One topic (议题) on a meeting's agenda."""

    title: str
    detail: str = ""
    votes: bool = False


@dataclass(frozen=True)
class DocumentSpec:
    """A document in a meeting's pack, rendered from ``<name>.docx`` in a templates folder.

    ``template_dir`` is a plugin's own templates folder (with ``zh-CN/`` and ``en/`` inside);
    a workspace's ``templates/`` still wins over it, and it wins over the built-in templates.
    ``per_member``: one file per expected member, ``<name>/<member>.docx``, each with the
    variable ``member`` (e.g. a self-inspection template for each member to fill in).
    """

    name: str
    title: object = None
    template_dir: Path | None = None
    order: int = 50
    per_member: bool = False


@dataclass
class MeetingType:
    """A kind of meeting: who attends, its quorum, how often, its agenda and documents."""

    key: str
    name: Mapping[str, str]
    attendees: str = "all"  # all | committee | group
    quorum: QuorumRule | None = None
    votes: bool = False
    frequency: str | None = None  # monthly | quarterly | yearly | None
    agenda_file: Path | None = None
    needs_lecturer: bool = False
    needs_group: bool = False
    description: object = None
    plugin: str = ""  # filled in by the registry: who registered it

    def title(self, lang: str) -> str:
        return localize(self.name, lang)

    def attendees_text(self, lang: str) -> str:
        words = {
            "all": {"zh-CN": "全体党员", "en": "all party members"},
            "committee": {"zh-CN": "支部委员会委员", "en": "branch committee members"},
            "group": {"zh-CN": "党小组全体党员", "en": "members of the party group"},
        }
        return localize(words.get(self.attendees, self.attendees), lang)

    def frequency_text(self, lang: str) -> str:
        words = {
            "monthly": {"zh-CN": "每月一次", "en": "monthly"},
            "quarterly": {"zh-CN": "每季度一次", "en": "quarterly"},
            "yearly": {"zh-CN": "每年至少一次", "en": "at least yearly"},
        }
        if not self.frequency:
            return localize({"zh-CN": "按需", "en": "as needed"}, lang)
        return localize(words.get(self.frequency, self.frequency), lang)


@dataclass
class Registry:
    """Handed to ``meetkit_register_meeting_types``; refuses a key registered twice."""

    types: dict = field(default_factory=dict)
    current_plugin: str = ""

    def add(self, meeting_type: MeetingType) -> None:
        """Register a meeting type under its key."""
        key = meeting_type.key
        problem = key_problem(key)
        if problem:
            raise MeetkitError(f"plugin {self.current_plugin}: {problem}")
        if key in self.types:
            first = self.types[key].plugin
            raise MeetkitError(
                f"meeting type {key!r} is registered twice: by {first} and by {self.current_plugin}"
            )
        meeting_type.plugin = self.current_plugin
        self.types[key] = meeting_type
