"""The committee's roll-up at scale: 500 branches x 10 years of signed bundles (5,000 files,
about 57 meetings a branch a year: 285,000 meetings), imported with `meetkit committee import`,
then `meetkit committee status` asked for one year. Goal: status answers in under 1 s.

    python bench/committee.py [--branches N] [--years N] [--runs N] [--keep DIR]

The bundles are written by meetkit.bundle.archive (the format `meetkit bundle` writes, each
signed with its branch's own Ed25519 key) from synthetic meetings in the shape
meetkit.bundle.collect gives: a committee meeting a month, a general meeting and a lesson a
quarter, two party groups meeting monthly, a theme day a month, a life meeting in December;
about one branch in ten skips a lesson now and then. Preparing 500 real workspaces would time
LibreOffice and docxtpl, not the committee.

Timed as fresh processes (what a secretary waits for): the import of all files in one command,
a second import of the same files (every one unchanged), and `committee status --year Y` and
`--json` (median of RUNS, CPU time beside wall time).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import child_env, machine, meetkit_command, timed_both  # noqa: E402

GOAL = 1.0
LAST_YEAR = 2025


def meetings_of(rng: random.Random, year: int, groups: list[str]) -> list[dict]:
    out = []

    def add(key: str, day: dt.date, group: str = "", n: int = 1) -> None:
        expected = rng.randint(8, 40) if key != "committee" else rng.randint(3, 7)
        attended = max(0, expected - rng.randint(0, 4))
        out.append(
            {
                "id": f"{day.isoformat()}-{key}" + (f"-{n}" if n > 1 else ""),
                "type": key,
                "type_name": key,
                "group": group,
                "number": n,
                "date": day.isoformat(),
                "time": "19:30",
                "end_time": "21:00",
                "place": "党群服务中心",
                "topic": "学习贯彻",
                "host": "王建国",
                "recorder": "李秀英",
                "lecturer": "",
                "cancelled": False,
                "cancel_reason": "",
                "known": True,
                "expected": expected,
                "attended": attended,
                "late": 0,
                "leave": expected - attended,
                "absent": 0,
                "who": {"present": [], "late": [], "leave": [], "absent": [], "away": []},
                "quorum": None,
                "votes": [],
                "appraisal": None,
            }
        )

    for month in range(1, 13):
        add("committee", dt.date(year, month, 5))
        add("theme-day", dt.date(year, month, 15))
        for i, g in enumerate(groups, 1):
            add("group", dt.date(year, month, 20 + i), g, i)
        if month % 3 == 0:
            add("general", dt.date(year, month, 10))
            if rng.random() > 0.1:
                add("lesson", dt.date(year, month, 12))
    add("life", dt.date(year, 12, 28))
    return out


def write_bundles(folder: Path, branches: int, years: int) -> list[Path]:
    from meetkit import __version__
    from meetkit.bundle import archive, keys
    from meetkit.store.migrate import HEAD

    rng = random.Random(23)
    paths = []
    for b in range(1, branches + 1):
        name = f"第{b:03d}党支部"
        key = keys.ensure_key(folder / "keys" / f"{b:03d}")
        fingerprint = keys.fingerprint(keys.public_text(key))
        groups = ["第一党小组", "第二党小组"]
        for year in range(LAST_YEAR - years + 1, LAST_YEAR + 1):
            files = {
                "branch.json": archive.to_json(
                    {"name": name, "since": f"{LAST_YEAR - years + 1}-01-01", "groups": groups}
                ),
                "meetings.json": archive.to_json(meetings_of(rng, year, groups)),
                "ledger.json": archive.to_json(
                    {"appraisal": {"held": True, "grades": {"excellent": 3, "qualified": 20}}}
                ),
                "actions.json": archive.to_json([]),
            }
            manifest = {
                "branch": {"id": fingerprint, "name": name},
                "period": str(year),
                "year": year,
                "quarter": None,
                "meetkit": __version__,
                "schema": HEAD,
                "created": f"{year + 1}-01-05T09:00:00",
            }
            path = folder / "bundles" / archive.file_name(name, str(year))
            archive.write(path, files, manifest, key)
            paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=500)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument(
        "--status-only",
        action="store_true",
        help="only time status on a --keep folder built before",
    )
    args = parser.parse_args()
    print(machine())
    base = args.keep or Path(tempfile.mkdtemp(prefix="meetkit-bench-committee-"))
    base.mkdir(parents=True, exist_ok=True)
    meetkit = meetkit_command()
    committee = base / "committee"
    if not args.status_only:
        build_and_import(base, committee, args.branches, args.years, meetkit)
    time_status(committee, args.runs, meetkit)
    if not args.keep:
        import shutil

        shutil.rmtree(base, ignore_errors=True)


def build_and_import(base: Path, committee: Path, branches: int, years: int, meetkit) -> None:

    start = time.perf_counter()
    paths = write_bundles(base, branches, years)
    written = time.perf_counter() - start
    size = sum(p.stat().st_size for p in paths)
    print(
        f"bundles: {len(paths)} written in {written:.1f} s, "
        f"{size / len(paths) / 1024:.1f} KiB each, {size / 2**20:.1f} MiB in all"
    )

    subprocess.run(
        [*meetkit, "committee", "init", str(committee), "--name", "基准党委"],
        check=True,
        stdout=subprocess.DEVNULL,
        env=child_env(),
    )
    files = [str(p) for p in paths]
    for label in ("import", "import again (all unchanged)"):
        wall, cpu = timed_both([*meetkit, "-w", str(committee), "committee", "import", *files])
        print(
            f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU ({wall / len(files) * 1000:.1f} ms a file)"
        )
    db = committee / ".meetkit" / "committee.db"
    print(f"database: {db.stat().st_size / 2**20:.1f} MiB")


def time_status(committee: Path, runs_wanted: int, meetkit) -> None:
    for extra in ([], ["--json"], ["--quarter", "4", "--json"]):
        cmd = [*meetkit, "-w", str(committee), "committee", "status", "--year", str(LAST_YEAR)]
        cmd += extra
        runs = [timed_both(cmd) for _ in range(runs_wanted)]
        walls = [w for w, _c in runs]
        cpus = [c for _w, c in runs]
        verdict = "within" if statistics.median(walls) < GOAL else "OVER"
        print(
            f"status {' '.join(extra) or '(table)'}: median {statistics.median(walls):.3f} s "
            f"wall ({min(walls):.3f}-{max(walls):.3f}), {statistics.median(cpus):.3f} s CPU; "
            f"{verdict} the {GOAL:.0f} s goal"
        )
    shown = subprocess.run(
        [*meetkit, "-w", str(committee), "committee", "status", "--year", str(LAST_YEAR), "--json"],
        check=True,
        capture_output=True,
        env=child_env(),
    ).stdout
    data = json.loads(shown)
    lacking = sum(1 for b in data["branches"] if b["missing"])
    print(f"branches: {len(data['branches'])}, lacking something in {LAST_YEAR}: {lacking}")


if __name__ == "__main__":
    main()
