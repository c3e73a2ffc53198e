"""Action items, followed up: add, done, update, list; and what a meeting's documents carry
(the earlier meetings' open actions, those closed since). SQL stays in ``meetkit.store``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .. import cache, clock
from ..errors import MeetkitError
from ..i18n import _
from ..model.action import Action, ActionFields, text_key  # noqa: F401  (followup's names)
from .parse import KINDS, carry_scope, clean_text, owner_ids, parse_due, parse_owner, status_text

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from contextlib import AbstractContextManager

    from ..model.meeting import Meeting
    from ..workspace import Workspace

# --------------------------------------------------------------------------------------------
# Commands: add, done, update, list
# --------------------------------------------------------------------------------------------


def get(ws: Workspace, action_id: int | str) -> Action:
    """The action with this id, or an error."""
    try:
        number = int(str(action_id).lstrip("#"))
    except ValueError:
        raise MeetkitError(
            _("{id!r} is not an action id (a number; see `meetkit actions --all`)").format(
                id=action_id
            )
        ) from None
    action = ws.store.get_action(number)
    if action is None:
        raise MeetkitError(_("no action {id} (see `meetkit actions --all`)").format(id=number))
    return action


def add(
    ws: Workspace,
    meeting_id: str,
    text: str,
    owner: str,
    due: str | dt.date | None,
    kind: str = "task",
    measures: str = "",
) -> Action:
    """Record a new action decided at meeting ``meeting_id``; checks everything first."""
    meeting = ws.meeting(meeting_id)
    text = clean_text(text)
    if not text:
        raise MeetkitError(_("TEXT: the action's text is empty"))
    if kind not in KINDS:
        raise MeetkitError(
            _("--kind: {kind!r} is not one of {kinds}").format(kind=kind, kinds=", ".join(KINDS))
        )
    owner = parse_owner(ws, owner)
    due = parse_due(due)
    key = text_key(text)
    for existing in ws.store.list_actions(meeting_id=meeting.id, kind=kind):
        if text_key(existing.text) == key:
            raise MeetkitError(
                _("meeting {meeting} already has this action: #{id} {text}").format(
                    meeting=meeting.id, id=existing.id, text=existing.text
                )
            )
    new_id = ws.store.add_action(
        meeting.id,
        text,
        key,
        owner,
        due,
        kind,
        clean_text(measures),
        owner_ids=owner_ids(ws, owner),
    )
    return get(ws, new_id)


def done(
    ws: Workspace, action_id: int | str, note: str | None = None, by: str | None = None
) -> tuple[Action, bool]:
    """Mark an action done; returns (action, whether it changed). A rectification item is
    ticked off (销号) with who confirmed it: ``by``, else the secretary."""
    action = get(ws, action_id)
    confirmer = None
    if action.kind == "rectification" or by:
        confirmer = (
            parse_owner(ws, by, "--by")
            if by
            else (
                ws.config.secretary
                or next((m.name for m in ws.members if m.role == "secretary"), "")
            )
        )
    if action.status == "done" and note is None and by is None:
        return action, False

    fields: ActionFields = {"status": "done"}
    if note is not None:
        fields["note"] = clean_text(note)
    ws.store.update_action(action.id, **fields)
    if confirmer:
        ws.store.confirm_action(action.id, confirmer, clean_text(note or ""))
    return get(ws, action.id), True


def update(
    ws: Workspace,
    action_id: int | str,
    *,
    due: str | dt.date | None = None,
    owner: str | None = None,
    note: str | None = None,
    text: str | None = None,
    measures: str | None = None,
    reopen: bool = False,
) -> Action:
    """Change an action's deadline, owner, note, text or measures, or reopen it. Everything is
    checked before anything is written."""
    action = get(ws, action_id)
    fields: ActionFields = {}
    if due is not None:
        fields["due"] = parse_due(due)
    if owner is not None:
        fields["owner"] = parse_owner(ws, owner)
        fields["owner_ids"] = owner_ids(ws, fields["owner"])
    if note is not None:
        fields["note"] = clean_text(note)
    if measures is not None:
        fields["measures"] = clean_text(measures)
    if text is not None:
        fields["text"] = clean_text(text)
        if not fields["text"]:
            raise MeetkitError(_("--text: the action's text is empty"))
    if reopen:
        fields["status"] = "open"
    if not fields:
        raise MeetkitError(
            _("nothing to change: give --due, --owner, --note, --text, --measures or --reopen")
        )
    ws.store.update_action(action.id, **fields)
    return get(ws, action.id)


def listing(
    ws: Workspace,
    which: str = "open",
    owner: str | None = None,
    meeting_id: str | None = None,
    kind: str | None = None,
    today: dt.date | None = None,
) -> list[Action]:
    """Actions to list: ``which`` is open, overdue or all."""
    today = today or clock.today()
    if owner:
        parse_owner(ws, owner)
    if meeting_id:
        ws.meeting(meeting_id)
    if which == "all":
        return ws.store.list_actions(owner=owner, meeting_id=meeting_id, kind=kind)
    if which == "overdue":
        return ws.store.list_actions(
            status="open", owner=owner, meeting_id=meeting_id, kind=kind, due_before=today
        )
    return ws.store.list_actions(status="open", owner=owner, meeting_id=meeting_id, kind=kind)


# --------------------------------------------------------------------------------------------
# Carry-over: what a meeting's documents show
# --------------------------------------------------------------------------------------------


def meeting_label(ws: Workspace, action: Action, lang: str) -> str:
    """The meeting that decided an action, as documents name it: 2026年第3次支部党员大会."""
    from ..documents.context import meeting_title
    from ..model.meeting import Meeting

    if action.meeting_date is None:  # not read from the store, which always joins the meeting
        return action.meeting_id
    try:
        meeting_type = ws.plugins.meeting_type(action.meeting_type)
    except MeetkitError:  # the type's plugin is gone: the id still names the meeting
        return action.meeting_id
    stub = Meeting(
        id=action.meeting_id,
        type=action.meeting_type,
        date=action.meeting_date,
        time="00:00",
        number=action.meeting_number,
    )
    return meeting_title("", stub, meeting_type, lang)


def rows(
    ws: Workspace, actions: list[Action], lang: str, today: dt.date | None = None
) -> list[dict]:
    """Template rows (docs/templates.md): no, text, owner, due, status, plus meeting,
    measures, note, id, overdue."""
    from ..documents.context import long_date

    today = today or clock.today()
    labels: dict[str, str] = {}
    # Who confirmed a rectification item done (对单销号), and when: `action done --by`.
    confirmed = (
        ws.store.confirmations(a.id for a in actions if a.status == "done")
        if hasattr(ws.store, "confirmations")
        else {}
    )
    out = []
    for no, a in enumerate(actions, 1):
        if a.meeting_id not in labels:
            labels[a.meeting_id] = meeting_label(ws, a, lang)
        out.append(
            {
                "no": no,
                "id": a.id,
                "text": a.text,
                "owner": a.owner,
                "due": long_date(a.due, lang) if a.due else "",
                "due_iso": a.due.isoformat() if a.due else "",
                "status": status_text(a, lang),
                "measures": a.measures,
                "note": a.note,
                "kind": a.kind,
                "meeting": labels[a.meeting_id],
                "meeting_id": a.meeting_id,
                "overdue": a.overdue(today),
                "closed": long_date(a.done_at.date(), lang)
                if a.status == "done" and a.done_at
                else "",
                "confirmed_by": confirmed.get(a.id, ("", ""))[0],
            }
        )
    return out


def day_after(meeting: Meeting) -> dt.datetime:
    """Midnight after a meeting's day: an action closed before it was reported at that meeting
    (or earlier); one still open then is carried into it."""
    return dt.datetime.combine(meeting.date + dt.timedelta(days=1), dt.time())


# While one meeting's documents render, its follow-up lists, read once (see ``reading``).


def reading() -> AbstractContextManager[None]:
    """Within: ``carried``, ``closed_since_last`` and ``own`` read each (workspace, meeting,
    kind) once, not once per document (meetkit.cache; the renderer opens it for a pack)."""
    return cache.scope()


def _remembered(
    what: str, ws: Workspace, meeting: Meeting, kind: str, read: Callable[[], Iterable[Action]]
) -> list[Action]:
    key = ("followup", what, id(ws), meeting.id, meeting.date, meeting.time, kind)
    return list(cache.remembered(key, read))  # a list of its own: callers extend what they get


def own(ws: Workspace, meeting: Meeting, kind: str = "task") -> list[Action]:
    """The actions ``meeting`` itself decided, of ``kind``."""
    return _remembered(
        "own", ws, meeting, kind, lambda: ws.store.list_actions(meeting_id=meeting.id, kind=kind)
    )


def carried(ws: Workspace, meeting: Meeting, kind: str = "task") -> list[Action]:
    """Actions of ``kind`` from earlier meetings (within ``carry_scope``) still open at the
    end of ``meeting``'s day: open now, or closed after that day."""
    return _remembered(
        "carried",
        ws,
        meeting,
        kind,
        lambda: ws.store.earlier_actions(
            meeting, kind=kind, scope=carry_scope(ws), open_at=day_after(meeting)
        ),
    )


def closed_since_last(ws: Workspace, meeting: Meeting, kind: str = "task") -> list[Action]:
    """Actions of earlier meetings closed after the day of the last meeting before this one
    (same scope) and by the end of this meeting's day: what this meeting hears was done."""
    return _remembered("closed", ws, meeting, kind, lambda: _closed_since_last(ws, meeting, kind))


def _closed_since_last(ws: Workspace, meeting: Meeting, kind: str) -> list[Action]:
    scope = carry_scope(ws)
    previous = ws.store.previous_meeting(meeting, scope)
    if previous is None:
        return []
    low = (
        day_after(previous) if previous.date < meeting.date else previous.start
    )  # two meetings on one day
    return ws.store.earlier_actions(
        meeting, kind=kind, scope=scope, closed_between=(low, day_after(meeting))
    )
