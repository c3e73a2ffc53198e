"""Queries of the organizational life meeting: opinions and their page, heart-to-heart talks,
and who confirmed a rectification item done (mixed into ``Store``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.engine import CursorResult, Row

from .meetings import now
from .schema import confirmations, opinion_pages, opinions, talks


@dataclass(frozen=True)
class Opinion:
    key: str  # random: no order of arrival
    meeting_id: str
    text: str
    category: str
    about: str
    name: str
    source: str
    day: dt.date


def _opinion(r: Row[Any]) -> Opinion:
    day = r.day if isinstance(r.day, dt.date) else dt.date.fromisoformat(str(r.day))
    return Opinion(
        r.key, r.meeting_id, r.text, r.category, r.about or "", r.name or "", r.source, day
    )


@dataclass(frozen=True)
class Talk:
    id: int
    meeting_id: str
    a: str
    b: str
    date: dt.date | None
    topic: str
    note: str


def _new_id(result: CursorResult[Any]) -> int:
    """The id an INSERT of one row gave it."""
    key = result.inserted_primary_key
    assert key is not None
    return key[0]


class LifeStore:
    """Opinions, the opinion page, talks and confirmations."""

    engine: Engine  # set by Store, which mixes this in

    # -- opinions ---------------------------------------------------------------------------
    def add_opinion(
        self,
        meeting_id: str,
        text: str,
        category: str,
        *,
        source: str,
        about: str = "",
        name: str = "",
    ) -> str:
        """Store one opinion under a new random key (the day, not the moment); returns it."""
        import secrets

        from sqlalchemy.exc import IntegrityError

        for _attempt in range(8):
            key = secrets.token_hex(4)
            try:
                with self.engine.begin() as conn:
                    conn.execute(
                        insert(opinions).values(
                            meeting_id=meeting_id,
                            key=key,
                            text=text,
                            category=category,
                            about=about,
                            name=name,
                            source=source,
                            day=now().date(),
                        )
                    )
                return key
            except IntegrityError:  # the same key twice in one meeting: draw again
                continue
        raise RuntimeError("no free opinion key in 8 draws")

    def opinions(self, meeting_id: str) -> list[Opinion]:
        """A meeting's opinions, by text (the order they came in is not kept)."""
        query = (
            select(opinions)
            .where(opinions.c.meeting_id == meeting_id)
            .order_by(opinions.c.text, opinions.c.key)
        )
        with self.engine.connect() as conn:
            return [_opinion(r) for r in conn.execute(query)]

    def get_opinion(self, meeting_id: str, key: str) -> Opinion | None:
        with self.engine.connect() as conn:
            r = conn.execute(
                select(opinions).where(opinions.c.meeting_id == meeting_id, opinions.c.key == key)
            ).first()
        return _opinion(r) if r else None

    def shuffle_opinions(self) -> None:
        """Write the opinions again in the order of their random keys (when a page closes):
        no order of arrival is left in the file, nor any row version (PostgreSQL)."""
        from .decisions import _rewrite

        with self.engine.begin() as conn:
            rows = [dict(r._mapping) for r in conn.execute(select(opinions))]
            rows.sort(key=lambda r: (r["meeting_id"], r["key"]))
            _rewrite(conn, opinions, rows)

    def opinion_page(self, meeting_id: str) -> tuple[dt.datetime, dt.datetime | None] | None:
        """(opened_at, closed_at) of a meeting's opinion page, or None if never opened."""
        with self.engine.connect() as conn:
            r = conn.execute(
                select(opinion_pages).where(opinion_pages.c.meeting_id == meeting_id)
            ).first()
        return (r.opened_at, r.closed_at) if r else None

    def set_opinion_page(self, meeting_id: str, open_: bool) -> None:
        """Open (again) or close a meeting's opinion page."""
        stamp = now()
        with self.engine.begin() as conn:
            found = conn.execute(
                select(opinion_pages.c.meeting_id).where(opinion_pages.c.meeting_id == meeting_id)
            ).first()
            if found is None:
                if open_:
                    conn.execute(
                        insert(opinion_pages).values(
                            meeting_id=meeting_id, opened_at=stamp, closed_at=None
                        )
                    )
                return
            values = {"closed_at": None} if open_ else {"closed_at": stamp}
            conn.execute(
                update(opinion_pages)
                .where(opinion_pages.c.meeting_id == meeting_id)
                .values(**values)
            )
        if not open_:
            self.shuffle_opinions()
            forget = getattr(self, "forget_history", None)
            if forget is not None:
                forget()

    # -- talks ------------------------------------------------------------------------------
    def add_talk(
        self, meeting_id: str, a: str, b: str, date: dt.date | None, topic: str = "", note: str = ""
    ) -> int:
        """Store one talk between ``a`` and ``b`` (member ids); returns its id."""
        with self.engine.begin() as conn:
            return _new_id(
                conn.execute(
                    insert(talks).values(
                        meeting_id=meeting_id,
                        a=a,
                        b=b,
                        date=date,
                        topic=topic,
                        note=note,
                        created_at=now(),
                    )
                )
            )

    def talks(self, meeting_id: str) -> list[Talk]:
        """A meeting's talks, by date then as recorded."""
        query = select(talks).where(talks.c.meeting_id == meeting_id).order_by(talks.c.id)
        with self.engine.connect() as conn:
            return [
                Talk(r.id, r.meeting_id, r.a, r.b, r.date, r.topic or "", r.note or "")
                for r in conn.execute(query)
            ]

    # -- confirmations ----------------------------------------------------------------------
    def confirm_action(self, action_id: int, by: str, note: str = "") -> None:
        """Record who confirmed an action done (replacing an earlier confirmation)."""
        with self.engine.begin() as conn:
            conn.execute(delete(confirmations).where(confirmations.c.action_id == action_id))
            conn.execute(
                insert(confirmations).values(
                    action_id=action_id, confirmed_by=by, note=note, at=now()
                )
            )

    def confirmations(self, action_ids: Iterable[int]) -> dict[int, tuple[str, dt.datetime]]:
        """action id -> (who confirmed, when) for those of ``action_ids`` confirmed."""
        ids = list(action_ids)
        if not ids:
            return {}
        with self.engine.connect() as conn:
            return {
                r.action_id: (r.confirmed_by, r.at)
                for r in conn.execute(
                    select(confirmations).where(confirmations.c.action_id.in_(ids))
                )
            }
