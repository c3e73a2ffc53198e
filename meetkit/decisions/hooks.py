"""Decisions as a built-in plugin (DEFAULT_PLUGINS): the vote tallies, the printed 表决票 of a
personnel vote, and the democratic appraisal's variables and documents, given to every meeting
through the same hooks a third-party plugin implements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from meetkit import DocumentSpec, hookimpl

if TYPE_CHECKING:
    from flask import Flask

    from ..model.meeting import Meeting
    from ..model.types import AgendaItem, MeetingType
    from ..workspace import Workspace

VOTE_BALLOTS = DocumentSpec("vote-ballots", {"zh-CN": "表决票", "en": "Voting slips"}, order=45)


def _stored(meeting: Meeting | None, workspace: Workspace | None) -> bool:
    """A stored meeting of a real workspace (a sample meeting has no id and no store)."""
    return bool(meeting is not None and meeting.id and workspace is not None)


@hookimpl
def meetkit_documents(
    meeting_type: MeetingType, meeting: Meeting | None, workspace: Workspace | None
) -> list[DocumentSpec] | None:
    if meeting is None or workspace is None or not _stored(meeting, workspace):
        return None
    from ..model.agenda import agenda_items
    from . import appraisal
    from .votes import has_personnel

    docs = []
    if has_personnel(agenda_items(workspace, meeting, meeting_type)):
        docs.append(VOTE_BALLOTS)
    if meeting.id and workspace.store.appraisal(meeting.id) is not None:  # once held
        docs += [appraisal.TALLY, appraisal.RESULT]
    return docs or None


@hookimpl
def meetkit_meeting_context(
    meeting: Meeting,
    meeting_type: MeetingType,
    agenda: list[AgendaItem],
    members: list,
    context: dict[str, Any],
    workspace: Workspace | None,
) -> dict[str, Any]:
    """Each agenda row's ``tally`` and ``appraisal``; ``decisions``, ``personnel_votes``,
    ``ballot_slips`` and ``appraisal`` (docs/templates.md)."""
    from . import appraisal, votes

    lang = context.get("lang", meeting.lang)
    rows = [dict(row) for row in context["agenda"]]
    if workspace is None or not _stored(
        meeting, workspace
    ):  # a sample: the items known, no tallies
        from ..attendance.rules import should_attend

        came = (context.get("attendance") or {}).get("attended_ids", ())
        exclude = getattr(getattr(workspace, "config", None), "exclude_away", True)
        counted = should_attend(members, exclude, came)
        out = votes.blank_context(rows, agenda, counted, meeting_type, lang)
        out["appraisal"] = appraisal.blank_context(counted, lang)
        return {**out, "agenda": rows}
    out = votes.template_context(workspace, meeting, meeting_type, agenda, members, lang)
    for row, item, tally in zip(rows, agenda, out.pop("tallies")):
        row.update(tally=tally, appraisal=bool(item.appraisal))
    out["appraisal"] = appraisal.template_context(workspace, meeting, members, lang)
    return {**out, "agenda": rows}


@hookimpl
def meetkit_minutes_documents(meeting: Meeting, workspace: Workspace) -> list[str] | None:
    """The appraisal's tally and result, written again with the minutes that sum them up."""
    from .appraisal import minutes_documents

    return list(minutes_documents(workspace, meeting)) or None


@hookimpl
def meetkit_register_routes(app: Flask, workspace: Workspace) -> None:
    """The secret ballot's and the appraisal's phone pages and their admin views: this feature's blueprint."""
    from .web import bp

    app.register_blueprint(bp)
