"""Start-up time: `meetkit --version` against `python -c "import click, pluggy"`.

meetkit's command line imports its subcommands lazily, so start-up should cost little more than
click and pluggy themselves. Goal: the median within 1.5x of the baseline.

    python bench/startup.py [-n RUNS]

Runs each command RUNS times (after two warm-up runs) as a fresh process, alternating them so
that machine noise hits all alike, and prints the medians and their ratio, in wall time and in
CPU time (user + system: what to compare when other work shares the machine).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, meetkit_command, timed, timed_both  # noqa: E402  (bench/_common.py)

GOAL = 1.5


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
    cpu = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            wall, used = timed_both(cmd)
            times[name].append(wall)
            cpu[name].append(used)

    medians = {name: statistics.median(t) for name, t in times.items()}
    cpu_medians = {name: statistics.median(t) for name, t in cpu.items()}
    print(f"{machine()}; {args.runs} runs each")
    for name, t in times.items():
        print(
            f"  {name:34s} median {medians[name] * 1000:6.1f} ms   "
            f"min {min(t) * 1000:6.1f} ms   max {max(t) * 1000:6.1f} ms   "
            f"CPU median {cpu_medians[name] * 1000:6.1f} ms"
        )
    base = 'python -c "import click, pluggy"'
    ratio = medians["meetkit --version"] / medians[base]
    cpu_ratio = cpu_medians["meetkit --version"] / cpu_medians[base]
    verdict = "within" if ratio <= GOAL else "OVER"
    print(
        f"ratio meetkit / click+pluggy: {ratio:.2f}x ({verdict} the {GOAL}x goal); "
        f"in CPU time {cpu_ratio:.2f}x"
    )
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
