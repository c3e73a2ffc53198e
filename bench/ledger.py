"""The yearly ledger on a big workspace: ten years of meetings (about 1,000), 30,000 attendance
rows (sign-ins and leave) and 3,000 action items. Goal: one year's ledger in under 1 s of work
beyond start-up.

    python bench/ledger.py [--runs N] [--keep DIR] [--profile]

The workspace is built once (a 100-member branch in five party groups, ten years ending last
year; meetings and actions through the store API, attendance rows in bulk). Then, for the last
year and for every year, the median of RUNS of:
  build     meetkit.reports.ledger.build: the queries and the counting (gaps, attendance, actions);
  terminal  the terminal tables (meetkit.reports.ledger_report.terminal_lines + echo_table into a buffer);
  docx      ledger.docx rendered through meetkit.documents.render (docxtpl) and written;
  total     the three together: the work `meetkit ledger` does after start-up.
Start-up (imports, workspace, config, roster, plugins, opening the database) is measured apart,
and so is the whole `meetkit ledger --year Y` as a fresh process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, meetkit_command, timed_call  # noqa: E402  (bench/_common.py)

MEMBERS = 100
GROUPS = ("第一党小组", "第二党小组", "第三党小组", "第四党小组", "第五党小组")
YEARS = 10
GOAL = 1.0
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀英华平刚桂兰"


def roster_csv() -> str:
    rng = random.Random(7)
    names, seen = [], set()
    while len(names) < MEMBERS:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        if name not in seen:
            seen.add(name)
            names.append(name)
    lines = ["name,status,group,role,phone"]
    for i, name in enumerate(names):
        role = "secretary" if i == 0 else "deputy" if i == 1 else "committee" if i < 7 else "member"
        status = "probationary" if i % 15 == 14 else "full"
        lines.append(f"{name},{status},{GROUPS[i % len(GROUPS)]},{role},")
    return "\n".join(lines) + "\n"


def schedule(year: int) -> list[tuple[str, str, dict]]:
    """(type, date, options) of one year's meetings: about 100."""
    out = []
    for month in range(1, 13):
        out.append(("committee", f"{year}-{month:02d}-03", {}))
        out.append(("committee", f"{year}-{month:02d}-18", {}))
        out.append(("theme-day", f"{year}-{month:02d}-01", {}))
        for g, group in enumerate(GROUPS):
            if (year + month + g) % 23:  # now and then a group skips a month: a gap
                out.append(("group", f"{year}-{month:02d}-{10 + g:02d}", {"group": group}))
    for quarter in range(4):
        out.append(("general", f"{year}-{quarter * 3 + 2:02d}-20", {}))
        out.append(("lesson", f"{year}-{quarter * 3 + 3:02d}-25", {"lecturer": None}))
    out.append(("life", f"{year}-11-28", {}))
    out.append(("democratic-life", f"{year}-12-15", {}))
    return out


def build_workspace(root: Path) -> tuple[int, dict]:
    """Create the workspace; returns (last year, counts)."""
    from sqlalchemy import insert

    from meetkit.documents.pack import Options, settle
    from meetkit.meetings.init import init_workspace
    from meetkit.store.schema import leaves, signins
    from meetkit.workspace import Workspace

    init_workspace(root, demo=True)
    (root / "members.csv").write_text(roster_csv(), encoding="utf-8")
    config = root / "meetkit.toml"
    names = [line.split(",")[0] for line in roster_csv().splitlines()[1:]]
    text = config.read_text(encoding="utf-8")
    text = text.replace('secretary = "王建国"', f'secretary = "{names[0]}"')
    text = text.replace('organizer = "李秀英"', f'organizer = "{names[1]}"')
    # The ledger counts from [ledger] since (init writes today): start at the first year.
    first = dt.date.today().year - YEARS
    text = re.sub(r"(?m)^since = .*$", f"since = {first}-01-01", text)
    config.write_text(text, encoding="utf-8")
    ws = Workspace(root)
    last = dt.date.today().year - 1
    rng = random.Random(11)
    counts = {"meetings": 0, "expected": 0, "signins": 0, "leaves": 0, "actions": 0}
    sign_rows, leave_rows, meetings = [], [], []
    for year in range(last - YEARS + 1, last + 1):
        for type_key, date, opts in schedule(year):
            meeting_type = ws.plugins.meeting_type(type_key)
            if "lecturer" in opts:  # the secretary lectures first, then the committee in turn
                opts = {"lecturer": names[0] if date[5:7] == "03" else names[rng.randrange(1, 7)]}
            meeting, expected, _ = settle(ws, meeting_type, Options(date=date, **opts))
            meeting = ws.store.add_meeting(meeting, expected)
            meetings.append(meeting)
            counts["meetings"] += 1
            counts["expected"] += len(expected)
            if rng.random() < 0.08:
                continue  # no sign-in data for this one: attendance unknown
            for member in expected:
                roll = rng.random()
                if roll < 0.90:
                    sign_rows.append(
                        dict(
                            meeting_id=meeting.id,
                            name=member.name,
                            at=f"{date}T19:2{rng.randrange(10)}:00",
                            status="late" if roll > 0.86 else "present",
                            method="web",
                        )
                    )
                elif roll < 0.96:
                    leave_rows.append(
                        dict(
                            meeting_id=meeting.id,
                            name=member.name,
                            kind=rng.choice(("sick", "personal", "official")),
                            reason="",
                            at=f"{date}T12:00:00",
                            method="cli",
                        )
                    )
    with ws.store.engine.begin() as conn:  # bulk: the store API commits one row at a time
        conn.execute(insert(signins), sign_rows)
        conn.execute(insert(leaves), leave_rows)
    counts["signins"], counts["leaves"] = len(sign_rows), len(leave_rows)

    # 3,000 actions over the deciding meetings, most done, some open and some overdue.
    from meetkit.followup.actions import text_key

    deciding = [m for m in meetings if m.type in ("committee", "general", "life")]
    per_meeting: dict[str, list] = {}
    for i in range(3000):
        meeting = deciding[i % len(deciding)]
        text = f"决定事项{i:04d}：落实{meeting.date.month}月支部重点工作"
        status = "done" if rng.random() < (0.97 if meeting.date.year < last else 0.6) else "open"
        per_meeting.setdefault(meeting.id, []).append(
            dict(
                text=text,
                text_key=text_key(text),
                owner=names[rng.randrange(MEMBERS)],
                due=meeting.date + dt.timedelta(days=rng.randrange(15, 120)),
                kind="rectification" if meeting.type == "life" else "task",
                measures="",
                status=status,
                note="",
            )
        )
    for meeting_id, new in per_meeting.items():
        ws.store.apply_action_changes(meeting_id, new, [])
        counts["actions"] += len(new)
    # The life meeting's pack (with the appraisal ballot) is what marks the appraisal held.
    for meeting in meetings:
        if meeting.type == "life":
            ws.store.record_document(meeting.id, "appraisal", "appraisal.docx", "0" * 64)
    ws.store.close()
    return last, counts


def measure(root: Path, years: list[int], runs: int, profile: bool) -> dict:
    """In-process: start-up once, then the ledger work per year."""
    start = time.perf_counter()
    from meetkit.cli.output import echo_table
    from meetkit.reports import ledger as ledger_mod
    from meetkit.reports import ledger_report
    from meetkit.workspace import Workspace

    ws = Workspace(root)
    ws.config, ws.members, ws.plugins.types  # noqa: B018 - load them now
    ws.store.list_meetings(year=years[-1])  # open the database
    import docxtpl  # noqa: F401 - the renderer's import, part of start-up

    startup = time.perf_counter() - start
    out_dir = root / "bench-out"
    out_dir.mkdir(exist_ok=True)
    results = {}
    for year in years:
        t_build, ledger = timed_call(lambda year=year: ledger_mod.build(ws, year), runs)

        def terminal(ledger=ledger):
            buf = io.StringIO()
            with redirect_stdout(buf):
                for line in ledger_report.terminal_lines(ledger):
                    echo_table(*line) if isinstance(line, tuple) else print(line)
            return buf.getvalue()

        t_term, _ = timed_call(terminal, runs)
        t_docx, _ = timed_call(
            lambda ledger=ledger, year=year: ledger_report.write_docx(
                ws, ledger, out_dir / f"ledger-{year}.docx"
            ),
            runs,
        )
        results[year] = {
            "build": t_build,
            "terminal": t_term,
            "docx": t_docx,
            "total": t_build + t_term + t_docx,
            "meetings": len(ledger.meetings),
            "members": len(ledger.members),
            "open_actions": len(ledger.open_actions),
            "gaps": len(ledger.missing),
        }
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        ledger = ledger_mod.build(ws, years[-1])
        ledger_report.write_docx(ws, ledger, out_dir / "profile.docx")
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(15)
    return {"startup": startup, "years": results}


def process_time(root: Path, args: list[str], runs: int) -> float:
    cmd = [*meetkit_command(), "--workspace", str(root), *args]
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the workspace here and keep it")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child's job
    args = parser.parse_args()
    if args.measure:  # a fresh process, so start-up is measured cold
        import json

        years = [int(y) for y in args.measure.with_suffix(".years").read_text().split()]
        print(json.dumps(measure(args.measure, years, args.runs, args.profile)))
        return 0
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        root = (args.keep or Path(tmp)) / "bench-ledger-ws"
        t0 = time.perf_counter()
        last, counts = build_workspace(root)
        print(
            f"workspace: {counts['meetings']} meetings over {YEARS} years "
            f"({last - YEARS + 1}-{last}), {MEMBERS} members, {counts['expected']} expected "
            f"rows, {counts['signins'] + counts['leaves']} attendance rows "
            f"({counts['signins']} sign-ins, {counts['leaves']} leave), "
            f"{counts['actions']} actions; built in {time.perf_counter() - t0:.1f} s"
        )
        years = list(range(last - YEARS + 1, last + 1))
        root.with_suffix(".years").write_text(" ".join(map(str, years)))
        import json

        child = subprocess.run(
            [sys.executable, __file__, "--measure", str(root), "--runs", str(args.runs)]
            + (["--profile"] if args.profile else []),
            check=True,
            capture_output=True,
            text=True,
        )
        lines = child.stdout.strip().splitlines()
        if args.profile:
            print("\n".join(lines[:-1]))
        result = json.loads(lines[-1])
        print(
            f"start-up in a fresh process (imports incl. python-docx and docxtpl, workspace, "
            f"plugins, database): {result['startup']:.3f} s"
        )
        print(
            f"{'year':>6} {'meetings':>8} {'open':>5} {'build':>7} {'terminal':>8} "
            f"{'docx':>7} {'total':>7}   (median of {args.runs}, seconds)"
        )
        for year, r in result["years"].items():
            print(
                f"{year:>6} {r['meetings']:>8} {r['open_actions']:>5} {r['build']:>7.3f} "
                f"{r['terminal']:>8.3f} {r['docx']:>7.3f} {r['total']:>7.3f}"
            )
        totals = {int(y): r["total"] for y, r in result["years"].items()}
        worst = max(totals.values())
        runs = max(3, args.runs)
        cli = process_time(root, ["ledger", "--year", str(last)], runs)
        baseline = process_time(root, ["list", "--year", str(last), "--json"], runs)
        print(
            f"`meetkit ledger --year {last}` as a process: {cli:.2f} s; "
            f"`meetkit list --year {last} --json`: {baseline:.2f} s (median of {runs})"
        )
        verdict = "OK" if worst < GOAL else "SLOW"
        print(
            f"ledger work beyond start-up: {totals[last]:.3f} s for {last}, worst year "
            f"{worst:.3f} s; goal < {GOAL:.1f} s: {verdict}"
        )
        return 0 if worst < GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
