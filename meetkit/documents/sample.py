"""A sample meeting of any type, built in memory from the workspace's settings and roster (or a
fictional demo branch when there is no workspace or no roster yet).

``meetkit plugins`` calls every hook with it, so a plugin that raises shows as failed before a
real meeting trips over it; ``meetkit check-template`` renders a template with its context.
Nothing is stored and nothing is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MeetkitError
from ..i18n import _
from .context import build_context

if TYPE_CHECKING:
    from ..config import Config
    from ..host.manager import Plugins
    from ..model.meeting import Meeting
    from ..model.types import DocumentSpec, MeetingType
    from ..roster import Member
    from ..workspace import Workspace

SAMPLE_URL = "http://127.0.0.1:8750/q/SAMPLECODE23"
SAMPLE_CODE = "000000"


@dataclass
class _Standin:
    """Just enough of a Workspace for ``pack.settle``: settings, roster, no folder."""

    config: Config
    members: list
    root: Path | None = None
    roster_path: Path = Path("members.csv")

    def member(self, name: str, option: str) -> Member:
        for m in self.members:
            if m.name == name:
                return m
        raise MeetkitError(_("{option}: unknown member {name!r}").format(option=option, name=name))


def _standin(workspace: Workspace | None, lang: str | None) -> Workspace | _Standin:
    from ..config import Config
    from ..model.demo import DEMO, demo_members

    if workspace is not None:
        members = workspace.members
        if members:
            return workspace
        config = workspace.config
        return _Standin(config, demo_members(config.lang), workspace.root, workspace.roster_path)
    lang = lang or "zh-CN"
    members = demo_members(lang)
    config = Config(
        branch=DEMO[lang]["branch"],
        secretary=members[0].name,
        organizer=members[1].name,
        higher_org=DEMO[lang]["higher_org"],
        place=DEMO[lang]["place"],
        lang=lang,
    )
    return _Standin(config, members)


def sample_meeting(
    meeting_type: MeetingType,
    *,
    workspace: Workspace | None = None,
    lang: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[Meeting, list, Workspace | _Standin]:
    """(meeting, expected members, the workspace or its stand-in) for a sample meeting of
    ``meeting_type``, with every detail defaulted as ``meetkit prepare --no-input`` would."""
    from .pack import Options, settle

    ws = _standin(workspace, lang)
    meeting, expected, _notes = settle(ws, meeting_type, Options(lang=lang), now=now)
    meeting.id = f"{meeting.date.isoformat()}-{meeting_type.key}"
    meeting.folder = f"meetings/{meeting.id}"
    return meeting, expected, ws


def _agenda(
    plugins: Plugins,
    ws: Workspace | _Standin,
    meeting: Meeting,
    meeting_type: MeetingType,
    workspace: Workspace | None,
) -> list:
    from ..model.agenda import load_agenda

    items = load_agenda(meeting_type, ws.root).localized(meeting.lang)
    for extra in plugins.call(
        "meetkit_agenda",
        meeting=meeting,
        meeting_type=meeting_type,
        items=items,
        workspace=workspace,
    ):
        items.extend(extra)
    return items


def _base_context(
    plugins: Plugins,
    meeting_type: MeetingType,
    workspace: Workspace | None,
    lang: str | None,
    filled: bool,
) -> tuple:
    meeting, expected, ws = sample_meeting(meeting_type, workspace=workspace, lang=lang)
    items = _agenda(plugins, ws, meeting, meeting_type, workspace)
    context = build_context(
        config=ws.config,
        meeting=meeting,
        meeting_type=meeting_type,
        members=expected,
        agenda=items,
        lang=meeting.lang,
        qr=None,
        signin_url=SAMPLE_URL,
        short_code=SAMPLE_CODE,
        code_url="http://127.0.0.1:8750/c",
    )
    for extra in plugins.call(  # a sample has no store: the plugins' blank variables
        "meetkit_meeting_context",
        meeting=meeting,
        meeting_type=meeting_type,
        agenda=items,
        members=expected,
        context=dict(context),
        workspace=None,
    ):
        context.update(extra)
    if filled:
        _fill(context, expected, meeting)
    return meeting, expected, context


def _fill(context: dict, expected: list, meeting: Meeting) -> None:
    """One sample row in each list the prepared pack leaves empty, so a template's loops are
    exercised too (every field docs/templates.md promises)."""
    name = expected[0].name if expected else "sample"
    action = {
        "no": 1,
        "text": "sample task",
        "owner": name,
        "due": meeting.date.isoformat(),
        "status": "open",
        "measures": "sample measures",
        "meeting": meeting.id,
    }
    for key in ("actions", "earlier_actions", "closed_actions"):
        if not context.get(key):
            context[key] = [dict(action)]
    attendance = context.get("attendance")
    if isinstance(attendance, dict) and not attendance.get("absent"):
        attendance["absent"] = [{"name": name, "reason": "sample reason"}]


def _template_hook(
    plugins: Plugins,
    meeting: Meeting,
    meeting_type: MeetingType,
    document: DocumentSpec,
    context: dict,
    workspace: Workspace | None,
) -> list:
    """The plugins' additions to ``document``'s context (they are given a copy of it)."""
    return plugins.call(
        "meetkit_template_context",
        meeting=meeting,
        meeting_type=meeting_type,
        document=document,
        context=dict(context),
        workspace=workspace,
    )


def sample_context(
    plugins: Plugins,
    meeting_type: MeetingType,
    document: DocumentSpec | None,
    *,
    workspace: Workspace | None = None,
    lang: str | None = None,
    filled: bool = True,
) -> dict:
    """The context ``document`` of a sample ``meeting_type`` meeting would be rendered with,
    plugins' additions included. ``filled`` adds a sample row to the lists a prepared pack
    leaves empty (actions, absentees)."""
    meeting, _expected, context = _base_context(plugins, meeting_type, workspace, lang, filled)
    if document is not None:
        for extra in _template_hook(plugins, meeting, meeting_type, document, context, workspace):
            context.update(extra)
    return context


def exercise(
    plugins: Plugins, meeting_type: MeetingType, documents: list, workspace: Workspace
) -> None:
    """Call every meeting hook once for a sample meeting of ``meeting_type`` (validation, agenda,
    each document's template context). A plugin that raises is marked failed by ``plugins``."""
    meeting, expected, context = _base_context(plugins, meeting_type, workspace, None, False)
    plugins.call(
        "meetkit_validate_meeting",
        meeting=meeting,
        meeting_type=meeting_type,
        members=expected,
        workspace=workspace,
    )
    for document in documents:
        _template_hook(plugins, meeting, meeting_type, document, context, workspace)


def check_plugins(plugins: Plugins, workspace: Workspace | None = None) -> None:
    """Call every hook once, as the commands would, so that a plugin that raises shows as
    failed in ``plugins.infos`` now, not in the middle of a meeting: the types, their documents
    and, given a ``workspace``, a sample meeting of each type (built in memory, nothing stored)."""
    for meeting_type in list(plugins.types.values()):
        documents = plugins.documents(meeting_type)
        if workspace is not None:
            # A MeetkitError stops that sample meeting only: the user's data (the roster, a
            # plugin's settings), or its own plugin failed (now marked failed in ``infos``).
            with contextlib.suppress(MeetkitError):
                exercise(plugins, meeting_type, documents, workspace)
