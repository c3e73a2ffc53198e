"""Start-up time: `meetkit --version` against `python -c "import click, pluggy"`.

meetkit's command line imports its subcommands lazily, so start-up should cost little more than
click and pluggy themselves. Goal: the median within 1.5x of the baseline.

    python bench/startup.py [-n RUNS]

Runs each command RUNS times (after two warm-up runs) as a fresh process, alternating the two so
that machine noise hits both alike, and prints the medians and their ratio.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

GOAL = 1.5


def meetkit_command() -> list[str]:
    """The console script installed beside this Python (as a user runs it)."""
    script = Path(sys.executable).parent / "meetkit"
    if script.exists():
        return [str(script)]
    found = shutil.which("meetkit")
    if found:
        return [found]
    sys.exit("meetkit is not installed in this environment (pip install -e .)")


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=40, help="runs of each (default 40)")
    args = parser.parse_args()

    commands = {
        "meetkit --version": meetkit_command() + ["--version"],
        'python -c "import click, pluggy"': [sys.executable, "-c", "import click, pluggy"],
        'python -c "pass"': [sys.executable, "-c", "pass"],
    }
    for cmd in commands.values():  # warm the disk cache and .pyc files
        timed(cmd)
        timed(cmd)
    times = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(timed(cmd))

    medians = {name: statistics.median(t) for name, t in times.items()}
    print(f"python {sys.version.split()[0]} at {sys.executable}; {args.runs} runs each")
    for name, t in times.items():
        print(
            f"  {name:34s} median {medians[name] * 1000:6.1f} ms   "
            f"min {min(t) * 1000:6.1f} ms   max {max(t) * 1000:6.1f} ms"
        )
    ratio = medians["meetkit --version"] / medians['python -c "import click, pluggy"']
    verdict = "within" if ratio <= GOAL else "OVER"
    print(f"ratio meetkit / click+pluggy: {ratio:.2f}x ({verdict} the {GOAL}x goal)")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
