"""The yearly ledger (台账) a branch shows the higher-level committee: for each meeting type,
how many meetings were held per month or quarter against the required frequency and which
periods have none; whether the secretary gave a party lesson, whether the yearly life meeting
and the democratic appraisal were held; attendance per meeting and per member; open and overdue
actions.

``build`` computes a ``Ledger`` (plain data) from a handful of set-wise store queries;
``as_dict`` is ``meetkit ledger --json``, ``terminal_lines`` the terminal tables and
``write_docx`` renders ``ledger.docx`` through ``meetkit.render`` (the only docxtpl user).

A meeting counts as held once its date has come (today included); later ones are "planned".
A period that has not ended yet is never called a gap.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .context import joiner, long_date
from .errors import MeetkitError
from .i18n import _, gettext_for, pgettext_for

# Frequency words (a type's ``frequency``, or a value in meetkit.toml [ledger]) -> per year.
FREQUENCIES = {"monthly": 12, "quarterly": 4, "half-yearly": 2, "yearly": 1, "none": 0}
ZH_MONTHS = "一二三四五六七八九十"
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


def words(lang: str) -> dict:
    """The ledger's words in ``lang`` (message context "ledger" in the catalog)."""
    pgettext = pgettext_for(lang)
    return {
        "title": pgettext("ledger", "Ledger of meetings {year}: {branch}"),
        "as_of": pgettext("ledger", "(as of {date})"),
        "year_done": pgettext("ledger", "(year {year})"),
        "none_in": pgettext("ledger", "{what}: none in {period}"),
        "only_in": pgettext("ledger", "{what}: only {held} of {need} in {period}"),
        "total_short": pgettext("ledger", "{what}: {held} of {need} held in the year"),
        "per": pgettext("ledger", "{n} per {period}"),
        "unknown": pgettext("ledger", "no record"),
        "secretary_lesson": pgettext("ledger", "Secretary gave a party lesson"),
        "life": pgettext("ledger", "Yearly organizational life meeting"),
        "appraisal": pgettext("ledger", "Democratic appraisal of members"),
        "lesson_by": pgettext("ledger", "{date}, {lecturer}: {topic}"),
        "held_on": pgettext("ledger", "held {date}"),
        "no_secretary": pgettext("ledger", "no secretary in meetkit.toml"),
        "none": pgettext("ledger", "none"),
        "overdue": pgettext("ledger", "overdue"),
        "open": pgettext("ledger", "open"),
        "open_nodue": pgettext("ledger", "no deadline"),
        "year": pgettext("ledger", "{year}"),
        "half": (pgettext("ledger", "H1"), pgettext("ledger", "H2")),
        # A quarter: {n} is its number, {cn} the Chinese numeral (第一季度).
        "quarter": pgettext("ledger", "Q{n}"),
        # A month: {name} January, {n} 1.
        "month": pgettext("ledger", "{name}"),
        # Months a-b: {a}/{b} are numbers, {a_name}/{b_name} short names (Jan-Feb).
        "months": pgettext("ledger", "{a_name}-{b_name}"),
        "group_of": pgettext("ledger", "{name} ({group})"),
        "req_none": pgettext("ledger", "as needed"),
        "summary": pgettext("ledger", "{what}: {short}"),
        "separator": pgettext("ledger", "; "),
        "heading": pgettext("ledger", "{heading}:"),
        "short_date": pgettext("ledger", "{long_date}"),
        "meeting_label": pgettext("ledger", "{name}: {topic}"),
        "rate_note": pgettext("ledger", "Attendance rate = present / expected; leave is counted "
                              "apart, not as present. \"no record\": the meeting has no sign-in "
                              "data, so its attendance is unknown (not 0%)."),
        "actions_line": pgettext("ledger", "Actions decided this year: {decided}, done {done}; "
                                 "open as of {date}: {open}, of which overdue {overdue}."),
        "attendance_line": pgettext("ledger", "Meetings with sign-in records: {known}, overall "
                                    "attendance {rate}; meetings without records: {unknown}."),
    }


def period_words(lang: str) -> dict:
    """How a requirement names its period (每季度1次): by the period's months."""
    pgettext = pgettext_for(lang)
    return {1: pgettext("ledger", "month"), 3: pgettext("ledger", "quarter"),
            6: pgettext("ledger", "half-year"), 12: pgettext("ledger", "year"),
            None: pgettext("ledger", "{months} months")}


def status_words(lang: str) -> dict:
    pgettext = pgettext_for(lang)
    return {"ok": pgettext("ledger", "complete"), "gaps": pgettext("ledger", "gaps"),
            "in-progress": pgettext("ledger", "in progress"),
            "not-required": pgettext("ledger", "not required")}


def check_words(lang: str) -> dict:
    pgettext = pgettext_for(lang)
    return {"yes": pgettext("ledger", "yes"), "no": pgettext("ledger", "no"),
            "not-yet": pgettext("ledger", "not yet")}


def headers(lang: str) -> dict:
    """The ledger's table headers in ``lang`` (a context per table: words differ by table)."""
    pgettext = pgettext_for(lang)
    months = [str(n) for n in range(1, 13)]
    return {
        "types": [pgettext("ledger types", "type"), pgettext("ledger types", "required"),
                  pgettext("ledger types", "held"), *months, pgettext("ledger types", "status")],
        "checks": [pgettext("ledger checks", "item"), pgettext("ledger checks", "held"),
                   pgettext("ledger checks", "detail")],
        "meetings": [pgettext("ledger meetings", "date"), pgettext("ledger meetings", "meeting"),
                     pgettext("ledger meetings", "topic"), pgettext("ledger meetings", "expected"),
                     pgettext("ledger meetings", "present"), pgettext("ledger meetings", "leave"),
                     pgettext("ledger meetings", "absent"), pgettext("ledger meetings", "rate")],
        "members": [pgettext("ledger members", "name"), pgettext("ledger members", "group"),
                    pgettext("ledger members", "expected"), pgettext("ledger members", "present"),
                    pgettext("ledger members", "late"), pgettext("ledger members", "leave"),
                    pgettext("ledger members", "absent"), pgettext("ledger members", "rate"),
                    pgettext("ledger members", "no record")],
        "actions": [pgettext("ledger actions", "id"), pgettext("ledger actions", "task"),
                    pgettext("ledger actions", "owner"), pgettext("ledger actions", "due"),
                    pgettext("ledger actions", "meeting"), pgettext("ledger actions", "status")],
    }


def sections(lang: str) -> tuple:
    pgettext = pgettext_for(lang)
    return (pgettext("ledger", "1. Meetings held"), pgettext("ledger", "Gaps"),
            pgettext("ledger", "2. Key items"), pgettext("ledger", "3. Attendance by meeting"),
            pgettext("ledger", "4. Attendance by member"),
            pgettext("ledger", "5. Follow-up of decisions"))


@dataclass(frozen=True)
class Requirement:
    """How often a type must meet: ``per_year`` meetings, checked in periods of ``months``
    months (``per_period`` each), or only as a yearly total when ``months`` is None."""

    per_year: int
    months: int | None
    per_period: int
    source: str  # the type's plugin | meetkit.toml

    def text(self, lang: str) -> str:
        w, periods = words(lang), period_words(lang)
        if self.per_year == 0:
            return w["req_none"]
        if self.months is None:
            return w["per"].format(period=periods[12], n=self.per_year)
        period = periods.get(self.months) or periods[None].format(months=self.months)
        return w["per"].format(period=period, n=self.per_period)


@dataclass
class Period:
    label: str
    key: str  # 2026-03, 2026-Q2, 2026-H1, 2026, 2026-01..02
    start: dt.date
    end: dt.date
    held: int = 0
    planned: int = 0
    status: str = "ok"  # ok | missing | due | planned | upcoming


@dataclass
class TypeRow:
    """One meeting type (one party group, for group meetings) in the ledger."""

    key: str
    name: str
    group: str
    requirement: Requirement
    months: list  # meetings held per month (12 counts)
    held: int
    planned: int
    periods: list = field(default_factory=list)
    gaps: list = field(default_factory=list)  # one text per period short of the requirement
    status: str = "ok"  # ok | gaps | in-progress | not-required
    group_label: str = ""  # 党小组会（第一党小组）
    short: str = ""  # the gaps in one phrase, without the type: 1月、2月未召开
    summary: str = ""  # the same with the type: 支部委员会：1月、2月未召开

    @property
    def label(self) -> str:
        return self.group_label or self.name


@dataclass
class Check:
    """A yes/no item of the ledger (secretary's lesson, life meeting, appraisal)."""

    key: str
    label: str
    held: bool
    detail: str
    status: str  # yes | no | not-yet
    meetings: list = field(default_factory=list)


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

    @property
    def rate(self) -> float | None:
        if not self.known or not self.expected:
            return None
        return self.attended / self.expected


@dataclass
class MemberRow:
    name: str
    group: str
    expected: int = 0  # meetings with sign-in data where the member was expected
    attended: int = 0
    late: int = 0
    leave: int = 0
    absent: int = 0
    unknown: int = 0  # meetings expected at, without sign-in data

    @property
    def rate(self) -> float | None:
        return self.attended / self.expected if self.expected else None


@dataclass
class Ledger:
    year: int
    lang: str
    today: dt.date
    branch: str
    secretary: str
    higher_org: str
    types: list
    gaps: list
    checks: list
    meetings: list
    members: list
    actions: dict
    open_actions: list  # meetkit.actions.Action

    @property
    def complete_year(self) -> bool:
        return self.today > dt.date(self.year, 12, 31)

    def as_dict(self) -> dict:
        """The JSON form (``meetkit ledger --json``)."""
        def rate(r):
            return None if r is None else round(r, 4)

        return {
            "year": self.year, "as_of": self.today.isoformat(), "lang": self.lang,
            "branch": self.branch, "secretary": self.secretary,
            "types": [{"type": t.key, "name": t.name, "group": t.group or None,
                       "required_per_year": t.requirement.per_year,
                       "period_months": t.requirement.months,
                       "required_per_period": t.requirement.per_period,
                       "requirement": t.requirement.text(self.lang),
                       "requirement_source": t.requirement.source,
                       "held": t.held, "planned": t.planned, "by_month": t.months,
                       "periods": [{"period": p.key, "label": p.label, "held": p.held,
                                    "planned": p.planned, "status": p.status}
                                   for p in t.periods],
                       "status": t.status, "gaps": t.gaps} for t in self.types],
            "gaps": [g for t in self.types for g in t.gaps],
            "checks": {c.key: {"held": c.held, "status": c.status, "detail": c.detail,
                               "meetings": c.meetings} for c in self.checks},
            "attendance": {
                "meetings": [{"id": m.id, "date": m.date.isoformat(), "type": m.type,
                              "topic": m.topic, "expected": m.expected, "known": m.known,
                              "attended": m.attended if m.known else None,
                              "late": m.late if m.known else None,
                              "leave": m.leave if m.known else None,
                              "absent": m.absent if m.known else None, "rate": rate(m.rate)}
                             for m in self.meetings],
                "members": [{**asdict(m), "rate": rate(m.rate)} for m in self.members],
                "overall_rate": rate(overall_rate(self.meetings)),
                "unknown_meetings": sum(1 for m in self.meetings if not m.known),
            },
            "actions": {**self.actions,
                        "open_items": [a.as_dict(self.today) for a in self.open_actions]},
        }


def overall_rate(meetings: list) -> float | None:
    known = [m for m in meetings if m.known and m.expected]
    expected = sum(m.expected for m in known)
    return sum(m.attended for m in known) / expected if expected else None


def percent(value: float | None, lang: str) -> str:
    return words(lang)["unknown"] if value is None else f"{value * 100:.1f}%"


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


def requirements(ws, types: dict) -> dict:
    """Each type's Requirement: the plugin's ``frequency``, overridden by meetkit.toml
    ``[ledger] TYPE = N`` (meetings per year) or ``= "monthly"|"quarterly"|"half-yearly"|
    "yearly"|"none"``. A bad entry is an error naming meetkit.toml and its line."""
    import re

    from .config import _line_of

    def line_of(text, key):  # a quoted key ("democratic-life" = ...) too
        return _line_of(text, "ledger", key) or _line_of(text, "ledger", f'"{key}"') or \
            next((n for n, ln in enumerate(text.splitlines(), 1)
                  if re.match(rf'^\s*["\']?{re.escape(key)}["\']?\s*=', ln)), 0)

    out = {}
    for key, t in types.items():
        per_year = FREQUENCIES.get(t.frequency or "none", 0)
        out[key] = _requirement(per_year, f"plugin {t.plugin}" if t.plugin else "plugin")
    overrides = ws.config.ledger or {}
    if overrides and not isinstance(overrides, dict):
        raise MeetkitError(_("{path}: [ledger] must be a table of TYPE = meetings per "
                             "year").format(path=ws.config_path))
    text = None
    for key, value in overrides.items():
        def bad(why):
            nonlocal text
            text = text or ws.config_path.read_text(encoding="utf-8")
            return MeetkitError(_("{path}:{line}: [ledger] {key}: {why}").format(
                path=ws.config_path, line=line_of(text, key), key=key, why=why))
        if key not in types:
            raise bad(_("no meeting type {key!r} (types: {types})").format(
                key=key, types=", ".join(types)))
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise bad(_("must be meetings per year (a whole number) or one of {words}, got "
                        "{value!r}").format(words=", ".join(FREQUENCIES), value=value))
        if isinstance(value, str):
            if value not in FREQUENCIES:
                raise bad(_("{value!r} is not one of {words}").format(
                    value=value, words=", ".join(FREQUENCIES)))
            value = FREQUENCIES[value]
        if not 0 <= value <= 366:
            raise bad(_("{value} meetings a year is not a frequency").format(value=value))
        out[key] = _requirement(value, "meetkit.toml")
    return out


def _period_label(year: int, first: int, months: int, lang: str) -> tuple[str, str]:
    w = words(lang)
    if months == 12:
        return w["year"].format(year=year), str(year)
    if months == 6:
        half = (first - 1) // 6
        return w["half"][half], f"{year}-H{half + 1}"
    if months == 3:
        q = (first - 1) // 3 + 1
        return w["quarter"].format(n=q, cn=ZH_MONTHS[q - 1]), f"{year}-Q{q}"
    if months == 1:
        name = MONTH_NAMES[first - 1]
        return (w["month"].format(n=first, name=name), f"{year}-{first:02d}")
    last = first + months - 1
    return (w["months"].format(a=first, b=last, a_name=MONTH_NAMES[first - 1][:3],
                               b_name=MONTH_NAMES[last - 1][:3]),
            f"{year}-{first:02d}..{last:02d}")


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))


def _periods(year: int, req: Requirement, lang: str) -> list[Period]:
    months = req.months or 12
    out = []
    for first in range(1, 13, months):
        label, key = _period_label(year, first, months, lang)
        out.append(Period(label, key, dt.date(year, first, 1), _month_end(year, first + months - 1)))
    return out


def _type_row(key, name, group_label, group, req, dates, year, today, lang) -> TypeRow:
    """Counts and gaps of one type (or one party group's meetings) from their dates."""
    w = words(lang)
    months = [0] * 12
    held = planned = 0
    for d in dates:
        if d <= today:
            months[d.month - 1] += 1
            held += 1
        else:
            planned += 1
    row = TypeRow(key, name, group, req, months, held, planned, group_label=group_label)
    what = key if lang == "en" else name
    if group:
        what = w["group_of"].format(name=what, group=group)
    if req.per_year == 0:
        row.status = "not-required"
        return row
    periods = _periods(year, req, lang)
    none_in, short_in = [], []
    for p in periods:
        for d in dates:
            if p.start <= d <= p.end:
                if d <= today:
                    p.held += 1
                else:
                    p.planned += 1
        need = req.per_period if req.months else req.per_year
        if p.held >= need:
            p.status = "ok"
        elif p.end < today:
            p.status = "missing"
            if req.months:
                template = w["none_in"] if p.held == 0 else w["only_in"]
                label = p.label if not (req.months == 12 and lang == "en") else str(year)
                row.gaps.append(template.format(what=what, period=label, held=p.held, need=need))
                (none_in if p.held == 0 else short_in).append((label, p.held, need))
            else:
                row.gaps.append(w["total_short"].format(what=what, held=p.held, need=need))
                short_in.append(("", p.held, need))
        elif p.start <= today:
            p.status = "planned" if p.planned else "due"
        else:
            p.status = "planned" if p.planned else "upcoming"
    row.periods = periods
    phrases = []
    if none_in:
        sep = joiner(lang)
        phrases.append(w["none_in"].format(what="", period=sep.join(x[0] for x in none_in))
                       .lstrip("：: "))
    for label, got, need in short_in:
        template = w["only_in"] if label else w["total_short"]
        phrases.append(template.format(what="", period=label, held=got, need=need).lstrip("：: "))
    row.short = w["separator"].join(phrases)
    if row.short:
        row.summary = w["summary"].format(what=what, short=row.short)
    if row.gaps:
        row.status = "gaps"
    elif any(p.status in ("due", "planned", "upcoming") for p in periods):
        row.status = "in-progress"
    return row


# --------------------------------------------------------------------------------------------
# Building the ledger
# --------------------------------------------------------------------------------------------

def build(ws, year: int, *, lang: str | None = None, today: dt.date | None = None) -> Ledger:
    """Compute the ledger of ``year`` as of ``today`` (default: now)."""
    from .actions import KINDS

    today = today or dt.date.today()
    lang = lang or ws.config.lang
    w = words(lang)
    store = ws.store
    types = ws.plugins.types
    reqs = requirements(ws, types)
    meetings = store.list_meetings(year=year)
    facts = store.ledger_rows(year)
    members = ws.members
    secretary = ws.config.secretary or next((m.name for m in members if m.role == "secretary"), "")

    # -- meetings held per type (per party group for group meetings) --
    by_type: dict[tuple, list] = {}
    for m in meetings:
        t = types.get(m.type)
        group = m.group if (t is not None and t.attendees == "group") else ""
        by_type.setdefault((m.type, group), []).append(m.date)
    rows = []
    roster_groups = list(dict.fromkeys(m.group for m in members if m.group))
    for key, t in types.items():
        name = t.title(lang)
        if t.attendees == "group":
            groups = roster_groups + sorted({g for (k, g) in by_type if k == key and g
                                             and g not in roster_groups})
            for g in groups:
                rows.append(_type_row(key, name, w["group_of"].format(name=name, group=g), g,
                                      reqs[key], by_type.get((key, g), []), year, today, lang))
        else:
            rows.append(_type_row(key, name, "", "", reqs[key], by_type.get((key, ""), []),
                                  year, today, lang))
    for (key, group), dates in by_type.items():  # meetings of a type no plugin registers now
        if key not in types:
            rows.append(_type_row(key, key, "", group, Requirement(0, None, 0, "unknown"),
                                  dates, year, today, lang))

    held = [m for m in meetings if m.date <= today]
    checks = _checks(ws, held, facts, secretary, year, today, lang, types)
    meeting_rows, member_rows = _attendance(held, facts, members, types, lang)

    # -- actions --
    year_end = dt.date(year, 12, 31)
    all_actions = [a for a in store.list_actions() if a.meeting_date <= year_end]
    decided = [a for a in all_actions if a.meeting_date.year == year]
    open_actions = [a for a in all_actions if a.status == "open"]
    summary = {"decided": len(decided), "done": sum(1 for a in decided if a.status == "done"),
               "open": len(open_actions),
               "overdue": sum(1 for a in open_actions if a.overdue(today)),
               "by_kind": {k: sum(1 for a in decided if a.kind == k) for k in KINDS}}
    return Ledger(year=year, lang=lang, today=today, branch=ws.config.branch, secretary=secretary,
                  higher_org=ws.config.higher_org, types=rows,
                  gaps=[g for r in rows for g in r.gaps], checks=checks,
                  meetings=meeting_rows, members=member_rows, actions=summary,
                  open_actions=open_actions)


def _checks(ws, held, facts, secretary, year, today, lang, types) -> list[Check]:
    w = words(lang)
    pgettext = pgettext_for(lang)
    pending = "not-yet" if today <= dt.date(year, 12, 31) else "no"

    def check(key, found, describe, missing_detail=""):
        detail = w["separator"].join(describe(m) for m in found)
        return Check(key, w[key], bool(found), detail or missing_detail,
                     "yes" if found else pending, [m.id for m in found])

    lessons = [m for m in held if m.type == "lesson" and secretary and m.lecturer == secretary]
    out = [check("secretary_lesson", lessons,
                 lambda m: w["lesson_by"].format(date=long_date(m.date, lang),
                                                 lecturer=m.lecturer, topic=m.topic),
                 "" if secretary else w["no_secretary"])]
    life = [m for m in held if m.type == "life"]
    out.append(check("life", life, lambda m: w["held_on"].format(date=long_date(m.date, lang))))
    # The democratic appraisal is held where a meeting's pack carried the appraisal ballot
    # (the life meeting's, or a plugin type's that adds it).
    appraisal = [m for m in held if "appraisal" in facts["documents"].get(m.id, ())]
    out.append(check("appraisal", appraisal, lambda m: w["held_on"].format(
        date=long_date(m.date, lang)) + pgettext("parenthesis", " ({text})").format(
            text=types[m.type].title(lang))
        if m.type in types else w["held_on"].format(date=long_date(m.date, lang))))
    return out


def _attendance(held, facts, members, types, lang) -> tuple[list, list]:
    """Per meeting and per member: present (incl. late) / expected; leave apart. A meeting with
    no sign-in, no leave and sign-in never closed has no record: unknown, not 0%."""
    per_member: dict[str, MemberRow] = {m.name: MemberRow(m.name, m.group) for m in members}
    rows = []
    for m in held:
        expected = facts["expected"].get(m.id, [])
        signed = facts["signins"].get(m.id, {})
        leaves = facts["leaves"].get(m.id, {})
        known = bool(signed or leaves or m.signin_closed_at)
        t = types.get(m.type)
        row = MeetingRow(m.id, m.date, m.type, t.title(lang) if t else m.type, m.topic, m.host,
                         len(expected), known)
        for name, group, _role in expected:
            member = per_member.get(name)
            if member is None:  # no longer on the roster: still counted where expected
                member = per_member[name] = MemberRow(name, group)
            if not known:
                member.unknown += 1
                continue
            member.expected += 1
            status = signed.get(name)
            if status is not None:
                row.attended += 1
                member.attended += 1
                if status == "late":
                    row.late += 1
                    member.late += 1
            elif name in leaves:
                row.leave += 1
                member.leave += 1
            else:
                row.absent += 1
                member.absent += 1
        rows.append(row)
    return rows, list(per_member.values())


# --------------------------------------------------------------------------------------------
# Output: terminal, Word
# --------------------------------------------------------------------------------------------

def _action_status(a, today, lang) -> str:
    w = words(lang)
    if a.overdue(today):
        return w["overdue"]
    return w["open"] if a.due else w["open_nodue"]


def terminal_lines(ledger: Ledger) -> list:
    """What ``meetkit ledger`` prints: strings, and (headers, rows) tuples for tables."""
    lang = ledger.lang
    w, h, s = words(lang), headers(lang), sections(lang)
    statuses, results = status_words(lang), check_words(lang)
    out = [title(ledger) + " " + subtitle(ledger), "", s[0]]
    out.append((h["types"], [[t.label or t.name, t.requirement.text(lang), t.held,
                              *[c or "" for c in t.months], statuses[t.status]]
                             for t in ledger.types]))
    out += ["", w["heading"].format(heading=s[1])]
    out += [f"  {t.summary}" for t in ledger.types if t.summary] or [f"  {w['none']}"]
    out += ["", s[2]]
    out.append((h["checks"], [[c.label, results[c.status], c.detail]
                              for c in ledger.checks]))
    out += ["", s[3]]
    if ledger.meetings:
        out.append((h["meetings"], [_meeting_cells(m, lang) for m in ledger.meetings]))
    else:
        out.append(f"  {w['none']}")
    out += [attendance_line(ledger), "", s[4]]
    out.append((h["members"], [_member_cells(m, lang)[:-1] + [m.unknown or ""]
                               for m in ledger.members]))
    out += ["", s[5], actions_line(ledger)]
    if ledger.open_actions:
        out.append((h["actions"], [[f"#{a.id}", a.text, a.owner,
                                    a.due.isoformat() if a.due else "", a.meeting_id,
                                    _action_status(a, ledger.today, lang)]
                                   for a in ledger.open_actions]))
    return out


def _meeting_cells(m: MeetingRow, lang: str) -> list:
    dash = "—"
    return [m.date.isoformat(), m.name, m.topic, m.expected,
            m.attended if m.known else dash, m.leave if m.known else dash,
            m.absent if m.known else dash, percent(m.rate, lang)]


def _member_cells(m: MemberRow, lang: str) -> list:
    return [m.name, m.group, m.expected, m.attended, m.late, m.leave, m.absent,
            percent(m.rate, lang), m.unknown]


def title(ledger: Ledger) -> str:
    return words(ledger.lang)["title"].format(branch=ledger.branch, year=ledger.year).strip(": ")


def subtitle(ledger: Ledger) -> str:
    w = words(ledger.lang)
    if ledger.complete_year:
        return w["year_done"].format(year=ledger.year)
    return w["as_of"].format(date=long_date(ledger.today, ledger.lang))


def attendance_line(ledger: Ledger) -> str:
    known = sum(1 for m in ledger.meetings if m.known)
    return words(ledger.lang)["attendance_line"].format(
        known=known, unknown=len(ledger.meetings) - known,
        rate=percent(overall_rate(ledger.meetings), ledger.lang))


def actions_line(ledger: Ledger) -> str:
    a = ledger.actions
    return words(ledger.lang)["actions_line"].format(
        decided=a["decided"], done=a["done"], open=a["open"], overdue=a["overdue"],
        date=long_date(ledger.today, ledger.lang))


def context(ws, ledger: Ledger) -> dict:
    """The variables of the ledger.docx template (documented in docs/followup.md)."""
    from .actions import meeting_label

    lang, w = ledger.lang, words(ledger.lang)
    statuses, results = status_words(lang), check_words(lang)
    types = []
    for no, t in enumerate(ledger.types, 1):
        months = [str(c) if c else "" for c in t.months]
        types.append({"no": no, "name": t.label or t.name, "key": t.key, "group": t.group,
                      "requirement": t.requirement.text(lang), "held": t.held,
                      "planned": t.planned, "months": months,
                      **{f"m{i}": c for i, c in enumerate(months, 1)},
                      "status": statuses[t.status],
                      "gaps": t.short, "summary": t.summary})
    labels: dict[str, str] = {}

    def label(a):
        if a.meeting_id not in labels:
            labels[a.meeting_id] = meeting_label(ws, a, lang)
        return labels[a.meeting_id]

    return {
        "lang": lang,
        "year": ledger.year,
        "title": title(ledger),
        "subtitle": subtitle(ledger),
        "as_of": long_date(ledger.today, lang),
        "branch": {"name": ledger.branch, "secretary": ledger.secretary,
                   "higher_org": ledger.higher_org},
        "types": types,
        "gaps": [t.summary for t in ledger.types if t.summary],
        "gaps_each": ledger.gaps,
        "checks": [{"no": i, "label": c.label, "held": c.held,
                    "result": results[c.status], "detail": c.detail}
                   for i, c in enumerate(ledger.checks, 1)],
        "meetings": [dict(zip(("date", "name", "topic", "expected", "attended", "leave",
                               "absent", "rate"), _meeting_cells(m, lang)), no=i, id=m.id,
                          date=w["short_date"].format(long_date=long_date(m.date, lang),
                                                      month=m.date.month, day=m.date.day),
                          known=m.known,
                          label=w["meeting_label"].format(name=m.name, topic=m.topic)
                          if m.topic else m.name)
                     for i, m in enumerate(ledger.meetings, 1)],
        "members": [dict(zip(("name", "group", "expected", "attended", "late", "leave", "absent",
                              "rate", "unknown"), _member_cells(m, lang)), no=i)
                    for i, m in enumerate(ledger.members, 1)],
        "attendance_line": attendance_line(ledger),
        "attendance_note": w["rate_note"],
        "overall_rate": percent(overall_rate(ledger.meetings), lang),
        "actions_summary": actions_line(ledger),
        "open_actions": [{"no": i, "id": a.id, "text": a.text, "owner": a.owner,
                          "due": long_date(a.due, lang) if a.due else "",
                          "meeting": label(a), "status": _action_status(a, ledger.today, lang),
                          "overdue": a.overdue(ledger.today)}
                         for i, a in enumerate(ledger.open_actions, 1)],
        "generated": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    }


def write_docx(ws, ledger: Ledger, path: Path) -> Path:
    """Render ledger.docx (the workspace's templates/<lang>/ledger.docx wins over the built-in
    one) to ``path``, atomically."""
    from .meetingtypes import DocumentSpec
    from .render import render_to
    from .templates import find_template

    template, _origin = find_template(DocumentSpec("ledger"), ledger.lang, ws.root)
    render_to(template, context(ws, ledger), Path(path))
    return Path(path)

