"""Load test of QR sign-in against its goal: a room's busiest minute, with margin.

1,000 members sign in through the JSON API at 100 requests a second, paced (not as fast as
possible), against a real ``meetkit serve`` pinned to one core (``taskset -c 0``; the load
client runs on another core). Each simulated phone connects from its own loopback address
(127.0.0.0/8, bound as the connection's source address) with its own cookie jar, since one
address and one device sign in one member. Run by hand (not a test):

    .venv/bin/python bench/signin_load.py [--members 1000] [--rate 100] [--rounds 3]

Each round signs everyone in to a fresh meeting with the printed (compact) code, then checks
in the workspace database that every sign-in answered 201 is stored. Prints per round: p50,
p99 and max latency (connect + request + answer), sign-ins answered and lost, and the server's
CPU time per sign-in (from /proc/<pid>/stat). Goals: p99 under 100 ms, none lost.

The floor (issue 25): the same load, interleaved round by round, against a bare Flask app on
waitress (same core, same threads) whose route does one SQLite insert (bench/_signin_floor.py).
Goal: meetkit's server CPU per sign-in (median of the rounds) within 1.5x the floor's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402  (bench/_common.py, beside this script)
    add_meeting,
    cpu_pressure,
    cpu_seconds,
    free_port,
    loopback,
    machine,
    make_workspace,
    percentile,
    start_server,
    stop_server,
    wait_port,
)

CPU_GOAL = 1.5  # server CPU per sign-in against the floor's (issue 25)


def phone_address(n: int) -> str:
    """The n-th phone's own loopback address."""
    return loopback(3, n)


async def phone(n: int, port: int, path: str, body: bytes) -> tuple[float, int, str, bool]:
    """One member's phone: a new connection from its own address, its own (empty) cookie jar;
    returns (latency ms, status, name answered, whether the server gave it a cookie)."""
    t0 = time.perf_counter()
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", port, local_addr=(phone_address(n), 0)
    )
    try:
        writer.write(
            (
                f"POST {path} HTTP/1.1\r\nHost: 192.168.1.20:{port}\r\n"
                "Content-Type: application/json\r\nConnection: close\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode("latin-1")
            + body
        )
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = next(
            (int(x.split(":", 1)[1]) for x in lines if x.lower().startswith("content-length:")), 0
        )
        data = await reader.readexactly(length) if length else b""
    finally:
        writer.close()
    elapsed = (time.perf_counter() - t0) * 1000
    cookie = any(x.lower().startswith("set-cookie: meetkit=") for x in lines)
    name = json.loads(data).get("name", "") if data.startswith(b"{") else ""
    return elapsed, int(lines[0].split()[1]), name, cookie


async def paced(port: int, meeting_id: str, code: str, names: list[str], rate: float):
    """Start one phone every 1/rate seconds; gather every answer."""
    path = f"/api/meetings/{meeting_id}/signins"
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.1
    tasks = []
    for i, name in enumerate(names):
        delay = start + i / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        body = json.dumps({"token": code, "name": name}, ensure_ascii=False).encode("utf-8")
        tasks.append(asyncio.ensure_future(phone(i, port, path, body)))
    return await asyncio.gather(*tasks, return_exceptions=True)


def start_floor(folder: Path, threads: int, pin: list[str]) -> tuple[subprocess.Popen, int]:
    """The floor app (bench/_signin_floor.py) on a free loopback port."""
    port = free_port()
    script = Path(__file__).resolve().parent / "_signin_floor.py"
    proc = subprocess.Popen(
        [*pin, sys.executable, str(script), str(port), str(folder / "floor.db"), str(threads)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_port(port, proc)
    except BaseException:
        stop_server(proc)
        raise
    return proc, port


def load_round(label: str, pid: int, port: int, meeting_id: str, code: str, names, rate, stored):
    """One round of ``names`` against the server ``pid`` on ``port``; prints it and returns
    (latencies, lost, CPU seconds per sign-in). ``stored(meeting_id)`` is who is stored."""
    cpu0 = cpu_seconds(pid)
    t0 = time.perf_counter()
    answers = asyncio.run(paced(port, meeting_id, code, names, rate))
    wall = time.perf_counter() - t0
    cpu = cpu_seconds(pid) - cpu0
    errors = [a for a in answers if isinstance(a, BaseException)]
    ok = [a for a in answers if not isinstance(a, BaseException)]
    lat = [a[0] for a in ok]
    answered = {a[2] for a in ok if a[1] == 201}
    lost = len(answered - stored(meeting_id))
    statuses: dict[int, int] = {}
    for a in ok:
        statuses[a[1]] = statuses.get(a[1], 0) + 1
    per = cpu / max(1, len(answered))
    print(
        f"{label}: {len(answered)}/{len(names)} answered 201 in {wall:.1f} s "
        f"({len(names) / wall:.0f} req/s offered {rate:.0f}); statuses "
        f"{statuses}; client errors {len(errors)}; cookies given "
        f"{sum(a[3] for a in ok)}; latency p50 {percentile(lat, 0.5):.1f} ms, "
        f"p99 {percentile(lat, 0.99):.1f} ms, max {max(lat):.1f} ms; lost {lost}; "
        f"server CPU {per * 1000:.2f} ms per sign-in; "
        f"machine CPU pressure {cpu_pressure()}"
    )
    return lat, lost, per


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0, help="sign-ins per second")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8, help="meetkit serve --threads")
    parser.add_argument("--no-floor", action="store_true", help="meetkit only, no floor rounds")
    args = parser.parse_args()

    from meetkit.attendance.tokens import compact_code

    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    if pin and hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, set(range(1, os.cpu_count())))  # the client: other cores
    print(f"{machine()}; server pinned: {' '.join(pin) or 'no (no taskset)'}")
    with tempfile.TemporaryDirectory(prefix="meetkit-bench-") as tmp:
        ws = make_workspace(Path(tmp) / "ws", args.members)
        names = [m.name for m in ws.members]
        port = free_port()
        server, _ = start_server(
            ws.root,
            ["--threads", str(args.threads), "--public-url", f"http://192.168.1.20:{port}"],
            pin=pin,
            port=port,
        )
        floor = floor_port = None
        if not args.no_floor:
            floor, floor_port = start_floor(Path(tmp), args.threads, pin)

        def in_floor(meeting_id: str) -> set[str]:
            with sqlite3.connect(Path(tmp) / "floor.db") as conn:
                rows = conn.execute("SELECT name FROM signins WHERE meeting_id = ?", (meeting_id,))
                return {r[0] for r in rows}

        def in_meetkit(meeting_id: str) -> set[str]:
            return {s.name for s in ws.store.signins(meeting_id)}

        try:
            rows, floor_cpu = [], []
            for n in range(1, args.rounds + 1):
                if floor is not None:  # interleaved: the floor's round, then meetkit's
                    floor_cpu.append(
                        load_round(
                            f"round {n} floor",
                            floor.pid,
                            floor_port,
                            f"floor-{n}",
                            "-",
                            names,
                            args.rate,
                            in_floor,
                        )[2]
                    )
                meeting_id = add_meeting(ws, n)
                code = compact_code(ws.secret, meeting_id)
                rows.append(
                    load_round(
                        f"round {n} meetkit",
                        server.pid,
                        port,
                        meeting_id,
                        code,
                        names,
                        args.rate,
                        in_meetkit,
                    )
                )
            all_lat = [x for row in rows for x in row[0]]
            p99 = percentile(all_lat, 0.99)
            lost = sum(row[1] for row in rows)
            cpu = statistics.median(row[2] for row in rows) * 1000
            print(
                f"all rounds: p50 {percentile(all_lat, 0.5):.1f} ms, p99 {p99:.1f} ms "
                f"(goal < 100: {'met' if p99 < 100 else 'NOT met'}), lost {lost} "
                f"(goal 0: {'met' if lost == 0 else 'NOT met'}), server CPU median "
                f"{cpu:.2f} ms per sign-in"
            )
            if floor_cpu:
                base = statistics.median(floor_cpu) * 1000
                ratio = cpu / base
                print(
                    f"server CPU per sign-in: {ratio:.2f}x the floor (Flask+waitress, one "
                    f"SQLite insert: {base:.2f} ms, median of {len(floor_cpu)} rounds); "
                    f"goal {CPU_GOAL}x: {'met' if ratio <= CPU_GOAL else 'NOT met'}"
                )
        finally:
            stop_server(server)
            if floor is not None:
                stop_server(floor)


if __name__ == "__main__":
    main()
