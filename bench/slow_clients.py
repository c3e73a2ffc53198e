"""Slow clients against a real ``meetkit serve``: hundreds of connections trickle their headers
(a byte every few seconds, so they are never idle long enough to be closed) while honest
phones sign in. Goal: with 500 slow connections open, every honest sign-in is answered
within 2 s. Run by hand (not a test):

    .venv/bin/python bench/slow_clients.py [--slow 500] [--honest 60]

Each slow connection and each honest phone connects from its own loopback address. Prints how
many slow connections the server holds, and the honest sign-ins' latencies.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402  (bench/_common.py, beside this script)
    add_meeting,
    loopback,
    machine,
    make_workspace,
    start_server,
    stop_server,
)


def slow_connection(port: int, n: int, stop: threading.Event, opened: list) -> None:
    """Open a connection and trickle a request's headers, one byte every 2 s, until ``stop``."""
    try:
        sock = socket.create_connection(
            ("127.0.0.1", port), timeout=10, source_address=(loopback(4, n), 0)
        )
    except OSError:
        return
    opened.append(1)
    head = b"POST /api/meetings/x/signins HTTP/1.1\r\nHost: a\r\nX-Slow: " + b"a" * 1000
    try:
        for byte in head:
            if stop.wait(2.0):
                break
            sock.send(bytes([byte]))
    except OSError:
        opened.append(-1)  # the server closed it
    finally:
        sock.close()


def honest(port: int, n: int, path: str, code: str, name: str) -> tuple[float, int]:
    import http.client

    t0 = time.perf_counter()
    conn = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=30, source_address=(loopback(5, n), 0)
    )
    conn.request(
        "POST",
        path,
        json.dumps({"token": code, "name": name}),
        {"Content-Type": "application/json"},
    )
    status = conn.getresponse().status
    conn.close()
    return time.perf_counter() - t0, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slow", type=int, default=500)
    parser.add_argument("--honest", type=int, default=60)
    args = parser.parse_args()

    from meetkit.attendance.tokens import compact_code

    print(machine())
    with tempfile.TemporaryDirectory(prefix="meetkit-slow-") as tmp:
        ws = make_workspace(Path(tmp) / "ws", args.honest)
        meeting_id = add_meeting(ws, 1)
        code = compact_code(ws.secret, meeting_id)
        server, port = start_server(ws.root)
        stop = threading.Event()
        opened: list = []
        try:
            slow = [
                threading.Thread(target=slow_connection, args=(port, i, stop, opened), daemon=True)
                for i in range(args.slow)
            ]
            for t in slow:
                t.start()
            deadline = time.monotonic() + 30
            while opened.count(1) < args.slow and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(3)  # let every slow connection send a few bytes
            print(
                f"{opened.count(1)} slow connections open (server closed {opened.count(-1)} so far)"
            )
            path = f"/api/meetings/{meeting_id}/signins"
            results = []
            for i, member in enumerate(ws.members):
                results.append(honest(port, i, path, code, member.name))
                time.sleep(0.1)
            lat = sorted(r[0] for r in results)
            statuses = {s: sum(1 for r in results if r[1] == s) for s in {r[1] for r in results}}
            still = opened.count(1) - opened.count(-1)
            print(
                f"honest sign-ins while they stayed open ({still} still open): statuses "
                f"{statuses}; latency median {lat[len(lat) // 2] * 1000:.1f} ms, max "
                f"{lat[-1] * 1000:.1f} ms (goal: every one within 2 s: "
                f"{'met' if lat[-1] < 2 and set(statuses) == {201} else 'NOT met'})"
            )
        finally:
            stop.set()
            stop_server(server)


if __name__ == "__main__":
    main()
