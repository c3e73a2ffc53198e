"""Developing new members as a built-in plugin (DEFAULT_PLUGINS): what a vote on an
applicant says when it passes, and the step a tally records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from meetkit import hookimpl

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..workspace import Workspace


@hookimpl
def meetkit_vote_resolutions(
    meeting: Meeting, workspace: Workspace, lang: str
) -> dict[str, str] | None:
    from .votes import resolutions

    return resolutions(workspace, meeting, lang) or None


@hookimpl
def meetkit_vote_recorded(meeting: Meeting, workspace: Workspace, item: str) -> list[str] | None:
    from .votes import tallied

    return tallied(workspace, meeting, item) or None
