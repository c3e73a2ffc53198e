"""Meetings, their expected-member snapshots and the documents written for them."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Row

from .. import clock
from ..model.meeting import Meeting
from ..model.member import shown
from .schema import documents, expected, meetings, metadata, revisions

# Rows about a meeting that are not a record of what happened at it
_BOOKKEEPING = ("expected", "documents", "attempts", "revisions")


def _meeting_tables() -> list:
    """Every table with a meeting_id column, the meetings table aside."""
    return [t for t in metadata.sorted_tables if t.name != "meetings" and "meeting_id" in t.c]


_FIELDS = ("place", "topic", "host", "recorder", "lecturer", "lang", "number", "folder", "time")


def now() -> dt.datetime:
    """The moment to record: naive local time, to the second (as every timestamp column)."""
    return clock.now()


def _meeting(row: Row[Any]) -> Meeting:
    m = row._mapping
    return Meeting(
        id=m["id"],
        type=m["type"],
        date=m["date"],
        time=m["time"],
        place=m["place"] or "",
        topic=m["topic"] or "",
        host=m["host"] or "",
        recorder=m["recorder"] or "",
        lecturer=m["lecturer"] or "",
        group=m["group_name"] or "",
        lang=m["lang"] or "zh-CN",
        number=m["number"] or 1,
        folder=m["folder"] or "",
        seq=m["seq"],
        created_at=m["created_at"],
        signin_closed_at=m["signin_closed_at"],
        end_time=m["end_time"],
        cancelled_at=m["cancelled_at"],
        cancel_reason=m["cancel_reason"] or "",
        extra=json.loads(m["extra"] or "{}"),
    )


class MeetingStore:
    """Queries on meetings (mixed into ``Store``)."""

    engine: Engine  # set by Store, which mixes this in

    def add_meeting(self, meeting: Meeting, members: list) -> Meeting:
        """Store a new meeting and its expected members; pick a free id (``…-2`` when taken).

        Returns the meeting with its final ``id``, ``seq``, ``number`` and ``folder``.
        """
        base = f"{meeting.date.isoformat()}-{meeting.type}"
        for _ in range(50):
            with self.engine.begin() as conn:
                taken = set(
                    conn.execute(
                        select(meetings.c.id).where(meetings.c.id.like(f"{base}%"))
                    ).scalars()
                )
                new_id, n = base, 1
                while new_id in taken:
                    n += 1
                    new_id = f"{base}-{n}"
                seq = (conn.execute(select(func.max(meetings.c.seq))).scalar() or 0) + 1
                year = meeting.date.year
                same = [
                    meetings.c.type == meeting.type,
                    meetings.c.date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
                ]
                if meeting.group:  # a party group's meetings are numbered within the group
                    same.append(meetings.c.group_name == meeting.group)
                number = (
                    conn.execute(select(func.count()).select_from(meetings).where(*same)).scalar()
                    or 0
                ) + 1
                meeting.id, meeting.seq, meeting.number = new_id, seq, number
                meeting.folder = meeting.folder or f"meetings/{new_id}"
                meeting.created_at = now()
                try:
                    conn.execute(
                        insert(meetings).values(
                            **self._row(meeting), seq=seq, created_at=meeting.created_at
                        )
                    )
                except IntegrityError:
                    continue  # someone took the id meanwhile: pick again
                self._write_expected(conn, meeting.id, members)
                return meeting
        raise RuntimeError(f"could not allocate a meeting id for {base}")

    @staticmethod
    def _row(meeting: Meeting) -> dict:
        row = {f: getattr(meeting, f) for f in _FIELDS}
        row.update(
            id=meeting.id,
            type=meeting.type,
            date=meeting.date,
            group_name=meeting.group,
            extra=json.dumps(meeting.extra, ensure_ascii=False),
        )
        return row

    @staticmethod
    def _write_expected(conn: Connection, meeting_id: str, members: list) -> None:
        conn.execute(expected.delete().where(expected.c.meeting_id == meeting_id))
        if members:
            conn.execute(
                insert(expected),
                [
                    {
                        "meeting_id": meeting_id,
                        "position": i,
                        "name": m.name,
                        "status": m.status,
                        "group_name": m.group,
                        "role": m.role,
                        "voting": m.voting,
                        "member_id": m.id,
                        "label": shown(m),
                        "away": bool(m.away),
                        "note": m.note or "",
                    }
                    for i, m in enumerate(members)
                ],
            )

    def update_meeting(self, meeting: Meeting, members: list | None = None) -> None:
        """Save a meeting's changed details (and, when given, a new expected snapshot)."""
        row = self._row(meeting)
        row.pop("id")
        with self.engine.begin() as conn:
            conn.execute(update(meetings).where(meetings.c.id == meeting.id).values(**row))
            if members is not None:
                self._write_expected(conn, meeting.id, members)

    def get_meeting(self, meeting_id: str) -> Meeting | None:
        """The meeting with this id, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(meetings).where(meetings.c.id == meeting_id)).first()
        return _meeting(row) if row else None

    def list_meetings(self, year: int | None = None, type: str | None = None) -> list[Meeting]:
        """Meetings by date and time, ties in the order prepared."""
        query = select(meetings).order_by(meetings.c.date, meetings.c.time, meetings.c.seq)
        if year is not None:
            query = query.where(meetings.c.date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        if type is not None:
            query = query.where(meetings.c.type == type)
        with self.engine.connect() as conn:
            return [_meeting(r) for r in conn.execute(query)]

    def expected_members(self, meeting_id: str) -> list:
        """The members expected at a meeting, as frozen when it was prepared (each with
        ``label``: the name, or what told them apart from a same-named member)."""
        from ..roster import Member

        with self.engine.connect() as conn:
            rows = conn.execute(
                select(expected)
                .where(expected.c.meeting_id == meeting_id)
                .order_by(expected.c.position)
            ).all()
        out = []
        for r in rows:
            member = Member(
                name=r.name,
                status=r.status,
                group=r.group_name or "",
                role=r.role,
                id=r.member_id or r.name,
                away=bool(r.away),
                note=r.note or "",
            )
            member.label = shown(r)  # the label frozen with the meeting ("" before labels)
            out.append(member)
        return out

    def delete_meeting(self, meeting_id: str) -> None:
        """Forget a meeting and every row that refers to it, in one transaction (prepare rolls
        back with this; ``meetkit delete`` checks ``meeting_records`` first)."""
        with self.engine.begin() as conn:
            for table in _meeting_tables():
                conn.execute(table.delete().where(table.c.meeting_id == meeting_id))
            conn.execute(meetings.delete().where(meetings.c.id == meeting_id))

    def meeting_records(self, meeting_id: str) -> dict:
        """{table: rows} of what happened at a meeting (sign-ins, leaves, guests, votes,
        actions…): every table with a ``meeting_id`` except the meeting's own bookkeeping.
        Tables added later (votes, say) are counted without a change here."""
        counts = {}
        with self.engine.connect() as conn:
            for table in _meeting_tables():
                if table.name in _BOOKKEEPING:
                    continue
                n = conn.execute(
                    select(func.count()).select_from(table).where(table.c.meeting_id == meeting_id)
                ).scalar()
                if n:
                    counts[table.name] = n
        return counts

    def cancel_meeting(
        self, meeting_id: str, reason: str, when: dt.datetime | str | None = None
    ) -> None:
        """Mark a meeting cancelled (``when`` defaults to now), with the reason."""
        with self.engine.begin() as conn:
            conn.execute(
                update(meetings)
                .where(meetings.c.id == meeting_id)
                .values(cancelled_at=when or now(), cancel_reason=reason)
            )

    def uncancel_meeting(self, meeting_id: str) -> None:
        """Undo ``cancel_meeting`` (when its documents could not be written)."""
        with self.engine.begin() as conn:
            conn.execute(
                update(meetings)
                .where(meetings.c.id == meeting_id)
                .values(cancelled_at=None, cancel_reason=None)
            )

    def set_end_time(self, meeting_id: str, end_time: str | None) -> None:
        """Record when the meeting ended (HH:MM), or forget it (None)."""
        with self.engine.begin() as conn:
            conn.execute(
                update(meetings).where(meetings.c.id == meeting_id).values(end_time=end_time)
            )

    def bump_revision(self, meeting_id: str) -> int:
        """Count one more change to a meeting's details (``meetkit update``); return the new
        count, the SEQUENCE of its calendar invitation."""
        with self.engine.begin() as conn:
            current = conn.execute(
                select(revisions.c.sequence).where(revisions.c.meeting_id == meeting_id)
            ).scalar()
            if current is None:
                conn.execute(
                    insert(revisions).values(meeting_id=meeting_id, sequence=1, changed_at=now())
                )
                return 1
            conn.execute(
                update(revisions)
                .where(revisions.c.meeting_id == meeting_id)
                .values(sequence=current + 1, changed_at=now())
            )
            return current + 1

    def revision(self, meeting_id: str) -> int:
        """How many times a meeting's details were changed (0: never)."""
        with self.engine.connect() as conn:
            return (
                conn.execute(
                    select(revisions.c.sequence).where(revisions.c.meeting_id == meeting_id)
                ).scalar()
                or 0
            )

    def set_signin_closed(self, meeting_id: str, when: dt.datetime | str | None) -> None:
        """Close (a time) or reopen (None) sign-in for a meeting."""
        with self.engine.begin() as conn:
            conn.execute(
                update(meetings).where(meetings.c.id == meeting_id).values(signin_closed_at=when)
            )

    def record_document(self, meeting_id: str, name: str, path: str, sha256: str) -> None:
        """Remember what meetkit wrote to ``path`` (a file name in the meeting folder)."""
        with self.engine.begin() as conn:
            conn.execute(
                documents.delete().where(
                    documents.c.meeting_id == meeting_id, documents.c.path == path
                )
            )
            conn.execute(
                insert(documents).values(
                    meeting_id=meeting_id, name=name, path=path, sha256=sha256, written_at=now()
                )
            )

    def written_documents(self, meeting_id: str) -> dict:
        """{file name: sha256} of what meetkit last wrote for a meeting."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(documents.c.path, documents.c.sha256).where(
                    documents.c.meeting_id == meeting_id
                )
            ).all()
        return {r.path: r.sha256 for r in rows}
