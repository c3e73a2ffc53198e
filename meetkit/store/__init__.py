"""The workspace store: SQLAlchemy Core over SQLite (``.meetkit/meetkit.db``), or any URL
SQLAlchemy knows (``[store] url`` in meetkit.toml), so PostgreSQL can serve many branches.

Only this package speaks SQL. Each area keeps its queries in a module of its own, mixed in here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event

if TYPE_CHECKING:
    from sqlalchemy.engine.interfaces import DBAPIConnection

from .actions import ActionStore
from .attendance import AttendanceStore
from .decisions import DecisionStore
from .development import DevelopmentStore
from .life import LifeStore
from .meetings import MeetingStore
from .members import MemberStore
from .migrate import ensure_schema


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers don't block the writer; a commit is on disk before we answer, and a killed
    # process loses nothing committed (synchronous=NORMAL is safe against process crashes).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted cells and freed pages are overwritten with zeros, so a sealed ballot's old rows
    # (meetkit.store.decisions) can't be read back from the file's free space.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


# PostgreSQL: how long a statement waits for a lock, and runs at most, before it is cancelled.
# A row lock held elsewhere then answers 503 with Retry-After (web) or one line (CLI) within
# seconds, instead of freezing every server thread behind it. Migrations lift the statement
# limit for their own transaction (migrate.upgrade).
LOCK_TIMEOUT_MS = 5000
STATEMENT_TIMEOUT_MS = 8000


def _postgresql_timeouts(dbapi_connection: Any, _record: object) -> None:
    # Any: psycopg's connection, whose cursor is a context manager (DBAPIConnection's isn't).
    was = dbapi_connection.autocommit
    dbapi_connection.autocommit = True  # a SET in a transaction would be rolled back with it
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
            cursor.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
    finally:
        dbapi_connection.autocommit = was


class Store(
    MeetingStore,
    AttendanceStore,
    ActionStore,
    MemberStore,
    DecisionStore,
    LifeStore,
    DevelopmentStore,
):
    """All persistent state of one workspace."""

    def __init__(self, url: str):
        self.url = url
        if url.startswith("sqlite"):
            self.engine = create_engine(
                url, connect_args={"check_same_thread": False, "timeout": 10}
            )
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = create_engine(url, pool_pre_ping=True)
            if self.engine.dialect.name == "postgresql":
                event.listen(self.engine, "connect", _postgresql_timeouts)
        ensure_schema(self.engine)

    def close(self) -> None:
        self.release_signin_connection()
        self.engine.dispose()
