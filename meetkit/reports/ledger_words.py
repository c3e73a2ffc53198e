"""The ledger in words, zh-CN and en: period labels, requirements, gap sentences, key items,
the headers every output shares. The numbers come from ``meetkit.reports.ledger.build``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..documents.context import joiner, long_date
from ..i18n import gettext_for, pgettext_for
from ..model.dates import MONTHS
from .ledger import (
    Check,
    Ledger,
    MeetingRow,
    MemberRow,
    Period,
    Requirement,
    TypeRow,
    overall_rate,
)

if TYPE_CHECKING:
    from ..model.meeting import Meeting


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
