"""The plugin contract: every hook meetkit calls. A plugin implements any of them with
``@meetkit.hookimpl``; hooks are always called with keyword arguments, and an implementation
may accept fewer arguments than the spec names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pluggy import HookspecMarker

from .model.types import AgendaItem, DocumentSpec

if TYPE_CHECKING:
    from click import Group
    from flask import Flask

    from .model.meeting import Meeting
    from .model.types import MeetingType, Registry
    from .roster import Member

# The hooks' ``workspace`` is a ``meetkit.workspace.Workspace``, typed ``Any`` here: the host
# (a lower layer than the workspace) reads this module, so it never imports the workspace.
Workspace = Any

hookspec = HookspecMarker("meetkit")


@hookspec
def meetkit_register_meeting_types(register: Registry) -> None:
    """Add meeting types: call ``register.add(MeetingType(...))`` once per type.

    :param register: the registry; ``register.add`` refuses a key another plugin registered.
    """


@hookspec
def meetkit_documents(
    meeting_type: MeetingType, meeting: Meeting | None, workspace: Workspace | None
) -> list[DocumentSpec] | None:
    """Add documents to the pack of a meeting of ``meeting_type``.

    :param meeting_type: the ``MeetingType`` whose pack is being assembled.
    :param meeting: the meeting (a ``Meeting``) whose pack it is, or None when the type's
        documents are listed without one (``meetkit plugins``, ``check-template``).
    :param workspace: the ``Workspace``, or None with no meeting.
    :return: a list of ``DocumentSpec``, or None for no documents.

    An implementation may take fewer arguments (``def meetkit_documents(meeting_type)``).
    """


@hookspec
def meetkit_agenda(
    meeting: Meeting, meeting_type: MeetingType, items: list[AgendaItem], workspace: Workspace
) -> list[AgendaItem] | None:
    """Add or change agenda items before a meeting's documents are rendered.

    :param meeting: the meeting (a ``Meeting``), its details already settled.
    :param meeting_type: its ``MeetingType``.
    :param workspace: the ``Workspace`` (its store, members and config).
    :param items: the agenda so far, a list of ``AgendaItem``: change it in place to reorder,
        edit or remove items.
    :return: a list of ``AgendaItem`` to append, or None.
    """


@hookspec
def meetkit_template_context(
    meeting: Meeting,
    meeting_type: MeetingType,
    document: DocumentSpec,
    context: dict[str, Any],
    workspace: Workspace,
) -> dict[str, Any] | None:
    """Add variables to a document's template context.

    :param meeting: the meeting being rendered.
    :param meeting_type: its ``MeetingType``.
    :param workspace: the ``Workspace`` (its store, members and config).
    :param document: the ``DocumentSpec`` being rendered (look at ``document.name``).
    :param context: the context so far (read it; return what to add or replace).
    :return: a dict merged into the context, or None.
    """


@hookspec
def meetkit_meeting_context(
    meeting: Meeting,
    meeting_type: MeetingType,
    agenda: list[AgendaItem],
    members: list[Member],
    context: dict[str, Any],
    workspace: Workspace | None,
) -> dict[str, Any] | None:
    """Add variables every document of a meeting gets, computed once per pack (the decisions
    feature's tallies, the appraisal, the attachments).

    :param meeting: the meeting being rendered (``meeting.id`` is empty for a sample).
    :param meeting_type: its ``MeetingType``.
    :param agenda: its agenda, a list of ``AgendaItem`` (in the order of ``context["agenda"]``).
    :param members: the members expected to attend.
    :param context: the context so far (read it; return what to add or replace).
    :param workspace: the ``Workspace``, or None for a sample meeting (no store).
    :return: a dict merged into the context, or None.
    """


@hookspec
def meetkit_minutes_documents(
    meeting: Meeting, meeting_type: MeetingType, workspace: Workspace
) -> list[str] | None:
    """Name the documents written again with the real attendance by ``meetkit minutes``,
    besides the minutes and the sign-in sheet.

    :return: a list of document names, or None.
    """


@hookspec
def meetkit_vote_resolutions(
    meeting: Meeting, workspace: Workspace, lang: str
) -> dict[str, str] | None:
    """The words a passed vote item's line ends with (决议: 同意接收某某同志为中共预备党员).

    :return: a dict of item text -> words, or None.
    """


@hookspec
def meetkit_vote_recorded(meeting: Meeting, workspace: Workspace, item: str) -> list[str] | None:
    """A vote item's tally was recorded: what it sets off (a development step).

    :param item: the item's text.
    :return: a list of lines to show the user, or None.
    """


@hookspec
def meetkit_register_commands(cli: Group) -> None:
    """Add commands to ``meetkit``: call ``cli.add_command(command)`` with click commands.

    :param cli: the ``meetkit`` click group.
    """


@hookspec
def meetkit_register_routes(app: Flask, workspace: Workspace) -> None:
    """Add pages to ``meetkit serve`` (and the console): register views or blueprints on the
    Flask ``app``, e.g. ``app.add_url_rule("/x/<meeting_id>", view_func=view)``.

    :param app: the Flask app.
    :param workspace: the ``Workspace`` it serves.
    """


@hookspec
def meetkit_validate_meeting(
    meeting: Meeting, meeting_type: MeetingType, members: list[Member], workspace: Workspace | None
) -> list[str] | None:
    """Check a meeting before anything is written; any problem stops ``prepare``/``update``.

    :param meeting: the meeting about to be stored and rendered.
    :param meeting_type: its ``MeetingType``.
    :param members: the members expected to attend (a list of ``Member``).
    :param workspace: the ``Workspace`` (its config, members and store), or None when
        ``meetkit plugins`` exercises the hook without one.
    :return: a list of problems, each a one-line string, or None.
    """


# What each hook may return besides None: (test, words for the warning). The host skips a
# plugin that returns anything else.
RETURNS = {
    "meetkit_documents": (
        lambda r: isinstance(r, list) and all(isinstance(d, DocumentSpec) for d in r),
        "a list of DocumentSpec",
    ),
    "meetkit_agenda": (
        lambda r: isinstance(r, list) and all(isinstance(i, AgendaItem) for i in r),
        "a list of AgendaItem",
    ),
    "meetkit_template_context": (lambda r: isinstance(r, dict), "a dict"),
    "meetkit_meeting_context": (lambda r: isinstance(r, dict), "a dict"),
    "meetkit_minutes_documents": (
        lambda r: isinstance(r, list) and all(isinstance(n, str) for n in r),
        "a list of document names",
    ),
    "meetkit_vote_resolutions": (lambda r: isinstance(r, dict), "a dict"),
    "meetkit_vote_recorded": (
        lambda r: isinstance(r, list) and all(isinstance(n, str) for n in r),
        "a list of strings",
    ),
    "meetkit_validate_meeting": (
        lambda r: isinstance(r, list) and all(isinstance(p, str) for p in r),
        "a list of strings",
    ),
}
