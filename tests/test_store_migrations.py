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

SQLITE_TEXT_DATES = [("meetings", "date"), ("actions", "due")]
RELEASE = Path(__file__).parent / "fixtures" / "release-0.1.0"


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
    # On SQLite, 0002 leaves the declared VARCHAR of the two date columns (see its docstring).
    diff = [d for d in diff if not (d[0][0] == "modify_type" and d[0][2:4] in SQLITE_TEXT_DATES)]
    assert diff == [], f"schema.py and the migrations differ: {diff}"
    fresh = create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    migrate.ensure_schema(fresh)
    assert set(inspect(fresh).get_table_names()) == set(inspect(migrated).get_table_names())


def test_head_is_the_newest_migration():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_heads() == [migrate.HEAD]


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
    """0001 text dates become DATE columns on PostgreSQL with their values."""
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
                    "INSERT INTO meetings (id, seq, type, date, time, created_at) VALUES "
                    "('2026-03-05-committee', 1, 'committee', '2026-03-05', '19:30', 'x')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO actions (meeting_id, text, text_key, owner, due, kind, status, "
                    "created_at, updated_at) VALUES ('2026-03-05-committee', 't', 't', '张伟', "
                    "'2026-04-30', 'task', 'open', 'x', 'x')"
                )
            )
        migrate.ensure_schema(engine)
        columns = {c["name"]: c["type"] for c in inspect(engine).get_columns("meetings")}
        assert columns["date"].python_type is __import__("datetime").date
        from meetkit.store import Store

        store = Store(engine.url.render_as_string(hide_password=False))
        (meeting,) = store.list_meetings(year=2026)
        assert meeting.date.isoformat() == "2026-03-05"
        assert store.list_actions()[0].due.isoformat() == "2026-04-30"
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
