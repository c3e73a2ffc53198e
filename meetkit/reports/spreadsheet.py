"""Excel workbooks (openpyxl): one meeting's attendance (``meetkit export ID --xlsx``) and the
year's ledger (``meetkit ledger --xlsx``): a member x meeting matrix of statuses, rates per
member and per meeting, the gaps, cancelled meetings and a sheet of actions.

Numbers go in as numbers (rates as fractions formatted 0.0%), so the committee's own formulas
work on them; every text goes in as text, never a formula (OWASP's CSV-injection advice: a
guest called ``=HYPERLINK(…)`` shows as typed); every sheet has a frozen header row. Written to
memory, then atomically to disk.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import atomic_write_bytes
from ..i18n import pgettext_for

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..workspace import Workspace
    from .ledger import Ledger


def words(lang: str) -> dict[str, str]:
    """The workbooks' sheet names, headers and statuses in ``lang``, from the catalog."""
    pgettext = pgettext_for(lang)
    return {
        "attendance": pgettext("spreadsheet", "Attendance"),
        "name": pgettext("spreadsheet", "Name"),
        "group": pgettext("spreadsheet", "Group"),
        "status": pgettext("spreadsheet", "Status"),
        "time": pgettext("spreadsheet", "Signed in at"),
        "kind": pgettext("spreadsheet", "Leave kind"),
        "reason": pgettext("spreadsheet", "Leave reason"),
        "guest": pgettext("spreadsheet", "sitting in"),
        "matrix": pgettext("spreadsheet", "Attendance by meeting"),
        "members": pgettext("spreadsheet", "By member"),
        "meetings": pgettext("spreadsheet", "By meeting"),
        "gaps": pgettext("spreadsheet", "Gaps"),
        "key_items": pgettext("spreadsheet", "Key items"),
        "actions": pgettext("spreadsheet", "Actions"),
        "cancelled": pgettext("spreadsheet", "Cancelled"),
        "date": pgettext("spreadsheet", "Date"),
        "meeting": pgettext("spreadsheet", "Meeting"),
        "topic": pgettext("spreadsheet", "Topic"),
        "expected": pgettext("spreadsheet", "Expected"),
        "attended": pgettext("spreadsheet", "Present"),
        "late": pgettext("spreadsheet", "Late"),
        "leave": pgettext("spreadsheet", "Leave"),
        "absent": pgettext("spreadsheet", "Absent"),
        "rate": pgettext("spreadsheet", "Rate"),
        "unknown": pgettext("spreadsheet", "no record"),
        "gap": pgettext("spreadsheet", "Gap"),
        "id": pgettext("spreadsheet", "No."),
        "task": pgettext("spreadsheet", "Task"),
        "owner": pgettext("spreadsheet", "Owner"),
        "due": pgettext("spreadsheet", "Deadline"),
        "state": pgettext("spreadsheet", "Status"),
        "kind_col": pgettext("spreadsheet", "Kind"),
        "cancel_reason": pgettext("spreadsheet", "Reason for cancelling"),
        "kind_task": pgettext("spreadsheet", "decided task"),
        "kind_rectification": pgettext("spreadsheet", "rectification item"),
        "open": pgettext("spreadsheet", "open"),
        "done": pgettext("spreadsheet", "done"),
        "overdue": pgettext("spreadsheet", "overdue"),
        "total": pgettext("spreadsheet", "Total"),
        "no_gaps": pgettext("spreadsheet", "none"),
        "not_expected": "",
    }


def _sheet(
    book: Any,
    title: str,
    headers: list[str],
    rows: Sequence[Sequence[object]],
    widths: list[int] | None = None,
    percent_cols: tuple[int, ...] = (),
) -> Any:
    """A sheet of ``book`` with a bold, frozen header row. (openpyxl has no type information:
    its workbooks and sheets are Any here.)"""
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = book.create_sheet(title[:31])  # Excel's limit on sheet names
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append(row)
    for line in ws.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                # openpyxl takes a text starting with "=" for a formula: user text (names,
                # notes, reasons, tasks) is data, shown as typed.
                cell.data_type = "s"
    for col in percent_cols:
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            if isinstance(cell.value, float):
                cell.number_format = "0.0%"
    for i, width in enumerate(widths or [], 1):
        ws.column_dimensions[_col(i)].width = width
    ws.freeze_panes = "A2"
    return ws


def _col(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def _save(book: Any, path: Path) -> Path:
    if "Sheet" in book.sheetnames and len(book.sheetnames) > 1:
        del book["Sheet"]  # the empty sheet openpyxl starts with
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write_bytes(Path(path), buffer.getvalue())
    return Path(path)


def write_attendance(ws: Workspace, meeting: Meeting, path: Path) -> Path:
    """One meeting's attendance: name, group, status, time, leave kind and reason; guests."""
    from openpyxl import Workbook

    from ..attendance import rules as attendance

    lang = meeting.lang or ws.config.lang
    w = words(lang)
    summary = attendance.load(ws, meeting, lang)
    times = {s["name"]: s["at"][11:16] for s in summary["signins"]}
    leave = {x["name"]: x for x in summary["leave"]}
    rows: list[list[str]] = []
    for m in ws.store.expected_members(meeting.id):
        if m.name in summary["present"] or m.name in summary["late"]:
            status = "present" if m.name in summary["present"] else "late"
            rows.append(
                [m.name, m.group, attendance.label(status, lang), times.get(m.name, ""), "", ""]
            )
        elif m.name in leave:
            rows.append(
                [
                    m.name,
                    m.group,
                    w["leave"],
                    "",
                    attendance.label(leave[m.name]["kind"], lang),
                    leave[m.name]["reason"],
                ]
            )
        else:
            rows.append([m.name, m.group, attendance.label("absent", lang), "", "", ""])
    for g in summary["guests"]:
        rows.append([g, "", w["guest"], "", "", summary["guest_notes"].get(g, "")])
    book = Workbook()
    _sheet(
        book,
        w["attendance"],
        [w["name"], w["group"], w["status"], w["time"], w["kind"], w["reason"]],
        rows,
        [14, 14, 10, 10, 12, 30],
    )
    return _save(book, path)


def write_ledger(ws: Workspace, ledger: Ledger, path: Path) -> Path:
    """The year's ledger as a workbook: the member x meeting matrix of statuses (with each
    member's rate and each meeting's), the rates per member and per meeting, the gaps,
    cancelled meetings and the actions."""
    from openpyxl import Workbook

    from ..attendance import rules as attendance
    from ..followup.actions import meeting_label
    from . import ledger_report
    from .ledger import overall_rate, status_of

    lang = ledger.lang
    w = words(lang)
    facts = ws.store.ledger_rows(ledger.year)
    held = ledger.meetings  # MeetingRow, by date
    expected = {mid: {row[0] for row in rows} for mid, rows in facts["expected"].items()}
    statuses = {
        "present": attendance.label("present", lang),
        "late": attendance.label("late", lang),
        "leave": w["leave"],
        "absent": attendance.label("absent", lang),
        "away": attendance.label("away", lang),
    }
    book = Workbook()

    # Matrix: one row per member, one column per held meeting; the last column the member's
    # rate, the last row each meeting's.
    headers = (
        [w["name"], w["group"]] + [f"{m.date.isoformat()} {m.name}" for m in held] + [w["rate"]]
    )
    rows: list[list[object]] = []
    for member in ledger.members:
        cells: list[object] = [member.name, member.group]
        for m in held:
            if member.member not in expected.get(m.id, ()):  # by member id
                cells.append(w["not_expected"])
            elif not m.known:
                cells.append(w["unknown"])
            else:
                status = status_of(m, member.member, facts, ws.config.exclude_away)
                # None means not expected, which the first test above already answered
                cells.append(statuses[status] if status is not None else w["not_expected"])
        cells.append(member.rate if member.rate is not None else w["unknown"])
        rows.append(cells)
    rows.append(
        [w["rate"], ""]
        + [m.rate if m.rate is not None else w["unknown"] for m in held]
        + [overall_rate(held) if overall_rate(held) is not None else w["unknown"]]
    )
    sheet = _sheet(book, w["matrix"], headers, rows, [12, 12] + [11] * len(held) + [9])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "0.0%"

    _sheet(
        book,
        w["members"],
        [w[key] for key in ledger_report.MEMBER_COLUMNS],
        [
            ledger_report.member_values(m, m.rate if m.rate is not None else w["unknown"])
            for m in ledger.members
        ],
        [12, 12, 8, 8, 8, 8, 8, 9, 9],
        percent_cols=(8,),
    )
    _sheet(
        book,
        w["meetings"],
        [
            w["date"],
            w["meeting"],
            w["topic"],
            w["expected"],
            w["attended"],
            w["late"],
            w["leave"],
            w["absent"],
            w["rate"],
        ],
        [
            [m.date, m.name, m.topic, m.expected]
            + ([m.attended, m.late, m.leave, m.absent] if m.known else [None] * 4)
            + [m.rate if m.rate is not None else w["unknown"]]
            for m in held
        ],
        [11, 16, 30, 8, 8, 8, 8, 8, 9],
        percent_cols=(9,),
    )
    gaps = ledger_report.all_gaps(ledger)
    _sheet(book, w["gaps"], [w["gap"]], [[g] for g in gaps] or [[w["no_gaps"]]], [50])
    # The key items' figures the terminal and Word ledgers give: grades and the 销号 share.
    notes = [ledger_report.appraisal_line(ledger), ledger_report.rectification_line(ledger)]
    if any(notes):
        _sheet(book, w["key_items"], [w["key_items"]], [[n] for n in notes if n], [60])
    if ledger.cancelled:
        _sheet(
            book,
            w["cancelled"],
            [w["date"], w["meeting"], w["topic"], w["cancel_reason"]],
            [[c.date, c.name, c.topic, c.reason] for c in ledger.cancelled],
            [11, 16, 30, 30],
        )
    actions = [
        a
        for a in ws.store.list_actions()
        if a.meeting_date.year == ledger.year
        or (a.status == "open" and a.meeting_date.year < ledger.year)
    ]
    _sheet(
        book,
        w["actions"],
        [w["id"], w["task"], w["owner"], w["due"], w["meeting"], w["kind_col"], w["state"]],
        [
            [
                a.id,
                a.text,
                a.owner,
                a.due,
                meeting_label(ws, a, lang),
                w.get(f"kind_{a.kind}", a.kind),
                w["overdue"] if a.overdue(ledger.today) else w[a.status],
            ]
            for a in actions
        ],
        [6, 36, 12, 11, 24, 12, 8],
    )
    for sheet in book.worksheets:  # dates as dates, shown as YYYY-MM-DD
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.is_date:
                    cell.number_format = "yyyy-mm-dd"
    return _save(book, path)
