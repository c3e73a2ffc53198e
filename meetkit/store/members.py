"""The ids meetkit gave members (``member_ids``): see meetkit.members for the matching."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.engine import Engine

from .. import clock
from .schema import actions, expected, leaves, member_ids, signins


@dataclass(frozen=True)
class Identity:
    """A member as meetkit last saw them on the roster."""

    id: str
    name: str
    group: str
    phone: str


class MemberStore:
    """Queries on member ids (mixed into ``Store``)."""

    engine: Engine  # set by Store, which mixes this in

    def identities(self) -> list[Identity]:
        """Every member id ever given, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(member_ids).order_by(member_ids.c.updated_at, member_ids.c.id)
            ).all()
        return [Identity(r.id, r.name, r.group_name or "", r.phone or "") for r in rows]

    def save_identities(self, changed: list[Identity]) -> None:
        """Store new or changed identities (one transaction)."""
        if not changed:
            return
        now = clock.now()
        with self.engine.begin() as conn:
            conn.execute(delete(member_ids).where(member_ids.c.id.in_([i.id for i in changed])))
            conn.execute(
                insert(member_ids),
                [
                    {
                        "id": i.id,
                        "name": i.name,
                        "group_name": i.group,
                        "phone": i.phone,
                        "updated_at": now,
                    }
                    for i in changed
                ],
            )

    def rekey_member(self, old: str, new: str) -> None:
        """Move a member's history from id ``old`` to ``new`` (a roster that gained an id
        column): expected rows, sign-ins and leave, in one transaction."""
        with self.engine.begin() as conn:
            conn.execute(
                update(expected)
                .where(
                    or_(
                        expected.c.member_id == old,
                        and_(expected.c.member_id.is_(None), expected.c.name == old),
                    )
                )
                .values(member_id=new)
            )
            for table in (signins, leaves):  # their ``name`` is the member's id
                conn.execute(update(table).where(table.c.name == old).values(name=new))
            for row in conn.execute(
                select(actions.c.id, actions.c.owner_ids, actions.c.owner).where(
                    or_(
                        actions.c.owner_ids.contains(old),
                        and_(actions.c.owner_ids.is_(None), actions.c.owner.contains(old)),
                    )
                )
            ).all():
                ids = (row.owner_ids if row.owner_ids is not None else row.owner).split("、")
                if old in ids:
                    conn.execute(
                        update(actions)
                        .where(actions.c.id == row.id)
                        .values(owner_ids="、".join(new if i == old else i for i in ids))
                    )
            conn.execute(delete(member_ids).where(member_ids.c.id == old))
