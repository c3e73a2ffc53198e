"""Votes, secret ballots and the democratic appraisal: the rows behind meetkit/decisions/votes.py,
ballots.py and appraisal.py.

Secrecy lives in the shape of these tables (docs/decisions.md): who has voted is kept apart
from what was chosen; choices are counters, never rows per ballot; nothing carries a time, a
device or an address. Every ballot is one transaction that writes first (``UPDATE … cast + 1``)
so it waits for the writer lock instead of reading a stale snapshot, and a member's second
ballot fails on the voters' primary key: a ballot is counted once or not at all. A ballot adds
to its counter and rewrites every other counter of the ballot unchanged (EvaP's no-op update),
so the newest row versions don't tell which counter moved.

Closing seals: the voters (sorted), the counters (sorted) and the reasons (in an order of their
text, under new random keys) are written again, in the closing transaction, into emptied tables
(``_seal``): on PostgreSQL ``TRUNCATE`` gives each a new file, so the dead row versions of the
ballots go with the old one and every row carries the closing transaction's ``xmin``; on SQLite
``secure_delete`` zeroes the old cells and pages and the write-ahead log is emptied after.

Over 400 lines because votes, ballots and the appraisal share these tables' secrecy rules:
split, each part would have to restate them.
"""

from __future__ import annotations

import json
import secrets
from typing import TYPE_CHECKING, Any, TypedDict

from sqlalchemy import Table, case, insert, select, tuple_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

from .meetings import now
from .schema import (
    appraisal_counts,
    appraisal_grades,
    appraisal_reasons,
    appraisal_voters,
    appraisals,
    ballot_counts,
    ballot_paper,
    ballot_voters,
    ballots,
    votes,
)


class AppraisalState(TypedDict):
    """A meeting's appraisal as ``Store.appraisal`` gives it."""

    state: str  # open | closed
    ballots: int  # phone and paper ballots counted
    committee: bool  # the ballot assesses the branch committee too


def _replace_row(conn: Connection, table: Table, key: dict[str, Any], **values: Any) -> bool:
    """Delete ``table``'s row at ``key`` ({column: value}) and insert ``key`` with ``values``
    in its place, in ``conn``'s transaction; True when a row was replaced."""
    gone = conn.execute(
        table.delete().where(*(table.c[column] == value for column, value in key.items()))
    ).rowcount
    conn.execute(insert(table).values(**key, **values))
    return bool(gone)


def _replace_vote(
    conn: Connection, meeting_id: str, item: str, yes: int, no: int, abstain: int, method: str
) -> bool:
    """Store an item's tally in place of any earlier one; True when it replaced one."""
    return _replace_row(
        conn,
        votes,
        {"meeting_id": meeting_id, "item": item},
        yes=yes,
        no=no,
        abstain=abstain,
        method=method,
        recorded_at=now(),
    )


def _rewrite(conn: Connection, table: Table, rows: list[dict]) -> None:
    """Empty ``table`` and insert ``rows`` in this order, in ``conn``'s transaction. PostgreSQL:
    TRUNCATE, so the rows go to a new file and the old one (dead versions and all) is removed
    at commit; SQLite: DELETE, whose cells ``secure_delete`` zeroes."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f'TRUNCATE TABLE "{table.name}"')
    else:
        conn.execute(table.delete())
    if rows:
        conn.execute(insert(table), rows)


def _seal(conn: Connection, *tables: Table) -> None:
    """Write ``tables`` again so no order of casting is left in them (see the module's doc):
    rows sorted by their key; the reasons sorted by their text, under fresh random keys."""
    for table in tables:
        rows = [dict(r._mapping) for r in conn.execute(select(table))]
        if table is appraisal_reasons:
            for row in rows:
                row["key"] = secrets.token_hex(16)
            rows.sort(key=lambda r: (r["meeting_id"], r["subject"], r["reason"], r["key"]))
        else:
            columns = [c.name for c in table.primary_key.columns]
            rows.sort(key=lambda r: tuple(r[c] for c in columns))
        _rewrite(conn, table, rows)


def _lock(conn: Connection, table: Table) -> None:
    """PostgreSQL: wait for ballots being cast (they update ``table`` first) and hold new ones
    back until this transaction ends, so none is cast into a table being sealed. (SQLite's
    single writer lock already does this.)"""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f'LOCK TABLE "{table.name}" IN SHARE ROW EXCLUSIVE MODE')


class AlreadyVoted(Exception):
    """This member's ballot is already in."""


class NotOpen(Exception):
    """No open ballot (never opened, or closed)."""


class TooMany(Exception):
    """More paper ballots than voting members present who have not voted by phone;
    ``args``: (room left, phone ballots cast)."""


def _paper(conn: Connection, meeting_id: str, item: str) -> list[int] | None:
    row = conn.execute(
        select(ballot_paper.c.yes, ballot_paper.c.no, ballot_paper.c.abstain).where(
            ballot_paper.c.meeting_id == meeting_id, ballot_paper.c.item == item
        )
    ).first()
    return list(row) if row else None


def _phone_counts(conn: Connection, meeting_id: str, item: str) -> list[int]:
    rows = conn.execute(
        select(ballot_counts.c.choice, ballot_counts.c.count)
        .where(ballot_counts.c.meeting_id == meeting_id, ballot_counts.c.item == item)
        .order_by(ballot_counts.c.choice)
    ).all()
    # (a Row's ``count`` is also the tuple method: take the column by position)
    return [count for _choice, count in rows]


def _store_ballot_tally(conn: Connection, meeting_id: str, item: str) -> list[int]:
    """The item's vote (method ``ballot``): phone counters plus paper totals."""
    phone = _phone_counts(conn, meeting_id, item)
    paper = _paper(conn, meeting_id, item) or [0, 0, 0]
    tally = [n + paper[i] for i, n in enumerate(phone)]
    counts = tally + [0, 0, 0]
    _replace_vote(conn, meeting_id, item, counts[0], counts[1], counts[2], "ballot")
    return tally


class DecisionStore:
    """Queries on votes, ballots and appraisals (mixed into ``Store``)."""

    engine: Engine  # set by Store, which mixes this in
    url: str

    # -- tallies ----------------------------------------------------------------------------
    def record_vote(
        self, meeting_id: str, item: str, yes: int, no: int, abstain: int, method: str
    ) -> bool:
        """Store an item's tally; True when it replaced an earlier one."""
        with self.engine.begin() as conn:
            return _replace_vote(conn, meeting_id, item, yes, no, abstain, method)

    def votes(self, meeting_id: str) -> dict:
        """{item text: {"for", "against", "abstain", "method"}} of a meeting."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(votes).where(votes.c.meeting_id == meeting_id)).all()
        return {
            r.item: {"for": r.yes, "against": r.no, "abstain": r.abstain, "method": r.method}
            for r in rows
        }

    # -- secret ballots ---------------------------------------------------------------------
    def open_ballot(self, meeting_id: str, item: str, choices: list) -> None:
        """Open a ballot with zeroed counters; IntegrityError when one exists (open or closed)."""
        with self.engine.begin() as conn:
            conn.execute(
                insert(ballots).values(
                    meeting_id=meeting_id,
                    item=item,
                    choices=json.dumps(choices, ensure_ascii=False),
                    state="open",
                    cast=0,
                )
            )
            conn.execute(
                insert(ballot_counts),
                [
                    {"meeting_id": meeting_id, "item": item, "choice": i, "count": 0}
                    for i in range(len(choices))
                ],
            )

    def ballots(self, meeting_id: str) -> list[dict]:
        """The meeting's ballots: item, choices, state and how many were cast (no counts)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(ballots).where(ballots.c.meeting_id == meeting_id)).all()
        return [
            {"item": r.item, "choices": json.loads(r.choices), "state": r.state, "cast": r.cast}
            for r in rows
        ]

    def has_voted(self, meeting_id: str, item: str, member: str) -> bool:
        with self.engine.connect() as conn:
            return (
                conn.execute(
                    select(ballot_voters.c.member).where(
                        ballot_voters.c.meeting_id == meeting_id,
                        ballot_voters.c.item == item,
                        ballot_voters.c.member == member,
                    )
                ).first()
                is not None
            )

    def cast_ballot(self, meeting_id: str, item: str, member: str, choice: int) -> int:
        """Count one ballot; returns the number cast. NotOpen, AlreadyVoted."""
        with self.engine.begin() as conn:
            # Write first: this takes the writer lock, so "open" is checked on the newest state.
            done = conn.execute(
                update(ballots)
                .where(
                    ballots.c.meeting_id == meeting_id,
                    ballots.c.item == item,
                    ballots.c.state == "open",
                )
                .values(cast=ballots.c.cast + 1)
            ).rowcount
            if not done:
                raise NotOpen(item)
            try:
                conn.execute(
                    insert(ballot_voters).values(meeting_id=meeting_id, item=item, member=member)
                )
            except IntegrityError:
                raise AlreadyVoted(member) from None  # rolls the cast count back too
            mine = (ballot_counts.c.meeting_id == meeting_id, ballot_counts.c.item == item)
            if not conn.execute(
                select(ballot_counts.c.choice).where(*mine, ballot_counts.c.choice == choice)
            ).first():
                raise ValueError(f"choice {choice} is not on this ballot")
            # Every counter of the ballot is written, the chosen one plus one.
            conn.execute(
                update(ballot_counts)
                .where(*mine)
                .values(
                    count=ballot_counts.c.count
                    + case((ballot_counts.c.choice == choice, 1), else_=0)
                )
            )
            return conn.execute(
                select(ballots.c.cast).where(
                    ballots.c.meeting_id == meeting_id, ballots.c.item == item
                )
            ).scalar_one()

    def close_ballot(self, meeting_id: str, item: str) -> list[int]:
        """Close an open ballot and store its tally as the item's vote (method ``ballot``).
        Returns the counts per choice. NotOpen when it isn't open."""
        with self.engine.begin() as conn:
            _lock(conn, ballots)
            done = conn.execute(
                update(ballots)
                .where(
                    ballots.c.meeting_id == meeting_id,
                    ballots.c.item == item,
                    ballots.c.state == "open",
                )
                .values(state="closed")
            ).rowcount
            if not done:
                raise NotOpen(item)
            _seal(conn, ballot_voters, ballot_counts)
            tally = _store_ballot_tally(conn, meeting_id, item)
        self.forget_history()
        return tally

    def ballot_paper(self, meeting_id: str, item: str) -> list[int] | None:
        """The paper totals entered for a ballot [for, against, abstain], or None."""
        with self.engine.connect() as conn:
            return _paper(conn, meeting_id, item)

    def ballot_phone_counts(self, meeting_id: str, item: str) -> list[int]:
        """The phone ballots per choice of a ballot. Only for a closed ballot: while it is
        open nobody sees them (the caller checks)."""
        with self.engine.connect() as conn:
            return _phone_counts(conn, meeting_id, item)

    def set_ballot_paper(self, meeting_id: str, item: str, counts: list[int], present: int) -> None:
        """Store the paper totals of a ballot (in place of earlier ones). TooMany when they
        exceed ``present`` (the voting members present) less the phone ballots cast. On a
        closed ballot, the item's vote becomes phone plus paper."""
        with self.engine.begin() as conn:
            # Write first (as a ballot does): the ballot's row is locked, so no phone ballot
            # slips in between the check and the write.
            conn.execute(
                update(ballots)
                .where(ballots.c.meeting_id == meeting_id, ballots.c.item == item)
                .values(cast=ballots.c.cast)
            )
            row = conn.execute(
                select(ballots.c.cast, ballots.c.state).where(
                    ballots.c.meeting_id == meeting_id, ballots.c.item == item
                )
            ).first()
            if row is None:
                raise NotOpen(item)
            room = present - row.cast
            if sum(counts) > room:
                raise TooMany(max(room, 0), row.cast)
            values = dict(zip(("yes", "no", "abstain"), [*counts, 0, 0, 0][:3], strict=True))
            _replace_row(conn, ballot_paper, {"meeting_id": meeting_id, "item": item}, **values)
            if row.state == "closed":
                _store_ballot_tally(conn, meeting_id, item)

    def forget_history(self) -> bool:
        """Fold SQLite's write-ahead log into the database and empty it: the log holds each
        committed page in commit order, which would let its reader replay a ballot's counters
        step by step. False when a reader kept it from emptying the log in five tries (it is
        then emptied at the next close or the next checkpoint that finds no reader).
        (PostgreSQL keeps no such file readable through SQL; see docs/decisions.md.)"""
        if not self.url.startswith("sqlite"):
            return True
        import time

        for attempt in range(5):
            with self.engine.connect() as conn:
                # A TRUNCATE checkpoint waits on a reader through the busy handler: 200 ms a
                # try here, not the connection's 10 s.
                conn.exec_driver_sql("PRAGMA busy_timeout=200")
                try:
                    busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
                finally:
                    conn.exec_driver_sql("PRAGMA busy_timeout=10000")
            if busy is None or not busy[0]:
                self.history_kept = False
                return True
            time.sleep(0.05 * (attempt + 1))  # a reader still on an old page: wait, not read time
        self.history_kept = True
        return False

    history_kept = False  # the last close couldn't empty SQLite's log (a reader held it)

    # -- the democratic appraisal -------------------------------------------------------------
    def open_appraisal(
        self,
        meeting_id: str,
        committee: bool,
        state: str = "open",
        counters: list[tuple[str, str]] = (),  # type: ignore[assignment]
    ) -> None:
        """Start the appraisal (``closed``: paper ballots only, no phone ballot) with a zeroed
        counter per (subject, grade) of ``counters``, in key order, so no ballot creates one;
        IntegrityError when it was started before."""
        with self.engine.begin() as conn:
            conn.execute(
                insert(appraisals).values(
                    meeting_id=meeting_id, state=state, ballots=0, committee=committee
                )
            )
            if counters:
                conn.execute(
                    insert(appraisal_counts),
                    [
                        {"meeting_id": meeting_id, "subject": s, "grade": g, "count": 0}
                        for s, g in sorted(set(counters))
                    ],
                )

    def appraisal(self, meeting_id: str) -> AppraisalState | None:
        """{"state", "ballots", "committee"} or None when never opened."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(appraisals).where(appraisals.c.meeting_id == meeting_id)
            ).first()
        if row is None:
            return None
        return {"state": row.state, "ballots": row.ballots, "committee": bool(row.committee)}

    def close_appraisal(self, meeting_id: str) -> None:
        """End the appraisal. NotOpen when it isn't open."""
        with self.engine.begin() as conn:
            _lock(conn, appraisals)
            done = conn.execute(
                update(appraisals)
                .where(appraisals.c.meeting_id == meeting_id, appraisals.c.state == "open")
                .values(state="closed")
            ).rowcount
            if done:
                _seal(conn, appraisal_voters, appraisal_counts, appraisal_reasons)
        if not done:
            raise NotOpen(meeting_id)
        self.forget_history()

    def seal_appraisal(self) -> None:
        """Write the appraisal's tables again in no order of casting (after paper ballots
        were added to a closed appraisal)."""
        with self.engine.begin() as conn:
            _lock(conn, appraisals)
            _seal(conn, appraisal_voters, appraisal_counts, appraisal_reasons)
        self.forget_history()

    def has_appraised(self, meeting_id: str, member: str) -> bool:
        with self.engine.connect() as conn:
            return (
                conn.execute(
                    select(appraisal_voters.c.member).where(
                        appraisal_voters.c.meeting_id == meeting_id,
                        appraisal_voters.c.member == member,
                    )
                ).first()
                is not None
            )

    def cast_appraisal(
        self,
        meeting_id: str,
        grades: dict,
        reasons: dict,
        voter: str | None,
        *,
        require_open: bool = True,
    ) -> int:
        """Count one appraisal ballot: ``grades`` {member id: grade key} (subject "" is the
        committee), ``reasons`` {member id: text}. ``voter`` is the phone's member (None for
        paper). Returns the ballots counted. NotOpen, AlreadyVoted."""
        with self.engine.begin() as conn:
            where = [appraisals.c.meeting_id == meeting_id]
            if require_open:
                where.append(appraisals.c.state == "open")
            done = conn.execute(
                update(appraisals).where(*where).values(ballots=appraisals.c.ballots + 1)
            ).rowcount
            if not done:
                raise NotOpen(meeting_id)
            if voter is not None:
                try:
                    conn.execute(
                        insert(appraisal_voters).values(meeting_id=meeting_id, member=voter)
                    )
                except IntegrityError:
                    raise AlreadyVoted(voter) from None
            mine = appraisal_counts.c.meeting_id == meeting_id
            have = {
                (r.subject, r.grade)
                for r in conn.execute(
                    select(appraisal_counts.c.subject, appraisal_counts.c.grade).where(mine)
                )
            }
            chosen = sorted(grades.items())
            for subject, grade in chosen:  # a counter not opened with the appraisal
                if (subject, grade) not in have:
                    conn.execute(
                        insert(appraisal_counts).values(
                            meeting_id=meeting_id, subject=subject, grade=grade, count=0
                        )
                    )
            # Every counter of the appraisal is written, the chosen ones plus one.
            if chosen:
                pair = tuple_(appraisal_counts.c.subject, appraisal_counts.c.grade)
                conn.execute(
                    update(appraisal_counts)
                    .where(mine)
                    .values(count=appraisal_counts.c.count + case((pair.in_(chosen), 1), else_=0))
                )
            for subject, reason in reasons.items():
                conn.execute(
                    insert(appraisal_reasons).values(
                        meeting_id=meeting_id,
                        key=secrets.token_hex(16),
                        subject=subject,
                        reason=reason,
                    )
                )
            return conn.execute(
                select(appraisals.c.ballots).where(appraisals.c.meeting_id == meeting_id)
            ).scalar_one()

    def appraisal_counts(self, meeting_id: str) -> dict:
        """{subject: {grade: count}}."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(appraisal_counts).where(appraisal_counts.c.meeting_id == meeting_id)
            ).all()
        out: dict = {}
        for r in rows:
            out.setdefault(r.subject, {})[r.grade] = r.count
        return out

    def appraisal_reasons(self, meeting_id: str) -> dict:
        """{subject: [reasons]} (sorted, as the keys are random anyway)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(appraisal_reasons.c.subject, appraisal_reasons.c.reason).where(
                    appraisal_reasons.c.meeting_id == meeting_id
                )
            ).all()
        out: dict = {}
        for r in rows:
            out.setdefault(r.subject, []).append(r.reason)
        return {k: sorted(v) for k, v in out.items()}

    def set_grade(self, meeting_id: str, member: str, name: str, grade: str, reason: str) -> bool:
        """Record the committee's grade for a member; True when it replaced one."""
        with self.engine.begin() as conn:
            return _replace_row(
                conn,
                appraisal_grades,
                {"meeting_id": meeting_id, "member": member},
                name=name,
                grade=grade,
                reason=reason,
                decided_at=now(),
            )

    def grades(self, meeting_id: str) -> dict:
        """{member id: {"name", "grade", "reason"}} decided for a meeting."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(appraisal_grades).where(appraisal_grades.c.meeting_id == meeting_id)
            ).all()
        return {
            r.member: {"name": r.name, "grade": r.grade, "reason": r.reason or ""} for r in rows
        }

    def member_grades(self, member: str) -> list[dict]:
        """Every grade the committee gave ``member`` (an id, or a name before ids), oldest first:
        [{"meeting", "date", "grade", "reason"}]. For ``meetkit member``."""
        from .schema import meetings

        with self.engine.connect() as conn:
            rows = conn.execute(
                select(appraisal_grades, meetings.c.date)
                .join(meetings, meetings.c.id == appraisal_grades.c.meeting_id)
                .where(appraisal_grades.c.member == member)
                .order_by(meetings.c.date)
            ).all()
        return [
            {
                "meeting": r.meeting_id,
                "date": str(r.date),
                "grade": r.grade,
                "reason": r.reason or "",
            }
            for r in rows
        ]

    def appraisals_in(self, year: int) -> list[dict]:
        """Appraisals of meetings in ``year``: [{"meeting", "date", "state", "ballots"}]."""
        from .schema import meetings

        with self.engine.connect() as conn:
            rows = conn.execute(
                select(appraisals, meetings.c.date)
                .join(meetings, meetings.c.id == appraisals.c.meeting_id)
                .where(meetings.c.date.between(f"{year}-01-01", f"{year}-12-31"))
                .order_by(meetings.c.date)
            ).all()
        return [
            {"meeting": r.meeting_id, "date": str(r.date), "state": r.state, "ballots": r.ballots}
            for r in rows
        ]
