"""The secret ballot and the appraisal, attacked as someone with the raw database would
(issue 19): six phones vote a ballot and five hand in an appraisal with 不合格 reasons, in a
known order; after close, the SQLite file's pages read by byte offset and PostgreSQL's xmin and
ctid give neither the order of casting nor any voter-choice or reason-author link.

Each test first shows that the attack works while the ballot is open (so the check after close
is a real one), then that closing took it away. The phones are Flask test clients with their
own cookies and addresses, through the same pages a member's phone uses.
"""

from __future__ import annotations

import pytest
from conftest import db_rows
from helpers import AppPhone, csrf, prepare_now
from rawdb import SQLiteFile

from meetkit.attendance.tokens import rotating_token
from meetkit.web import create_app
from meetkit.workspace import Workspace

pytestmark = pytest.mark.store  # on SQLite, then on PostgreSQL (conftest.py)

ITEM = "接收张三同志为预备党员"
# Six voting members in an order that is neither their sorted order nor its reverse.
VOTERS = ["刘洋", "王建国", "黄丽", "李秀英", "徐强", "陈静"]
CHOICES = [1, 0, 2, 0, 1, 0]
# Five appraisers; four give 徐强 不合格, with reasons whose text sorts in neither this order
# nor its reverse.
APPRAISERS = ["周杰", "张伟", "吴敏", "杨帆", "王建国"]
REASONS = {"周杰": "R3 很少参加", "张伟": "R1 不交党费", "吴敏": "R4 不学习", "杨帆": "R2 态度差"}
GRADED = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "黄丽", "周杰", "吴敏", "徐强"]


def _neither(order: list) -> bool:
    return order not in (sorted(order), sorted(order, reverse=True))


def phone_for(app, ws, mid, name) -> AppPhone:
    phone = app.test_client()
    first = phone.get(f"/s/{mid}?t={rotating_token(ws.secret, mid)}")
    assert first.status_code == 303
    html = phone.get(f"/s/{mid}").get_data(as_text=True)
    answer = phone.post(f"/s/{mid}", data={"csrf": csrf(html), "name": name})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    phone.csrf = csrf(html)
    return phone


@pytest.fixture
def ws(workspace):
    return Workspace(workspace)


@pytest.fixture
def app(ws):
    app = create_app(ws, admin_token="admin-token-for-tests", public_url="http://127.0.0.1:9")
    app.test_client_class = AppPhone
    return app


def vote_six(app, ws, run) -> str:
    assert _neither(VOTERS)
    mid = prepare_now(run)
    run("update", mid, "--vote", ITEM)
    phones = [phone_for(app, ws, mid, name) for name in VOTERS]
    out = run("ballot", "open", mid, ITEM).output
    assert "Ballot open" in out
    for phone, choice in zip(phones, CHOICES, strict=True):
        answer = phone.post(f"/s/{mid}/vote", data={"csrf": phone.csrf, "choice": str(choice)})
        assert answer.status_code == 200, answer.get_data(as_text=True)
    return mid


def appraise_five(app, ws, run) -> str:
    assert _neither([REASONS[n] for n in APPRAISERS if n in REASONS])
    assert _neither(APPRAISERS)
    mid = prepare_now(run, "life")
    phones = [phone_for(app, ws, mid, name) for name in APPRAISERS]
    run("appraisal", "open", mid)
    for name, phone in zip(APPRAISERS, phones, strict=True):
        form = {"csrf": phone.csrf}
        for i, graded in enumerate(GRADED):
            if graded == name:
                continue
            if graded == "徐强" and name in REASONS:
                form[f"g{i}"], form[f"r{i}"] = "unqualified", REASONS[name]
            else:
                form[f"g{i}"] = "qualified" if i % 2 else "excellent"
        answer = phone.post(f"/s/{mid}/appraisal", data=form)
        assert answer.status_code == 200, answer.get_data(as_text=True)
    return mid


def sqlite_order(root, table, mid, column) -> list:
    """``column`` of ``table``'s rows of meeting ``mid`` in the order the file holds their
    cells (falling byte offset: the order SQLite wrote them)."""
    raw = SQLiteFile(root / ".meetkit" / "meetkit.db")
    cells, _pages = raw.cells(table)
    # A WITHOUT ROWID table's record holds its key columns first, then the others; in these
    # tables the key columns are declared first, so this is the declared order.
    names = [r[1] for r in db_rows(root, f"SELECT * FROM pragma_table_info('{table}')")]
    at = names.index(column)
    return [c.values[at] for c in cells if c.values and c.values[0] == mid]


def fold_wal(root) -> None:
    """An attacker folds the write-ahead log into the file before reading it (the log itself
    is another copy of the same pages)."""
    import sqlite3

    con = sqlite3.connect(root / ".meetkit" / "meetkit.db")
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def assert_no_leftovers(root, tables, secrets=()) -> None:
    """No unused byte of the tables' pages and no free page holds anything, and the
    write-ahead log holds no page of the tables (the documents written after close may have
    left pages of their own there) and none of ``secrets``."""
    raw = SQLiteFile(root / ".meetkit" / "meetkit.db")
    theirs = set()
    for table in tables:
        cells, pages = raw.cells(table)
        theirs |= set(pages)
        for number in pages:
            assert not any(raw.slack(number, cells)), (table, number)
    for number in raw.free_pages():
        page = raw.page(number)
        assert not any(page[8 + 4 * int.from_bytes(page[4:8], "big") :]), number
    wal = root / ".meetkit" / "meetkit.db-wal"
    log = wal.read_bytes() if wal.exists() else b""
    frame = 24 + raw.page_size
    in_log = {
        int.from_bytes(log[at : at + 4], "big") for at in range(32, len(log) - frame + 1, frame)
    }
    assert not in_log & theirs
    assert not [s for s in secrets if s.encode() in log]


def pg_rows(root, table, mid, *columns) -> list[tuple]:
    """(xmin, ctid, *columns) of ``table``'s rows of ``mid`` in the file's order (ctid)."""
    cols = ", ".join(columns)
    return db_rows(
        root,
        f"SELECT xmin::text::bigint, ctid::text, {cols} FROM {table} "
        f"WHERE meeting_id = '{mid}' ORDER BY {table}.ctid",  # the tid, not its text
    )


def test_a_closed_ballot_keeps_no_order_and_no_link(app, ws, workspace, run, store_backend):
    mid = vote_six(app, ws, run)
    if store_backend == "sqlite":
        fold_wal(workspace)
        # While open the attack works: cells by offset are the order of voting.
        assert sqlite_order(workspace, "ballot_voters", mid, "member") == VOTERS
    else:
        voters = pg_rows(workspace, "ballot_voters", mid, "member")
        assert [r[2] for r in sorted(voters)] == VOTERS  # xmin order is the voting order
        counters = pg_rows(workspace, "ballot_counts", mid, "choice")
        # Every counter was rewritten by the last ballot: their xmin is the last voter's, so
        # it names no choice.
        assert {r[0] for r in counters} == {max(r[0] for r in voters)}
        filenode = db_rows(workspace, "SELECT pg_relation_filenode('ballot_voters')")[0][0]
    run("ballot", "close", mid, ITEM)
    assert db_rows(workspace, f"SELECT yes, no, abstain FROM votes WHERE meeting_id = '{mid}'") == [
        (3, 2, 1)
    ]
    if store_backend == "sqlite":
        order = sqlite_order(workspace, "ballot_voters", mid, "member")
        assert sorted(order) == sorted(VOTERS) and not _neither(order)
        choices = sqlite_order(workspace, "ballot_counts", mid, "choice")
        assert not _neither(choices)
        assert_no_leftovers(workspace, ["ballot_voters", "ballot_counts"])
    else:
        voters = pg_rows(workspace, "ballot_voters", mid, "member")
        counters = pg_rows(workspace, "ballot_counts", mid, "choice")
        # One transaction wrote every row: the closing one. The file order is the sorted one.
        assert len({r[0] for r in voters + counters}) == 1
        assert [r[2] for r in voters] == sorted(VOTERS)
        assert [r[2] for r in counters] == [0, 1, 2]
        # A new file: the dead versions of the ballots went with the old one.
        assert db_rows(workspace, "SELECT pg_relation_filenode('ballot_voters')")[0][0] != filenode


def test_a_closed_appraisal_keeps_no_order_and_no_author(app, ws, workspace, run, store_backend):
    mid = appraise_five(app, ws, run)
    cast_reasons = [REASONS[n] for n in APPRAISERS if n in REASONS]
    if store_backend == "sqlite":
        fold_wal(workspace)
        assert sqlite_order(workspace, "appraisal_voters", mid, "member") == APPRAISERS
        # Lined up with the voters, each reason names its author while open.
        assert sqlite_order(workspace, "appraisal_reasons", mid, "reason") == cast_reasons
    else:
        voters = pg_rows(workspace, "appraisal_voters", mid, "member")
        reasons = pg_rows(workspace, "appraisal_reasons", mid, "reason")
        assert [r[2] for r in sorted(voters)] == APPRAISERS
        by_xmin = {r[0]: r[2] for r in voters}
        assert {by_xmin[r[0]] for r in reasons} == set(REASONS)  # the shared xmin names them
        counters = pg_rows(workspace, "appraisal_counts", mid, "subject")
        assert {r[0] for r in counters} == {max(by_xmin)}
    run("appraisal", "close", mid)
    if store_backend == "sqlite":
        order = sqlite_order(workspace, "appraisal_voters", mid, "member")
        assert sorted(order) == sorted(APPRAISERS) and not _neither(order)
        reasons = sqlite_order(workspace, "appraisal_reasons", mid, "reason")
        assert sorted(reasons) == sorted(cast_reasons) and not _neither(reasons)
        assert_no_leftovers(
            workspace,
            ["appraisal_voters", "appraisal_counts", "appraisal_reasons"],
            cast_reasons,
        )
    else:
        voters = pg_rows(workspace, "appraisal_voters", mid, "member")
        reasons = pg_rows(workspace, "appraisal_reasons", mid, "reason")
        counters = pg_rows(workspace, "appraisal_counts", mid, "subject", "grade")
        assert len({r[0] for r in voters + reasons + counters}) == 1
        assert [r[2] for r in voters] == sorted(APPRAISERS)
        assert [r[2] for r in reasons] == sorted(cast_reasons)
        assert [r[2:] for r in counters] == sorted(r[2:] for r in counters)
    # What the secretary sees is unchanged by sealing.
    data = ws.store.appraisal_counts(mid)
    assert data["徐强"]["unqualified"] == 4
    assert sorted(ws.store.appraisal_reasons(mid)["徐强"]) == sorted(cast_reasons)


def test_closed_opinions_keep_no_order_of_arrival(workspace, run, store_backend):
    run("prepare", "life", "--no-input", "--date", "2026-12-20")
    life = "2026-12-20-life"
    run("opinions", "open", life)
    texts = ["意见三", "意见一", "意见五", "意见二", "意见四"]
    for text in texts:
        run("opinions", "add", life, text)
    run("opinions", "close", life)
    if store_backend == "sqlite":
        order = sqlite_order(workspace, "opinions", life, "key")
        assert sorted(order) == order or sorted(order, reverse=True) == order
        found = sqlite_order(workspace, "opinions", life, "text")
        # Written in the order of random keys: a function of the keys alone.
        assert sorted(found) == sorted(texts)
        names = [r[1] for r in db_rows(workspace, "SELECT * FROM pragma_table_info('opinions')")]
    else:
        rows = pg_rows(workspace, "opinions", life, "key", "text")
        assert len({r[0] for r in rows}) == 1
        assert [r[2] for r in rows] == sorted(r[2] for r in rows)
        names = [
            r[0]
            for r in db_rows(
                workspace,
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'opinions' AND table_schema = current_schema()",
            )
        ]
    assert "id" not in names and "at" not in names and "day" in names
    days = db_rows(workspace, f"SELECT day FROM opinions WHERE meeting_id = '{life}'")
    assert all(len(str(d[0])) == 10 for d in days)  # a day, nothing finer


def test_the_state_folder_is_the_secretarys_alone(workspace, run, store_backend):
    """.meetkit/ is 0700 and every file in it 0600: the database, its -wal and -shm (SQLite
    gives them the database's mode), the sign-in secret; an older workspace is tightened."""
    import os
    import stat

    if store_backend != "sqlite":
        pytest.skip("the files are SQLite's")
    run("prepare", "general", "--no-input", "--date", "2026-12-03")
    state = workspace / ".meetkit"
    os.chmod(state, 0o755)
    os.chmod(state / "secret", 0o644)
    run("list")
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    files = {p.name: stat.S_IMODE(p.stat().st_mode) for p in state.iterdir() if p.is_file()}
    assert {"meetkit.db", "secret"} <= set(files)
    assert set(files.values()) == {0o600}, files
    # A new workspace starts so.
    from meetkit.meetings.init import init_workspace

    fresh = init_workspace(workspace.parent / "fresh", demo=True)
    assert stat.S_IMODE((fresh / ".meetkit").stat().st_mode) == 0o700


def test_a_log_held_by_a_reader_is_reported_at_close(workspace, run, store_backend):
    """A reader (another program inside a read transaction) keeps SQLite from emptying its
    log at close: `ballot close` says so on stderr instead of claiming the history is gone;
    once the reader is gone the next checkpoint empties it."""
    import sqlite3

    if store_backend != "sqlite":
        pytest.skip("SQLite's write-ahead log")
    mid = prepare_now(run)
    run("update", mid, "--vote", ITEM)
    run("ballot", "open", mid, ITEM)
    reader = sqlite3.connect(workspace / ".meetkit" / "meetkit.db")
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM meetings").fetchone()
    try:
        result = run("ballot", "close", mid, ITEM)
    finally:
        reader.rollback()
        reader.close()
    assert "Warning: another program is reading the database" in result.output
    fold_wal(workspace)
    wal = workspace / ".meetkit" / "meetkit.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
