"""The opinion page's code on paper: ``opinions-qr.png`` and the one-page poster
``opinions-poster.docx`` in the meeting's folder."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..workspace import Workspace

OPINION_QR_FILE = "opinions-qr.png"
POSTER = "opinions-poster"
POSTER_QR_MM = 60


def page_url(
    ws: Workspace, meeting: Meeting, opened: dt.datetime, public: str | None = None
) -> str:
    """The address of a meeting's opinion page (what its QR code holds)."""
    from ..attendance.tokens import opinion_token, opinion_url, public_url

    return opinion_url(
        public or public_url(ws.config), meeting.id, opinion_token(ws.secret, meeting.id, opened)
    )


def write_poster(ws: Workspace, meeting: Meeting, opened: dt.datetime) -> tuple[str, list]:
    """Write opinions-qr.png and opinions-poster.docx; returns (url, pack.Written items)."""
    from ..documents.context import Image, build_context
    from ..documents.pack import _write_kept
    from ..documents.qr import qr_png_bytes
    from ..documents.render import render_bytes
    from ..documents.templates import find_template
    from ..model.types import DocumentSpec

    url = page_url(ws, meeting, opened)
    png = qr_png_bytes(url)
    meeting_type = ws.plugins.meeting_type(meeting.type)
    context = build_context(
        config=ws.config,
        meeting=meeting,
        meeting_type=meeting_type,
        members=ws.store.expected_members(meeting.id),
        agenda=[],
        lang=meeting.lang,
        qr=None,
        signin_url="",
        short_code="",
    )
    context.update(opinion_qr=Image(png, POSTER_QR_MM), opinion_url=url)
    template, _origin = find_template(DocumentSpec(POSTER), meeting.lang, ws.root)
    data = render_bytes(template, context)
    folder = ws.meeting_folder(meeting)
    recorded = ws.store.written_documents(meeting.id)
    written = [
        _write_kept(
            ws, meeting, folder, "opinions-qr", OPINION_QR_FILE, png, recorded.get(OPINION_QR_FILE)
        ),
        _write_kept(
            ws, meeting, folder, POSTER, f"{POSTER}.docx", data, recorded.get(f"{POSTER}.docx")
        ),
    ]
    return url, written
