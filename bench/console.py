"""The console's pages (meetkit.console, issue 22) on a workspace with ten years of meetings
(bench/ledger.py's: about 1,000 meetings of a 100-member branch, 30,000 attendance rows, 3,000
action items), plus this year's meetings to date. Goal: every page in under 200 ms of server
time.

    python bench/console.py [--runs N] [--keep DIR]

Server time is the app's own: each page is requested through Flask's test client (no network,
no browser), signed in as the admin, and the median of RUNS requests is reported, after one
warm-up request (the first request of a page loads its templates and modules, once per
process). The workspace is built once, as bench/ledger.py builds it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine  # noqa: E402  (bench/_common.py)
from ledger import build_workspace, schedule  # noqa: E402  (bench/ledger.py)

GOAL_MS = 200.0
TOKEN = "bench-console-token"


def this_year(root: Path) -> int:
    """Add this year's meetings up to today (the home page's period is this one)."""
    from meetkit.documents.pack import Options, settle
    from meetkit.workspace import Workspace

    ws = Workspace(root)
    today = dt.date.today()
    added = 0
    for type_key, date, opts in schedule(today.year):
        if dt.date.fromisoformat(date) > today + dt.timedelta(days=30):
            continue
        meeting_type = ws.plugins.meeting_type(type_key)
        opts = {k: v for k, v in opts.items() if v is not None}
        meeting, expected, _ = settle(ws, meeting_type, Options(date=date, **opts))
        ws.store.add_meeting(meeting, expected)
        added += 1
    ws.store.close()
    return added


def pages(ws, last: int) -> list[tuple[str, str]]:
    """(name, path) of every console page, with real meetings and a real member."""
    meetings = ws.store.list_meetings(year=last)
    general = next(m for m in meetings if m.type == "general")
    life = next(m for m in meetings if m.type == "life")
    member = ws.members[5]
    return [
        ("home /admin/", "/admin/"),
        ("meetings (a year)", f"/admin/meetings?year={last}"),
        ("new meeting form", "/admin/meetings/new?type=general"),
        ("a general meeting", f"/admin/meetings/{general.id}"),
        ("a life meeting (appraisal, cycle)", f"/admin/meetings/{life.id}"),
        ("members", "/admin/members"),
        ("a member's history (this year)", f"/admin/members/{member.id}"),
        ("a member's history (all 10 years)", f"/admin/members/{member.id}?year=all"),
        ("actions (open)", "/admin/actions"),
        ("actions (all, a year)", f"/admin/actions?which=all&year={last}"),
        ("ledger (last year)", f"/admin/ledger?year={last}"),
        ("ledger.docx download", f"/admin/ledger/ledger-{last}.docx"),
        ("plan (next year)", f"/admin/plan?year={dt.date.today().year + 1}"),
        ("settings", "/admin/settings"),
    ]


def measure(root: Path, last: int, runs: int) -> list[tuple[str, float, float, int]]:
    from meetkit.web import create_app
    from meetkit.workspace import Workspace

    ws = Workspace(root)
    app = create_app(ws, admin_token=TOKEN, public_url="http://127.0.0.1:8750")
    client = app.test_client()
    assert client.get(f"/admin?token={TOKEN}").status_code == 303
    out = []
    for name, path in pages(ws, last):
        first = client.get(path)
        if first.status_code != 200:
            raise SystemExit(f"{path}: {first.status_code}\n{first.get_data(as_text=True)[:2000]}")
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            answer = client.get(path)
            answer.get_data()
            samples.append((time.perf_counter() - start) * 1000)
        out.append((name, statistics.median(samples), max(samples), len(answer.get_data())))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the workspace here and keep it")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        root = (args.keep or Path(tmp)) / "bench-console-ws"
        start = time.perf_counter()
        if (root / "meetkit.toml").exists():
            last = dt.date.today().year - 1
        else:
            last, counts = build_workspace(root)
            counts["this year"] = this_year(root)
            print("workspace:", ", ".join(f"{k} {v}" for k, v in counts.items()))
        print(f"built in {time.perf_counter() - start:.1f} s; median of {args.runs} requests each")
        rows = measure(root, last, args.runs)
    width = max(len(name) for name, *_ in rows)
    print(f"{'page':<{width}}  {'median ms':>9}  {'max ms':>7}  {'KB':>6}  goal")
    met = True
    for name, median, worst, size in rows:
        ok = median < GOAL_MS
        met &= ok
        print(
            f"{name:<{width}}  {median:9.1f}  {worst:7.1f}  {size / 1024:6.1f}  "
            f"{'met' if ok else 'NOT MET'}"
        )
    print(f"goal: every page under {GOAL_MS:.0f} ms of server time: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
