"""Secret ballots by phone against a real `meetkit serve`: phones with their own cookies and
loopback addresses, refusals, a SIGKILL mid-ballot, and the database read directly to find no
link between a voter and a choice."""

from __future__ import annotations

import json
import sqlite3

import pytest
from helpers import ADMIN, Phone, prepare_now, set_public_url

from meetkit.workspace import Workspace

# Ten voting members and the two probationary ones (赵磊, 孙婷) of the demo branch.
VOTERS = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "黄丽", "周杰", "吴敏", "徐强"]


def admin_json(port, method, path, data=None):
    """The admin's API (bearer token): (status, JSON)."""
    headers = {"Authorization": f"Bearer {ADMIN}"}
    body = None
    if data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    answer = Phone(port).request(method, path, body, headers)
    return answer.status, answer.json()


@pytest.fixture
def served(workspace, run, servers):
    server = servers(workspace)
    set_public_url(workspace, server.base)
    mid = prepare_now(run)
    run("update", mid, "--vote", "接收张三同志为预备党员")
    return workspace, server.start(), mid


def signed_phones(root, server, mid, names):
    """A phone for each of ``names`` (its own cookies and address), signed in."""
    secret = Workspace(root).secret
    phones = {}
    for name in names:
        phone = Phone(server.port)
        phone.sign_in(secret, mid, name)
        phones[name] = phone
    return phones


def test_a_ballot_from_open_to_close(served, run):
    root, server, mid = served
    phones = signed_phones(root, server, mid, ["王建国", "李秀英", "张伟", "赵磊"])
    # Before a ballot opens the page says so.
    status, _, html = phones["王建国"].get(f"/s/{mid}/vote")
    assert status == 200 and 'id="watch"' in html
    out = run("ballot", "open", mid, "3").output
    assert "Ballot open on item 3 (接收张三同志为预备党员): 赞成 / 反对 / 弃权" in out
    status, _, html = phones["王建国"].get(f"/s/{mid}/vote")
    assert status == 200 and "接收张三同志为预备党员" in html and 'name="choice"' in html
    assert phones["王建国"].post_form(f"/s/{mid}/vote", {"choice": "0"})[0] == 200
    assert phones["李秀英"].post_form(f"/s/{mid}/vote", {"choice": "0"})[0] == 200
    # A repeat from the same member and phone: refused, not counted.
    status, _, html = phones["李秀英"].post_form(f"/s/{mid}/vote", {"choice": "1"})
    assert status == 409 and "已经投过票" in html
    # A probationary member has no vote.
    status, _, html = phones["赵磊"].post_form(f"/s/{mid}/vote", {"choice": "1"})
    assert status == 403 and "没有表决权" in html
    # A phone that signed nobody in.
    stranger = Phone(server.port)
    stranger.open_page(Workspace(root).secret, mid)
    assert stranger.post_form(f"/s/{mid}/vote", {"choice": "0"})[0] == 403
    # While open: the number of ballots only.
    status, data = admin_json(server.port, "GET", f"/api/meetings/{mid}/ballot")
    assert status == 200 and data["ballot"]["cast"] == 2 and data["ballot"]["voters"] == 3
    assert "counts" not in json.dumps(data) and set(data["ballot"]) == {
        "item",
        "text",
        "choices",
        "cast",
        "voters",
    }
    # The admin token casts no ballot in a member's name (signed in or not).
    for name in ("张伟", "刘洋"):
        status, data = admin_json(
            server.port, "POST", f"/api/meetings/{mid}/ballot", {"name": name, "choice": "反对"}
        )
        assert status == 403 and data["reason"] == "in-person" and "error" in data
    # 张伟 votes from his own phone.
    assert phones["张伟"].post_form(f"/s/{mid}/vote", {"choice": "1"})[0] == 200

    out = run("ballot", "close", mid, "3").output
    assert "for 2, against 1, abstain 0: not passed" in out
    rows = json.loads(run("votes", mid, "--json").output)
    assert rows[-1] == {
        "item": 3,
        "text": "接收张三同志为预备党员",
        "for": 2,
        "against": 1,
        "abstain": 0,
        "required": 6,
        "passed": False,
        "method": "ballot",
        "phone": {"for": 2, "against": 1, "abstain": 0},
        "paper": None,
    }
    # After close: refused on the phone, and no reopening.
    status, _, html = phones["张伟"].post_form(f"/s/{mid}/vote", {"choice": "0"})
    assert status == 409
    again = run("ballot", "open", mid, "3", ok=False)
    assert again.exit_code == 1 and "already closed" in again.output and "reopened" in again.output
    again = run("ballot", "close", mid, "3", ok=False)
    assert again.exit_code == 1 and "already closed" in again.output
    # Nothing about the ballots is in the server's output (no request log with content).
    assert "choice" not in "".join(server.lines)


def test_refusals_of_ballot_commands(served, run):
    _root, _server, mid = served
    assert "not a vote item" in run("ballot", "open", mid, "1", ok=False).output
    assert "no ballot was opened" in run("ballot", "close", mid, "3", ok=False).output
    bad = run("ballot", "open", mid, "3", "--choices", "赞成", ok=False)
    assert bad.exit_code == 1 and "--choices" in bad.output
    run("ballot", "open", mid, "3", "--choices", "同意,不同意,弃权")
    assert "already open" in run("ballot", "open", mid, "3", ok=False).output
    run("update", mid, "--vote", "同意增补李四为支部委员候选人")  # item 4, after item 3
    assert "close the open ballot" in run("ballot", "open", mid, "4", ok=False).output
    busy = run("vote", mid, "3", "--for", "1", "--against", "0", "--abstain", "0", ok=False)
    assert busy.exit_code == 1 and "secret ballot" in busy.output


def test_sigkill_mid_ballot_loses_no_acknowledged_ballot_and_counts_none_twice(served, run):
    root, server, mid = served
    phones = signed_phones(root, server, mid, VOTERS[:8])
    run("ballot", "open", mid, "3")
    acknowledged = []
    for i, name in enumerate(VOTERS[:5]):
        status = phones[name].post_form(f"/s/{mid}/vote", {"choice": str(i % 3)}).status
        assert status == 200
        acknowledged.append(i % 3)
    server.kill()
    server.start()
    # After the restart: the acknowledged five are there; a repeat is still refused.
    assert phones[VOTERS[0]].post_form(f"/s/{mid}/vote", {"choice": "0"})[0] == 409
    for name in VOTERS[5:8]:
        assert phones[name].post_form(f"/s/{mid}/vote", {"choice": "0"})[0] == 200
        acknowledged.append(0)
    run("ballot", "close", mid, "3")
    row = json.loads(run("votes", mid, "--json").output)[-1]
    assert [row["for"], row["against"], row["abstain"]] == [
        acknowledged.count(c) for c in (0, 1, 2)
    ]
    assert sum([row["for"], row["against"], row["abstain"]]) == 8


def test_the_database_holds_no_link_between_a_voter_and_a_choice(served, run):
    root, server, mid = served
    # Members vote in an order that is not the order of their names.
    order = ["徐强", "王建国", "黄丽", "李秀英", "吴敏"]
    phones = signed_phones(root, server, mid, order)
    run("ballot", "open", mid, "3")
    choices = {"徐强": 1, "王建国": 0, "黄丽": 2, "李秀英": 0, "吴敏": 0}
    for name in order:
        assert phones[name].post_form(f"/s/{mid}/vote", {"choice": str(choices[name])})[0] == 200
    db = root / ".meetkit" / "meetkit.db"
    con = sqlite3.connect(db)
    try:
        columns = {
            t: [r[1] for r in con.execute(f"PRAGMA table_info({t})")]
            for t in ("ballot_voters", "ballot_counts", "ballots")
        }
        # Who voted: member ids only, no time, device, address or sequence.
        assert columns["ballot_voters"] == ["meeting_id", "item", "member"]
        # What was chosen: one counter per choice.
        assert columns["ballot_counts"] == ["meeting_id", "item", "choice", "count"]
        for table in ("ballot_voters", "ballot_counts"):
            ddl = con.execute("SELECT sql FROM sqlite_master WHERE name=?", (table,)).fetchone()
            assert "WITHOUT ROWID" in ddl[0]
        stored = [r[0] for r in con.execute("SELECT member FROM ballot_voters")]
        # Stored in key order, not in the order they voted.
        assert stored == sorted(order) and stored != order
        counts = dict(con.execute("SELECT choice, count FROM ballot_counts"))
        assert counts == {0: 3, 1: 1, 2: 1}
        # No other table got a row per ballot: attempts hold sign-ins only, and nothing
        # anywhere holds a choice next to a name.
        dump = "\n".join(con.iterdump())
        for name in order:
            for line in dump.splitlines():
                if name in line and "ballot" in line:
                    assert line.startswith('INSERT INTO "ballot_voters"'), line
    finally:
        con.close()
    run("ballot", "close", mid, "3")
    # Closing folds the write-ahead log (which held each counter step) into the database.
    wal = db.with_name("meetkit.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0
