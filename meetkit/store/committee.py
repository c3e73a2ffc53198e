"""The committee's store (issue 23): branches and their keys, bundles received, the meetings
they report, exemptions and opinions returned. SQLAlchemy Core like the branch store, on SQLite
(``.meetkit/committee.db``) or any URL (PostgreSQL).

Its tables are a metadata and an Alembic history of their own (``committee_migrations/``,
version table ``committee_alembic_version``), not the branch history: a committee's database
and a branch's are different databases with different lives, and neither should carry the
other's empty tables or wait for the other's migrations (docs/committee.md).

Meetings are kept one row each, with the numbers the roll-up counts as columns and the rest
(who, quorum, votes) as JSON; one query per roll-up reads a year of every branch.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    create_engine,
    delete,
    event,
    insert,
    inspect,
    select,
    type_coerce,
)
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.engine.interfaces import DBAPIConnection

from .schema import ISODate, ISODateTime

HEAD = "committee_1"  # the newest file in committee_migrations/versions
VERSION_TABLE = "committee_alembic_version"
MIGRATIONS = Path(__file__).with_name("committee_migrations")

metadata = MetaData()

branches = Table(
    "committee_branches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("public_key", String(64), nullable=False),
    Column("fingerprint", String(40), nullable=False),
    Column("registered_at", ISODateTime, nullable=False),
)
bundles = Table(
    "committee_bundles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("branch_id", Integer, ForeignKey("committee_branches.id"), nullable=False),
    Column("period", String(8), nullable=False),
    Column("year", Integer, nullable=False),
    Column("quarter", Integer),
    Column("created", ISODateTime, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("meetkit", String(40), nullable=False),
    Column("schema", String(60), nullable=False),
    Column("file", Text, nullable=False),
    Column("imported_at", ISODateTime, nullable=False),
    Column("branch_info", Text, nullable=False),  # branch.json
    Column("key_items", Text, nullable=False),  # ledger.json
    UniqueConstraint("branch_id", "period"),
    Index("committee_bundles_year", "year", "branch_id"),
)
meetings = Table(
    "committee_meetings",
    metadata,
    Column("branch_id", Integer, ForeignKey("committee_branches.id"), primary_key=True),
    Column("meeting_id", String(80), primary_key=True),
    Column("year", Integer, nullable=False),
    Column("date", ISODate, nullable=False),
    Column("type", String(60), nullable=False),
    Column("group_name", Text, nullable=False, default=""),
    Column("cancelled", Boolean, nullable=False, default=False),
    Column("known", Boolean, nullable=False, default=False),
    Column("expected", Integer, nullable=False, default=0),
    Column("attended", Integer, nullable=False, default=0),
    Column("source_created", ISODateTime, nullable=False),  # the bundle it came from
    Column("details", Text, nullable=False),  # the bundle's JSON of the meeting
    # Covers the roll-up's query: a year of every branch read from the index alone, without
    # the rows' JSON (0.10 -> 0.07 s of CPU for 500 branches).
    Index(
        "committee_meetings_rollup",
        "year",
        "cancelled",
        "branch_id",
        "type",
        "group_name",
        "date",
        "known",
        "expected",
        "attended",
    ),
    Index("committee_meetings_branch", "branch_id", "date"),
)
exemptions = Table(
    "committee_exemptions",
    metadata,
    Column("branch_id", Integer, ForeignKey("committee_branches.id"), primary_key=True),
    Column("type", String(60), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("quarter", Integer, primary_key=True),  # 0: the whole year
    Column("reason", Text, nullable=False),
    Column("created", ISODateTime, nullable=False),
)
returns = Table(
    "committee_returns",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("branch_id", Integer, ForeignKey("committee_branches.id"), nullable=False),
    Column("period", String(8), nullable=False),
    Column("opinion", Text, nullable=False),
    Column("created", ISODateTime, nullable=False),
    Column("file", Text, nullable=False),
)

_version = Table(VERSION_TABLE, MetaData(), Column("version_num", String(32), primary_key=True))


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config for the committee's history, bound to ``connection`` if given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def ensure_schema(engine: Engine) -> None:
    """Create the committee's tables in a new database (stamped ``HEAD``), or migrate an older
    one; a database from a newer meetkit is refused with one line."""
    try:
        with engine.connect() as conn:
            revision = conn.execute(select(_version.c.version_num)).scalar()
    except DBAPIError:
        revision = None
    if revision == HEAD:
        return
    if revision is None and not inspect(engine).has_table(branches.name):
        with engine.begin() as conn:
            metadata.create_all(conn)
            _version.create(conn, checkfirst=True)
            conn.execute(insert(_version).values(version_num=HEAD))
        return
    from .migrate import upgrade

    upgrade(engine, revision, config=alembic_config())


class CommitteeStore:
    """All persistent state of one committee."""

    def __init__(self, url: str):
        self.url = url
        if url.startswith("sqlite"):
            self.engine = create_engine(url, connect_args={"timeout": 10})
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = create_engine(url, pool_pre_ping=True)
        ensure_schema(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # -- branches -------------------------------------------------------------------------
    def branches(self) -> list[dict]:
        """Every known branch, by name: id, name, public_key, fingerprint, registered_at."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(branches).order_by(branches.c.name)).mappings()
            return [dict(r) for r in rows]

    def branch(self, name: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(branches).where(branches.c.name == name)).mappings().first()
            return dict(row) if row else None

    def add_branch(self, name: str, public_key: str, fingerprint: str, at: dt.datetime) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(branches).values(
                    name=name, public_key=public_key, fingerprint=fingerprint, registered_at=at
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    # -- bundles --------------------------------------------------------------------------
    def bundle(self, branch_id: int, period: str) -> dict | None:
        """The bundle of a branch and period received last: digest, created, file..."""
        with self.engine.connect() as conn:
            row = (
                conn.execute(
                    select(
                        bundles.c.digest, bundles.c.created, bundles.c.file, bundles.c.imported_at
                    ).where(bundles.c.branch_id == branch_id, bundles.c.period == period)
                )
                .mappings()
                .first()
            )
            return dict(row) if row else None

    def put_bundle(
        self,
        branch_id: int,
        fields: dict,
        rows: list[dict],
        first: dt.date,
        last: dt.date,
    ) -> None:
        """Store a bundle (replacing the branch's older one of the same period) and its
        meetings, in one transaction: meetings of the period's days that came from an older
        bundle are replaced; those from a newer bundle (of an overlapping period) are kept."""
        created = fields["created"]
        with self.engine.begin() as conn:
            conn.execute(
                delete(bundles).where(
                    bundles.c.branch_id == branch_id, bundles.c.period == fields["period"]
                )
            )
            conn.execute(insert(bundles).values(branch_id=branch_id, **fields))
            conn.execute(
                delete(meetings).where(
                    meetings.c.branch_id == branch_id,
                    meetings.c.date.between(first, last),
                    meetings.c.source_created <= created,
                )
            )
            kept = set(
                conn.execute(
                    select(meetings.c.meeting_id).where(
                        meetings.c.branch_id == branch_id, meetings.c.date.between(first, last)
                    )
                ).scalars()
            )
            fresh = [
                dict(r, branch_id=branch_id, source_created=created)
                for r in rows
                if r["meeting_id"] not in kept
            ]
            if fresh:
                conn.execute(insert(meetings), fresh)

    # -- the roll-up ----------------------------------------------------------------------
    def year_facts(self, year: int) -> dict[str, Any]:
        """What the roll-up of ``year`` reads, in three queries: ``meetings`` (tuples of
        branch id, type, group, date, known, expected, attended; cancelled ones left out), ``bundles``
        (branch id -> the year's bundles, newest first: period, created, branch_info,
        key_items) and ``exemptions`` ({(branch id, type): {quarter: reason}})."""
        with self.engine.connect() as conn:
            # The date as stored (ISO text on SQLite), parsed by fromisoformat: SQLAlchemy's
            # SQLite date parsing costs a third of a 500-branch roll-up.
            rows = conn.execute(
                select(
                    meetings.c.branch_id,
                    meetings.c.type,
                    meetings.c.group_name,
                    type_coerce(meetings.c.date, String),
                    meetings.c.known,
                    meetings.c.expected,
                    meetings.c.attended,
                ).where(meetings.c.year == year, meetings.c.cancelled.is_(False))
            )
            iso = dt.date.fromisoformat
            found = [
                (bid, key, group, iso(day) if isinstance(day, str) else day, known, exp, att)
                for bid, key, group, day, known, exp, att in rows
            ]
            received: dict[int, list] = {}
            for r in conn.execute(
                select(
                    bundles.c.branch_id,
                    bundles.c.period,
                    bundles.c.quarter,
                    bundles.c.created,
                    bundles.c.branch_info,
                    bundles.c.key_items,
                )
                .where(bundles.c.year == year)
                .order_by(bundles.c.created.desc())
            ).mappings():
                received.setdefault(r["branch_id"], []).append(dict(r))
            exempt: dict[tuple, dict] = {}
            for bid, key, quarter, reason in conn.execute(
                select(
                    exemptions.c.branch_id,
                    exemptions.c.type,
                    exemptions.c.quarter,
                    exemptions.c.reason,
                ).where(exemptions.c.year == year)
            ):
                exempt.setdefault((bid, key), {})[quarter] = reason
        return {"meetings": found, "bundles": received, "exemptions": exempt}

    def branch_meetings(self, branch_id: int, year: int) -> list[dict]:
        """A branch's meetings of ``year`` as its bundles reported them, by date."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(meetings.c.details)
                .where(meetings.c.branch_id == branch_id, meetings.c.year == year)
                .order_by(meetings.c.date, meetings.c.meeting_id)
            ).scalars()
            return [json.loads(r) for r in rows]

    # -- exemptions and opinions ----------------------------------------------------------
    def set_exemption(
        self, branch_id: int, key: str, year: int, quarter: int, reason: str, at: dt.datetime
    ) -> bool:
        """Exempt a branch from a type in a year (quarter 0) or quarter; True when it replaced
        an exemption already there."""
        where = and_(
            exemptions.c.branch_id == branch_id,
            exemptions.c.type == key,
            exemptions.c.year == year,
            exemptions.c.quarter == quarter,
        )
        with self.engine.begin() as conn:
            replaced = conn.execute(delete(exemptions).where(where)).rowcount > 0
            conn.execute(
                insert(exemptions).values(
                    branch_id=branch_id,
                    type=key,
                    year=year,
                    quarter=quarter,
                    reason=reason,
                    created=at,
                )
            )
        return replaced

    def add_return(
        self, branch_id: int, period: str, opinion: str, at: dt.datetime, file: str
    ) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(returns).values(
                    branch_id=branch_id, period=period, opinion=opinion, created=at, file=file
                )
            )

    def returns_of(self, year: int) -> list[dict]:
        """Opinions returned on periods of ``year``: branch id, period, opinion, created."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(returns.c.branch_id, returns.c.period, returns.c.opinion, returns.c.created)
                .where(returns.c.period.like(f"{year}%"))
                .order_by(returns.c.created)
            ).mappings()
            return [dict(r) for r in rows]
