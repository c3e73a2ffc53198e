"""The ledger as JSON (``meetkit ledger --json``) and as the terminal's tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import TYPE_CHECKING, TypeAlias

from ..i18n import gettext_for, pgettext_for
from .ledger import Ledger, overall_rate

if TYPE_CHECKING:
    from ..model.action import Action
from .ledger_words import (
    CHECK_WORDS,
    HEADERS,
    SECTION,
    STATUS_WORDS,
    WORDS,
    actions_line,
    all_gaps,
    attendance_line,
    cancelled_lines,
    check_detail,
    check_label,
    gaps,
    meeting_cells,
    member_cells,
    percent,
    period_label,
    requirement_text,
    since_line,
    subtitle,
    summary,
    title,
    type_label,
)


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
