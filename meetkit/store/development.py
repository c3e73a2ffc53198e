"""Queries of developing new members (发展党员): the people in the pipeline, their dated steps
and the general meeting's vote items linked to a step (mixed into ``Store``)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

if TYPE_CHECKING:
    from sqlalchemy.engine import Row

from .meetings import now
from .schema import development_people, development_steps, development_votes


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    applied: dt.date | None
    born: dt.date | None
    group: str
    note: str


@dataclass(frozen=True)
class Step:
    id: int
    person_id: int
    step: str
    date: dt.date
    date_to: dt.date | None = None
    by: tuple[str, ...] = field(default_factory=tuple)
    meeting_id: str | None = None
    hours: int | None = None
    months: int | None = None  # probation-review: the probation extended by so many months
    note: str = ""
    override: str | None = None


def _person(row: Row[Any]) -> Person:
    return Person(row.id, row.name, row.applied, row.born, row.grp or "", row.note or "")


def _step(row: Row[Any]) -> Step:
    return Step(
        id=row.id,
        person_id=row.person_id,
        step=row.step,
        date=row.date,
        date_to=row.date_to,
        by=tuple(json.loads(row.by or "[]")),
        meeting_id=row.meeting_id,
        hours=row.hours,
        months=row.months,
        note=row.note or "",
        override=row.override,
    )


class DevelopmentStore:
    """People in the pipeline, their steps, and the vote items that record a step."""

    engine: Engine  # set by Store, which mixes this in

    def add_person(
        self,
        name: str,
        applied: dt.date | None,
        born: dt.date | None = None,
        group: str = "",
        note: str = "",
    ) -> Person | None:
        """Store an applicant; None when someone of that name is already in the pipeline."""
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(development_people).values(
                        name=name,
                        applied=applied,
                        born=born,
                        grp=group,
                        note=note,
                        created_at=now(),
                    )
                )
        except IntegrityError:
            return None
        return self.person(name)

    def person(self, name: str) -> Person | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(development_people).where(development_people.c.name == name)
            ).first()
        return _person(row) if row else None

    def person_by_id(self, person_id: int) -> Person | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(development_people).where(development_people.c.id == person_id)
            ).first()
        return _person(row) if row else None

    def people(self) -> list[Person]:
        """Everyone in the pipeline, in the order added."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(development_people).order_by(development_people.c.id))
            return [_person(r) for r in rows]

    def add_step(
        self,
        person_id: int,
        step: str,
        date: dt.date,
        *,
        date_to: dt.date | None = None,
        by: list[str] | tuple[str, ...] = (),
        meeting_id: str | None = None,
        hours: int | None = None,
        months: int | None = None,
        note: str = "",
        override: str | None = None,
        replace: bool = False,
    ) -> int:
        """Store one step (``replace``: instead of the person's earlier step of that key, for
        steps taken once); returns its id. One transaction: all or nothing."""
        with self.engine.begin() as conn:
            if replace:
                conn.execute(
                    delete(development_steps).where(
                        development_steps.c.person_id == person_id,
                        development_steps.c.step == step,
                    )
                )
            result = conn.execute(
                insert(development_steps).values(
                    person_id=person_id,
                    step=step,
                    date=date,
                    date_to=date_to,
                    by=json.dumps(list(by), ensure_ascii=False),
                    meeting_id=meeting_id,
                    hours=hours,
                    months=months,
                    note=note,
                    override=override,
                    recorded_at=now(),
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return key[0]

    def steps(self, person_id: int | None = None) -> list[Step]:
        """A person's steps (everyone's without ``person_id``), by date then as recorded."""
        query = select(development_steps).order_by(development_steps.c.date, development_steps.c.id)
        if person_id is not None:
            query = query.where(development_steps.c.person_id == person_id)
        with self.engine.connect() as conn:
            return [_step(r) for r in conn.execute(query)]

    def set_applied(self, person_id: int, applied: dt.date) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(development_people)
                .where(development_people.c.id == person_id)
                .values(applied=applied)
            )

    # -- the general meeting's vote items ---------------------------------------------------
    def link_vote(self, meeting_id: str, item: str, person_id: int, step: str) -> None:
        """Vote item ``item`` of ``meeting_id`` records ``step`` of the person once tallied."""
        with self.engine.begin() as conn:
            conn.execute(
                delete(development_votes).where(
                    development_votes.c.meeting_id == meeting_id,
                    development_votes.c.item == item,
                )
            )
            conn.execute(
                insert(development_votes).values(
                    meeting_id=meeting_id, item=item, person_id=person_id, step=step
                )
            )

    def linked_votes(self, meeting_id: str) -> dict[str, tuple[int, str]]:
        """{item text: (person id, step)} of a meeting's linked vote items."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(development_votes).where(development_votes.c.meeting_id == meeting_id)
            )
            return {r.item: (r.person_id, r.step) for r in rows}
