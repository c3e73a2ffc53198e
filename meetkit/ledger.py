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

from .context import long_date
from .errors import MeetkitError

# Frequency words (a type's ``frequency``, or a value in meetkit.toml [ledger]) -> per year.
FREQUENCIES = {"monthly": 12, "quarterly": 4, "half-yearly": 2, "yearly": 1, "none": 0}
ZH_MONTHS = "一二三四五六七八九十"
WORDS = {
    "zh-CN": {
        "title": "{branch}{year}年度“三会一课”等组织生活开展情况台账",
        "as_of": "（统计截至{date}）", "year_done": "（{year}年度）",
        "none_in": "{what}：{period}未召开", "only_in": "{what}：{period}只召开{held}次（应{need}次）",
        "total_short": "{what}：全年应召开{need}次，实际召开{held}次",
        "so_far": "已开{held}次，应开{need}次", "per": "每{period}{n}次",
        "ok": "符合要求", "gaps": "有缺项", "in_progress": "进行中", "not_required": "不作要求",
        "unknown": "无记录", "yes": "是", "no": "否", "not_yet": "尚未",
        "secretary_lesson": "书记讲党课", "life": "年度组织生活会", "appraisal": "民主评议党员",
        "lesson_by": "{date}，{lecturer}主讲《{topic}》", "held_on": "{date}召开",
        "no_secretary": "meetkit.toml 未填写书记", "none": "无",
        "overdue": "逾期", "open": "未到期", "open_nodue": "无时限",
        "year": "全年", "half": ("上半年", "下半年"),
        "quarter": "第{n}季度", "month": "{n}月", "months": "{a}—{b}月",
        "group_of": "{name}（{group}）", "req_none": "按需",
        "rate_note": "出勤率＝实到人数÷应到人数；请假单列，不计入实到。"
                     "“无记录”表示该次会议没有签到数据，出勤情况不详，不按0计算。",
        "actions_line": "本年度会议决定事项及整改事项{decided}项，已落实{done}项；"
                        "截至{date}尚未落实{open}项，其中逾期{overdue}项。",
        "attendance_line": "有签到记录的会议{known}次，总出勤率{rate}；无签到记录的会议{unknown}次。",
    },
    "en": {
        "title": "Ledger of meetings {year}: {branch}",
        "as_of": "(as of {date})", "year_done": "(year {year})",
        "none_in": "{what}: none in {period}", "only_in": "{what}: only {held} of {need} in {period}",
        "total_short": "{what}: {held} of {need} held in the year",
        "so_far": "{held} of {need} so far", "per": "{n} per {period}",
        "ok": "complete", "gaps": "gaps", "in_progress": "in progress",
        "not_required": "not required", "unknown": "no record", "yes": "yes", "no": "no",
        "not_yet": "not yet", "secretary_lesson": "Secretary gave a party lesson",
        "life": "Yearly organizational life meeting", "appraisal": "Democratic appraisal of members",
        "lesson_by": "{date}, {lecturer}: {topic}", "held_on": "held {date}",
        "no_secretary": "no secretary in meetkit.toml", "none": "none",
        "overdue": "overdue", "open": "open", "open_nodue": "no deadline",
        "year": "the year", "half": ("H1", "H2"),
        "quarter": "Q{n}", "month": "{name}", "months": "{a}-{b}",
        "group_of": "{name} ({group})", "req_none": "as needed",
        "rate_note": "Attendance rate = present / expected; leave is counted apart, not as "
                     "present. \"no record\": the meeting has no sign-in data, so its attendance "
                     "is unknown (not 0%).",
        "actions_line": "Actions decided this year: {decided}, done {done}; open as of {date}: "
                        "{open}, of which overdue {overdue}.",
        "attendance_line": "Meetings with sign-in records: {known}, overall attendance {rate}; "
                           "meetings without records: {unknown}.",
    },
}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
PERIOD_WORDS = {1: {"zh-CN": "月", "en": "month"}, 3: {"zh-CN": "季度", "en": "quarter"},
                6: {"zh-CN": "半年", "en": "half-year"}, 12: {"zh-CN": "年", "en": "year"}}


@dataclass(frozen=True)
class Requirement:
    """How often a type must meet: ``per_year`` meetings, checked in periods of ``months``
    months (``per_period`` each), or only as a yearly total when ``months`` is None."""

    per_year: int
    months: int | None
    per_period: int
    source: str  # the type's plugin | meetkit.toml

    def text(self, lang: str) -> str:
        if self.per_year == 0:
            return WORDS[lang]["req_none"]
        if self.months is None:
            return WORDS[lang]["per"].format(period=PERIOD_WORDS[12][lang], n=self.per_year)
        period = PERIOD_WORDS.get(self.months, {"zh-CN": f"{self.months}个月",
                                                "en": f"{self.months} months"})[lang]
        return WORDS[lang]["per"].format(period=period, n=self.per_period)


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
    return WORDS[lang]["unknown"] if value is None else f"{value * 100:.1f}%"


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
        raise MeetkitError(f"{ws.config_path}: [ledger] must be a table of TYPE = meetings per year")
    text = None
    for key, value in overrides.items():
        def bad(why):
            nonlocal text
            text = text or ws.config_path.read_text(encoding="utf-8")
            return MeetkitError(f"{ws.config_path}:{line_of(text, key)}: [ledger] "
                                f"{key}: {why}")
        if key not in types:
            raise bad(f"no meeting type {key!r} (types: {', '.join(types)})")
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise bad(f"must be meetings per year (a whole number) or one of "
                      f"{', '.join(FREQUENCIES)}, got {value!r}")
        if isinstance(value, str):
            if value not in FREQUENCIES:
                raise bad(f"{value!r} is not one of {', '.join(FREQUENCIES)}")
            value = FREQUENCIES[value]
        if not 0 <= value <= 366:
            raise bad(f"{value} meetings a year is not a frequency")
        out[key] = _requirement(value, "meetkit.toml")
    return out


def _period_label(year: int, first: int, months: int, lang: str) -> tuple[str, str]:
    w = WORDS[lang]
    if months == 12:
        return (f"{year}年" if lang == "zh-CN" else str(year)), str(year)
    if months == 6:
        half = (first - 1) // 6
        return w["half"][half], f"{year}-H{half + 1}"
    if months == 3:
        q = (first - 1) // 3 + 1
        n = ZH_MONTHS[q - 1] if lang == "zh-CN" else q
        return w["quarter"].format(n=n), f"{year}-Q{q}"
    if months == 1:
        name = MONTH_NAMES[first - 1]
        return (w["month"].format(n=first, name=name), f"{year}-{first:02d}")
    last = first + months - 1
    a, b = (first, last) if lang == "zh-CN" else (MONTH_NAMES[first - 1][:3],
                                                  MONTH_NAMES[last - 1][:3])
    return w["months"].format(a=a, b=b), f"{year}-{first:02d}..{last:02d}"


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
    w = WORDS[lang]
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
        sep = "、" if lang == "zh-CN" else ", "
        phrases.append(w["none_in"].format(what="", period=sep.join(x[0] for x in none_in))
                       .lstrip("：: "))
    for label, got, need in short_in:
        template = w["only_in"] if label else w["total_short"]
        phrases.append(template.format(what="", period=label, held=got, need=need).lstrip("：: "))
    row.short = ("；" if lang == "zh-CN" else "; ").join(phrases)
    if row.short:
        row.summary = f"{what}：{row.short}" if lang == "zh-CN" else f"{what}: {row.short}"
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
    w = WORDS[lang]
    store = ws.store
    types = ws.plugins.types
    reqs = requirements(ws, types)
    meetings = store.list_meetings(year=year)
    facts = store.ledger_rows(year)
    members = ws.members
    secretary = (ws.member(ws.config.secretary, "meetkit.toml").label if ws.config.secretary
                 else next((m.label for m in members if m.role == "secretary"), ""))

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
    meeting_rows, member_rows = _attendance(held, facts, members, types, lang,
                                            ws.config.exclude_away)

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
    w = WORDS[lang]
    pending = "not-yet" if today <= dt.date(year, 12, 31) else "no"

    def check(key, found, describe, missing_detail=""):
        detail = "；".join(describe(m) for m in found) if lang == "zh-CN" else \
            "; ".join(describe(m) for m in found)
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
        date=long_date(m.date, lang)) + (f"（{types[m.type].title(lang)}）" if lang == "zh-CN"
                                         else f" ({types[m.type].title(lang)})")
        if m.type in types else w["held_on"].format(date=long_date(m.date, lang))))
    return out


def meeting_status(meeting, ident: str, facts: dict, exclude_away: bool = True) -> str | None:
    """What member ``ident`` was at a held meeting: present, late, leave, absent, away
    (left out of "should attend"), unknown (no sign-in record was kept), or None when not
    expected. The ledger and ``meetkit member`` both count these."""
    row = next((r for r in facts["expected"].get(meeting.id, []) if r[0] == ident), None)
    if row is None:
        return None
    signed = facts["signins"].get(meeting.id, {})
    leaves = facts["leaves"].get(meeting.id, {})
    if ident in signed:
        return signed[ident]
    if exclude_away and row[4]:
        return "away"
    if not (signed or leaves or meeting.signin_closed_at):
        return "unknown"
    return "leave" if ident in leaves else "absent"


def count(row, status: str) -> None:
    """Add one meeting's ``status`` to a MemberRow (or a MeetingRow)."""
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


def _attendance(held, facts, members, types, lang, exclude_away=True) -> tuple[list, list]:
    """Per meeting and per member: present (incl. late) / should attend; leave apart. A meeting
    with no sign-in, no leave and sign-in never closed has no record: unknown, not 0%."""
    per_member: dict[str, MemberRow] = {
        m.id: MemberRow(getattr(m, "label", None) or m.name, m.group, member=m.id)
        for m in members}
    rows = []
    for m in held:
        expected = facts["expected"].get(m.id, [])
        signed = facts["signins"].get(m.id, {})
        leaves = facts["leaves"].get(m.id, {})
        known = bool(signed or leaves or m.signin_closed_at)
        t = types.get(m.type)
        counted = [r for r in expected if not (exclude_away and r[4] and r[0] not in signed)]
        row = MeetingRow(m.id, m.date, m.type, t.title(lang) if t else m.type, m.topic, m.host,
                         len(counted), known)
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


# --------------------------------------------------------------------------------------------
# Output: terminal, Word
# --------------------------------------------------------------------------------------------

STATUS_WORDS = {"ok": {"zh-CN": "符合要求", "en": "complete"},
                "gaps": {"zh-CN": "有缺项", "en": "gaps"},
                "in-progress": {"zh-CN": "进行中", "en": "in progress"},
                "not-required": {"zh-CN": "不作要求", "en": "not required"}}
CHECK_WORDS = {"yes": {"zh-CN": "是", "en": "yes"}, "no": {"zh-CN": "否", "en": "no"},
               "not-yet": {"zh-CN": "尚未", "en": "not yet"}}
HEADERS = {
    "zh-CN": {"types": ["会议类型", "要求", "已开", "1", "2", "3", "4", "5", "6", "7", "8", "9",
                        "10", "11", "12", "情况"],
              "checks": ["项目", "情况", "说明"],
              "meetings": ["日期", "会议", "主题", "应到", "实到", "请假", "缺席", "出勤率"],
              "members": ["姓名", "党小组", "应参会", "出席", "迟到", "请假", "缺席", "出勤率",
                          "无记录"],
              "actions": ["编号", "事项", "责任人", "完成时限", "来源会议", "状态"]},
    "en": {"types": ["type", "required", "held", "1", "2", "3", "4", "5", "6", "7", "8", "9",
                     "10", "11", "12", "status"],
           "checks": ["item", "held", "detail"],
           "meetings": ["date", "meeting", "topic", "expected", "present", "leave", "absent",
                        "rate"],
           "members": ["name", "group", "expected", "present", "late", "leave", "absent", "rate",
                       "no record"],
           "actions": ["id", "task", "owner", "due", "meeting", "status"]},
}
SECTION = {"zh-CN": ("一、会议开展情况", "未按要求开展", "二、重点工作", "三、会议出勤情况",
                     "四、党员出勤情况", "五、决定事项落实情况"),
           "en": ("1. Meetings held", "Gaps", "2. Key items", "3. Attendance by meeting",
                  "4. Attendance by member", "5. Follow-up of decisions")}


def _action_status(a, today, lang) -> str:
    w = WORDS[lang]
    if a.overdue(today):
        return w["overdue"]
    return w["open"] if a.due else w["open_nodue"]


def terminal_lines(ledger: Ledger) -> list:
    """What ``meetkit ledger`` prints: strings, and (headers, rows) tuples for tables."""
    lang, w, h, s = ledger.lang, WORDS[ledger.lang], HEADERS[ledger.lang], SECTION[ledger.lang]
    out = [title(ledger) + " " + subtitle(ledger), "", s[0]]
    out.append((h["types"], [[t.label or t.name, t.requirement.text(lang), t.held,
                              *[c or "" for c in t.months], STATUS_WORDS[t.status][lang]]
                             for t in ledger.types]))
    out += ["", s[1] + ("：" if lang == "zh-CN" else ":")]
    out += [f"  {t.summary}" for t in ledger.types if t.summary] or [f"  {w['none']}"]
    out += ["", s[2]]
    out.append((h["checks"], [[c.label, CHECK_WORDS[c.status][lang], c.detail]
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
    return WORDS[ledger.lang]["title"].format(branch=ledger.branch, year=ledger.year).strip(": ")


def subtitle(ledger: Ledger) -> str:
    w = WORDS[ledger.lang]
    if ledger.complete_year:
        return w["year_done"].format(year=ledger.year)
    return w["as_of"].format(date=long_date(ledger.today, ledger.lang))


def attendance_line(ledger: Ledger) -> str:
    known = sum(1 for m in ledger.meetings if m.known)
    return WORDS[ledger.lang]["attendance_line"].format(
        known=known, unknown=len(ledger.meetings) - known,
        rate=percent(overall_rate(ledger.meetings), ledger.lang))


def actions_line(ledger: Ledger) -> str:
    a = ledger.actions
    return WORDS[ledger.lang]["actions_line"].format(
        decided=a["decided"], done=a["done"], open=a["open"], overdue=a["overdue"],
        date=long_date(ledger.today, ledger.lang))


def context(ws, ledger: Ledger) -> dict:
    """The variables of the ledger.docx template (documented in docs/followup.md)."""
    from .actions import meeting_label

    lang, w = ledger.lang, WORDS[ledger.lang]
    types = []
    for no, t in enumerate(ledger.types, 1):
        months = [str(c) if c else "" for c in t.months]
        types.append({"no": no, "name": t.label or t.name, "key": t.key, "group": t.group,
                      "requirement": t.requirement.text(lang), "held": t.held,
                      "planned": t.planned, "months": months,
                      **{f"m{i}": c for i, c in enumerate(months, 1)},
                      "status": STATUS_WORDS[t.status][lang],
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
                    "result": CHECK_WORDS[c.status][lang], "detail": c.detail}
                   for i, c in enumerate(ledger.checks, 1)],
        "meetings": [dict(zip(("date", "name", "topic", "expected", "attended", "leave",
                               "absent", "rate"), _meeting_cells(m, lang)), no=i, id=m.id,
                          date=long_date(m.date, lang) if lang == "en" else
                          f"{m.date.month}月{m.date.day}日", known=m.known,
                          label=(f"{m.name}：{m.topic}" if lang == "zh-CN" else
                                 f"{m.name}: {m.topic}") if m.topic else m.name)
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

