"""Only the member votes, in person (issue 19): a guest never takes a member's name, label or
id, nor their ballot; the admin token casts no ballot; paper totals join the phone ballots and
never exceed who is present; a member whose phone lost its sign-in is handed to a new phone
from the dashboard and votes once. Through the members' pages (Flask test clients with their
own cookies and addresses) and the CLI, on both stores."""

from __future__ import annotations

import json
import re

import pytest
from conftest import db_rows
from helpers import AppPhone, csrf, prepare_now

from meetkit.attendance.tokens import rotating_token
from meetkit.web import create_app
from meetkit.workspace import Workspace

pytestmark = pytest.mark.store  # on SQLite, then on PostgreSQL (conftest.py)

ADMIN = "admin-token-for-tests"
ITEM = "接收张三同志为预备党员"


@pytest.fixture
def two_zhang(workspace):
    """The demo roster with a second 张伟 (第一党小组): the first keeps the id 张伟, the
    second gets 张伟-2; labels 张伟（第二党小组）and 张伟（第一党小组）."""
    roster = workspace / "members.csv"
    roster.write_text(
        roster.read_text(encoding="utf-8") + "张伟,full,第一党小组,member,13800000013\n",
        encoding="utf-8",
    )
    return workspace


@pytest.fixture
def ws(two_zhang):
    return Workspace(two_zhang)


@pytest.fixture
def app(ws):
    app = create_app(ws, admin_token=ADMIN, public_url="http://127.0.0.1:9")
    app.test_client_class = AppPhone
    return app


def open_page(phone, ws, mid) -> str:
    assert phone.get(f"/s/{mid}?t={rotating_token(ws.secret, mid)}").status_code == 303
    html = phone.get(f"/s/{mid}").get_data(as_text=True)
    phone.csrf = csrf(html)
    return html


def member_phone(app, ws, mid, name):
    phone = app.test_client()
    open_page(phone, ws, mid)
    answer = phone.post(f"/s/{mid}", data={"csrf": phone.csrf, "name": name})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return phone


def vote(phone, mid, choice=0):
    return phone.post(f"/s/{mid}/vote", data={"csrf": phone.csrf, "choice": str(choice)})


def text(answer) -> str:
    return re.sub(r"<[^>]+>|\s+", " ", answer.get_data(as_text=True))


def ids(ws, mid) -> dict:
    return {m.label or m.name: m.id for m in ws.store.expected_members(mid)}


def test_a_guest_never_takes_a_members_name_label_or_id(app, ws, run):
    mid = prepare_now(run)
    run("update", mid, "--vote", ITEM)
    members = ids(ws, mid)
    second = members["张伟（第一党小组）"]
    assert second == "张伟-2"
    for taken, shown in (
        ("张伟（第一党小组）", "张伟（第一党小组）"),
        ("张伟-2", "张伟（第一党小组）"),
        ("张伟 -2", "张伟（第一党小组）"),
        ("张伟3", "张伟（第二党小组）、张伟（第一党小组）"),
        ("张 伟", "张伟（第二党小组）、张伟（第一党小组）"),
        ("ＷＡＮＧ建国", None),  # not a member's name: a guest may use it
    ):
        guest = app.test_client()
        open_page(guest, ws, mid)
        answer = guest.post(f"/s/{mid}/guest", data={"csrf": guest.csrf, "name": taken})
        if shown is None:
            assert answer.status_code == 200
            continue
        assert answer.status_code == 422, taken
        assert f"是 {shown} 吗？请在名单中选择您的名字" in text(answer), answer.get_data(
            as_text=True
        )
    assert [g.name for g in ws.store.guests(mid)] == ["ＷＡＮＧ建国"]
    # The JSON API refuses the same, with a reason.
    guest_api = app.test_client().post(
        f"/api/meetings/{mid}/guests",
        json={"token": rotating_token(ws.secret, mid), "name": "张伟-2"},
    )
    assert guest_api.status_code == 422 and guest_api.get_json()["reason"] == "is-member"
    # A guest's phone votes as no one; the member votes from their own.
    run("ballot", "open", mid, ITEM)
    guest = app.test_client()
    open_page(guest, ws, mid)
    assert (
        guest.post(f"/s/{mid}/guest", data={"csrf": guest.csrf, "name": "王五"}).status_code == 200
    )
    assert vote(guest, mid).status_code == 403
    zhang = member_phone(app, ws, mid, "张伟（第一党小组）")
    assert vote(zhang, mid).status_code == 200
    assert db_rows(ws.root, f"SELECT member FROM ballot_voters WHERE meeting_id = '{mid}'") == [
        (second,)
    ]


def test_the_admin_token_casts_no_ballot(app, ws, run):
    mid = prepare_now(run)
    run("update", mid, "--vote", ITEM)
    run("signin", mid, "王建国")  # signed in by hand: no phone of his
    run("ballot", "open", mid, ITEM)
    client = app.test_client()
    for path, body in (
        ("ballot", {"name": "王建国", "choice": 0}),
        ("ballot", {"member": "王建国", "choice": "赞成"}),
        ("appraisal", {"name": "王建国", "committee": "satisfied"}),
    ):
        answer = client.post(
            f"/api/meetings/{mid}/{path}", json=body, headers={"Authorization": f"Bearer {ADMIN}"}
        )
        assert answer.status_code == 403 and answer.get_json()["reason"] == "in-person"
    # The old kiosk body, grades nested: 400, as nested JSON is everywhere; nothing counted.
    nested = client.post(
        f"/api/meetings/{mid}/appraisal",
        json={"name": "王建国", "grades": {"李秀英": "qualified"}},
        headers={"Authorization": f"Bearer {ADMIN}"},
    )
    assert nested.status_code == 400
    # The admin's browser (its cookie) is no voter either.
    admin = app.test_client()
    assert admin.get(f"/admin?token={ADMIN}").status_code == 303
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    assert admin.post(f"/s/{mid}/vote", data={"csrf": csrf(page), "choice": "0"}).status_code == 403
    assert db_rows(ws.root, f"SELECT \"cast\" FROM ballots WHERE meeting_id = '{mid}'") == [(0,)]


def test_paper_totals_join_the_phone_ballots_and_never_exceed_who_is_present(app, ws, run):
    mid = prepare_now(run)
    run("update", mid, "--vote", ITEM)
    phones = [member_phone(app, ws, mid, n) for n in ("王建国", "李秀英", "刘洋")]
    for name in ("陈静", "杨帆", "黄丽", "赵磊"):  # by hand; 赵磊 is probationary: no vote
        run("signin", mid, name)
    run("ballot", "open", mid, ITEM)
    assert vote(phones[0], mid, 0).status_code == 200
    assert vote(phones[1], mid, 1).status_code == 200
    # 6 voting members present, 2 phone ballots so far: at most 4 on paper.
    bad = run(
        "ballot", "paper", mid, ITEM, "--for", "3", "--against", "1", "--abstain", "1", ok=False
    )
    assert bad.exit_code == 1 and len(bad.output.strip().splitlines()) == 1
    assert "5 paper ballots, but only 4 voting members present haven't voted by phone" in bad.output
    assert db_rows(ws.root, "SELECT * FROM ballot_paper") == []
    out = run("ballot", "paper", mid, ITEM, "--for", "2", "--against", "1", "--abstain", "0").output
    assert "Paper ballots on item" in out and "2 phone ballot(s) so far" in out
    # Corrected: entered again, replaced, not added.
    run("ballot", "paper", mid, ITEM, "--for", "3", "--against", "1")
    # Everyone present has voted now: a third phone is refused.
    answer = vote(phones[2], mid, 0)
    assert answer.status_code in (403, 409, 422) and "voted" in text(answer)
    out = run("ballot", "close", mid, ITEM).output
    assert "By phone: for 1, against 1, abstain 0; on paper: for 3, against 1, abstain 0" in out
    row = json.loads(run("votes", mid, "--json").output)[-1]
    assert (row["for"], row["against"], row["abstain"]) == (4, 2, 0)
    assert row["phone"] == {"for": 1, "against": 1, "abstain": 0}
    assert row["paper"] == {"for": 3, "against": 1, "abstain": 0}
    # A correction after close changes the tally too, within the same limit.
    run("ballot", "paper", mid, ITEM, "--for", "2", "--against", "2")
    row = json.loads(run("votes", mid, "--json").output)[-1]
    assert (row["for"], row["against"]) == (3, 3)
    # Paper totals join a secret ballot: an item without one is refused.
    run("update", mid, "--vote", "另一项表决")
    other = run("ballot", "paper", mid, "另一项表决", "--for", "1", "--against", "0", ok=False)
    assert other.exit_code == 1 and "no ballot was opened" in other.output


def test_a_lost_sign_in_is_handed_to_a_new_phone_and_votes_once(app, ws, run):
    mid = prepare_now(run)
    run("update", mid, "--vote", ITEM)
    old = member_phone(app, ws, mid, "刘洋")
    run("ballot", "open", mid, ITEM)
    new = app.test_client()  # the member's phone lost its cookie: a new client
    open_page(new, ws, mid)
    assert vote(new, mid).status_code == 403  # not signed in on this one
    admin = app.test_client()
    assert admin.get(f"/admin?token={ADMIN}").status_code == 303
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    token = csrf(page)
    # First a page to confirm, nothing changed yet.
    asked = admin.post(f"/admin/meetings/{mid}/handover", data={"csrf": token, "name": "刘洋"})
    assert asked.status_code == 200 and 'id="handover-yes"' in asked.get_data(as_text=True)
    assert db_rows(ws.root, "SELECT count(*) FROM attempts WHERE outcome = 'handover'") == [(0,)]
    done = admin.post(
        f"/admin/meetings/{mid}/handover", data={"csrf": token, "name": "刘洋", "confirm": "1"}
    )
    html = done.get_data(as_text=True)
    link = re.search(r'id="handover-link" href="http://127.0.0.1:9([^"]+)"', html).group(1)
    assert 'id="handover-qr"' in html
    # The new phone takes it (GET asks, POST binds), then votes once.
    asked = new.get(link)
    assert asked.status_code == 200
    taken = new.post(link, data={"csrf": csrf(asked.get_data(as_text=True))})
    assert taken.status_code == 200 and "刘洋" in text(taken)
    assert vote(new, mid, 1).status_code == 200
    assert vote(new, mid, 1).status_code == 409
    assert vote(old, mid, 0).status_code == 403  # the old phone votes for no one now
    # The code works once.
    third = app.test_client()
    open_page(third, ws, mid)
    page = third.get(link).get_data(as_text=True)
    assert third.post(link, data={"csrf": csrf(page)}).status_code == 410
    # Logged: who was handed over, when, from which address.
    logged = db_rows(
        ws.root,
        f"SELECT name, outcome FROM attempts WHERE meeting_id = '{mid}' "
        "AND outcome IN ('handover', 'handed') ORDER BY id",
    )
    assert logged == [("刘洋", "handover"), ("刘洋", "handed")]
    assert db_rows(ws.root, f"SELECT \"cast\" FROM ballots WHERE meeting_id = '{mid}'") == [(1,)]


def test_nested_json_is_a_400_on_every_route(app, ws, run):
    """Every POST route under /api answers a nested or deeply nested body with 400 (never a
    500), with the admin token as without it."""
    mid = prepare_now(run)
    run("prepare", "life", "--no-input", "--date", "2026-12-20")
    run("opinions", "open", "2026-12-20-life")
    routes = sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and "POST" in rule.methods
    )
    assert len(routes) >= 6, routes
    deep = ("[" * 5000 + "]" * 5000).encode()
    bodies = [
        json.dumps({"name": {"a": [1, {"b": 2}]}, "token": "x", "text": "x"}).encode(),
        json.dumps({"name": "王建国", "token": ["x"], "text": {"t": 1}}).encode(),
        b'{"name": ' + deep + b"}",
    ]
    client = app.test_client()
    for route in routes:
        path = route.replace("<meeting_id>", mid if "opinions" not in route else "2026-12-20-life")
        for body in bodies:
            for headers in ({}, {"Authorization": f"Bearer {ADMIN}"}):
                answer = client.post(
                    path, data=body, content_type="application/json", headers=headers
                )
                assert answer.status_code in (400, 401, 403), (path, answer.status_code)
                if headers or "meetings" not in path or path.endswith(("/ballot", "/appraisal")):
                    assert answer.status_code == 400, (path, headers, answer.get_data(True))


def test_tickets_from_before_a_reissue_are_refused_as_revoked(app, ws, run):
    """Three phones fetched the printed code before `signin-code reissue`: each is refused as
    `revoked` (logged), on the page and on the form post; a fresh scan of the new code works."""
    from meetkit.attendance.tokens import printed_token

    mid = prepare_now(run)
    meeting = ws.store.get_meeting(mid)
    old = printed_token(ws.secret, mid, meeting.start)
    phones = []
    for _ in range(3):
        phone = app.test_client()
        assert phone.get(f"/s/{mid}?t={old}").status_code == 303
        html = phone.get(f"/s/{mid}").get_data(as_text=True)
        phone.csrf = csrf(html)
        phones.append(phone)
    run("signin-code", "reissue", mid)
    fresh = create_app(ws, admin_token=ADMIN, public_url="http://127.0.0.1:9")
    fresh.test_client_class = AppPhone
    for phone, name in zip(phones, ("王建国", "李秀英", "刘洋"), strict=True):
        phone.application = fresh
        page = phone.get(f"/s/{mid}")
        assert page.status_code == 403 and "已作废" in page.get_data(as_text=True)
        post = phone.post(f"/s/{mid}", data={"csrf": phone.csrf, "name": name})
        assert post.status_code == 403 and "已作废" in post.get_data(as_text=True)
    assert ws.store.signins(mid) == []
    reasons = [a.reason for a in ws.store.attempts(mid) if a.outcome == "refused"]
    assert reasons.count("revoked") >= 3
    new = printed_token(ws.secret, mid, meeting.start, generation=1)
    again = fresh.test_client()
    assert again.get(f"/s/{mid}?t={new}").status_code == 303
    html = again.get(f"/s/{mid}").get_data(as_text=True)
    assert again.post(f"/s/{mid}", data={"csrf": csrf(html), "name": "王建国"}).status_code == 200


def test_a_held_postgresql_lock_answers_503_within_ten_seconds(app, ws, run, store_backend):
    """A row lock held elsewhere (another session holds the sign-ins table): the sign-in
    waits at most lock_timeout, then answers 503 with Retry-After; /api/ping doesn't wait."""
    import os
    import time

    from sqlalchemy import create_engine
    from sqlalchemy import text as sql

    if store_backend != "postgresql":
        pytest.skip("PostgreSQL's lock_timeout (SQLite: test_cli_faults' busy database)")
    mid = prepare_now(run)
    phone = app.test_client()
    open_page(phone, ws, mid)
    holder = create_engine(os.environ["MEETKIT_DATABASE_URL"])
    with holder.connect() as conn:
        conn.execute(sql("LOCK TABLE signins IN ACCESS EXCLUSIVE MODE"))
        started = time.monotonic()
        answer = phone.post(f"/s/{mid}", data={"csrf": phone.csrf, "name": "王建国"})
        waited = time.monotonic() - started
        ping_started = time.monotonic()
        ping = app.test_client().get("/api/ping")
        ping_waited = time.monotonic() - ping_started
        conn.rollback()
    holder.dispose()
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    assert 4 <= waited < 10, waited
    assert ping.status_code == 200 and ping_waited < 1
    # Released: the same sign-in goes through.
    assert phone.post(f"/s/{mid}", data={"csrf": phone.csrf, "name": "王建国"}).status_code == 200
