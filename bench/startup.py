"""Start-up time: `meetkit --version` and `meetkit --help` against `python -c "import click, pluggy"`.

meetkit's command line imports its subcommands lazily and its package init lazily (PEP 562), so
start-up should cost little more than click and pluggy themselves. Goals (issue 25): `--version`
within 1.1x of the floor, `--help` within 1.3x, in CPU time.

    python bench/startup.py [-n RUNS]

Runs each command RUNS times (after two warm-up runs) as a fresh process, interleaving them so
that machine noise hits all alike, and prints the medians and each ratio with its floor and
goal, in CPU time (user + system: what to compare when other work shares the machine; the
verdict) and in wall time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, meetkit_command, timed, timed_both  # noqa: E402  (bench/_common.py)

FLOOR = 'python -c "import click, pluggy"'
GOALS = {"meetkit --version": 1.1, "meetkit --help": 1.3}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=40, help="runs of each (default 40)")
    args = parser.parse_args()

    commands = {
        "meetkit --version": meetkit_command() + ["--version"],
        "meetkit --help": meetkit_command() + ["--help"],
        FLOOR: [sys.executable, "-c", "import click, pluggy"],
        'python -c "pass"': [sys.executable, "-c", "pass"],
    }
    for cmd in commands.values():  # warm the disk cache and .pyc files
        timed(cmd)
        timed(cmd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            wall, used = timed_both(cmd)
            times[name].append(wall)
            cpu[name].append(used)

    medians = {name: statistics.median(t) for name, t in times.items()}
    cpu_medians = {name: statistics.median(t) for name, t in cpu.items()}
    print(f"{machine()}; {args.runs} interleaved rounds")
    for name, t in times.items():
        print(
            f"  {name:34s} CPU median {cpu_medians[name] * 1000:6.1f} ms   "
            f"wall median {medians[name] * 1000:6.1f} ms "
            f"(min {min(t) * 1000:6.1f}, max {max(t) * 1000:6.1f})"
        )
    met = True
    for name, goal in GOALS.items():
        ratio = cpu_medians[name] / cpu_medians[FLOOR]
        wall_ratio = medians[name] / medians[FLOOR]
        verdict = "met" if ratio <= goal else "NOT met"
        met = met and ratio <= goal
        print(
            f"{name}: {ratio:.2f}x the floor ({FLOOR}, CPU {cpu_medians[FLOOR] * 1000:.1f} ms); "
            f"goal {goal}x: {verdict}; wall {wall_ratio:.2f}x"
        )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
