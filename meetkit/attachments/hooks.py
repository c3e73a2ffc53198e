"""Attachments as a built-in plugin (DEFAULT_PLUGINS): the ``attachments`` variable of every
document (the minutes list them under 附件)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from meetkit import hookimpl

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..workspace import Workspace


@hookimpl
def meetkit_meeting_context(
    meeting: Meeting, context: dict[str, Any], workspace: Workspace | None
) -> dict[str, Any]:
    if workspace is None or not meeting.id:  # a sample meeting
        return {"attachments": []}
    from . import template_context

    return {"attachments": template_context(workspace, meeting, context.get("lang", meeting.lang))}
