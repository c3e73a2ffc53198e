"""Brings a database's schema up to date when the store opens it.

The common path costs one query: the stored revision, compared with ``HEAD``. Alembic is
imported only when a migration is due. A new, empty database gets the current schema straight
from ``schema.metadata`` and is stamped ``HEAD`` (tests/test_store_migrations.py checks that this
is the schema every migration in turn produces). A database made by meetkit 0.1.0, before
migrations, has tables but no revision: it is stamped ``0001`` and migrated from there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Column, MetaData, String, Table, insert, inspect, select
from sqlalchemy.exc import DBAPIError, IntegrityError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection, Engine

from ..errors import MeetkitError
from ..i18n import _
from .schema import metadata

HEAD = "secret_1"  # the newest file in migrations/versions (a test checks it)
FIRST = "0001"  # the schema of the release before migrations
MIGRATIONS = Path(__file__).with_name("migrations")

# Alembic's own bookkeeping table, declared as Alembic declares it, so a new database can be
# stamped without importing Alembic.
_version = Table("alembic_version", MetaData(), Column("version_num", String(32), primary_key=True))


def stored_revision(connection: Connection) -> str | None:
    """The revision the database is at; None when it has never been stamped."""
    try:
        return connection.execute(select(_version.c.version_num)).scalar()
    except DBAPIError:  # no alembic_version table
        connection.rollback()
        return None


def ensure_schema(engine: Engine) -> None:
    """Create or migrate the schema of ``engine``'s database to ``HEAD``."""
    with engine.connect() as conn:
        revision = stored_revision(conn)
    if revision == HEAD:
        return
    if revision is None:
        if not inspect(engine).has_table("meetings"):
            _create(engine)
            return
        revision = FIRST  # made by meetkit 0.1.0
        _stamp(engine, FIRST)
    upgrade(engine, revision)


def _create(engine: Engine) -> None:
    with engine.begin() as conn:
        metadata.create_all(conn)
        _version.create(conn, checkfirst=True)
        if conn.execute(select(_version.c.version_num)).first() is None:
            try:
                with conn.begin_nested():
                    conn.execute(insert(_version).values(version_num=HEAD))
            except IntegrityError:  # another process stamped it meanwhile
                pass


def _stamp(engine: Engine, revision: str) -> None:
    with engine.begin() as conn:
        _version.create(conn, checkfirst=True)
        conn.execute(insert(_version).values(version_num=revision))


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config for meetkit's migrations, bound to ``connection`` if given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(
    engine: Engine, revision: str | None, target: str = "head", config: Config | None = None
) -> None:
    """Run the migrations from ``revision`` to ``target`` in one transaction; ``config``: an
    Alembic config of another history (the committee's), else the branch's."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    config = config or alembic_config()
    try:
        # alembic's annotation says str, but the committee passes None for a database with
        # tables and no stamp, which get_revision answers with None (as before typing).
        ScriptDirectory.from_config(config).get_revision(revision)  # type: ignore[arg-type]
    except CommandError:
        raise MeetkitError(
            _(
                "{url}: the database is at schema revision {revision}, which this "
                "meetkit doesn't know: it was made by a newer meetkit; upgrade "
                "meetkit (pip install -U meetkit)"
            ).format(url=engine.url.render_as_string(), revision=revision)
        ) from None
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # a migration may take longer than a request
            conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
        config.attributes["connection"] = conn
        command.upgrade(config, target)
