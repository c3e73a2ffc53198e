"""`meetkit plan YEAR --prepare`: a whole year's meetings prepared in one run, against the
bare python-docx floor of bench/prepare.py.

The floor is bench/prepare.py's: a plain python-docx script writing the documents of one
lesson as a fresh process (no templating, no database, no QR). One run of `plan --prepare`
prepares every planned meeting of the year in a fresh demo workspace, in one process; what it
costs per meeting is compared with that floor. Goals (issue 25): the per-meeting cost flat over
the year (the last quarter's median within 1.15x of the first quarter's), and the whole year's
CPU time per meeting within 0.3x of the floor (compiled templates and the follow-up context
reused across the meetings of one run).

    python bench/plan.py [-n RUNS] [--year YEAR]

Two measurements, in CPU time (user + system: what to compare when others load the machine):
  process      `meetkit plan YEAR --prepare` as a fresh process, RUNS times, interleaved
               with the floor's runs: the year's CPU time divided by the meetings prepared;
  in-process   one run of meetkit.reports.plan.prepare_all, timing each meeting (its progress
               callback): the first and last quarters' medians, and the slope.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, meetkit_command, timed_both  # noqa: E402  (bench/_common.py)
from prepare import DATE, pack_spec  # noqa: E402  (bench/prepare.py: the floor)

PER_MEETING_GOAL = 0.3
FLAT_GOAL = 1.15


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--year", type=int, default=2027, help="the year planned (2027)")
    args = parser.parse_args()

    from meetkit.meetings.init import init_workspace
    from meetkit.reports import plan as plan_mod
    from meetkit.workspace import Workspace

    tmp = Path(tempfile.mkdtemp(prefix="meetkit-bench-plan-"))
    prepare_script = str(Path(__file__).resolve().parent / "prepare.py")
    try:
        pristine = init_workspace(tmp / "pristine", demo=True)
        sample = tmp / "sample"
        shutil.copytree(pristine, sample)
        subprocess.run(
            meetkit_command()
            + ["--workspace", str(sample), "prepare", "lesson", "--no-input", "--date", DATE],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        spec_file = tmp / "spec.json"
        spec = pack_spec(sample / "meetings" / f"{DATE}-lesson")
        spec_file.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")

        # As processes: the year against the floor, interleaved.
        floor_cpu, year_cpu, year_wall, meetings = [], [], [], 0
        for i in range(args.runs + 1):
            ws = tmp / f"ws{i}"
            shutil.copytree(pristine, ws)
            wall, cpu = timed_both(
                meetkit_command()
                + ["--workspace", str(ws), "plan", str(args.year), "--prepare", "--no-progress"]
            )
            meetings = sum(1 for p in (ws / "meetings").iterdir() if p.is_dir())
            _w, floor = timed_both(
                [sys.executable, prepare_script, "--bare", str(spec_file), str(tmp / f"b{i}")]
            )
            if i:  # the first round warms caches
                year_cpu.append(cpu)
                year_wall.append(wall)
                floor_cpu.append(floor)
            shutil.rmtree(ws)

        # In-process: each meeting's cost over the year.
        ws_dir = tmp / "inproc"
        shutil.copytree(pristine, ws_dir)
        workspace = Workspace(ws_dir)
        planned = plan_mod.propose(workspace, args.year)
        each: list[float] = []
        last = [time.process_time()]

        def tick(_item) -> None:
            now = time.process_time()
            each.append(now - last[0])
            last[0] = now

        plan_mod.prepare_all(workspace, planned, tick)

        print(f"{machine()}; {args.runs} interleaved rounds")
        floor = statistics.median(floor_cpu)
        year = statistics.median(year_cpu)
        per = year / meetings
        print(
            f"  plan {args.year} --prepare: {meetings} meetings, CPU median {year:.2f} s "
            f"(wall median {statistics.median(year_wall):.2f} s), {per * 1000:.1f} ms a meeting"
        )
        print(
            f"  floor (bare python-docx, one lesson, fresh process): CPU median {floor * 1000:.1f} ms"
        )
        quarter = max(1, len(each) // 4)
        first, final = statistics.median(each[:quarter]), statistics.median(each[-quarter:])
        print(
            f"  in-process, {len(each)} meetings: first quarter median {first * 1000:.1f} ms, "
            f"last quarter {final * 1000:.1f} ms, all {statistics.median(each) * 1000:.1f} ms"
        )
        ratio = per / floor
        growth = final / first
        ok_per, ok_flat = ratio <= PER_MEETING_GOAL, growth <= FLAT_GOAL
        print(
            f"year per meeting: {ratio:.2f}x the floor (bare python-docx, CPU {floor * 1000:.1f} ms); "
            f"goal {PER_MEETING_GOAL}x: {'met' if ok_per else 'NOT met'}"
        )
        print(
            f"per-meeting cost, last quarter / first: {growth:.2f}x; goal {FLAT_GOAL}x (flat): "
            f"{'met' if ok_flat else 'NOT met'}"
        )
        return 0 if ok_per and ok_flat else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
