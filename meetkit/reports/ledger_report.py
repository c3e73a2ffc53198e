"""The ledger in words: period labels, gap sentences and key items in zh-CN and en; the JSON of
``meetkit ledger --json``; the terminal tables; the variables of ledger.docx (rendered through
``meetkit.documents.render``, the only docxtpl user). The numbers come from ``meetkit.reports.ledger.build``.

Over 400 lines because it words every part of the ledger in two languages for three outputs
(terminal, JSON, Word); the numbers stay in ledger.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from .. import clock
from ..documents.context import joiner, long_date
from ..i18n import gettext_for, pgettext_for
from ..model.dates import MONTHS
from .ledger import Check, Ledger, MeetingRow, MemberRow, Period, Requirement, TypeRow, overall_rate

if TYPE_CHECKING:
    from ..model.action import Action
    from ..model.meeting import Meeting
    from ..workspace import Workspace

ZH_MONTHS = "一二三四五六七八九十"


class _InEachLanguage(Mapping):
    """``table[lang]`` as the old {lang: words} tables read, looked up in the catalog."""

    def __init__(self, make: Callable[..., Any]) -> None:  # make(lang)
        self._make = make

    def __getitem__(self, lang: str) -> Any:
        if lang not in ("zh-CN", "en"):
            raise KeyError(lang)
        return self._make(lang)

    def __iter__(self) -> Iterator[str]:
        return iter(("zh-CN", "en"))

    def __len__(self) -> int:
        return 2


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
        "topic_sep": pgettext("ledger", ": "),
        "short_date": pgettext("ledger", "{long_date}"),
        "meeting_label": pgettext("ledger", "{name}: {topic}"),
        "rate_note": pgettext(
            "ledger",
            "Attendance rate = present / expected; leave is counted "
            'apart, not as present. "no record": the meeting has no sign-in '
            "data, so its attendance is unknown (not 0%).",
        ),
        "actions_line": pgettext(
            "ledger",
            "Actions decided this year: {decided}, done {done}; "
            "open as of {date}: {open}, of which overdue {overdue}.",
        ),
        "attendance_line": pgettext(
            "ledger",
            "Meetings with sign-in records: {known}, overall "
            "attendance {rate}; meetings without records: {unknown}.",
        ),
        "since_line": pgettext(
            "ledger",
            "Counted from {date} (meetkit.toml [ledger] since); earlier periods are not gaps.",
        ),
        # the same in the Word ledger, which an inspector reads: no setting's name
        "since_doc": pgettext("ledger", "Counted from {date}; earlier periods are not gaps."),
        "cancelled": pgettext("ledger", "Cancelled meetings (not counted as held)"),
        "cancelled_item": pgettext("ledger", "{date} {name}{topic}: {reason}"),
        "no_reason": pgettext("ledger", "no reason given"),
    }


def _period_words(lang: str) -> dict:
    pgettext = pgettext_for(lang)
    return {
        1: pgettext("ledger", "month"),
        3: pgettext("ledger", "quarter"),
        6: pgettext("ledger", "half-year"),
        12: pgettext("ledger", "year"),
        None: pgettext("ledger", "{months} months"),
    }


def _status_words(lang: str) -> dict:
    pgettext = pgettext_for(lang)
    return {
        "ok": pgettext("ledger", "complete"),
        "gaps": pgettext("ledger", "gaps"),
        "in-progress": pgettext("ledger", "in progress"),
        "not-required": pgettext("ledger", "not required"),
        "before": pgettext("ledger", "before start"),
    }


def _check_words(lang: str) -> dict:
    pgettext = pgettext_for(lang)
    return {
        "yes": pgettext("ledger", "yes"),
        "no": pgettext("ledger", "no"),
        "not-yet": pgettext("ledger", "not yet"),
    }


def headers(lang: str) -> dict:
    """The ledger's table headers in ``lang`` (a context per table: words differ by table)."""
    pgettext = pgettext_for(lang)
    months = [str(n) for n in range(1, 13)]
    return {
        "types": [
            pgettext("ledger types", "type"),
            pgettext("ledger types", "required"),
            pgettext("ledger types", "held"),
            *months,
            pgettext("ledger types", "status"),
        ],
        "checks": [
            pgettext("ledger checks", "item"),
            pgettext("ledger checks", "held"),
            pgettext("ledger checks", "detail"),
        ],
        "meetings": [
            pgettext("ledger meetings", "date"),
            pgettext("ledger meetings", "meeting"),
            pgettext("ledger meetings", "topic"),
            pgettext("ledger meetings", "expected"),
            pgettext("ledger meetings", "present"),
            pgettext("ledger meetings", "leave"),
            pgettext("ledger meetings", "absent"),
            pgettext("ledger meetings", "rate"),
        ],
        "members": [
            pgettext("ledger members", "name"),
            pgettext("ledger members", "group"),
            pgettext("ledger members", "expected"),
            pgettext("ledger members", "present"),
            pgettext("ledger members", "late"),
            pgettext("ledger members", "leave"),
            pgettext("ledger members", "absent"),
            pgettext("ledger members", "rate"),
            pgettext("ledger members", "no record"),
        ],
        "actions": [
            pgettext("ledger actions", "id"),
            pgettext("ledger actions", "task"),
            pgettext("ledger actions", "owner"),
            pgettext("ledger actions", "due"),
            pgettext("ledger actions", "meeting"),
            pgettext("ledger actions", "status"),
        ],
    }


def sections(lang: str) -> tuple:
    pgettext = pgettext_for(lang)
    return (
        pgettext("ledger", "1. Meetings held"),
        pgettext("ledger", "Gaps"),
        pgettext("ledger", "2. Key items"),
        pgettext("ledger", "3. Attendance by meeting"),
        pgettext("ledger", "4. Attendance by member"),
        pgettext("ledger", "5. Follow-up of decisions"),
    )


# The old {lang: ...} shapes, kept for their readers: WORDS[lang][key], HEADERS[lang][table],
# SECTION[lang][i], STATUS_WORDS[status][lang], CHECK_WORDS[status][lang], PERIOD_WORDS[n][lang].
WORDS = _InEachLanguage(words)
HEADERS = _InEachLanguage(headers)
SECTION = _InEachLanguage(sections)
STATUS_WORDS = {
    k: _InEachLanguage(lambda lang, k=k: _status_words(lang)[k])
    for k in ("ok", "gaps", "in-progress", "not-required", "before")
}
CHECK_WORDS = {
    k: _InEachLanguage(lambda lang, k=k: _check_words(lang)[k]) for k in ("yes", "no", "not-yet")
}
PERIOD_WORDS = {n: _InEachLanguage(lambda lang, n=n: _period_words(lang)[n]) for n in (1, 3, 6, 12)}


def percent(value: float | None, lang: str) -> str:
    return WORDS[lang]["unknown"] if value is None else f"{value * 100:.1f}%"


def requirement_text(req: Requirement, lang: str) -> str:
    """每月1次 / 2 per year / 按需."""
    w = WORDS[lang]
    if req.per_year == 0:
        return w["req_none"]
    if req.months is None:
        return w["per"].format(period=PERIOD_WORDS[12][lang], n=req.per_year)
    period = (
        PERIOD_WORDS[req.months][lang]
        if req.months in PERIOD_WORDS
        else _period_words(lang)[None].format(months=req.months)
    )
    return w["per"].format(period=period, n=req.per_period)


def period_label(p: Period, year: int, lang: str) -> str:
    """3月 / March, 第三季度 / Q3, 上半年 / H1, 2026年 / 2026."""
    w = WORDS[lang]
    if p.months == 12:
        return w["year"].format(year=year)
    if p.months == 6:
        return w["half"][(p.first - 1) // 6]
    if p.months == 3:
        q = (p.first - 1) // 3 + 1
        return w["quarter"].format(n=q, cn=ZH_MONTHS[q - 1])
    if p.months == 1:
        return w["month"].format(n=p.first, name=MONTHS[p.first - 1])
    last = p.first + p.months - 1
    return w["months"].format(
        a=p.first, b=last, a_name=MONTHS[p.first - 1][:3], b_name=MONTHS[last - 1][:3]
    )


def type_label(t: TypeRow, lang: str) -> str:
    """支部委员会, or 党小组会（第一党小组） for one party group's meetings."""
    return WORDS[lang]["group_of"].format(name=t.name, group=t.group) if t.group else t.name


def _what(t: TypeRow, lang: str) -> str:
    what = t.key if lang == "en" else t.name
    return WORDS[lang]["group_of"].format(name=what, group=t.group) if t.group else what


def gaps(t: TypeRow, year: int, lang: str) -> list[str]:
    """One sentence per period short of the requirement: 支部委员会：3月未召开."""
    w, what = WORDS[lang], _what(t, lang)
    out = []
    for p in t.missing:
        if t.requirement.months:
            template = w["none_in"] if p.held == 0 else w["only_in"]
            out.append(
                template.format(
                    what=what, period=period_label(p, year, lang), held=p.held, need=p.need
                )
            )
        else:
            out.append(w["total_short"].format(what=what, held=p.held, need=p.need))
    return out


def short(t: TypeRow, year: int, lang: str) -> str:
    """The gaps in one phrase, without the type: 1月、2月未召开."""
    w = WORDS[lang]
    none_in = [p for p in t.missing if p.held == 0 and t.requirement.months]
    phrases = []
    if none_in:
        sep = joiner(lang)
        phrases.append(
            w["none_in"]
            .format(what="", period=sep.join(period_label(p, year, lang) for p in none_in))
            .lstrip("：: ")
        )
    for p in t.missing:
        if p in none_in:
            continue
        if t.requirement.months:
            text = w["only_in"].format(
                what="", period=period_label(p, year, lang), held=p.held, need=p.need
            )
        else:
            text = w["total_short"].format(what="", held=p.held, need=p.need)
        phrases.append(text.lstrip("：: "))
    return w["separator"].join(phrases)


def summary(t: TypeRow, year: int, lang: str) -> str:
    """The same with the type: 支部委员会：1月、2月未召开 ("" without gaps)."""
    text = short(t, year, lang)
    if not text:
        return ""
    return WORDS[lang]["summary"].format(what=_what(t, lang), short=text)


def all_gaps(ledger: Ledger) -> list[str]:
    return [g for t in ledger.types for g in gaps(t, ledger.year, ledger.lang)]


def check_label(key: str, lang: str) -> str:
    return WORDS[lang].get(key, key)


def check_detail(ledger: Ledger, c: Check, types: dict | None = None) -> str:
    """What satisfied a key item: dates, the lecturer and topic."""
    lang, w = ledger.lang, WORDS[ledger.lang]

    def describe(m: Meeting) -> str:
        if c.key == "secretary_lesson":
            return w["lesson_by"].format(
                date=long_date(m.date, lang), lecturer=m.lecturer, topic=m.topic
            )
        text = w["held_on"].format(date=long_date(m.date, lang))
        if c.key == "appraisal" and types and m.type in types:
            name = types[m.type].title(lang)
            pgettext = pgettext_for(lang)
            text += pgettext("parenthesis", " ({text})").format(text=name)
        return text

    detail = w["separator"].join(describe(m) for m in c.meetings)
    return detail or (w[c.note] if c.note else "")


def cancelled_lines(ledger: Ledger) -> list[str]:
    w = WORDS[ledger.lang]
    sep = w["topic_sep"]
    return [
        w["cancelled_item"].format(
            date=c.date.isoformat(),
            name=c.name,
            topic=f"{sep}{c.topic}" if c.topic else "",
            reason=c.reason or w["no_reason"],
        )
        for c in ledger.cancelled
    ]


def since_line(ledger: Ledger, document: bool = False) -> str:
    """Said only when ``since`` falls inside the ledger's year (earlier periods were skipped);
    the terminal names the setting, the ``document`` for the inspector does not."""
    if ledger.since.year != ledger.year or ledger.since <= dt.date(ledger.year, 1, 31):
        return ""
    key = "since_doc" if document else "since_line"
    return WORDS[ledger.lang][key].format(date=long_date(ledger.since, ledger.lang))


def as_dict(ledger: Ledger, types: dict | None = None) -> dict:
    """The JSON form (``meetkit ledger --json``)."""
    lang = ledger.lang

    def rate(r: float | None) -> float | None:
        return None if r is None else round(r, 4)

    return {
        "year": ledger.year,
        "as_of": ledger.today.isoformat(),
        "lang": lang,
        "since": ledger.since.isoformat(),
        "branch": ledger.branch,
        "secretary": ledger.secretary,
        "types": [
            {
                "type": t.key,
                "name": t.name,
                "group": t.group or None,
                "required_per_year": t.requirement.per_year,
                "period_months": t.requirement.months,
                "required_per_period": t.requirement.per_period,
                "requirement": requirement_text(t.requirement, lang),
                "requirement_source": t.requirement.source,
                "held": t.held,
                "planned": t.planned,
                "by_month": t.months,
                "periods": [
                    {
                        "period": p.key,
                        "label": period_label(p, ledger.year, lang),
                        "held": p.held,
                        "planned": p.planned,
                        "status": p.status,
                    }
                    for p in t.periods
                ],
                "status": t.status,
                "gaps": gaps(t, ledger.year, lang),
            }
            for t in ledger.types
        ],
        "gaps": all_gaps(ledger),
        "checks": {
            c.key: {
                "held": c.held,
                "status": c.status,
                "detail": check_detail(ledger, c, types),
                "meetings": [m.id for m in c.meetings],
            }
            for c in ledger.checks
        },
        "cancelled": [
            {
                "id": c.id,
                "date": c.date.isoformat(),
                "type": c.type,
                "topic": c.topic,
                "reason": c.reason,
                "cancelled_at": c.cancelled_at,
            }
            for c in ledger.cancelled
        ],
        "attendance": {
            "meetings": [
                {
                    "id": m.id,
                    "date": m.date.isoformat(),
                    "type": m.type,
                    "topic": m.topic,
                    "photos": m.photos,
                    "expected": m.expected,
                    "known": m.known,
                    "attended": m.attended if m.known else None,
                    "late": m.late if m.known else None,
                    "leave": m.leave if m.known else None,
                    "absent": m.absent if m.known else None,
                    "rate": rate(m.rate),
                }
                for m in ledger.meetings
            ],
            "members": [{**asdict(m), "rate": rate(m.rate)} for m in ledger.members],
            "overall_rate": rate(overall_rate(ledger.meetings)),
            "unknown_meetings": sum(1 for m in ledger.meetings if not m.known),
        },
        "actions": {
            **ledger.actions,
            "open_items": [a.as_dict(ledger.today) for a in ledger.open_actions],
        },
        "appraisal": {
            **ledger.appraisal,
            "meetings": [
                {**a, "date": str(a["date"])} for a in ledger.appraisal.get("meetings", [])
            ],
        },
        "rectification": {**ledger.rectification, "share": rate(ledger.rectification.get("share"))},
        "development": ledger.development,
    }


def appraisal_line(ledger: Ledger) -> str:
    """The committee's grades of the year's appraisal, or "" when none is decided."""
    from ..decisions.appraisal import grades_text

    grades = ledger.appraisal.get("grades") or {}
    if not any(grades.values()):
        return ""
    _ = gettext_for(ledger.lang)
    text = grades_text(grades, ledger.lang)
    line = _("Democratic appraisal, the committee's grades: {grades}").format(grades=text)
    if ledger.appraisal.get("undecided"):
        line += _(" ({n} not yet graded)").format(n=ledger.appraisal["undecided"])
    return line


def rectification_line(ledger: Ledger) -> str:
    """How many of the year's rectification items are ticked off, or "" when there are none."""
    r = ledger.rectification
    if not r.get("total"):
        return ""
    _ = gettext_for(ledger.lang)
    return _("Rectification items ticked off: {done} of {total} ({share})").format(
        done=r["done"], total=r["total"], share=percent(r["share"], ledger.lang)
    )


# A line of ``meetkit ledger``'s output: text, or a table as (headers, rows).
TerminalLine: TypeAlias = str | tuple[list[str], list[list]]


def action_status(a: Action, today: dt.date, lang: str) -> str:
    w = WORDS[lang]
    if a.overdue(today):
        return w["overdue"]
    return w["open"] if a.due else w["open_nodue"]


def terminal_lines(ledger: Ledger, types: dict | None = None) -> list[TerminalLine]:
    """What ``meetkit ledger`` prints: strings, and (headers, rows) tuples for tables."""
    lang, w, h, s = ledger.lang, WORDS[ledger.lang], HEADERS[ledger.lang], SECTION[ledger.lang]
    out: list[TerminalLine] = [title(ledger) + " " + subtitle(ledger)]
    if since_line(ledger):
        out.append(since_line(ledger))
    out += ["", s[0]]
    out.append(
        (
            h["types"],
            [
                [
                    type_label(t, lang),
                    requirement_text(t.requirement, lang),
                    t.held,
                    *[c or "" for c in t.months],
                    STATUS_WORDS[t.status][lang],
                ]
                for t in ledger.types
            ],
        )
    )
    out += ["", w["heading"].format(heading=s[1])]
    summaries = [summary(t, ledger.year, lang) for t in ledger.types]
    out += [f"  {x}" for x in summaries if x] or [f"  {w['none']}"]
    if ledger.cancelled:
        out += ["", w["heading"].format(heading=w["cancelled"])]
        out += [f"  {line}" for line in cancelled_lines(ledger)]
    out += ["", s[2]]
    out.append(
        (
            h["checks"],
            [
                [
                    check_label(c.key, lang),
                    CHECK_WORDS[c.status][lang],
                    check_detail(ledger, c, types),
                ]
                for c in ledger.checks
            ],
        )
    )
    out += [f"  {line}" for line in (appraisal_line(ledger), rectification_line(ledger)) if line]
    out += ["", s[3]]
    if ledger.meetings:
        out.append((h["meetings"], [meeting_cells(m, lang) for m in ledger.meetings]))
    else:
        out.append(f"  {w['none']}")
    out += [attendance_line(ledger), "", s[4]]
    out.append(
        (h["members"], [member_cells(m, lang)[:-1] + [m.unknown or ""] for m in ledger.members])
    )
    out += ["", s[5], actions_line(ledger)]
    if ledger.open_actions:
        out.append(
            (
                h["actions"],
                [
                    [
                        f"#{a.id}",
                        a.text,
                        a.owner,
                        a.due.isoformat() if a.due else "",
                        a.meeting_id,
                        action_status(a, ledger.today, lang),
                    ]
                    for a in ledger.open_actions
                ],
            )
        )
    if ledger.development:
        from ..development.timeline import ledger_lines

        pgettext = pgettext_for(lang)
        out += ["", pgettext("ledger", "6. Developing new members")]
        out += ledger_lines(ledger.development, lang)
    return out


def photos_note(m: MeetingRow, lang: str) -> str:
    """（照片3张） after a meeting that has photos kept with it, else ""."""
    if not m.photos:
        return ""
    _ = gettext_for(lang)
    return _(" ({n} photo(s))").format(n=m.photos)


def meeting_cells(m: MeetingRow, lang: str) -> list:
    dash = "—"
    return [
        m.date.isoformat(),
        m.name,
        m.topic + photos_note(m, lang),
        m.expected,
        m.attended if m.known else dash,
        m.leave if m.known else dash,
        m.absent if m.known else dash,
        percent(m.rate, lang),
    ]


# A member's row, in this order in the text ledger, the document's context and the spreadsheet.
MEMBER_COLUMNS = (
    "name",
    "group",
    "expected",
    "attended",
    "late",
    "leave",
    "absent",
    "rate",
    "unknown",
)


def member_values(m: MemberRow, rate: object) -> list:
    """``m``'s row in MEMBER_COLUMNS order, with ``rate`` as the caller shows it."""
    return [m.name, m.group, m.expected, m.attended, m.late, m.leave, m.absent, rate, m.unknown]


def member_cells(m: MemberRow, lang: str) -> list:
    return member_values(m, percent(m.rate, lang))


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
        known=known,
        unknown=len(ledger.meetings) - known,
        rate=percent(overall_rate(ledger.meetings), ledger.lang),
    )


def actions_line(ledger: Ledger) -> str:
    a = ledger.actions
    return WORDS[ledger.lang]["actions_line"].format(
        decided=a["decided"],
        done=a["done"],
        open=a["open"],
        overdue=a["overdue"],
        date=long_date(ledger.today, ledger.lang),
    )


def context(ws: Workspace, ledger: Ledger) -> dict:
    """The variables of the ledger.docx template (documented in docs/followup.md)."""
    from ..followup.actions import meeting_label

    lang, w, year = ledger.lang, WORDS[ledger.lang], ledger.year
    types = []
    for no, t in enumerate(ledger.types, 1):
        months = [str(c) if c else "" for c in t.months]
        types.append(
            {
                "no": no,
                "name": type_label(t, lang),
                "key": t.key,
                "group": t.group,
                "requirement": requirement_text(t.requirement, lang),
                "held": t.held,
                "planned": t.planned,
                "months": months,
                **{f"m{i}": c for i, c in enumerate(months, 1)},
                "status": STATUS_WORDS[t.status][lang],
                "gaps": short(t, year, lang),
                "summary": summary(t, year, lang),
            }
        )
    labels: dict[str, str] = {}

    def label(a: Action) -> str:
        if a.meeting_id not in labels:
            labels[a.meeting_id] = meeting_label(ws, a, lang)
        return labels[a.meeting_id]

    plugin_types = ws.plugins.types
    return {
        "lang": lang,
        "year": year,
        "title": title(ledger),
        "subtitle": subtitle(ledger),
        "since": since_line(ledger, document=True),
        "as_of": long_date(ledger.today, lang),
        "branch": {
            "name": ledger.branch,
            "secretary": ledger.secretary,
            "higher_org": ledger.higher_org,
        },
        "types": types,
        "gaps": [x["summary"] for x in types if x["summary"]],
        "gaps_each": all_gaps(ledger),
        "cancelled": cancelled_lines(ledger),
        "cancelled_title": w["cancelled"],
        "checks": [
            {
                "no": i,
                "label": check_label(c.key, lang),
                "held": c.held,
                "result": CHECK_WORDS[c.status][lang],
                "detail": check_detail(ledger, c, plugin_types),
            }
            for i, c in enumerate(ledger.checks, 1)
        ],
        "meetings": [
            dict(
                zip(
                    ("date", "name", "topic", "expected", "attended", "leave", "absent", "rate"),
                    meeting_cells(m, lang),
                ),
                no=i,
                id=m.id,
                date=WORDS[lang]["short_date"].format(
                    long_date=long_date(m.date, lang), month=m.date.month, day=m.date.day
                ),
                known=m.known,
                label=(
                    WORDS[lang]["meeting_label"].format(name=m.name, topic=m.topic)
                    if m.topic
                    else m.name
                )
                + photos_note(m, lang),
            )
            for i, m in enumerate(ledger.meetings, 1)
        ],
        "members": [
            dict(
                zip(MEMBER_COLUMNS, member_cells(m, lang)),
                no=i,
            )
            for i, m in enumerate(ledger.members, 1)
        ],
        # the committee's grades and the 销号 share, as the terminal ledger gives them
        "checks_notes": [x for x in (appraisal_line(ledger), rectification_line(ledger)) if x],
        "attendance_line": attendance_line(ledger),
        "attendance_note": w["rate_note"],
        "overall_rate": percent(overall_rate(ledger.meetings), lang),
        "actions_summary": actions_line(ledger),
        "open_actions": [
            {
                "no": i,
                "id": a.id,
                "text": a.text,
                "owner": a.owner,
                "due": long_date(a.due, lang) if a.due else "",
                "meeting": label(a),
                "status": action_status(a, ledger.today, lang),
                "overdue": a.overdue(ledger.today),
            }
            for i, a in enumerate(ledger.open_actions, 1)
        ],
        "generated": clock.now().strftime("%Y-%m-%d %H:%M"),
    }


def write_docx(ws: Workspace, ledger: Ledger, path: Path) -> Path:
    """Render ledger.docx (the workspace's templates/<lang>/ledger.docx wins over the built-in
    one) to ``path``, atomically."""
    from ..documents.render import render_to
    from ..documents.templates import find_template
    from ..model.types import DocumentSpec

    template, _origin = find_template(DocumentSpec("ledger"), ledger.lang, ws.root)
    if not ledger.development:
        render_to(template, context(ws, ledger), Path(path))
        return Path(path)
    from ..development.ledgerdoc import append_section
    from ..documents.render import render_bytes
    from ..files import atomic_write_bytes

    data = render_bytes(template, context(ws, ledger))
    atomic_write_bytes(Path(path), append_section(data, ledger.development, ledger.lang))
    return Path(path)
