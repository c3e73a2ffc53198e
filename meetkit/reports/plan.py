"""``meetkit plan YEAR``: the year's plan of meetings (年度“三会一课”计划) proposed from each
type's required frequency — the same requirement the ledger checks, so ``[ledger]`` overrides
and the 民主生活会 rule apply — and the dates in ``[plan]`` of meetkit.toml:

    [plan]
    theme-day = 1           # a monthly type: its day of each month
    committee = 5
    lesson = 20             # quarterly: that day of each quarter's middle month
    life = "11-25"          # a yearly type: month-day

Defaults: committee on the 5th, party groups on the 10th, theme day on the 1st, quarterly types
in the middle month of each quarter (general meeting the 15th, lesson the 20th), half-yearly in
March and September, yearly ones (the life meeting) on 25 November — Q4, with the appraisal.
A default day that falls on a weekend moves to the Monday after; a day you set is kept. The
secretary gives the first party lesson of the year, committee members the rest in turn.

Writes plan-YEAR.docx (template plan.docx, built by tools/build_templates.py) and plan-YEAR.ics;
``--prepare`` prepares every planned meeting not prepared yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import clock
from ..errors import MeetkitError
from ..i18n import _, gettext_for, pgettext_for
from ..model.meeting import on_day
from ..model.workdays import public_holiday

if TYPE_CHECKING:
    from ..workspace import Workspace

DEFAULT_DAY = {"committee": 5, "group": 10, "theme-day": 1, "general": 15, "lesson": 20}
DEFAULT_YEARLY = (11, 25)
FALLBACK_DAY = 15
# First month of each period -> the month a planned meeting falls in.
MIDDLE = {1: 0, 3: 1, 6: 2, 12: 0}  # months in period -> offset from its first month


@dataclass
class Planned:
    """One proposed meeting."""

    type: str
    name: str  # the type's title
    date: dt.date
    time: str
    group: str = ""
    lecturer: str = ""
    prepared: str = ""  # the id of a stored meeting on that day, when there is one

    @property
    def key(self) -> str:
        return f"{self.date.isoformat()}-{self.type}" + (f"-{self.group}" if self.group else "")


@dataclass(frozen=True)
class _Numbered:
    """What ``meeting_title`` reads of a planned meeting: its date and its number that year."""

    date: dt.date
    number: int


def _plan_settings(ws: Workspace) -> dict[str, Any]:
    """``[plan]`` of meetkit.toml: TYPE = day (the table checked with the file)."""
    return ws.config.setting("plan", "")


def _line(ws: Workspace, key: str) -> int:
    from ..config import _line_of

    text = ws.config_path.read_text(encoding="utf-8")
    return _line_of(text, "plan", key) or _line_of(text, "plan", f'"{key}"')


def _day(ws: Workspace, key: str, value: object, months: int) -> tuple[int | None, int, bool]:
    """(month or None, day, given by the user) from a [plan] value."""

    def bad(why: str) -> MeetkitError:
        return MeetkitError(
            _("{path}:{line}: [plan] {key}: {why}").format(
                path=ws.config_path, line=_line(ws, key), key=key, why=why
            )
        )

    if value is None:
        if months == 12:
            return DEFAULT_YEARLY[0], DEFAULT_YEARLY[1], False
        return None, DEFAULT_DAY.get(key, FALLBACK_DAY), False
    if isinstance(value, bool):
        raise bad(
            _('must be a day of the month (1-28) or "MM-DD", got {value}').format(value=repr(value))
        )
    if isinstance(value, int):
        if not 1 <= value <= 28:
            raise bad(_("{value} is not a day every month has (1-28)").format(value=value))
        return None, value, True
    if isinstance(value, str):
        try:
            month, day = (int(x) for x in value.split("-"))
            dt.date(2001, month, day)
        except ValueError:
            raise bad(
                _('{value} is not a month-day such as "11-25"').format(value=repr(value))
            ) from None
        if months != 12:
            raise bad(_("a month-day is for yearly meetings; give a day of the month (1-28)"))
        return month, day, True
    raise bad(
        _('must be a day of the month (1-28) or "MM-DD", got {value}').format(value=repr(value))
    )


def _workday(day: dt.date) -> dt.date:
    """The first working day from ``day`` (meetkit.model.workdays: public holidays skipped, a 调休
    Saturday or Sunday is a working day)."""
    from ..model.workdays import add_workdays

    return add_workdays(day, 0)


def _off_holidays(day: dt.date) -> dt.date:
    """``day``, or after a public holiday the first working day after it."""
    return _workday(day) if public_holiday(day) else day


def provisional_note(year: int, lang: str) -> str:
    """Said when ``year``'s official holidays and 调休 are not published yet, else ""."""
    from ..i18n import gettext_for
    from ..model.workdays import provisional

    if not provisional(year):
        return ""
    _ = gettext_for(lang)
    return _(
        "{year}'s official holidays and 调休 working days are not published yet: the dates "
        "avoid weekends and the fixed holidays only, and are provisional."
    ).format(year=year)


def propose(ws: Workspace, year: int) -> list[Planned]:
    """The year's meetings, by date, from the ledger's requirements and [plan]."""
    from .ledger import requirements

    types = ws.plugins.types
    reqs = requirements(ws, types)
    settings = _plan_settings(ws)
    for key in settings:
        if key not in types:
            raise MeetkitError(
                _("{path}:{line}: [plan] {key}: no meeting type {name} (types: {types})").format(
                    path=ws.config_path,
                    line=_line(ws, key),
                    key=key,
                    name=repr(key),
                    types=", ".join(types),
                )
            )
    members = ws.members
    groups = list(dict.fromkeys(m.group for m in members if m.group))
    secretary = ws.config.secretary or next((m.name for m in members if m.role == "secretary"), "")
    lecturers = [secretary] if secretary else []
    lecturers += [
        m.name for m in members if m.committee and m.role != "secretary" and m.name not in lecturers
    ]
    time = ws.config.start_time
    out: list[Planned] = []
    for key, t in types.items():
        req = reqs[key]
        if req.per_year == 0:
            continue
        months = req.months or 12
        month, day, given = _day(ws, key, settings.get(key), months)
        dates: list[dt.date] = []
        if req.months is None:  # n a year, not evenly per period: spread over the year
            step = 12 / req.per_year
            dates = [dt.date(year, int(i * step) + 1, day) for i in range(req.per_year)]
        else:
            for first in range(1, 13, months):
                m = month if (months == 12 and month) else first + MIDDLE.get(months, 0)
                if months == 6:
                    m = first + 2
                for n in range(req.per_period):
                    # several a month: spread them a week apart from the day
                    dates.append(dt.date(year, m, min(day + 7 * n, 28)))
        # a day of the type's own choosing: the first working day from it (public holidays
        # skipped, 调休 days used); a day set in [plan]: kept, but never on a public holiday
        dates = [_off_holidays(d) if given else _workday(d) for d in dates]
        for g in groups if t.attendees == "group" else [""]:
            for i, d in enumerate(dates):
                lecturer = ""
                if t.shows_lecturer:
                    lecturer = lecturers[i % len(lecturers)] if lecturers else ""
                out.append(Planned(key, t.title(ws.config.lang), d, time, g, lecturer))
    out.sort(key=lambda p: (p.date, p.time, list(types).index(p.type), p.group))
    # Already prepared: a stored meeting of the type (and group) on that day.
    stored = {
        (
            m.type,
            m.group if types.get(m.type) and types[m.type].attendees == "group" else "",
            m.date,
        ): m.id
        for m in ws.store.list_meetings(year=year)
    }
    for p in out:
        p.prepared = stored.get((p.type, p.group, p.date), "")
    return out


def context(ws: Workspace, year: int, planned: list[Planned]) -> dict[str, Any]:
    """The variables of plan.docx."""
    from collections import Counter

    from ..documents.context import long_date, weekday
    from .ledger import requirements
    from .ledger_report import requirement_text

    lang = ws.config.lang
    _ = gettext_for(lang)  # the plan's language (the workspace's)
    pgettext = pgettext_for(lang)
    types = ws.plugins.types
    reqs = requirements(ws, types)
    counts = Counter(p.type for p in planned)
    rows: list[dict[str, object]] = []
    for i, p in enumerate(planned, 1):
        t = types[p.type]
        who = p.group if p.group else t.attendees_text(lang)
        note = _("Lecturer: {name}").format(name=p.lecturer) if p.lecturer else ""
        rows.append(
            {
                "no": i,
                # The year is in the title: Chinese leaves it out (12月3日).
                "date": pgettext("plan: date", "{long_date}").format(
                    long_date=long_date(p.date, lang), month=p.date.month, day=p.date.day
                ),
                "weekday": weekday(p.date, lang),
                "time": p.time,
                "name": p.name,
                "attendees": who,
                "note": note,
                "group": p.group,
                "type": p.type,
            }
        )
    summary = [
        {
            "name": types[k].title(lang),
            "requirement": requirement_text(reqs[k], lang),
            "count": counts[k],
        }
        for k in types
        if counts[k]
    ]
    branch = ws.config.branch
    return {
        "lang": lang,
        "year": year,
        "title": _("Plan of meetings {year}: {branch}")
        .format(year=year, branch=branch)
        .strip(": "),
        "subtitle": _("({n} meetings)").format(n=len(planned))
        + ("" if not provisional_note(year, lang) else " " + provisional_note(year, lang)),
        "branch": {
            "name": branch,
            "secretary": ws.config.secretary,
            "higher_org": ws.config.higher_org,
        },
        "meetings": rows,
        "summary": summary,
        "issued": long_date(clock.today(), lang),
    }


def write(ws: Workspace, year: int, out: Path, planned: list[Planned] | None = None) -> list[Path]:
    """Write plan-YEAR.docx and plan-YEAR.ics into ``out``; return the paths."""
    from ..documents.context import meeting_title
    from ..documents.render import render_bytes
    from ..documents.templates import find_template
    from ..files import atomic_write_bytes
    from ..model.types import DocumentSpec
    from . import ics

    planned = propose(ws, year) if planned is None else planned
    lang = ws.config.lang
    _ = gettext_for(lang)  # the plan's language (the workspace's)
    pgettext = pgettext_for(lang)
    template, _origin = find_template(DocumentSpec("plan"), lang, ws.root)
    docx = Path(out) / f"plan-{year}.docx"
    cal = Path(out) / f"plan-{year}.ics"
    data = render_bytes(template, context(ws, year, planned))  # in memory: all or nothing
    types = ws.plugins.types
    items: list[dict[str, object]] = []
    for p in planned:
        t = types[p.type]
        number = sum(1 for q in planned if q.type == p.type and q.date <= p.date)
        title: str = meeting_title(ws.config.branch, _Numbered(p.date, number), t, lang)
        if p.group:
            title = _("{title} ({group})").format(title=title, group=p.group)
        who = p.group or t.attendees_text(lang)
        desc = _("Attending: {who}").format(who=who)
        if p.lecturer:
            desc += "\n" + pgettext("calendar", "Lecturer: {name}").format(name=p.lecturer)
        items.append(
            {
                "key": p.key,
                "meeting_id": p.prepared,
                "title": title,
                "description": desc,
                "place": ws.config.place,
                "start": on_day(p.date, p.time),
            }
        )
    ics.write_events(ws, items, cal, f"{ws.config.branch} {year}".strip())
    atomic_write_bytes(docx, data)
    return [docx, cal]


def prepare_all(
    ws: Workspace, planned: Iterable[Planned], progress: Callable[[Planned], object] | None = None
) -> tuple[list[str], list[str]]:
    """Prepare each planned meeting not prepared yet; return (prepared ids, skipped ids).
    ``progress(item)`` is called after each one (the CLI's progress bar)."""
    from ..documents.pack import Options, prepare

    made: list[str] = []
    skipped: list[str] = []
    for p in planned:
        if p.prepared:
            skipped.append(p.prepared)
        else:
            result = prepare(
                ws,
                p.type,
                Options(
                    date=p.date.isoformat(),
                    time=p.time,
                    group=p.group or None,
                    lecturer=p.lecturer or None,
                ),
            )
            p.prepared = result.meeting.id
            made.append(p.prepared)
        if progress:
            progress(p)
    return made, skipped
