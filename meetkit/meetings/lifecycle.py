"""Calling a meeting off and removing one prepared by mistake.

``cancel`` keeps the meeting (listed, its documents stamped 已取消 / CANCELLED, sign-in
refused); ``delete`` removes its folder and rows, and refuses while anything happened at it
(sign-ins, leaves, guests, votes, actions) unless forced.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from ..attendance.rules import clean_text
from ..errors import MeetkitError
from ..i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from ..model.meeting import Meeting
    from ..workspace import Workspace

REASON_MAX = 200


def cancel(ws: Workspace, meeting_id: str, reason: str) -> tuple:
    """Mark the meeting cancelled and re-render its documents with the stamp.

    Returns (meeting, written documents)."""
    from ..attendance.rules import load, minutes_attendance, statuses
    from ..documents.pack import render_pack

    meeting = ws.meeting(meeting_id)
    reason = clean_text(reason, REASON_MAX)
    if not reason:
        raise MeetkitError(_("--reason: say why {id} is cancelled").format(id=meeting.id))
    if meeting.cancelled:
        raise MeetkitError(
            _("{id} is already cancelled ({reason})").format(
                id=meeting.id, reason=meeting.cancel_reason
            )
        )
    ws.store.cancel_meeting(meeting.id, reason)
    meeting = ws.meeting(meeting.id)
    # What was recorded before it was called off stays in the minutes and the sheet.
    attendance: dict | None = None
    member_statuses: dict | None = None
    if ws.store.meeting_records(meeting.id):
        summary = load(ws, meeting, meeting.lang)
        expected = ws.store.expected_members(meeting.id)
        attendance = minutes_attendance(summary, meeting.lang, expected)
        member_statuses = statuses(summary, meeting.lang)
    try:
        written = render_pack(ws, meeting, attendance=attendance, statuses=member_statuses)
    except BaseException:
        ws.store.uncancel_meeting(meeting.id)
        raise
    return meeting, written


def records_text(counts: dict) -> str:
    """ "3 signins, 1 actions" from ``Store.meeting_records``."""
    return ", ".join(f"{n} {table}" for table, n in sorted(counts.items()))


def delete(
    ws: Workspace, meeting_id: str, force: bool = False
) -> tuple[Meeting, dict, Path | None]:
    """Remove the meeting's rows and its folder; refuse (unless ``force``) when anything was
    recorded at it. The folder is first moved aside, so a failure leaves it whole."""
    meeting = ws.meeting(meeting_id)
    counts = ws.store.meeting_records(meeting.id)
    if counts and not force:
        raise MeetkitError(
            _(
                "{id} has records ({records}): cancel it with `meetkit cancel {id} --reason ...`, "
                "or delete it all with --force"
            ).format(id=meeting.id, records=records_text(counts))
        )
    folder = ws.meeting_folder(meeting)
    meetings_root = (ws.root / "meetings").resolve()
    inside = folder.resolve().parent == meetings_root
    aside = None
    if folder.is_dir() and inside:
        aside = ws.root / ".meetkit" / f"deleting-{meeting.id}"
        if aside.exists():
            shutil.rmtree(aside)
        aside.parent.mkdir(parents=True, exist_ok=True)
        folder.rename(aside)
    try:
        ws.store.delete_meeting(meeting.id)
    except BaseException:
        if aside is not None:
            aside.rename(folder)
        raise
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)
    return meeting, counts, folder if aside is not None else None
