"""What a meeting type is, and the registry plugins add them to.

Plain data only (no docx, no database), so plugins and `meetkit --help` import it cheaply.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from ..errors import MeetkitError
from ..i18n import N_, _, gettext_for
from .member import fold

LANGS = ("zh-CN", "en")
KEY_MAX = 40
# Who a quorum counts, in words (QuorumRule.basis), translated through the catalog.
BASIS_TEXT = {
    "voting": N_("voting members"),
    "committee": N_("committee members"),
    "all": N_("members expected"),
}
ATTENDEES_TEXT = {
    "all": N_("all party members"),
    "committee": N_("branch committee members"),
    "group": N_("members of the party group"),
}
FREQUENCY_TEXT = {
    "monthly": N_("monthly"),
    "quarterly": N_("quarterly"),
    "yearly": N_("at least yearly"),
    None: N_("as needed"),
}
_KEY = re.compile(rf"[a-z0-9][a-z0-9-]{{0,{KEY_MAX - 1}}}")


def key_problem(key: object) -> str | None:
    """Why ``key`` can't be a meeting type key, or None. The key goes into meeting ids, folder
    names and sign-in addresses, so it is short lower-case ASCII."""
    if isinstance(key, str) and _KEY.fullmatch(key):
        return None
    return _(
        "meeting type key {key!r} must be 1-{max} lower-case ASCII letters, digits and "
        "'-', starting with a letter or digit"
    ).format(key=key, max=KEY_MAX)


def alias_problem(alias: object) -> str | None:
    """Why ``alias`` can't name a meeting type, or None. Aliases are what a user types after
    ``meetkit prepare`` (党课, 支委会): 1-40 characters, any script, no spaces, controls or
    slashes."""
    if (
        isinstance(alias, str)
        and 0 < len(alias) <= KEY_MAX
        and fold(alias)
        and not any(
            ch.isspace() or unicodedata.category(ch).startswith("C") or ch in "/\\" for ch in alias
        )
    ):
        return None
    return _(
        "meeting type alias {alias!r} must be 1-{max} characters without spaces, control "
        "characters or slashes"
    ).format(alias=alias, max=KEY_MAX)


def basis_text(basis: str, lang: str) -> str:
    """Who a quorum counts (``voting``, ``committee``, ``all``), in words."""
    return gettext_for(lang)(BASIS_TEXT[basis])


def localize(value: str | Mapping[str, str] | None, lang: str) -> str:
    """Pick `lang` from a bilingual value ({"zh-CN": ..., "en": ...}; a plain string serves both)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get("zh-CN") or next(iter(value.values()), "")


def counted(basis: str, members: list) -> list:
    """Who a quorum and a vote count among ``members`` (those who should attend, 应到: the
    expected less members away under ``[meeting] exclude_away``, attendance.should_attend),
    the one rule for both (domain.md: 应到会有表决权的党员; party constitution Arts. 7, 40):

    - ``voting``: the members with a vote (有表决权): full members. Probationary members
      (预备党员) and members under 留党察看 attend and speak but have no vote.
    - ``committee``: the committee members with a vote. A probationary member cannot be
      elected to the committee and 留党察看 ends a member's party posts (the disciplinary
      regulations), so a roster that still gives such a member a committee role does not
      make them count.
    - ``all``: everyone who should attend (a quorum a plugin sets over everyone).

    Until issue 20 the quorum counted every committee member, with a vote or not (and
    everyone when the list had no committee member), while a vote counted only those with
    one: a committee member under 留党察看 counted for the quorum but not for the vote."""
    if basis == "all":
        return list(members)
    voting = [m for m in members if m.voting]
    if basis == "committee":
        return [m for m in voting if m.committee]
    return voting


@dataclass(frozen=True)
class QuorumRule:
    """ "More than `fraction` of the `basis` members must be present."

    basis: ``voting`` (full members only: probationary members and those under 留党察看 attend
    but don't count), ``committee`` (committee members with a vote) or ``all`` (everyone
    expected); see ``counted``.
    """

    basis: str = "voting"
    fraction: Fraction = Fraction(1, 2)
    text: str | Mapping[str, str] | None = None

    def members_counted(self, members: list) -> list:
        """The members this rule counts among ``members`` (who should attend): ``counted``,
        the rule a vote counts by too."""
        return counted(self.basis, members)

    def required(self, counted_members: int) -> int:
        """How many must be present: strictly more than fraction × members."""
        if counted_members <= 0:
            return 0
        return int(Fraction(counted_members) * self.fraction) + 1

    def describe(self, lang: str) -> str:
        """The rule in words."""
        if self.text:
            return localize(self.text, lang)
        _ = gettext_for(lang)
        if self.fraction == Fraction(1, 2):
            text = _("more than half of {who} present")
        else:
            text = _("more than {numerator}/{denominator} of {who} present")
        return text.format(
            who=basis_text(self.basis, lang),
            numerator=self.fraction.numerator,
            denominator=self.fraction.denominator,
        )


@dataclass(frozen=True)
class VoteRule:
    """When a vote passes: "for" must exceed ``fraction`` of the ``basis`` members who *should
    attend* (应到会), not of those present.

    basis: ``voting`` (full members expected: probationary members and those under 留党察看 have
    no vote) or ``committee`` (committee members with a vote expected).
    """

    basis: str = "voting"
    fraction: Fraction = Fraction(1, 2)

    def required(self, entitled: int) -> int:
        """The smallest "for" count that passes: strictly more than fraction × entitled."""
        if entitled <= 0:
            return 1
        return int(Fraction(entitled) * self.fraction) + 1

    def entitled(self, expected: list) -> list:
        """The members this rule counts among ``expected`` (who should attend): ``counted``,
        the rule the quorum counts by too; a vote is never counted over everyone expected."""
        return counted("committee" if self.basis == "committee" else "voting", expected)


@dataclass
class AgendaItem:
    """One topic (议题) on a meeting's agenda. ``appraisal`` marks the democratic appraisal
    (民主评议党员), recorded by ``meetkit appraisal`` rather than by a for/against tally;
    ``own`` marks an item given to this meeting only (``--item`` / ``--vote``)."""

    title: str
    detail: str = ""
    votes: bool = False
    # The report on earlier decisions (上次会议决定事项落实情况): the minutes print the
    # follow-up lists under it instead of in a section of their own
    followup: bool = False
    appraisal: bool = False
    own: bool = False


@dataclass(frozen=True)
class DocumentSpec:
    """A document in a meeting's pack, rendered from ``<name>.docx`` in a templates folder.

    ``template_dir`` is a plugin's own templates folder (with ``zh-CN/`` and ``en/`` inside);
    a workspace's ``templates/`` still wins over it, and it wins over the built-in templates.
    ``per_member``: one file per expected member, ``<name>/<member>.docx``, each with the
    variable ``member`` (e.g. a self-inspection template for each member to fill in).
    """

    name: str
    title: str | Mapping[str, str] | None = None
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
    # How a vote passes; None: more than half of the voting members who should attend.
    vote_rule: VoteRule | None = None
    frequency: str | None = None  # monthly | quarterly | yearly | None
    agenda_file: Path | None = None
    needs_lecturer: bool = False
    needs_group: bool = False
    description: object = None
    # Other names a user may type for it (党课, 支委会); its key and its names always work.
    aliases: tuple = ()
    plugin: str = ""  # filled in by the registry: who registered it
    # What the type uses of meetkit's features, asked by every feature instead of its key:
    # "criticism", "appraisal", "opinions", "talks", "selfcheck", "report", "rectification"
    # (the life meeting's cycle); "team": a leadership team's meeting (民主生活会).
    uses: frozenset = frozenset()
    # The key the ledger and the rules count it as ("" = its own): a local copy of a built-in
    # type (``meetkit new-plugin KEY --like TYPE``) counts as TYPE.
    counts_as: str = ""
    # A lecturer is printed (党课): ``needs_lecturer`` makes one required too.
    lecturer: bool = False
    # Required in the ledger only when meetkit.toml's [ledger] names it (民主生活会).
    ledger_optional: bool = False
    # The type's own templates (``<lang>/<name>.docx``), before the workspace's and the
    # built-in ones: a copied type's templates, edited for it alone.
    template_dir: Path | None = None

    @property
    def kind(self) -> str:
        """What the type counts as: ``counts_as`` or its own key."""
        return self.counts_as or self.key

    def has(self, feature: str) -> bool:
        """Whether the type uses ``feature`` (see ``uses``)."""
        return feature in self.uses

    @property
    def shows_lecturer(self) -> bool:
        return self.lecturer or self.needs_lecturer

    def title(self, lang: str) -> str:
        return localize(self.name, lang)

    @property
    def passing_rule(self) -> VoteRule:
        """The rule a vote of this type passes by (the general meeting's when none is set)."""
        return self.vote_rule or VoteRule()

    def attendees_text(self, lang: str) -> str:
        text = ATTENDEES_TEXT.get(self.attendees)
        return gettext_for(lang)(text) if text else self.attendees

    def frequency_text(self, lang: str) -> str:
        text = FREQUENCY_TEXT.get(self.frequency or None)
        return gettext_for(lang)(text) if text else (self.frequency or "")


class BadMeetingType(MeetkitError):
    """A meeting type that can't be registered (its key or aliases); ``problem`` says why."""

    def __init__(self, plugin: str, problem: str):
        super().__init__(_("plugin {plugin}: {problem}").format(plugin=plugin, problem=problem))
        self.problem = problem


@dataclass
class Registry:
    """Handed to ``meetkit_register_meeting_types``; refuses a key registered twice."""

    types: dict = field(default_factory=dict)
    current_plugin: str = ""
    # fold(key or alias) -> the key it names, for clashes between plugins' aliases.
    names: dict = field(default_factory=dict)

    def in_order(self, one: tuple, two: tuple) -> tuple:
        """Two (plugin, key) claims in the order the plugins were loaded (a host that calls
        hooks in another order overrides this)."""
        return one, two

    def add(self, meeting_type: MeetingType) -> None:
        """Register a meeting type under its key (and its aliases)."""
        key, aliases = meeting_type.key, meeting_type.aliases
        problem = key_problem(key)
        if problem is None and not isinstance(aliases, (tuple, list)):
            problem = _(
                "the aliases of meeting type {key!r} must be a list of names, got {value!r}"
            ).format(key=key, value=aliases)
        problem = problem or next(filter(None, map(alias_problem, aliases)), None)
        if problem:
            raise BadMeetingType(self.current_plugin, problem)
        for name in (key, *aliases):
            other = self.names.get(fold(name))
            if other is not None and other != key:
                (first, one), (second, two) = self.in_order(
                    (self.types[other].plugin, other), (self.current_plugin, key)
                )
                raise MeetkitError(
                    _(
                        "meeting type name {name!r} is claimed twice: by {first} "
                        "(type {other!r}) and by {second} (type {key!r})"
                    ).format(name=name, first=first, other=one, second=second, key=two)
                )
        if key in self.types:
            raise MeetkitError(self.registered_twice(key))
        meeting_type.plugin = self.current_plugin
        meeting_type.aliases = tuple(aliases)
        self.types[key] = meeting_type
        for name in (key, *aliases):
            self.names[fold(name)] = key

    def registered_twice(self, key: str) -> str:
        """Why ``key`` can't be added again (a host that knows where each claim was made
        overrides this to name both places)."""
        return _("meeting type {key!r} is registered twice: by {first} and by {second}").format(
            key=key, first=self.types[key].plugin, second=self.current_plugin
        )


def find_type(types: Mapping[str, MeetingType], name: str) -> MeetingType:
    """The type ``name`` names: its key, one of its aliases (党课, 支委会) or its Chinese or
    English name, compared as ``model.member.fold``; else a MeetkitError listing the known keys."""
    if name in types:
        return types[name]
    wanted = fold(str(name))
    names = {k: (k, *t.aliases, t.title("zh-CN"), t.title("en")) for k, t in types.items()}
    found = sorted(k for k, named in names.items() if wanted in map(fold, named))
    if len(found) == 1:
        return types[found[0]]
    if found:
        message = _("meeting type {name!r} could be any of {keys}: use the key")
    else:
        message = _("unknown meeting type {key!r}; known types: {keys}")
    raise MeetkitError(message.format(name=name, key=name, keys=", ".join(found or types)))
