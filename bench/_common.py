"""What the benchmarks share: finding the meetkit console script, timing a fresh process,
percentiles and medians, the machine's state (cores, load, CPU pressure), a process's CPU time,
and ``meetkit serve`` started on a free loopback port (with the demo-sized workspaces and
meetings the sign-in benchmarks load). Not a benchmark itself: imported by the scripts beside
it (``sys.path`` holds the script's folder when one runs as ``python bench/x.py``)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ADMIN = "bench-admin-token"

# -- processes and timing ------------------------------------------------------------------------


def meetkit_command() -> list[str]:
    """The console script installed beside this Python (as a user runs it)."""
    script = Path(sys.executable).parent / "meetkit"
    if script.exists():
        return [str(script)]
    found = shutil.which("meetkit")
    if found:
        return [found]
    sys.exit("meetkit is not installed in this environment (pip install -e .)")


def child_env() -> dict[str, str]:
    """The environment a timed process runs in: this one, but writing bytecode as a user's
    Python does. Under PYTHONDONTWRITEBYTECODE (set on some CI machines) every module without
    a cached .pyc is compiled from source on every run: 47 of meetkit's, 86 ms a run, measured."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> float:
    """Wall time of ``cmd`` as a fresh process, in seconds (it must succeed)."""
    return timed_both(cmd)[0]


def timed_both(cmd: list[str]) -> tuple[float, float]:
    """(wall time, CPU time) of ``cmd`` as a fresh process, in seconds (it must succeed). The
    CPU time (user + system, the child and its children) is what to compare on a machine
    others are loading: the wall time then measures the queue for a core as much as the work."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        cmd, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=child_env()
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def timed_call(func, runs: int) -> tuple[float, object]:
    """The median wall time of ``runs`` calls of ``func`` (seconds), and its last result."""
    samples, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, nearest rank."""
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def spread(values: list[float]) -> str:
    """``median (min-max)`` of timings in seconds, as milliseconds."""
    return f"{median_ms(values):.1f} ms ({min(values) * 1000:.1f}-{max(values) * 1000:.1f})"


# -- the machine ---------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_pressure() -> str:
    """How much of the last 10 s runnable tasks waited for a CPU (Linux PSI), e.g. "96%": a
    busy machine, where the tail latency is the scheduler's, not the server's."""
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except OSError:
        return "unknown"
    return some.split()[1].split("=")[1] + "%"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> str:
    """One line: Python, CPU, cores, load average and CPU pressure now."""
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"python {sys.version.split()[0]} at {sys.executable}; {cpu_model()}, "
        f"{os.cpu_count()} cores; load average {load}; CPU pressure {cpu_pressure()}"
    )


# -- meetkit serve -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"server on port {port} did not start")


def start_server(
    root: Path, extra: list[str] = (), pin: list[str] = (), port: int | None = None, **popen
) -> tuple:
    """``meetkit serve`` for the workspace ``root`` on ``port`` (else a free loopback port),
    answering; returns (process, port). ``pin`` goes before the command (``taskset -c 0``)."""
    port = port or free_port()
    server = subprocess.Popen(
        [
            *pin,
            *meetkit_command(),
            "-w",
            str(root),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--admin-token",
            ADMIN,
            *extra,
        ],
        **{"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, **popen},
    )
    try:
        wait_port(port, server)
    except BaseException:
        stop_server(server)
        raise
    return server, port


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()


def make_workspace(root: Path, members: int):
    """An English workspace of ``members`` full members in ten groups."""
    from meetkit.meetings.init import init_workspace
    from meetkit.roster import Member, write_roster
    from meetkit.workspace import Workspace

    init_workspace(root, branch="Load test branch", lang="en")
    write_roster(
        root / "members.csv",
        [
            Member(name=f"Member {i:04d}", status="full", group=f"G{i % 10}", role="member")
            for i in range(members)
        ],
    )
    return Workspace(root)


def add_meeting(ws, n: int) -> str:
    """A lesson starting in ten minutes, everyone expected (the bench is the server)."""
    from meetkit.model.meeting import Meeting

    start = dt.datetime.now() + dt.timedelta(minutes=10)
    meeting = Meeting(
        id="",
        type="lesson",
        date=start.date(),
        time=start.strftime("%H:%M"),
        topic=f"load round {n}",
        lang="en",
    )
    return ws.store.add_meeting(meeting, ws.members).id


def loopback(block: int, n: int) -> str:
    """The n-th client's own loopback address in 127.<block>.0.0/16 (all of 127/8 is this
    machine): each simulated phone or slow connection connects from its own."""
    return f"127.{block}.{n // 250 % 250}.{n % 250 + 1}"
