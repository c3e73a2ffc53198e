"""The yearly ledger's numbers (台账): for each meeting type, how many meetings were held per
month or quarter against the required frequency and which periods fell short; the key items
(the secretary's lesson, the yearly life meeting, the democratic appraisal); attendance per
meeting and per member; cancelled meetings; open and overdue actions.

``build`` computes a ``Ledger`` (plain data, no words) from a handful of set-wise store queries.
Everything a person reads — labels, gap sentences, JSON, terminal tables, ledger.docx, the
spreadsheet — is made from it by ``meetkit.reports.ledger_report``.

Counting rules:
- A meeting counts as held once its date has come (today included); later ones are "planned".
  A cancelled meeting is never held: it is listed apart, with its reason.
- A period that has not ended yet is never a gap.
- The ledger counts from the workspace's start (``[ledger] since``, written by ``init``):
  periods that ended before the month of ``since`` are "before", not gaps. Workspaces made
  before ``since`` existed count from the earlier of the day their sign-in secret was made
  and their first meeting.
- 民主生活会 is a leadership team's meeting: required only where ``[ledger]`` says so.

Over 400 lines because every number of the ledger is computed here, once, for the terminal,
the JSON, ledger.docx, the spreadsheet and ``meetkit member`` alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from .. import clock
from ..errors import MeetkitError
from ..i18n import _
from ..model.meeting import iso_moment
from ..model.member import shown

if TYPE_CHECKING:
    from pathlib import Path

    from ..model.meeting import Meeting
    from ..model.types import MeetingType
    from ..workspace import Workspace

# Frequency words (a type's ``frequency``, or a value in meetkit.toml [ledger]) -> per year.
FREQUENCIES = {"monthly": 12, "quarterly": 4, "half-yearly": 2, "yearly": 1, "none": 0}
# Types an ordinary branch doesn't hold: required only when [ledger] names them. 民主生活会 is
# held by leadership teams (领导班子), not by every party branch.
# Keys of [ledger] that are settings, not meeting types.
SETTINGS = ("since",)


@dataclass(frozen=True)
class Requirement:
    """How often a type must meet: ``per_year`` meetings, checked in periods of ``months``
    months (``per_period`` each), or only as a yearly total when ``months`` is None."""

    per_year: int
    months: int | None
    per_period: int
    source: str  # the type's plugin | meetkit.toml | unknown


@dataclass
class Period:
    """One month, quarter, half-year or year of a type's requirement."""

    key: str  # 2026-03, 2026-Q2, 2026-H1, 2026, 2026-01..02
    first: int  # its first month
    months: int  # its length in months
    start: dt.date
    end: dt.date
    need: int = 0
    held: int = 0
    planned: int = 0
    status: str = "ok"  # ok | missing | due | planned | upcoming | before


@dataclass
class TypeRow:
    """One meeting type (one party group, for group meetings) in the ledger."""

    key: str
    name: str  # the type's title in the ledger's language
    group: str
    requirement: Requirement
    months: list  # meetings held per month (12 counts)
    held: int
    planned: int
    periods: list = field(default_factory=list)
    status: str = "ok"  # ok | gaps | in-progress | not-required | before

    @property
    def missing(self) -> list:
        """The periods that ended short of the requirement."""
        return [p for p in self.periods if p.status == "missing"]


@dataclass
class Check:
    """A yes/no item of the ledger (secretary's lesson, life meeting, appraisal)."""

    key: str
    held: bool
    status: str  # yes | no | not-yet
    meetings: list = field(default_factory=list)  # the Meeting objects that satisfy it
    note: str = ""  # why it can't be checked (e.g. no_secretary)


@dataclass
class MeetingRow:
    id: str
    date: dt.date
    type: str
    name: str
    topic: str
    host: str
    expected: int
    known: bool  # False: no sign-in data, attendance unknown
    attended: int = 0  # present or late
    late: int = 0
    leave: int = 0
    absent: int = 0
    photos: int = 0  # photos kept with the meeting (meetkit attach): 主题党日 and 党课 above all

    @property
    def rate(self) -> float | None:
        if not self.known or not self.expected:
            return None
        return self.attended / self.expected


@dataclass
class MemberRow:
    name: str  # the label where two members share the name
    group: str
    expected: int = 0  # meetings with sign-in data where the member should attend
    attended: int = 0
    late: int = 0
    leave: int = 0
    absent: int = 0
    unknown: int = 0  # meetings expected at, without sign-in data
    away: int = 0  # meetings they were left out of as away (流动党员, 外出)
    member: str = ""  # the member's id

    @property
    def rate(self) -> float | None:
        return self.attended / self.expected if self.expected else None


@dataclass
class Cancelled:
    """A meeting called off: not held, listed with its reason."""

    id: str
    date: dt.date
    type: str
    name: str
    topic: str
    reason: str
    cancelled_at: str


@dataclass
class Ledger:
    year: int
    lang: str
    today: dt.date
    since: dt.date
    branch: str
    secretary: str
    higher_org: str
    types: list
    checks: list
    meetings: list  # MeetingRow of each held meeting, by date
    members: list  # MemberRow
    actions: dict
    open_actions: list  # meetkit.followup.actions.Action
    cancelled: list = field(default_factory=list)  # Cancelled
    held_meetings: list = field(default_factory=list)  # the Meeting objects held
    # meetkit.decisions.appraisal.year_summary: held, the committee's grades by key, undecided
    appraisal: dict = field(default_factory=dict)
    # meetkit.life.meeting.rectification_share: the life meetings' rectification items ticked off
    rectification: dict = field(default_factory=dict)
    # meetkit.development.timeline.ledger_section: the year in developing members (发展党员)
    development: dict = field(default_factory=dict)

    @property
    def complete_year(self) -> bool:
        return self.today > dt.date(self.year, 12, 31)

    @property
    def missing(self) -> list:
        """(TypeRow, Period) for every period short of its requirement."""
        return [(t, p) for t in self.types for p in t.missing]


def overall_rate(meetings: list) -> float | None:
    known = [m for m in meetings if m.known and m.expected]
    expected = sum(m.expected for m in known)
    return sum(m.attended for m in known) / expected if expected else None


# --------------------------------------------------------------------------------------------
# Requirements and periods
# --------------------------------------------------------------------------------------------


def _requirement(per_year: int, source: str) -> Requirement:
    if per_year <= 0:
        return Requirement(0, None, 0, source)
    if 12 % per_year == 0:
        return Requirement(per_year, 12 // per_year, 1, source)
    if per_year % 12 == 0:
        return Requirement(per_year, 1, per_year // 12, source)
    return Requirement(per_year, None, per_year, source)


class LedgerSource(Protocol):
    """What ``requirements`` reads: a branch's Workspace, or the committee's workspace (a layer
    above this one), whose ``config`` is a SimpleNamespace; either has ``config.ledger``."""

    @property
    def config(self) -> Any: ...

    @property
    def config_path(self) -> Path: ...


def _ledger_line(ws: LedgerSource, key: str) -> int:
    import re

    from ..config import _line_of

    text = ws.config_path.read_text(encoding="utf-8")
    return (
        _line_of(text, "ledger", key)
        or _line_of(text, "ledger", f'"{key}"')
        or next(
            (
                n
                for n, ln in enumerate(text.splitlines(), 1)
                if re.match(rf'^\s*["\']?{re.escape(key)}["\']?\s*=', ln)
            ),
            0,
        )
    )


def requirements(ws: LedgerSource, types: dict) -> dict:
    """Each type's Requirement: the plugin's ``frequency``, overridden by meetkit.toml
    ``[ledger] TYPE = N`` (meetings per year) or ``= "monthly"|"quarterly"|"half-yearly"|
    "yearly"|"none"``. Types with ``ledger_optional`` are required only when named there.
    A bad entry is an error naming meetkit.toml and its line."""
    out = {}
    for key, t in types.items():
        per_year = FREQUENCIES.get(t.frequency or "none", 0)
        if t.ledger_optional:
            per_year = 0
        out[key] = _requirement(per_year, f"plugin {t.plugin}" if t.plugin else "plugin")
    overrides = ws.config.ledger or {}
    if overrides and not isinstance(overrides, dict):
        raise MeetkitError(
            _("{path}: [ledger] must be a table of TYPE = meetings per year").format(
                path=ws.config_path
            )
        )
    for key, value in overrides.items():
        if key in SETTINGS:
            continue

        def bad(why: str, key: str = key) -> MeetkitError:
            return MeetkitError(
                _("{path}:{line}: [ledger] {key}: {why}").format(
                    path=ws.config_path, line=_ledger_line(ws, key), key=key, why=why
                )
            )

        if key not in types:
            raise bad(
                _("no meeting type {key!r} (types: {types})").format(
                    key=key, types=", ".join(types)
                )
            )
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise bad(
                _(
                    "must be meetings per year (a whole number) or one of {words}, got {value!r}"
                ).format(words=", ".join(FREQUENCIES), value=value)
            )
        if isinstance(value, str):
            if value not in FREQUENCIES:
                raise bad(
                    _("{value!r} is not one of {words}").format(
                        value=value, words=", ".join(FREQUENCIES)
                    )
                )
            value = FREQUENCIES[value]
        if not 0 <= value <= 366:
            raise bad(_("{value} meetings a year is not a frequency").format(value=value))
        out[key] = _requirement(value, "meetkit.toml")
    return out


def since(ws: Workspace) -> dt.date:
    """The day the ledger counts from: ``[ledger] since`` (a TOML date or "YYYY-MM-DD"), else —
    for a workspace made before init wrote it — the earlier of the day its sign-in secret was
    made and its first meeting."""
    value = (ws.config.ledger or {}).get("since") if isinstance(ws.config.ledger, dict) else None
    if value is not None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise MeetkitError(
                _("{path}:{line}: [ledger] since must be a date, YYYY-MM-DD, got {value}").format(
                    path=ws.config_path, line=_ledger_line(ws, "since"), value=repr(value)
                )
            ) from None
    candidates = []
    if ws.secret_path.exists():
        candidates.append(dt.date.fromtimestamp(ws.secret_path.stat().st_mtime))
    first = ws.store.first_meeting_date()
    if first is not None:
        candidates.append(first)
    return min(candidates) if candidates else clock.today()


@lru_cache(maxsize=4096)  # pure; the committee's roll-up asks the same few thousand times
def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


@lru_cache(maxsize=4096)
def period_key(year: int, first: int, months: int) -> str:
    if months == 12:
        return str(year)
    if months == 6:
        return f"{year}-H{(first - 1) // 6 + 1}"
    if months == 3:
        return f"{year}-Q{(first - 1) // 3 + 1}"
    if months == 1:
        return f"{year}-{first:02d}"
    return f"{year}-{first:02d}..{first + months - 1:02d}"


def periods(year: int, req: Requirement) -> list[Period]:
    """The periods a requirement is checked in (the whole year when only a total is)."""
    months = req.months or 12
    need = req.per_period if req.months else req.per_year
    return [
        Period(
            period_key(year, first, months),
            first,
            months,
            dt.date(year, first, 1),
            _month_end(year, first + months - 1),
            need,
        )
        for first in range(1, 13, months)
    ]


def type_row(
    key: str,
    name: str,
    group: str,
    req: Requirement,
    dates: list[dt.date],
    year: int,
    today: dt.date,
    start: dt.date,
) -> TypeRow:
    """Counts and gaps of one type (or one party group's meetings) from their dates, by
    ``req`` (from ``requirements``): the branch's ledger and the committee's roll-up
    (meetkit.committee.rollup) both count with this one rule."""
    months = [0] * 12
    held = planned = 0
    for d in dates:
        if d <= today:
            months[d.month - 1] += 1
            held += 1
        else:
            planned += 1
    row = TypeRow(key, name, group, req, months, held, planned)
    if req.per_year == 0:
        row.status = "not-required"
        return row
    counted_from = start.replace(day=1)
    row.periods = periods(year, req)
    for p in row.periods:
        for d in dates:
            if p.start <= d <= p.end:
                if d <= today:
                    p.held += 1
                else:
                    p.planned += 1
        if p.held >= p.need:
            p.status = "ok"
        elif p.end < counted_from:
            p.status = "before"
        elif p.end < today:
            p.status = "missing"
        elif p.start <= today:
            p.status = "planned" if p.planned else "due"
        else:
            p.status = "planned" if p.planned else "upcoming"
    if row.missing:
        row.status = "gaps"
    elif any(p.status in ("due", "planned", "upcoming") for p in row.periods):
        row.status = "in-progress"
    elif all(p.status == "before" for p in row.periods):
        row.status = "before"
    return row


# --------------------------------------------------------------------------------------------
# Building the ledger
# --------------------------------------------------------------------------------------------


def is_cancelled(meeting: Meeting) -> bool:
    """Whether a meeting was called off (``meetkit cancel``)."""
    return bool(getattr(meeting, "cancelled_at", None))


def build(
    ws: Workspace, year: int, *, lang: str | None = None, today: dt.date | None = None
) -> Ledger:
    """Compute the ledger of ``year`` as of ``today`` (default: now)."""
    from ..followup.actions import KINDS

    today = today or clock.today()
    lang = lang or ws.config.lang
    store = ws.store
    types = ws.plugins.types
    reqs = requirements(ws, types)
    start = since(ws)
    stored = store.list_meetings(year=year)
    meetings = [m for m in stored if not is_cancelled(m)]
    facts = store.ledger_rows(year)
    members = ws.members
    secretary = (
        shown(ws.member(ws.config.secretary, "meetkit.toml"))
        if ws.config.secretary
        else next((shown(m) for m in members if m.role == "secretary"), "")
    )

    # -- meetings held per type (per party group for group meetings) --
    by_type: dict[tuple, list] = {}
    for m in meetings:
        t = types.get(m.type)
        group = m.group if (t is not None and t.attendees == "group") else ""
        # A copied type (``counts_as``) is counted in the row of the type it copies.
        by_type.setdefault((t.kind if t else m.type, group), []).append(m.date)
    rows = []
    roster_groups = list(dict.fromkeys(m.group for m in members if m.group))
    for key, t in types.items():
        if t.kind != key:
            continue  # counted as its kind
        name = t.title(lang)
        if t.attendees == "group":
            groups = roster_groups + sorted(
                {g for (k, g) in by_type if k == key and g and g not in roster_groups}
            )
            for g in groups:
                rows.append(
                    type_row(key, name, g, reqs[key], by_type.get((key, g), []), year, today, start)
                )
        else:
            rows.append(
                type_row(key, name, "", reqs[key], by_type.get((key, ""), []), year, today, start)
            )
    for (key, group), dates in by_type.items():  # meetings of a type no plugin registers now
        if key not in types:
            rows.append(
                type_row(
                    key, key, group, Requirement(0, None, 0, "unknown"), dates, year, today, start
                )
            )

    held = [m for m in meetings if m.date <= today]
    from ..decisions import appraisal as appraisals
    from ..life.meeting import rectification_share

    appraised = appraisals.year_summary(ws, year)
    kinds = {k: t.kind for k, t in types.items()}
    checks = _checks(
        held,
        facts,
        secretary,
        year,
        today,
        {a["meeting"] for a in appraised["meetings"]},
        lambda m: kinds.get(m.type, m.type),
    )
    meeting_rows, member_rows = attendance(
        held, facts, members, types, lang, ws.config.exclude_away
    )
    from ..attachments import photos

    for row, m in zip(meeting_rows, held):
        row.photos = len(photos(ws, m))
    cancelled = [
        Cancelled(
            m.id,
            m.date,
            m.type,
            types[m.type].title(lang) if m.type in types else m.type,
            m.topic,
            getattr(m, "cancel_reason", "") or "",
            iso_moment(getattr(m, "cancelled_at", None)) or "",
        )
        for m in stored
        if is_cancelled(m)
    ]

    # -- actions --
    year_end = dt.date(year, 12, 31)
    all_actions = [a for a in store.list_actions() if a.meeting_date <= year_end]
    decided = [a for a in all_actions if a.meeting_date.year == year]
    open_actions = [a for a in all_actions if a.status == "open"]
    summary = {
        "decided": len(decided),
        "done": sum(1 for a in decided if a.status == "done"),
        "open": len(open_actions),
        "overdue": sum(1 for a in open_actions if a.overdue(today)),
        "by_kind": {k: sum(1 for a in decided if a.kind == k) for k in KINDS},
    }
    return Ledger(
        year=year,
        lang=lang,
        today=today,
        since=start,
        branch=ws.config.branch,
        secretary=secretary,
        higher_org=ws.config.higher_org,
        types=rows,
        checks=checks,
        meetings=meeting_rows,
        members=member_rows,
        actions=summary,
        open_actions=open_actions,
        cancelled=cancelled,
        held_meetings=held,
        appraisal=appraised,
        rectification=rectification_share(ws, year),
        development=_development(ws, year, today),
    )


def _development(ws: Workspace, year: int, today: dt.date) -> dict:
    from ..development.timeline import ledger_section

    return ledger_section(ws, year, today)


def _checks(
    held: list[Meeting],
    facts: dict,
    secretary: str,
    year: int,
    today: dt.date,
    appraised: Collection[str] = frozenset(),
    kind: Callable[[Meeting], str] | None = None,
) -> list[Check]:
    """The key items. A new item (e.g. the year's appraisal as recorded by the decisions
    module) is one more ``Check`` here and one label in ledger_report.WORDS."""
    pending = "not-yet" if today <= dt.date(year, 12, 31) else "no"
    kind = kind or (lambda m: m.type)  # what a meeting counts as (its type's ``kind``)

    def check(key: str, found: list, note: str = "") -> Check:
        return Check(key, bool(found), "yes" if found else pending, list(found), note)

    lessons = [m for m in held if kind(m) == "lesson" and secretary and m.lecturer == secretary]
    out = [check("secretary_lesson", lessons, "" if secretary else "no_secretary")]
    out.append(check("life", [m for m in held if kind(m) == "life"]))
    # The democratic appraisal is held where its ballots were counted (``appraised``: phone or
    # paper, `meetkit appraisal`), or, when none were entered, where a meeting's pack carried
    # the appraisal ballot (the life meeting's, or a plugin type's that adds it).
    counted = [m for m in held if m.id in appraised]
    out.append(
        check(
            "appraisal",
            counted or [m for m in held if "appraisal" in facts["documents"].get(m.id, ())],
        )
    )
    return out


def meeting_status(
    meeting: Meeting | MeetingRow,
    ident: str,
    facts: dict,
    exclude_away: bool = True,
    known: bool | None = None,
) -> str | None:
    """What member ``ident`` was at a held meeting: present, late, leave, absent, away
    (left out of "should attend"), unknown (no sign-in record was kept), or None when not
    expected. The ledger, its spreadsheet and ``meetkit member`` all count these."""
    row = next((r for r in facts["expected"].get(meeting.id, []) if r[0] == ident), None)
    if row is None:
        return None
    signed = facts["signins"].get(meeting.id, {})
    leaves = facts["leaves"].get(meeting.id, {})
    if ident in signed:
        return signed[ident]
    if exclude_away and row[4]:
        return "away"
    if known is None:
        known = bool(signed or leaves or getattr(meeting, "signin_closed_at", None))
    if not known:
        return "unknown"
    return "leave" if ident in leaves else "absent"


def count(row: MemberRow, status: str | None) -> None:
    """Add one meeting's ``status`` to a MemberRow."""
    if status == "unknown":
        row.unknown += 1
    elif status == "away":
        row.away += 1
    elif status is not None:
        row.expected += 1
        if status in ("present", "late"):
            row.attended += 1
            if status == "late":
                row.late += 1
        elif status == "leave":
            row.leave += 1
        else:
            row.absent += 1


def attendance(
    held: list[Meeting],
    facts: dict,
    members: list,
    types: dict[str, MeetingType],
    lang: str,
    exclude_away: bool = True,
) -> tuple[list, list]:
    """Per meeting and per member: present (incl. late) / should attend; leave apart. A meeting
    with no sign-in, no leave and sign-in never closed has no record: unknown, not 0%. Members
    are keyed by id; members away are left out while ``exclude_away``.

    The one place per-member attendance is counted (the ledger, its spreadsheet and
    ``meetkit member`` use it)."""
    per_member: dict[str, MemberRow] = {
        m.id: MemberRow(shown(m), m.group, member=m.id) for m in members
    }
    rows = []
    for m in held:
        expected = facts["expected"].get(m.id, [])
        signed = facts["signins"].get(m.id, {})
        leaves = facts["leaves"].get(m.id, {})
        known = bool(signed or leaves or m.signin_closed_at)
        t = types.get(m.type)
        counted = [r for r in expected if not (exclude_away and r[4] and r[0] not in signed)]
        row = MeetingRow(
            m.id,
            m.date,
            m.type,
            t.title(lang) if t else m.type,
            m.topic,
            m.host,
            len(counted),
            known,
        )
        for ident, label, group, _role, _away in expected:
            member = per_member.get(ident)
            if member is None:  # no longer on the roster: still counted where expected
                member = per_member[ident] = MemberRow(label, group, member=ident)
            status = meeting_status(m, ident, facts, exclude_away)
            count(member, status)
            if status in ("present", "late"):
                row.attended += 1
                row.late += status == "late"
            elif status == "leave":
                row.leave += 1
            elif status == "absent":
                row.absent += 1
        rows.append(row)
    return rows, list(per_member.values())


def status_of(
    meeting: MeetingRow, ident: str, facts: dict, exclude_away: bool = True
) -> str | None:
    """One member's status at one held meeting of the ledger (``meeting_status``): the
    matrix of the spreadsheet."""
    return meeting_status(meeting, ident, facts, exclude_away, known=meeting.known)
