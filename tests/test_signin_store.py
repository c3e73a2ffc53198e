"""The attendance store under concurrency: a sign-in is never lost or doubled, a repeat is
"already", one device and one address bind one person, and a failing write raises, leaves
nothing half-written, and the next one works."""

from __future__ import annotations

import os
import tempfile
import threading
from collections import Counter
from contextlib import contextmanager

import pytest
from conftest import postgres_schema

from meetkit.store import Store

MID = "2026-12-01-general"
AT = "2026-12-01T19:20:00"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(tmp_path, request, monkeypatch):
    if request.param == "postgresql":
        with postgres_schema(monkeypatch):
            store = Store(os.environ["MEETKIT_DATABASE_URL"])
            yield store
            store.close()
        return
    store = Store(f"sqlite:///{tmp_path / 'meetkit.db'}")
    yield store
    store.close()


def hammer(store, calls: list[dict], threads: int = 24) -> list:
    """Run store.sign_in for each call from ``threads`` threads at once."""
    results: list = [None] * len(calls)
    start = threading.Barrier(threads)
    errors = []

    def work(k):
        start.wait()
        for i in range(k, len(calls), threads):
            try:
                results[i] = store.sign_in(MID, at=AT, status="present", method="api", **calls[i])
            except Exception as exc:  # pragma: no cover - shown by the assertion below
                errors.append(exc)

    pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(60)
    assert errors == []
    return results


def test_concurrent_repeats_sign_in_once_each(store):
    names = [f"成员{i:03d}" for i in range(150)]
    results = hammer(store, [{"name": n} for n in names + names])
    by_name: dict = {}
    for r in results:
        by_name.setdefault(r.name, []).append(r.status)
    assert all(sorted(v) == ["already", "present"] for v in by_name.values())
    assert len(by_name) == 150
    assert sorted(s.name for s in store.signins(MID)) == sorted(names)
    outcomes = Counter(a.outcome for a in store.attempts(MID, limit=1000))
    assert outcomes == {"present": 150, "already": 150}


def test_one_device_one_person_under_concurrency(store):
    calls = [{"name": f"成员{i:02d}", "device": "phone-1", "bind_device": True} for i in range(30)]
    results = hammer(store, calls, threads=15)
    winners = [r for r in results if r.status == "present"]
    assert len(winners) == 1
    assert all(
        r.status == "one-device" and r.name == winners[0].name
        for r in results
        if r.status != "present"
    )
    assert [s.name for s in store.signins(MID)] == [winners[0].name]
    # A device that signed in a guest can't sign in a member.
    store.add_guest(MID, "来宾", at=AT, method="web", device="phone-2", bind_device=True)
    refused = store.sign_in(
        MID, "成员99", at=AT, status="present", method="web", device="phone-2", bind_device=True
    )
    assert refused.status == "one-device" and refused.name == "来宾"
    # Not bound (kiosk, admin): the same device signs in anyone.
    assert (
        store.sign_in(MID, "成员98", at=AT, status="present", method="api", device="phone-1").status
        == "present"
    )


def test_one_address_one_person_under_concurrency(store):
    calls = [
        {
            "name": f"成员{i:02d}",
            "device": f"phone-{i}",
            "bind_device": True,
            "address": "192.168.1.50",
            "bind_address": True,
        }
        for i in range(30)
    ]
    results = hammer(store, calls, threads=15)
    winners = [r for r in results if r.status == "present"]
    assert len(winners) == 1
    assert all(
        r.status == "one-address" and r.name == winners[0].name
        for r in results
        if r.status != "present"
    )
    # Not bound (one_member_per_address = false): the address is only recorded.
    assert (
        store.sign_in(
            MID,
            "成员99",
            at=AT,
            status="present",
            method="web",
            device="phone-99",
            bind_device=True,
            address="192.168.1.50",
        ).status
        == "present"
    )
    assert store.shared_addresses(MID) == [("192.168.1.50", [winners[0].name, "成员99"])]
    # The admin releases the winner: the address may sign in one more.
    assert store.release_device(MID, winners[0].name)
    assert (
        store.sign_in(
            MID,
            "成员98",
            at=AT,
            status="present",
            method="web",
            address="192.168.1.50",
            bind_address=True,
        ).status
        == "present"
    )


def test_a_failing_write_raises_and_the_next_one_works(store, monkeypatch):
    """The attempt's INSERT fails in the database after the sign-in's was sent: the driver's
    error is raised as SQLAlchemy's (what the CLI and the web turn into one line, or 503/507),
    the sign-in rolled back with it, and the next sign-in works."""
    from sqlalchemy.exc import DBAPIError

    attempt = store._signin_sql().statements["attempt"]
    monkeypatch.setattr(attempt, "sql", attempt.sql.replace("attempts", "no_such_table", 1))
    with pytest.raises(DBAPIError, match="no_such_table"):
        store.sign_in(MID, "王建国", at=AT, status="present", method="api")
    assert (
        store.signins(MID) == []
    )  # the sign-in rolled back with its attempt: nothing half-written
    monkeypatch.undo()
    assert store.sign_in(MID, "王建国", at=AT, status="present", method="api").status == "present"
    assert [s.name for s in store.signins(MID)] == ["王建国"]


def test_a_sign_in_survives_its_connection_being_lost(store):
    """The sign-ins keep one connection; when it dies under them (PostgreSQL restarted, the
    connection killed), the next sign-in takes a new one and is written once."""
    from sqlalchemy import text

    store.sign_in(MID, "成员10", at=AT, status="present", method="api")
    raw = store._signin_sql().connection._held[0]
    if store.engine.dialect.name == "sqlite":
        raw.dbapi_connection.close()  # what SQLite's driver then says is a lost connection
    else:
        pid = raw.dbapi_connection.info.backend_pid
        with store.engine.connect() as other:
            assert other.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
    out = store.sign_in(MID, "成员11", at=AT, status="present", method="api")
    assert out.status == "present"
    assert store._signin_sql().connection._held[0] is not raw  # a new connection
    assert sorted(s.name for s in store.signins(MID)) == ["成员10", "成员11"]
    assert [a.outcome for a in store.attempts(MID)] == ["present", "present"]


@contextmanager
def _watch(store):
    """Count what the store's connections send the database: transactions (begin, commit,
    rollback) and the statements run inside them, by their first word. Seen at the driver
    (SQLite's trace callback, libpq's protocol trace on PostgreSQL), whichever layer of
    SQLAlchemy the store sends them through."""
    from sqlalchemy import event

    seen: Counter = Counter()
    inside = [False]

    def sent(sql: str) -> None:
        word = sql.split()[0].upper()
        if word == "BEGIN":
            seen["begin"] += 1
            inside[0] = True
        elif word in ("COMMIT", "ROLLBACK"):
            seen[word.lower()] += 1
            inside[0] = False
        elif inside[0]:  # not the pool's ping (PostgreSQL), sent outside any transaction
            seen["statement"] += 1
            seen[word] += 1

    traces: dict[int, object] = {}

    def checkout(dbapi_connection, record, proxy):
        if store.engine.dialect.name == "sqlite":
            dbapi_connection.set_trace_callback(sent)
            return
        from psycopg import pq

        trace = traces[id(dbapi_connection)] = tempfile.TemporaryFile("w+", encoding="utf-8")
        dbapi_connection.pgconn.trace(trace.fileno())
        dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)

    def checkin(dbapi_connection, record):
        if store.engine.dialect.name == "sqlite":
            dbapi_connection.set_trace_callback(None)
            return
        trace = traces.pop(id(dbapi_connection), None)
        if trace is None:
            return
        dbapi_connection.pgconn.untrace()
        trace.seek(0)
        _replay_libpq_trace(trace.read(), sent)
        trace.close()

    # The sign-ins keep one connection out of the pool: give it back, so the next sign-in
    # checks one out under the watch, and again at the end, so its trace is read.
    store.release_signin_connection()
    event.listen(store.engine, "checkout", checkout)
    event.listen(store.engine, "checkin", checkin)
    try:
        yield seen
    finally:
        store.release_signin_connection()
        event.remove(store.engine, "checkout", checkout)
        event.remove(store.engine, "checkin", checkin)


def _replay_libpq_trace(text: str, sent) -> None:
    """Call ``sent(sql)`` for each statement the client sent, in order, from a libpq trace:
    simple queries (``BEGIN``, ``COMMIT``) and extended ones (Parse names the SQL, Bind picks a
    parsed statement, Execute runs it). The trace quotes SQL without escaping its newlines or
    quotes: a message starts at a line beginning with its direction and length, and only the
    statement names (never quoted themselves) and the SQL's first word are read."""
    import re

    parsed: dict[str, str] = {}
    bound = ""
    for message in re.split(r"\n(?=[FB]\t\d+\t)", text):
        parts = message.split("\t", 3)
        if len(parts) < 3 or parts[0] != "F":
            continue
        kind, rest = parts[2], (parts[3] if len(parts) > 3 else "").strip()
        if kind == "Query":  # "BEGIN"
            sent(rest.strip('"'))
        elif kind == "Parse":  # "name" "SQL…" …
            name, _, sql = rest[1:].partition('" "')
            parsed[name] = sql
        elif kind == "Bind":  # "portal" "statement name" …
            bound = rest.split('"')[3]
        elif kind == "Execute":
            sent(parsed[bound])


def test_a_sign_in_is_one_transaction_of_two_statements(store):
    """The sign-in and its attempt: one INSERT … SELECT that decides and writes, one INSERT
    of the attempt, one commit. A refusal (a repeat, a second person on one phone) reads why
    in the same transaction and stores the attempt there."""
    phone = {"device": "phone-1", "bind_device": True, "address": "10.0.0.7"}
    store.sign_in(MID, "成员00", at=AT, status="present", method="api", bind_address=True, **phone)
    with _watch(store) as seen:
        out = store.sign_in(
            MID,
            "成员01",
            at=AT,
            status="late",
            method="api",
            device="phone-2",
            bind_device=True,
            address="10.0.0.8",
            bind_address=True,
        )
        assert out.status == "late"
        store.release_signin_connection()  # its trace read now (PostgreSQL)
        assert seen == {"begin": 1, "statement": 2, "INSERT": 2, "commit": 1}
        seen.clear()
        again = store.sign_in(MID, "成员01", at="2026-12-01T19:40:00", status="late", method="api")
        assert (again.status, again.at.isoformat()) == ("already", AT)
        store.release_signin_connection()
        assert seen["begin"] == seen["commit"] == 1 and seen["rollback"] == 0
        seen.clear()
        other = store.sign_in(MID, "成员02", at=AT, status="present", method="api", **phone)
        assert (other.status, other.name) == ("one-device", "成员00")
        store.release_signin_connection()
        assert seen["begin"] == seen["commit"] == 1 and seen["rollback"] == 0
    assert sorted(s.name for s in store.signins(MID)) == ["成员00", "成员01"]
    outcomes = [(a.name, a.outcome) for a in store.attempts(MID, limit=10)]
    assert sorted(outcomes) == [
        ("成员00", "present"),
        ("成员01", "already"),
        ("成员01", "late"),
        ("成员02", "refused"),
    ]


def test_a_guests_phone_or_address_keeps_a_member_out(store):
    """The one statement checks guests too: a phone (an address) that signed a guest in
    does not sign a member in, and nothing is written for the member."""
    store.add_guest(MID, "来宾甲", at=AT, method="web", device="p-9", bind_device=True)
    store.add_guest(MID, "来宾乙", at=AT, method="web", address="10.1.1.1", bind_address=True)
    by_phone = store.sign_in(
        MID, "成员05", at=AT, status="present", method="web", device="p-9", bind_device=True
    )
    by_address = store.sign_in(
        MID, "成员06", at=AT, status="present", method="web", address="10.1.1.1", bind_address=True
    )
    assert (by_phone.status, by_phone.name) == ("one-device", "来宾甲")
    assert (by_address.status, by_address.name) == ("one-address", "来宾乙")
    unbound = store.sign_in(MID, "成员07", at=AT, status="present", method="manual", device="p-9")
    assert unbound.status == "present"  # the admin's, unbound: no rule applies
    assert [s.name for s in store.signins(MID)] == ["成员07"]
