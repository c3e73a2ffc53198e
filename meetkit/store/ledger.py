"""Read-only queries for the yearly ledger: who was expected, signed in or on leave at each
meeting of a year, and which documents each meeting's pack held. A few set-wise queries per
ledger (never one per meeting), so ten years of meetings stay fast."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

from .schema import documents, expected, leaves, meetings, signins


def _in_year(year: int) -> ColumnElement[bool]:
    return meetings.c.date.between(dt.date(year, 1, 1), dt.date(year, 12, 31))


class LedgerStore:
    """Queries the ledger needs (mixed into ``Store`` through ``ActionStore``)."""

    engine: Engine  # set by Store, which mixes this in

    def ledger_rows(self, year: int) -> dict:
        """Attendance facts of every meeting in ``year``.

        Returns ``{"expected": {meeting_id: [(member id, label, group, role, away)]},
        "signins": {meeting_id: {member id: status}}, "leaves": {meeting_id: {member id:
        kind}}, "documents": {meeting_id: {document name}}}``; meetings without rows are
        absent from a mapping. (Rows from before member ids have the name as id and label.)"""
        out: dict[str, defaultdict] = {
            "expected": defaultdict(list),
            "signins": defaultdict(dict),
            "leaves": defaultdict(dict),
            "documents": defaultdict(set),
        }
        with self.engine.connect() as conn:
            rows: Any = conn.execute(
                select(
                    expected.c.meeting_id,
                    expected.c.name,
                    expected.c.group_name,
                    expected.c.role,
                    expected.c.member_id,
                    expected.c.label,
                    expected.c.away,
                )
                .join(meetings, meetings.c.id == expected.c.meeting_id)
                .where(_in_year(year))
                .order_by(expected.c.meeting_id, expected.c.position)
            )
            for mid, name, group, role, ident, label, away in rows:
                out["expected"][mid].append(
                    (ident or name, label or name, group or "", role or "member", bool(away))
                )
            rows = conn.execute(
                select(signins.c.meeting_id, signins.c.name, signins.c.status)
                .join(meetings, meetings.c.id == signins.c.meeting_id)
                .where(_in_year(year))
            )
            for mid, name, status in rows:
                out["signins"][mid][name] = status
            rows = conn.execute(
                select(leaves.c.meeting_id, leaves.c.name, leaves.c.kind)
                .join(meetings, meetings.c.id == leaves.c.meeting_id)
                .where(_in_year(year))
            )
            for mid, name, kind in rows:
                out["leaves"][mid][name] = kind
            rows = conn.execute(
                select(documents.c.meeting_id, documents.c.name)
                .join(meetings, meetings.c.id == documents.c.meeting_id)
                .where(_in_year(year))
            )
            for mid, name in rows:
                out["documents"][mid].add(name)
        return {k: dict(v) for k, v in out.items()}

    def first_meeting_date(self) -> dt.date | None:
        """The date of the earliest stored meeting, or None."""
        from sqlalchemy import func

        with self.engine.connect() as conn:
            first = conn.execute(select(func.min(meetings.c.date))).scalar()
        if isinstance(first, str):  # SQLite's min() of the ISO text, untyped
            first = dt.date.fromisoformat(first)
        return first

    def meeting_years(self) -> list[int]:
        """The years that have meetings, ascending."""
        with self.engine.connect() as conn:
            dates = conn.execute(select(meetings.c.date).distinct()).scalars()
            return sorted({d.year for d in dates})
