"""The store on PostgreSQL, through the real CLI and the web app: what only PostgreSQL can show
(its tables, concurrency through its server, a dropped connection). The rest of the store suite
runs on PostgreSQL too (modules marked ``store``, see conftest.py).

Needs MEETKIT_TEST_POSTGRES_URL naming a PostgreSQL database meetkit may write to, e.g.
``postgresql+psycopg://meetkit:meetkit@127.0.0.1/meetkit_test`` (.ci/run starts a server and
sets it); without it these tests skip, or fail under MEETKIT_REQUIRE_REAL=1. Each test works in
a schema of its own (created here, dropped afterwards), reached through the URL's
``search_path`` option, the way one database can hold many branches' workspaces.
"""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import POSTGRES_URL as URL
from conftest import postgres_schema
from core_helpers import all_text
from docx import Document

from meetkit.attendance.tokens import rotating_token
from meetkit.model.meeting import Meeting
from meetkit.roster import Member
from meetkit.testing import use_roster
from meetkit.web import create_app
from meetkit.workspace import Workspace

ADMIN = "admin-token-for-tests"
DAY = dt.date.today() + dt.timedelta(days=3)  # a meeting not yet held: everyone is on time
PAST = dt.date.today() - dt.timedelta(days=3)  # held: the ledger counts its attendance
FUTURE = (dt.date.today() + dt.timedelta(days=40)).isoformat()


@pytest.fixture
def pg(workspace, monkeypatch):
    """The demo workspace on a fresh PostgreSQL schema (MEETKIT_DATABASE_URL set); its
    connections carry the schema's name as their application_name."""
    with postgres_schema(monkeypatch) as schema:
        yield schema


def tables(schema: str) -> set:
    from sqlalchemy import create_engine, inspect

    engine = create_engine(URL)
    try:
        return set(inspect(engine).get_table_names(schema=schema))
    finally:
        engine.dispose()


def prepared_id(result) -> str:
    return next(
        line.split()[1] for line in result.output.splitlines() if line.startswith("Prepared ")
    )


def test_the_store_is_postgres_and_meetings_get_suffixed_ids(pg, run, workspace):
    ids = [
        prepared_id(run("prepare", "lesson", "--no-input", "--date", DAY.isoformat()))
        for _ in range(3)
    ]
    base = f"{DAY.isoformat()}-lesson"
    assert ids == [base, f"{base}-2", f"{base}-3"]
    ws = Workspace(workspace)
    assert ws.store.engine.dialect.name == "postgresql"
    assert not (workspace / ".meetkit" / "meetkit.db").exists()
    assert {
        "meetings",
        "expected",
        "documents",
        "signins",
        "guests",
        "leaves",
        "attempts",
        "actions",
    } <= tables(pg)

    listed = json.loads(run("list", "--json").stdout)
    assert [m["id"] for m in listed] == ids
    assert [m["number"] for m in listed] == [1, 2, 3]
    shown = json.loads(run("show", f"{base}-2", "--json").stdout)
    assert shown["seq"] == 2 and len(shown["expected"]) == 12

    run("update", f"{base}-2", "--topic", "学习党章", "--place", "第二会议室", "--time", "14:30")
    shown = json.loads(run("show", f"{base}-2", "--json").stdout)
    assert (shown["topic"], shown["place"], shown["time"]) == ("学习党章", "第二会议室", "14:30")
    record = Document(str(workspace / "meetings" / f"{base}-2" / "minutes.docx"))
    assert "学习党章" in all_text(record)  # a lesson's minutes are its lecture record
    # Ordered by date then time: the 14:30 meeting now comes before the 19:30 ones.
    assert [m["id"] for m in json.loads(run("list", "--json").stdout)] == [
        f"{base}-2",
        base,
        f"{base}-3",
    ]
    assert "no meeting" in run("show", f"{base}-9", ok=False).output


def test_attendance_through_the_cli(pg, run, workspace):
    mid = prepared_id(run("prepare", "general", "--no-input", "--date", DAY.isoformat()))
    mid2 = prepared_id(run("prepare", "general", "--no-input", "--date", DAY.isoformat()))
    assert mid2 == f"{mid}-2"
    assert "(present)" in run("signin", mid2, "王建国", "--at", "19:00").output
    assert "already signed in at 19:00" in run("signin", mid2, "王建国").output
    run("signin", mid2, "李秀英", "--at", "19:05")
    assert "guest" in run("signin", mid2, "街道干部", "--guest", "--note", "党工委").output
    assert (
        "official leave"
        in run("leave", mid2, "周杰", "--reason", "出差", "--kind", "official").output
    )
    bad = run("signin", mid2, "路人甲", ok=False)
    assert bad.exit_code == 1 and "Traceback" not in bad.output

    att = json.loads(run("attendance", mid2, "--json").stdout)
    assert att["expected"] == 12 and att["present"] == ["王建国", "李秀英"]
    assert [(x["name"], x["kind"]) for x in att["leave"]] == [("周杰", "official")]
    assert len(att["absent"]) == 9
    # The first meeting of the day is untouched.
    assert json.loads(run("attendance", mid, "--json").stdout)["present"] == []

    out = run("minutes", mid2).output
    assert "应到12人，实到2人" in out and "列席1人" in out
    signin_doc = Document(str(workspace / "meetings" / mid2 / "signin.docx"))
    cells = {c.text for t in signin_doc.tables for row in t.rows for c in row.cells}
    assert "街道干部" in cells

    store = Workspace(workspace).store
    assert store.attendance_counts(mid2) == {"signins": 2, "guests": 1, "leaves": 1, "attempts": 6}
    assert [a.outcome for a in store.attempts(mid2)][:2] == ["refused", "leave"]


def test_actions_add_done_import_and_the_ledger(pg, run, workspace):
    mid = prepared_id(run("prepare", "committee", "--no-input", "--date", PAST.isoformat()))
    mid2 = prepared_id(run("prepare", "committee", "--no-input", "--date", PAST.isoformat()))
    assert (
        "#1"
        in run("action", "add", mid2, "更新党员信息台账", "--owner", "张伟", "--due", FUTURE).output
    )
    run("action", "add", mid2, "走访困难党员", "--owner", "张伟、刘洋", "--due", FUTURE)
    assert "Done: #2" in run("action", "done", "2").output

    run("update", mid2)  # print the actions into the pack, then fill it in as in Word
    path = workspace / "meetings" / mid2 / "actions.docx"
    doc = Document(str(path))
    blank = next(row for row in doc.tables[0].rows[1:] if not row.cells[1].text.strip())
    for cell, value in zip(blank.cells[1:], ["购置学习资料", "陈静", "2026/12/31", ""]):
        cell.text = value
    doc.save(str(path))
    assert "1 new" in run("actions", "import", mid2).output
    assert "0 new" in run("actions", "import", mid2).output  # a second import adds nothing

    listed = json.loads(run("actions", "--all", "--json").stdout)
    assert [(a["text"], a["status"]) for a in listed] == [
        ("更新党员信息台账", "open"),
        ("走访困难党员", "done"),
        ("购置学习资料", "open"),
    ]
    assert {a["meeting"] for a in listed} == {mid2}

    run("signin", mid2, "王建国", "--at", "19:00")
    ledger = json.loads(run("ledger", "--year", str(PAST.year), "--json").stdout)
    assert ledger["actions"]["decided"] == 3 and ledger["actions"]["done"] == 1
    rows = {m["id"]: m for m in ledger["attendance"]["meetings"]}
    assert {mid, mid2} <= set(rows)
    assert (rows[mid2]["expected"], rows[mid2]["attended"]) == (3, 1)  # the committee


@pytest.fixture
def big(pg, run, workspace):
    """300 members and a meeting for them; the Flask app serving it."""
    members = [
        Member(name=f"成员{i:03d}", status="full", group="一组", role="member") for i in range(300)
    ]
    use_roster(workspace, members)
    run("prepare", "lesson", "--no-input", "--date", DAY.isoformat())
    mid = prepared_id(run("prepare", "lesson", "--no-input", "--date", DAY.isoformat()))
    ws = Workspace(workspace)
    app = create_app(ws, admin_token=ADMIN, public_url="http://127.0.0.1:9")
    return ws, app, mid, members


def api(client, mid, body, addr="127.0.0.1"):
    """A JSON sign-in from ``addr`` (one address signs in one member: phones differ)."""
    return client.post(
        f"/api/meetings/{mid}/signins",
        data=json.dumps(body),
        content_type="application/json",
        environ_base={"REMOTE_ADDR": addr},
    )


def test_web_signin_api_and_a_repeat_says_already(big):
    ws, app, mid, members = big
    client = app.test_client()
    token = rotating_token(ws.secret, mid)
    first = api(client, mid, {"token": token, "name": "成员001"})
    assert first.status_code == 201 and first.get_json()["status"] == "present"
    again = api(client, mid, {"token": token, "name": "成员001"})
    assert again.status_code == 200
    assert again.get_json() == {**first.get_json(), "status": "already"}
    assert api(client, mid, {"token": token, "name": "路人"}).status_code == 422
    assert api(client, mid, {"token": "forged", "name": "成员002"}).status_code == 403
    assert [s.name for s in ws.store.signins(mid)] == ["成员001"]
    assert [a.outcome for a in ws.store.attempts(mid)] == [
        "refused",
        "refused",
        "already",
        "present",
    ]


def test_concurrent_signins_lose_and_duplicate_nothing(big):
    ws, app, mid, members = big
    token = rotating_token(ws.secret, mid)
    names = [m.name for m in members] * 2  # everyone twice, from different threads

    def one(i_name):
        i, name = i_name  # each request its own phone: its own cookies and address
        response = api(
            app.test_client(),
            mid,
            {"token": token, "name": name},
            addr=f"10.0.{i // 250}.{i % 250 + 1}",
        )
        return name, response.status_code, response.get_json()["status"]

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(one, enumerate(names)))
    created = [name for name, code, status in answers if code == 201]
    repeats = [(name, status) for name, code, status in answers if code == 200]
    assert sorted(created) == sorted(m.name for m in members)  # each exactly once
    assert len(repeats) == 300 and {s for _, s in repeats} == {"already"}
    rows = ws.store.signins(mid)
    assert len(rows) == 300 and len({r.name for r in rows}) == 300
    outcomes = [a.outcome for a in ws.store.attempts(mid, limit=1000)]
    assert outcomes.count("present") == 300 and outcomes.count("already") == 300
    # The meeting prepared first got none of them.
    assert ws.store.attendance_counts(mid.rsplit("-", 1)[0])["signins"] == 0


def test_signin_works_after_the_server_dropped_the_connections(big, pg):
    """As after a restart of PostgreSQL (or an idle timeout) while `meetkit serve` runs."""
    from sqlalchemy import create_engine, text

    ws, app, mid, members = big
    client = app.test_client()
    token = rotating_token(ws.secret, mid)
    assert api(client, mid, {"token": token, "name": "成员001"}).status_code == 201
    admin = create_engine(URL)
    with admin.begin() as conn:
        dropped = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = :name"
            ),
            {"name": pg},
        ).scalar()
    admin.dispose()
    assert dropped >= 1
    assert (
        api(
            app.test_client(), mid, {"token": token, "name": "成员002"}, addr="127.0.0.2"
        ).status_code
        == 201
    )
    assert api(client, mid, {"token": token, "name": "成员001"}).status_code == 200
    assert [s.name for s in ws.store.signins(mid)] == ["成员001", "成员002"]


def test_one_device_one_person_and_concurrent_guests(big):
    ws, app, mid, members = big
    store = ws.store
    at = dt.datetime.now().isoformat(timespec="seconds")
    first = store.sign_in(
        mid, "成员010", at=at, status="present", method="web", device="phone-1", bind_device=True
    )
    assert first.status == "present"
    other = store.sign_in(
        mid, "成员011", at=at, status="present", method="web", device="phone-1", bind_device=True
    )
    assert (other.status, other.name) == ("one-device", "成员010")
    assert store.release_device(mid, "成员010")
    assert (
        store.sign_in(
            mid,
            "成员011",
            at=at,
            status="present",
            method="web",
            device="phone-1",
            bind_device=True,
        ).status
        == "present"
    )

    def guest(i):
        return store.add_guest(mid, f"来宾{i % 10}", at=at, method="api").status

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(guest, range(40)))
    assert statuses.count("guest") == 10 and statuses.count("already") == 30
    assert len(store.guests(mid)) == 10


def test_concurrent_prepares_get_distinct_ids(pg, workspace):
    ws = Workspace(workspace)
    members = ws.members
    day = dt.date(DAY.year, 1, 5)

    def add(_):
        meeting = Meeting(id="", type="committee", date=day, time="19:30")
        return ws.store.add_meeting(meeting, members).id

    with ThreadPoolExecutor(max_workers=6) as pool:
        ids = list(pool.map(add, range(12)))
    base = f"{day.isoformat()}-committee"
    assert sorted(ids) == sorted([base] + [f"{base}-{n}" for n in range(2, 13)])
    stored = ws.store.list_meetings(year=day.year)
    assert len(stored) == 12 and len({m.seq for m in stored}) >= 1
    assert all(len(ws.store.expected_members(m.id)) == 12 for m in stored)
