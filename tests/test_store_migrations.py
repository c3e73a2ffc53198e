"""The schema migrates: a database made by meetkit 0.1.0 opens with everything in it, a new
database equals the one the migrations build, and the common path never imports Alembic."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect

from meetkit.cli import cli
from meetkit.store import migrate
from meetkit.store.schema import metadata

RELEASE = Path(__file__).parent / "fixtures" / "release-0.1.0"


def _timestamp_columns() -> list[tuple[str, str]]:
    """The (table, column) pairs revision time_1 made timestamps."""
    from importlib import import_module

    module = import_module("meetkit.store.migrations.versions.0009_time_1_timestamps")
    return [(table, column) for table, column, _nullable in module.COLUMNS]


# On SQLite, 0002 and time_1 leave the declared VARCHAR of these (see their docstrings).
SQLITE_TEXT_DATES = [("meetings", "date"), ("actions", "due"), *_timestamp_columns()]


@pytest.fixture
def old_workspace(tmp_path, monkeypatch):
    """A copy of a workspace made by meetkit 0.1.0 (before migrations): 4 meetings, sign-ins,
    leave, a guest and two actions, dates stored as text."""
    root = tmp_path / "old"
    shutil.copytree(RELEASE, root)
    monkeypatch.setenv("MEETKIT_WORKSPACE", str(root))
    monkeypatch.delenv("MEETKIT_DATABASE_URL", raising=False)
    return root


def meetkit(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_release_database_opens_with_everything(old_workspace):
    listed = json.loads(meetkit("list", "--json"))
    assert [m["id"] for m in listed] == [
        "2026-03-05-committee",
        "2026-03-20-general",
        "2026-04-10-lesson",
        "2026-04-15-group",
    ]
    committee = json.loads(meetkit("attendance", "2026-03-05-committee", "--json"))
    assert committee["present"] == ["王建国"] and committee["late"] == ["李秀英"]
    assert committee["leave"] == [{"name": "张伟", "kind": "official", "reason": "出差"}]
    assert committee["guests"] == ["马丽"]
    general = json.loads(meetkit("attendance", "2026-03-20-general", "--json"))
    assert len(general["present"]) + len(general["late"]) == 8
    assert general["leave"][0]["name"] == "周杰"
    actions = json.loads(meetkit("actions", "--all", "--json"))
    assert [(a["id"], a["owner"], a["due"], a["status"]) for a in actions] == [
        (1, "张伟", "2026-04-30", "done"),
        (2, "王建国", "2026-06-30", "open"),
    ]
    engine = create_engine(f"sqlite:///{old_workspace / '.meetkit' / 'meetkit.db'}")
    with engine.connect() as conn:
        assert migrate.stored_revision(conn) == migrate.HEAD
    # Still usable: a new meeting in 2026 is numbered after the old ones of its type.
    meetkit("prepare", "committee", "--date", "2026-05-06", "--no-input")
    shown = json.loads(meetkit("show", "2026-05-06-committee", "--json"))
    assert shown["number"] == 2


def test_new_database_equals_the_migrated_one(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    migrated = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    with migrated.begin() as conn:
        from alembic import command

        config = migrate.alembic_config(conn)
        command.upgrade(config, "head")
    with migrated.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    diff = [d for d in diff if not (d[0][0] == "modify_type" and d[0][2:4] in SQLITE_TEXT_DATES)]
    assert diff == [], f"schema.py and the migrations differ: {diff}"
    fresh = create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    migrate.ensure_schema(fresh)
    assert set(inspect(fresh).get_table_names()) == set(inspect(migrated).get_table_names())


def test_head_is_the_newest_migration():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_heads() == [migrate.HEAD]


def test_the_files_are_numbered_in_the_order_they_run():
    """0001_…, 0002_… follow the down_revision chain, so the folder reads in order."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    chain = list(reversed(list(script.walk_revisions())))  # base first
    numbers = [Path(r.path).name[:5] for r in chain]
    assert numbers == [f"{n:04d}_" for n in range(1, len(chain) + 1)]


def test_opening_a_current_database_does_not_import_alembic(workspace):
    code = (
        "import sys; from meetkit.workspace import Workspace; "
        f"w = Workspace({str(workspace)!r}); w.store.list_meetings(); "
        "w2 = Workspace(w.root); w2.store.list_meetings(); "
        "print('alembic' in sys.modules)"
    )
    # First open creates the database; the second finds it at HEAD.
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_database_from_a_newer_meetkit_is_refused(workspace, run):
    from sqlalchemy import text

    run("list")
    engine = create_engine(f"sqlite:///{workspace / '.meetkit' / 'meetkit.db'}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    result = run("list", ok=False)
    assert result.exit_code == 1
    assert "9999" in result.output and "newer meetkit" in result.output
    assert "Traceback" not in result.output


def test_postgresql_dates_migrate(tmp_path):
    """0001 text dates become DATE columns, and text timestamps TIMESTAMP columns, on
    PostgreSQL with their values; the migrated schema is exactly schema.py's."""
    import os
    import uuid

    from conftest import need
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    url = os.environ.get("MEETKIT_TEST_POSTGRES_URL", "")
    need("PostgreSQL", bool(url), "set MEETKIT_TEST_POSTGRES_URL (see .ci/run)")
    from alembic import command

    schema = f"meetkit_m_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        engine = create_engine(
            make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        )
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), migrate.FIRST)
            conn.execute(
                text(
                    "INSERT INTO meetings (id, seq, type, date, time, created_at, "
                    "signin_closed_at) VALUES ('2026-03-05-committee', 1, 'committee', "
                    "'2026-03-05', '19:30', '2026-02-27T09:15:02', '2026-03-05T21:05:00')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO actions (meeting_id, text, text_key, owner, due, kind, status, "
                    "created_at, updated_at) VALUES ('2026-03-05-committee', 't', 't', '张伟', "
                    "'2026-04-30', 'task', 'open', '2026-03-05T21:00:00', '2026-03-05T21:00:00')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO signins (meeting_id, name, at, status) VALUES "
                    "('2026-03-05-committee', '王建国', '2026-03-05T19:20:07', 'present')"
                )
            )
        migrate.ensure_schema(engine)
        columns = {c["name"]: c["type"] for c in inspect(engine).get_columns("meetings")}
        assert columns["date"].python_type is __import__("datetime").date
        assert columns["created_at"].python_type is __import__("datetime").datetime
        from alembic.autogenerate import compare_metadata
        from alembic.migration import MigrationContext

        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == [], f"schema.py and the migrations differ on PostgreSQL: {diff}"
        from meetkit.store import Store

        store = Store(engine.url.render_as_string(hide_password=False))
        (meeting,) = store.list_meetings(year=2026)
        assert meeting.date.isoformat() == "2026-03-05"
        assert store.list_actions()[0].due.isoformat() == "2026-04-30"
        stamp = __import__("datetime").datetime
        assert meeting.created_at == stamp(2026, 2, 27, 9, 15, 2)
        assert meeting.signin_closed_at == stamp(2026, 3, 5, 21, 5)
        assert store.list_actions()[0].created_at == stamp(2026, 3, 5, 21)
        (signin,) = store.signins(meeting.id)
        assert signin.at == stamp(2026, 3, 5, 19, 20, 7)
        store.close()
        engine.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_release_database_gets_one_person_per_address_and_reissue(old_workspace):
    """Revision signin_1 on a 0.1.0 database: the address binds, a printed code reissues."""
    from meetkit.workspace import Workspace

    store = Workspace(old_workspace).store
    mid = "2026-03-05-committee"
    at = "2026-03-05T19:00:00"
    first = store.sign_in(
        mid, "赵磊", at=at, status="present", method="web", address="192.168.1.9", bind_address=True
    )
    other = store.sign_in(
        mid, "刘洋", at=at, status="present", method="web", address="192.168.1.9", bind_address=True
    )
    assert (first.status, other.status, other.name) == ("present", "one-address", "赵磊")
    assert store.printed_generation(mid) == 0
    assert store.reissue_printed(mid, at) == 1 and store.printed_generation(mid) == 1


def test_release_timestamps_read_as_datetimes_and_keep_their_text(old_workspace):
    """time_1 on a 0.1.0 SQLite database rewrites nothing: the old ISO text reads as datetimes,
    new moments are stored in the same text (so old and new rows sort together), and what the
    JSON shows keeps its shape."""
    import datetime as dt
    import sqlite3

    from meetkit.workspace import Workspace

    db = old_workspace / ".meetkit" / "meetkit.db"
    before = sqlite3.connect(db).execute("SELECT at FROM signins ORDER BY id").fetchall()
    store = Workspace(old_workspace).store
    mid = "2026-03-05-committee"
    meeting = store.get_meeting(mid)
    assert meeting.created_at == dt.datetime(2026, 12, 1, 1, 30, 56)
    assert [(s.name, s.at) for s in store.signins(mid)] == [
        ("王建国", dt.datetime(2026, 3, 5, 19, 20)),
        ("李秀英", dt.datetime(2026, 3, 5, 19, 45)),
    ]
    assert store.leaves(mid)[0].at == dt.datetime(2026, 12, 1, 1, 31, 19)
    assert store.list_actions()[0].done_at == dt.datetime(2026, 12, 1, 1, 31, 49)
    # A new sign-in, given as a datetime, lands between the old ones.
    store.sign_in(
        mid, "赵磊", at=dt.datetime(2026, 3, 5, 19, 30, 5), status="present", method="cli"
    )
    assert [s.name for s in store.signins(mid)] == ["王建国", "赵磊", "李秀英"]
    store.set_signin_closed(mid, dt.datetime(2026, 3, 5, 21, 5, 0, 999))
    store.close()
    raw = sqlite3.connect(db)
    after = raw.execute("SELECT at, typeof(at) FROM signins ORDER BY id").fetchall()
    assert [a for a, _ in after[: len(before)]] == [a for (a,) in before]  # untouched
    assert after[-1] == ("2026-03-05T19:30:05", "text")
    assert raw.execute("SELECT signin_closed_at FROM meetings WHERE id = ?", (mid,)).fetchone() == (
        "2026-03-05T21:05:00",
    )
    raw.close()
    committee = json.loads(meetkit("attendance", mid, "--json"))
    assert committee["closed_at"] == "2026-03-05T21:05:00"
    assert [s["at"] for s in committee["signins"]] == [
        "2026-03-05T19:20:00",
        "2026-03-05T19:30:05",
        "2026-03-05T19:45:00",
    ]
    shown = json.loads(meetkit("show", mid, "--json"))
    assert (shown["created_at"], shown["signin_closed_at"]) == (
        "2026-12-01T01:30:56",
        "2026-03-05T21:05:00",
    )
    (done, _open) = json.loads(meetkit("actions", "--all", "--json"))
    assert (done["created_at"], done["done_at"]) == ("2026-12-01T01:31:44", "2026-12-01T01:31:49")


@pytest.mark.store
def test_opening_a_current_database_costs_one_query(workspace):
    """On SQLite and PostgreSQL: the stored revision, compared with HEAD, and nothing else."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from meetkit.store import Store
    from meetkit.workspace import Workspace

    url = Workspace(workspace).store.url  # creates the database, at HEAD
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        store = Store(url)
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    store.close()
    assert len(statements) == 1 and "alembic_version" in statements[0], statements
