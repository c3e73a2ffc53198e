"""Action items (follow-up tasks and rectification items) decided at meetings.

Every query on the ``actions`` table lives here. The ledger's read-only queries live in
``ledger.py`` and are mixed in through ``ActionStore``, so ``Store`` needs no change for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, insert, or_, select, true, update

from .ledger import LedgerStore
from .meetings import now
from .schema import actions, meetings

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Select
    from sqlalchemy.engine import Connection, Row

    from ..model.action import Action, ActionFields
    from ..model.meeting import Meeting

# Columns a caller may change with update_action (status through mark_done/reopen).
_EDITABLE = ("text", "owner", "owner_ids", "due", "measures", "note", "status")


def _action(row: Row[Any]) -> Action:
    from ..model.action import Action

    m = row._mapping
    return Action(
        id=m["id"],
        meeting_id=m["meeting_id"],
        text=m["text"],
        owner=m["owner"],
        owner_ids=m["owner_ids"],
        due=m["due"],
        kind=m["kind"],
        status=m["status"],
        measures=m["measures"] or "",
        note=m["note"] or "",
        created_at=m["created_at"],
        updated_at=m["updated_at"],
        done_at=m["done_at"],
        meeting_date=m["m_date"],
        meeting_type=m["m_type"],
        meeting_number=m["m_number"] or 1,
        meeting_group=m["m_group"] or "",
    )


def _select() -> Select[Any]:
    """Actions joined with the few meeting fields a listing shows."""
    return select(
        actions,
        meetings.c.date.label("m_date"),
        meetings.c.type.label("m_type"),
        meetings.c.number.label("m_number"),
        meetings.c.group_name.label("m_group"),
    ).join(meetings, meetings.c.id == actions.c.meeting_id)


def _before(meeting: Meeting) -> ColumnElement[bool]:
    """Meetings held before ``meeting`` (by date, time, then the order prepared)."""
    d, t, s = meeting.date, meeting.time, meeting.seq
    return or_(
        meetings.c.date < d,
        and_(
            meetings.c.date == d,
            or_(meetings.c.time < t, and_(meetings.c.time == t, meetings.c.seq < s)),
        ),
    )


def _scope(meeting: Meeting, scope: str) -> ColumnElement[bool]:
    """Which earlier meetings follow-up carries from: the same type (and party group), or all."""
    if scope == "branch":
        return true()
    return and_(meetings.c.type == meeting.type, meetings.c.group_name == (meeting.group or ""))


class ActionStore(LedgerStore):
    """Queries on action items (mixed into ``Store``)."""

    def add_action(
        self,
        meeting_id: str,
        text: str,
        text_key: str,
        owner: str,
        due: dt.date | None,
        kind: str = "task",
        measures: str = "",
        status: str = "open",
        note: str = "",
        owner_ids: str | None = None,
    ) -> int:
        """Store a new action of a meeting; returns its id."""
        with self.engine.begin() as conn:
            return self._insert_action(
                conn,
                meeting_id,
                dict(
                    text=text,
                    text_key=text_key,
                    owner=owner,
                    due=due,
                    kind=kind,
                    measures=measures,
                    status=status,
                    note=note,
                    owner_ids=owner_ids,
                ),
            )

    @staticmethod
    def _insert_action(conn: Connection, meeting_id: str, fields: dict) -> int:
        stamp = now()
        row = dict(
            fields,
            meeting_id=meeting_id,
            created_at=stamp,
            updated_at=stamp,
            done_at=stamp if fields.get("status") == "done" else None,
        )
        key = conn.execute(insert(actions).values(**row)).inserted_primary_key
        assert key is not None  # an INSERT of one row
        return key[0]

    def get_action(self, action_id: int) -> Action | None:
        """The action with this id (an ``Action``), or None."""
        with self.engine.connect() as conn:
            row = conn.execute(_select().where(actions.c.id == action_id)).first()
        return _action(row) if row else None

    def update_action(self, action_id: int, **fields: Any) -> None:
        """Change some of text, owner, due, measures, note, status; keeps done_at in step."""
        with self.engine.begin() as conn:
            self._update_action(conn, action_id, fields)

    @staticmethod
    def _update_action(conn: Connection, action_id: int, fields: Mapping[str, Any]) -> None:
        from ..model.action import text_key

        unknown = set(fields) - set(_EDITABLE)
        if unknown:
            raise ValueError(f"cannot update {sorted(unknown)}")
        values = dict(fields, updated_at=now())
        if "text" in values:
            values["text_key"] = text_key(values["text"])
        if values.get("status") == "done":
            values["done_at"] = values["updated_at"]
        elif values.get("status") == "open":
            values["done_at"] = None
        conn.execute(update(actions).where(actions.c.id == action_id).values(**values))

    def list_actions(
        self,
        *,
        status: str | None = None,
        owner: str | None = None,
        meeting_id: str | None = None,
        kind: str | None = None,
        due_before: dt.date | None = None,
    ) -> list:
        """Actions by meeting date then id; each filter is optional.

        ``owner`` matches one of several owners written ``A、B``; ``due_before`` keeps actions
        with a deadline earlier than that day (the overdue ones, with status="open")."""
        query = _select().order_by(meetings.c.date, meetings.c.seq, actions.c.id)
        if status:
            query = query.where(actions.c.status == status)
        if meeting_id:
            query = query.where(actions.c.meeting_id == meeting_id)
        if kind:
            query = query.where(actions.c.kind == kind)
        if due_before:
            query = query.where(actions.c.due.is_not(None), actions.c.due < due_before)
        with self.engine.connect() as conn:
            found = [_action(r) for r in conn.execute(query)]
        if owner:
            found = [a for a in found if owner in a.owners]
        return found

    def earlier_actions(
        self,
        meeting: Meeting,
        *,
        kind: str | None = None,
        scope: str = "type",
        open_at: dt.datetime | None = None,
        closed_between: tuple[dt.datetime | None, dt.datetime] | None = None,
    ) -> list:
        """Actions of meetings before ``meeting`` within ``scope`` (see ``_scope``).

        ``open_at`` (a local time): those open at that moment (open now, or closed since).
        ``closed_between`` (lo, hi): those closed at lo <= time < hi (no lower bound if lo is
        None). With neither, those open now."""
        query = (
            _select()
            .where(_before(meeting), _scope(meeting, scope))
            .order_by(meetings.c.date, meetings.c.seq, actions.c.id)
        )
        if kind:
            query = query.where(actions.c.kind == kind)
        if closed_between is not None:
            lo, hi = closed_between
            query = query.where(actions.c.status == "done", actions.c.done_at < hi)
            if lo is not None:
                query = query.where(actions.c.done_at >= lo)
        elif open_at is not None:
            query = query.where(or_(actions.c.status == "open", actions.c.done_at >= open_at))
        else:
            query = query.where(actions.c.status == "open")
        with self.engine.connect() as conn:
            return [_action(r) for r in conn.execute(query)]

    def previous_meeting(self, meeting: Meeting, scope: str = "type") -> Meeting | None:
        """The last meeting before ``meeting`` within ``scope``, or None."""
        from .meetings import _meeting

        query = (
            select(meetings)
            .where(_before(meeting), _scope(meeting, scope))
            .order_by(meetings.c.date.desc(), meetings.c.time.desc(), meetings.c.seq.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return _meeting(row) if row else None

    def apply_action_changes(
        self, meeting_id: str, new: list[dict], changes: list[tuple[int, ActionFields]]
    ) -> list[int]:
        """Insert ``new`` actions of a meeting and apply ``changes`` ((id, fields) pairs) in one
        transaction: all or nothing. Returns the new ids."""
        with self.engine.begin() as conn:
            ids = [self._insert_action(conn, meeting_id, fields) for fields in new]
            for action_id, fields in changes:
                self._update_action(conn, action_id, fields)
        return ids
