"""What a bundle holds, gathered from a branch workspace: the meetings of one period as the
committee inspects them, and the year's key items. Nothing the committee does not inspect goes
in: no phone numbers, no sign-in secret, devices, addresses or sign-in times, no ballot voter
lists, no opinion texts (only their counts).

The numbers come from where the branch's own ledger and minutes take them
(``meetkit.reports.ledger.build``, ``meetkit.attendance.rules.load``, ``meetkit.decisions.votes.results``), so the
committee sees what the branch's paperwork says.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .. import clock
from ..errors import MeetkitError
from ..i18n import _

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..reports.ledger import MeetingRow
    from ..workspace import Workspace

# The life meeting report's figures that go up: counts only (its texts stay home).
LIFE_FIGURES = (
    "expected",
    "present",
    "opinions_total",
    "talks_total",
    "talks_coverage",
    "talks_missing",
    "spoke",
    "appraisal",
    "problems_total",
    "carried_total",
    "carried_done",
)


def period_name(year: int, quarter: int | None) -> str:
    """``2026`` or ``2026Q4``: how bundles, opinions and the committee name a period."""
    return f"{year}Q{quarter}" if quarter else str(year)


def parse_period(text: str, where: str = "--period") -> tuple[int, int | None]:
    """``2026Q4`` -> (2026, 4), ``2026`` -> (2026, None); an error naming ``where`` otherwise."""
    value = text.strip().upper()
    year, _sep, quarter = value.partition("Q")
    if year.isdigit() and len(year) == 4 and (not _sep or quarter in ("1", "2", "3", "4")):
        return int(year), int(quarter) if _sep else None
    raise MeetkitError(
        _("{where}: {value!r} is not a period (a year like 2026, or a quarter like 2026Q4)").format(
            where=where, value=text
        )
    )


def period_dates(year: int, quarter: int | None) -> tuple[dt.date, dt.date]:
    """The first and last day of a year or a quarter."""
    if not quarter:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    first = dt.date(year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    last = dt.date(year + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
    return first, last


@contextmanager
def snapshot(ws: Workspace) -> Iterator:
    """The workspace reading from a copy of its SQLite database taken in one step (SQLite's
    backup API), so a sign-in arriving meanwhile can't leave the bundle half old, half new.
    A PostgreSQL store is read as it is (its commits are atomic; `meetkit serve` rarely runs
    while a secretary bundles)."""
    from ..store import Store
    from ..workspace import Workspace

    url = ws.store.url
    if not url.startswith("sqlite:///"):
        yield ws
        return
    tmp = Path(tempfile.mkdtemp(prefix="meetkit-bundle-"))
    try:
        source = sqlite3.connect(url[len("sqlite:///") :])
        target = sqlite3.connect(tmp / "snapshot.db")
        with target:
            source.backup(target)
        source.close()
        target.close()
        copy = Workspace(ws.root)
        copy.__dict__["store"] = Store(f"sqlite:///{tmp / 'snapshot.db'}")
        try:
            yield copy
        finally:
            copy.store.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _meeting(
    ws: Workspace, meeting: Meeting, types: dict, row: MeetingRow | None, lang: str
) -> dict:
    """One meeting as the committee inspects it."""
    from ..attendance import rules as attendance
    from ..decisions import votes as decisions
    from ..life.meeting import appraisal_counts

    t = types.get(meeting.type)
    out: dict = {
        "id": meeting.id,
        "type": meeting.type,
        "type_name": t.title(lang) if t else meeting.type,
        "group": meeting.group,
        "number": meeting.number,
        "date": meeting.date.isoformat(),
        "time": meeting.time,
        "end_time": meeting.end_time,
        "place": meeting.place,
        "topic": meeting.topic,
        "host": meeting.host,
        "recorder": meeting.recorder,
        "lecturer": meeting.lecturer,
        "cancelled": meeting.cancelled,
        "cancel_reason": meeting.cancel_reason if meeting.cancelled else "",
    }
    if meeting.cancelled or t is None:
        return out
    summary = attendance.load(ws, meeting, lang)
    out.update(
        {
            "known": bool(row.known) if row is not None else False,
            "expected": row.expected if row is not None else summary["expected"],
            "attended": row.attended if row is not None else summary["attended"],
            "late": row.late if row is not None else len(summary["late"]),
            "leave": row.leave if row is not None else len(summary["leave"]),
            "absent": row.absent if row is not None else len(summary["absent"]),
            "who": {
                "present": summary["present"],
                "late": summary["late"],
                "leave": [{"name": lv["name"], "kind": lv["kind"]} for lv in summary["leave"]],
                "absent": summary["absent"],
                "away": [a["name"] for a in summary["away"]],
                "guests": summary["guests"],  # 列席
            },
            "quorum": summary.get("quorum"),
        }
    )
    try:
        out["votes"] = decisions.results(ws, meeting)
    except MeetkitError:
        out["votes"] = []
    out["appraisal"] = appraisal_counts(ws, meeting)
    if ws.plugins.uses(meeting, "report"):
        from ..life.meeting import report

        figures = report(ws, meeting, ws.store.expected_members(meeting.id), lang)
        out["life_report"] = {k: figures[k] for k in LIFE_FIGURES}
    return out


def contents(ws: Workspace, year: int, quarter: int | None, today: dt.date | None = None) -> dict:
    """The bundle's JSON files (name -> data) for ``year`` (and ``quarter``)."""
    from ..reports.ledger import build, requirements

    today = today or clock.today()
    lang = ws.config.lang
    ledger = build(ws, year, lang=lang, today=today)
    first, last = period_dates(year, quarter)
    types = ws.plugins.types
    rows = {r.id: r for r in ledger.meetings}
    meetings = [
        _meeting(ws, m, types, rows.get(m.id), lang)
        for m in ws.store.list_meetings(year=year)
        if first <= m.date <= min(last, today)
    ]
    reqs = requirements(ws, types)
    branch = {
        "name": ws.config.branch,
        "higher_org": ws.config.higher_org,
        "lang": lang,
        "since": ledger.since.isoformat(),
        "groups": list(dict.fromkeys(m.group for m in ws.members if m.group)),
        "members": len(ws.members),
        # The branch's own rule, for reference: the committee applies its own (the same code).
        "requirements": {
            k: {"per_year": r.per_year, "source": r.source, "name": types[k].title(lang)}
            for k, r in reqs.items()
        },
    }
    actions = [
        {
            "meeting": a.meeting_id,
            "kind": a.kind,
            "text": a.text,
            "owner": a.owner,
            "due": a.due.isoformat() if a.due else None,
            "status": a.status,
            "done": a.done_at.date().isoformat() if a.done_at else None,  # 销号
        }
        for a in ws.store.list_actions()
        if a.meeting_date is not None and first <= a.meeting_date <= last
    ]
    key_items = {
        "checks": {
            c.key: {"held": c.held, "status": c.status, "meetings": [m.id for m in c.meetings]}
            for c in ledger.checks
        },
        "appraisal": {
            "held": ledger.appraisal.get("held", False),
            "grades": ledger.appraisal.get("grades", {}),
            "undecided": ledger.appraisal.get("undecided", 0),
        },
        "rectification": ledger.rectification,
        "actions": ledger.actions,
    }
    return {
        "branch.json": branch,
        "meetings.json": meetings,
        "ledger.json": key_items,
        "actions.json": actions,
    }


def minutes_pdfs(ws: Workspace, meetings: list[dict]) -> dict:
    """``documents/<id>/minutes.pdf`` for each held meeting whose minutes.docx exists (one
    LibreOffice run); {} when there are none."""
    from ..reports.pdf import convert

    files = {}
    for m in meetings:
        if m.get("cancelled"):
            continue
        meeting = ws.store.get_meeting(m["id"])
        source = ws.meeting_folder(meeting) / "minutes.docx" if meeting else None
        if source is not None and source.is_file():
            files[source] = m["id"]
    if not files:
        return {}
    converted = convert(ws, list(files))
    return {f"documents/{files[s]}/minutes.pdf": data for s, data in converted.items()}
