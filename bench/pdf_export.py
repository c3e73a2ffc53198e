"""`meetkit export --pdf` of one and of three meetings against LibreOffice converting one small
document.

The floor is LibreOffice's own start-up: `soffice --headless --convert-to pdf` of a one-paragraph
.docx, with the same kept user profile meetkit uses (its first start is the slow one; warmed
before timing). meetkit converts all the documents of all the meetings asked for in one
LibreOffice run (meetkit/reports/pdf.py), so its cost should stay near that start-up. Goals (issue 25):
one meeting (a lesson: five documents, and print.pdf merged) within 1.3x of the floor, three
meetings within 2x, in CPU time (user + system of the process and its children).

Not goals, printed to read the goals by: meetkit starts LibreOffice with glibc's heap top padded
(MALLOC_TOP_PAD_, meetkit/reports/pdf.py), which halves LibreOffice's own CPU time; the floor is
timed both ways, and the ratios are also given against the floor started as meetkit starts it.
LibreOffice alone converting the same documents in one run, started as meetkit starts it: the
difference is meetkit's own part.

    python bench/pdf_export.py [-n RUNS]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, meetkit_command, timed_both  # noqa: E402  (bench/_common.py)

FLOOR = "soffice --convert-to pdf (one small .docx)"
PADDED = "the same, as meetkit starts it (heap top padded)"
GOALS = {"export --pdf, 1 meeting": 1.3, "export --pdf, 3 meetings": 2.0}
LO_ALONE = (
    "LibreOffice alone, 1 meeting's documents (padded)",
    "LibreOffice alone, 3 meetings' documents (padded)",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=7, help="rounds (default 7)")
    args = parser.parse_args()

    from docx import Document

    from meetkit.meetings.init import init_workspace
    from meetkit.reports.pdf import TOP_PAD, documents_in_order, find_soffice
    from meetkit.workspace import Workspace

    soffice = find_soffice()
    tmp = Path(tempfile.mkdtemp(prefix="meetkit-bench-pdf-"))
    try:
        root = init_workspace(tmp / "ws", demo=True)
        mk = meetkit_command() + ["--workspace", str(root)]
        ids = []
        for n in range(3):
            day = (dt.date(2026, 12, 1) + dt.timedelta(days=7 * n)).isoformat()
            subprocess.run(
                mk + ["prepare", "lesson", "--no-input", "--date", day],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            ids.append(f"{day}-lesson")
        small = tmp / "small.docx"
        doc = Document()
        doc.add_paragraph("一段文字 One paragraph")
        doc.save(str(small))
        profile = Workspace(root).state_dir / "libreoffice"
        floor_cmd = [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp / "floor"),
            str(small),
        ]
        ws = Workspace(root)
        docs = [[str(f) for f in documents_in_order(ws, ws.store.get_meeting(i))] for i in ids]
        padded = ["env", f"MALLOC_TOP_PAD_={TOP_PAD}", *floor_cmd]
        commands = {
            FLOOR: floor_cmd,
            PADDED: padded,
            "export --pdf, 1 meeting": mk + ["export", ids[0], "--pdf", "--no-progress"],
            "export --pdf, 3 meetings": mk + ["export", *ids, "--pdf", "--no-progress"],
            # What LibreOffice alone costs on the same documents (not a goal): what is left
            # for meetkit is the difference.
            LO_ALONE[0]: padded[:-1] + docs[0],
            LO_ALONE[1]: padded[:-1] + [f for meeting in docs for f in meeting],
        }
        for cmd in commands.values():  # warm: the profile, the disk cache, .pyc files
            timed_both(cmd)
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        wall: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                w, c = timed_both(cmd)
                wall[name].append(w)
                cpu[name].append(c)
        print(f"{machine()}; {args.runs} interleaved rounds")
        med = {name: statistics.median(v) for name, v in cpu.items()}
        for name in commands:
            print(
                f"  {name:50s} CPU median {med[name] * 1000:7.1f} ms   "
                f"wall median {statistics.median(wall[name]) * 1000:7.1f} ms"
            )
        met = True
        for name, goal in GOALS.items():
            ratio = med[name] / med[FLOOR]
            wall_ratio = statistics.median(wall[name]) / statistics.median(wall[FLOOR])
            met = met and ratio <= goal
            print(
                f"{name}: {ratio:.2f}x the floor ({FLOOR}, CPU {med[FLOOR] * 1000:.1f} ms); "
                f"goal {goal}x: {'met' if ratio <= goal else 'NOT met'}; wall {wall_ratio:.2f}x; "
                f"{med[name] / med[PADDED]:.2f}x the floor started as meetkit starts it"
            )
        for name, alone in zip(GOALS, LO_ALONE):
            print(
                f"  {alone}: {med[alone] / med[FLOOR]:.2f}x the floor, so meetkit's own part of "
                f"{name!r} is {(med[name] - med[alone]) * 1000:.0f} ms of CPU"
            )
        return 0 if met else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
