"""Writing the minutes: every document with an attendance header rendered again with the real
attendance and quorum (``meetkit minutes``, the admin page's button)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..attendance.rules import load, minutes_attendance, statuses
from ..errors import MeetkitError
from ..i18n import _
from .pack import parse_time, render_pack

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..workspace import Workspace


def minutes_ending(ws: Workspace, meeting_id: str, end: str | None = None) -> tuple:
    """``meetkit minutes ID [--end HH:MM]`` (and the console's minutes form): set when the
    meeting ended (after its start), then ``write_minutes``. Returns (meeting, written)."""
    meeting = ws.meeting(meeting_id)
    if end is not None:
        end = parse_time(end, "--end")
        if end <= meeting.time:
            raise MeetkitError(
                _("--end: {end} is not after the start, {start}").format(
                    end=end, start=meeting.time
                )
            )
        ws.store.set_end_time(meeting.id, end)
        meeting = ws.meeting(meeting.id)
    return meeting, write_minutes(ws, meeting)


def write_minutes(ws: Workspace, meeting: Meeting) -> list:
    """Re-render every document with an attendance header with the real attendance:
    minutes.docx, signin.docx, a lesson's lecture.docx and a life meeting's criticism.docx
    and report.docx (an edited file is kept and the new one written beside it); returns
    pack.Written items."""
    summary = load(ws, meeting, meeting.lang)
    expected = ws.store.expected_members(meeting.id)
    # The plugins name what else carries the real attendance (the appraisal's tally and
    # result, the life meeting's criticism record and report: meetkit_minutes_documents).
    meeting_type = ws.plugins.meeting_type(meeting.type)
    more = ws.plugins.call(
        "meetkit_minutes_documents", meeting=meeting, meeting_type=meeting_type, workspace=ws
    )
    return render_pack(
        ws,
        meeting,
        only=("minutes", "signin", *(name for names in more for name in names)),
        attendance=minutes_attendance(summary, meeting.lang, expected),
        statuses=statuses(summary, meeting.lang),
        merge=True,  # minutes the secretary edited: meetkit's fields filled in place
    )
