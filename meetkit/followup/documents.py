"""The follow-up lists written again after a change (actions.docx, rectification.docx)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..documents.pack import render_pack
from .actions import KIND_DOCUMENT

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..workspace import Workspace


def refresh_list(ws: Workspace, meeting: Meeting, kind: str = "task") -> list:
    """Write the meeting's own list of ``kind`` (actions.docx, rectification.docx) again, now
    holding what was decided there; an edited file is kept and the new one written beside it."""
    return render_pack(ws, meeting, only=(KIND_DOCUMENT[kind],))
