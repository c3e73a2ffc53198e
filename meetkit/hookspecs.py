"""The plugin contract: every hook meetkit calls. A plugin implements any of them with
``@meetkit.hookimpl``; hooks are always called with keyword arguments, and an implementation
may accept fewer arguments than the spec names."""

from pluggy import HookspecMarker

from .meetingtypes import AgendaItem, DocumentSpec

hookspec = HookspecMarker("meetkit")


@hookspec
def meetkit_register_meeting_types(register):
    """Add meeting types: call ``register.add(MeetingType(...))`` once per type.

    :param register: the registry; ``register.add`` refuses a key another plugin registered.
    """


@hookspec
def meetkit_documents(meeting_type):
    """Add documents to the pack of every meeting of ``meeting_type``.

    :param meeting_type: the ``MeetingType`` whose pack is being assembled.
    :return: a list of ``DocumentSpec``, or None for no documents.
    """


@hookspec
def meetkit_agenda(meeting, meeting_type, items, workspace):
    """Add or change agenda items before a meeting's documents are rendered.

    :param meeting: the meeting (a ``Meeting``), its details already settled.
    :param meeting_type: its ``MeetingType``.
    :param workspace: the ``Workspace`` (its store, members and config).
    :param items: the agenda so far, a list of ``AgendaItem``: change it in place to reorder,
        edit or remove items.
    :return: a list of ``AgendaItem`` to append, or None.
    """


@hookspec
def meetkit_template_context(meeting, meeting_type, document, context, workspace):
    """Add variables to a document's template context.

    :param meeting: the meeting being rendered.
    :param meeting_type: its ``MeetingType``.
    :param workspace: the ``Workspace`` (its store, members and config).
    :param document: the ``DocumentSpec`` being rendered (look at ``document.name``).
    :param context: the context so far (read it; return what to add or replace).
    :return: a dict merged into the context, or None.
    """


@hookspec
def meetkit_validate_meeting(meeting, meeting_type, members, workspace):
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
    "meetkit_validate_meeting": (
        lambda r: isinstance(r, list) and all(isinstance(p, str) for p in r),
        "a list of strings",
    ),
}
