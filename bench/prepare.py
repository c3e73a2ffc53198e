"""`meetkit prepare lesson --no-input` against a bare python-docx script writing the same documents.

The bare script writes documents of the same size as meetkit's lesson pack: for each .docx of a
pack meetkit prepared, the same number of paragraphs (same texts), the same tables (same rows,
columns and cell texts) and the QR picture in the sign-in sheet. It does no templating, no
database, no QR generation: the floor for "writing these Word files with python-docx".
Goal: meetkit within 1.5x of it.

    python bench/prepare.py [-n RUNS] [--profile]

Two measurements, each the median of RUNS:
  process     each side as a fresh process, as a user runs it (interpreter start-up and imports
              included); meetkit gets a fresh copy of a demo workspace every run;
  in-process  warm: the work itself, imports done (meetkit.pack.prepare vs the bare function).
--profile prints where meetkit's in-process time goes (pyinstrument if installed, else cProfile).
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

GOAL = 1.5
DATE = "2026-12-01"


# -- the bare python-docx side (imports nothing from meetkit) ----------------------------------


def write_bare(spec: dict, outdir: Path) -> None:
    """Write every document of ``spec`` with plain python-docx."""
    from docx import Document
    from docx.shared import Mm

    outdir.mkdir(parents=True, exist_ok=True)
    for d in spec["documents"]:
        doc = Document()
        for text in d["paragraphs"]:
            doc.add_paragraph(text)
        for rows in d["tables"]:
            table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        for _ in range(d["images"]):
            doc.add_picture(spec["qr"], width=Mm(40))
        doc.save(str(outdir / f"{d['name']}.docx"))


# -- the spec: the shape of meetkit's own pack -------------------------------------------------


def pack_spec(folder: Path) -> dict:
    """Paragraphs, tables and pictures of each .docx meetkit wrote into ``folder``."""
    import zipfile

    from docx import Document

    docs = []
    for path in sorted(folder.glob("*.docx")):
        doc = Document(str(path))
        tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]
        with zipfile.ZipFile(path) as z:
            images = sum(1 for n in z.namelist() if n.startswith("word/media/"))
        docs.append(
            {
                "name": path.stem,
                "paragraphs": [p.text for p in doc.paragraphs],
                "tables": tables,
                "images": images,
            }
        )
    return {"documents": docs, "qr": str(folder / "qr.png")}


def describe(spec: dict) -> str:
    parts = []
    for d in spec["documents"]:
        rows = sum(len(t) for t in d["tables"])
        parts.append(
            f"{d['name']} ({len(d['paragraphs'])} paragraphs, {len(d['tables'])} "
            f"tables, {rows} rows{', 1 picture' if d['images'] else ''})"
        )
    return "; ".join(parts)


# -- timing ------------------------------------------------------------------------------------


def meetkit_command() -> list[str]:
    script = Path(sys.executable).parent / "meetkit"
    if script.exists():
        return [str(script)]
    found = shutil.which("meetkit")
    if not found:
        sys.exit("meetkit is not installed in this environment (pip install -e .)")
    return [found]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def report(title: str, meetkit: list[float], bare: list[float]) -> float:
    ratio = statistics.median(meetkit) / statistics.median(bare)
    print(f"{title}:")
    print(
        f"  meetkit prepare lesson   median {median_ms(meetkit):7.1f} ms   "
        f"min {min(meetkit) * 1000:7.1f} ms"
    )
    print(
        f"  bare python-docx         median {median_ms(bare):7.1f} ms   "
        f"min {min(bare) * 1000:7.1f} ms"
    )
    verdict = "within" if ratio <= GOAL else "OVER"
    print(f"  ratio {ratio:.2f}x ({verdict} the {GOAL}x goal)")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument("--profile", action="store_true", help="profile meetkit in-process")
    parser.add_argument("--bare", nargs=2, metavar=("SPEC", "OUTDIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:  # the bare script, run as its own process
        write_bare(json.loads(Path(args.bare[0]).read_text(encoding="utf-8")), Path(args.bare[1]))
        return 0

    from meetkit.init import init_workspace
    from meetkit.pack import Options, prepare
    from meetkit.workspace import Workspace

    tmp = Path(tempfile.mkdtemp(prefix="meetkit-bench-"))
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
        spec = pack_spec(sample / "meetings" / f"{DATE}-lesson")
        spec_file = tmp / "spec.json"
        spec_file.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        print(f"python {sys.version.split()[0]}; {args.runs} runs each")
        print(f"pack: {len(spec['documents'])} documents: {describe(spec)}")

        # As processes, alternating the two sides.
        mk_times, bare_times = [], []
        for i in range(args.runs + 1):
            ws = tmp / f"ws{i}"
            shutil.copytree(pristine, ws)
            mk = timed(
                meetkit_command()
                + ["--workspace", str(ws), "prepare", "lesson", "--no-input", "--date", DATE]
            )
            bare = timed([sys.executable, __file__, "--bare", str(spec_file), str(tmp / f"b{i}")])
            if i:  # the first run warms caches
                mk_times.append(mk)
                bare_times.append(bare)
            shutil.rmtree(ws)
        process_ratio = report("process (start-up and imports included)", mk_times, bare_times)

        # In-process, warm.
        mk_times, bare_times = [], []
        warm = tmp / "warm"
        shutil.copytree(pristine, warm)
        workspace = Workspace(warm)
        for i in range(args.runs + 1):
            start = time.perf_counter()
            prepare(workspace, "lesson", Options(date=DATE, lang="zh-CN"))
            mk = time.perf_counter() - start
            start = time.perf_counter()
            write_bare(spec, tmp / f"w{i}")
            bare = time.perf_counter() - start
            if i:
                mk_times.append(mk)
                bare_times.append(bare)
        warm_ratio = report("in-process (warm)", mk_times, bare_times)

        if args.profile:
            profile(lambda: prepare(workspace, "lesson", Options(date=DATE, lang="zh-CN")))
        return 0 if max(process_ratio, warm_ratio) <= GOAL else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def profile(func) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None
    if Profiler is not None:
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(5):
            func()
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    for _ in range(5):
        func()
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    sys.exit(main())
