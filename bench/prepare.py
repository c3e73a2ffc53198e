"""`meetkit prepare lesson --no-input` against a bare python-docx script writing the same documents.

The bare script writes the documents `meetkit prepare lesson` writes, whatever they are today
(it reads them from a pack meetkit just prepared: five since the lesson's minutes carry the
lecture record): for each .docx, the same page size and margins, the same paragraphs with the
same runs (texts, East Asian fonts, sizes, bold) and alignment, the same tables (rows, columns,
cell texts in the cell's font), the footer with its page number field, and the QR picture in the
sign-in sheet. Before timing, its output is read back and must have the same file names and the
same paragraph, cell and footer texts as meetkit's, or the script stops. It does no templating,
no database, no QR generation: the floor for "writing these Word files with python-docx".
Goal: meetkit within 1.3x of it as a fresh process, in CPU time (issue 25).

    python bench/prepare.py [-n RUNS] [--profile]

Two measurements, each the median of RUNS, in wall time and in CPU time (user + system: what
to compare when others load the machine):
  process     each side as a fresh process, as a user runs it (interpreter start-up and imports
              included); meetkit gets a fresh copy of a demo workspace every run;
  in-process  warm: the work itself, imports done (meetkit.documents.pack.prepare vs the bare function).
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, median_ms, meetkit_command, timed_both  # noqa: E402  (bench/_common.py)

GOAL = 1.3  # issue 25: a fresh `prepare lesson` within 1.3x of the bare script, in CPU time
DATE = "2026-12-01"


# -- the bare python-docx side (imports nothing from meetkit) ----------------------------------


def write_bare(spec: dict, outdir: Path) -> None:
    """Write every document of ``spec`` with plain python-docx: page size and margins, each
    paragraph's runs with their fonts, sizes and weight, the tables' cell texts (in the font of
    the cell's first run), the footer with its page number field, the pictures."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Emu, Mm

    def fill(paragraph, runs, align=None):
        if align:
            paragraph._p.get_or_add_pPr().append(_jc(align))
        for text, east_asia, half_points, bold in runs:
            run = paragraph.add_run(text)
            if half_points:
                run.font.size = half_points * 6350  # a half point is 6,350 EMU
            run.font.bold = bold
            if east_asia:
                run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)

    def _jc(value):
        jc = OxmlElement("w:jc")
        jc.set(qn("w:val"), value)
        return jc

    outdir.mkdir(parents=True, exist_ok=True)
    for d in spec["documents"]:
        doc = Document()
        section = doc.sections[0]
        for key, value in d["page"].items():
            setattr(section, key, Emu(value))
        for para in d["paragraphs"]:
            fill(doc.add_paragraph(), para["runs"], para["align"])
        for rows in d["tables"]:
            table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for r, row in enumerate(rows):
                for c, (text, font, picture) in enumerate(row):
                    fill(table.cell(r, c).paragraphs[0], [[text, *font]])
                    if picture:  # the QR code beside the counts, as in meetkit's sheet
                        table.cell(r, c).paragraphs[0].add_run().add_picture(
                            spec["qr"], width=Mm(40)
                        )
        for para in d["footer"]:
            footer = section.footer.paragraphs[0]
            fill(footer, para["runs"], para["align"])
            if para["page_field"]:  # the page number, after the first run: "— 1 —"
                field = OxmlElement("w:fldSimple")
                field.set(qn("w:instr"), "PAGE")
                footer.runs[0]._r.addnext(field) if footer.runs else footer._p.append(field)
        for _ in range(max(0, d["images"])):
            doc.add_picture(spec["qr"], width=Mm(40))
        doc.save(str(outdir / f"{d['name']}.docx"))


# -- the spec: the shape of meetkit's own pack -------------------------------------------------


def _runs(paragraph) -> list:
    """[text, East Asian font, size in half points, bold] of each run with text."""
    from docx.oxml.ns import qn

    out = []
    for run in paragraph.runs:
        if not run.text:
            continue
        rpr = run._r.rPr
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        size = run.font.size
        out.append(
            [
                run.text,
                fonts.get(qn("w:eastAsia")) if fonts is not None else None,
                int(size / 6350) if size else None,
                run.font.bold,
            ]
        )
    return out


def _paragraph(paragraph) -> dict:
    from docx.oxml.ns import qn

    ppr = paragraph._p.pPr
    jc = ppr.find(qn("w:jc")) if ppr is not None else None
    return {
        "runs": _runs(paragraph),
        "align": jc.get(qn("w:val")) if jc is not None else None,
        "page_field": bool(paragraph._p.findall(qn("w:fldSimple"))),
    }


def _cell(cell) -> list:
    """[text, [East Asian font, size, bold] of its first run, whether it holds a picture]."""
    from docx.oxml.ns import qn

    runs = [r for p in cell.paragraphs for r in _runs(p)]
    picture = bool(cell._tc.findall(f".//{qn('w:drawing')}"))
    return [cell.text, runs[0][1:] if runs else [None, None, None], picture]


def pack_spec(folder: Path) -> dict:
    """What the bare side must write for each .docx meetkit wrote into ``folder``: the page,
    the paragraphs (runs and their fonts), the tables' cells, the footer, the pictures."""
    import zipfile

    from docx import Document

    docs = []
    for path in sorted(folder.glob("*.docx")):
        doc = Document(str(path))
        section = doc.sections[0]
        page = {
            key: getattr(section, key)
            for key in (
                "page_width",
                "page_height",
                "top_margin",
                "bottom_margin",
                "left_margin",
                "right_margin",
            )
        }
        tables = [[[_cell(c) for c in row.cells] for row in t.rows] for t in doc.tables]
        with zipfile.ZipFile(path) as z:
            images = sum(1 for n in z.namelist() if n.startswith("word/media/"))
        images -= sum(cell[2] for t in tables for row in t for cell in row)  # outside tables
        docs.append(
            {
                "name": path.stem,
                "page": page,
                "paragraphs": [_paragraph(p) for p in doc.paragraphs],
                "tables": tables,
                "footer": [_paragraph(p) for p in section.footer.paragraphs],
                "images": images,
            }
        )
    return {"documents": docs, "qr": str(folder / "qr.png")}


def texts(path: Path) -> tuple:
    """(paragraph texts, table cell texts, footer texts) of a .docx, as python-docx reads it."""
    from docx import Document

    doc = Document(str(path))
    return (
        [p.text for p in doc.paragraphs],
        [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables],
        [p.text for p in doc.sections[0].footer.paragraphs],
    )


def check_alike(meetkit_folder: Path, bare_folder: Path) -> None:
    """The bare side wrote the same documents as meetkit, with the same texts: else stop."""
    ours = sorted(p.name for p in meetkit_folder.glob("*.docx"))
    theirs = sorted(p.name for p in bare_folder.glob("*.docx"))
    if ours != theirs:
        sys.exit(f"not alike: meetkit wrote {ours}, the bare script {theirs}")
    for name in ours:
        if texts(meetkit_folder / name) != texts(bare_folder / name):
            sys.exit(f"not alike: {name} differs between meetkit and the bare script")


def describe(spec: dict) -> str:
    parts = []
    for d in spec["documents"]:
        rows = sum(len(t) for t in d["tables"])
        runs = sum(len(p["runs"]) for p in d["paragraphs"])
        parts.append(
            f"{d['name']} ({len(d['paragraphs'])} paragraphs, {runs} runs, {len(d['tables'])} "
            f"tables, {rows} rows{', 1 picture' if d['images'] else ''})"
        )
    return "; ".join(parts)


# -- timing ------------------------------------------------------------------------------------


def report(title: str, meetkit: list[tuple], bare: list[tuple]) -> float:
    """Print the medians of (wall, CPU) samples of each side and their ratios; the wall ratio."""
    print(f"{title}:")
    ratios = []
    for kind in (0, 1):
        ours, theirs = [x[kind] for x in meetkit], [x[kind] for x in bare]
        ratios.append(statistics.median(ours) / statistics.median(theirs))
        label = ("wall", "CPU ")[kind]
        print(
            f"  {label}  meetkit prepare lesson median {median_ms(ours):7.1f} ms "
            f"(min {min(ours) * 1000:7.1f});  bare python-docx median "
            f"{median_ms(theirs):7.1f} ms (min {min(theirs) * 1000:7.1f});  "
            f"ratio {ratios[-1]:.2f}x"
        )
    verdict = "met" if ratios[1] <= GOAL else "NOT met"
    floor = statistics.median(x[1] for x in bare) * 1000
    print(
        f"  {ratios[1]:.2f}x the floor (bare python-docx, CPU {floor:.1f} ms) in CPU time; "
        f"goal {GOAL}x: {verdict}; wall {ratios[0]:.2f}x"
    )
    return ratios[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument("--profile", action="store_true", help="profile meetkit in-process")
    parser.add_argument("--bare", nargs=2, metavar=("SPEC", "OUTDIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:  # the bare script, run as its own process
        write_bare(json.loads(Path(args.bare[0]).read_text(encoding="utf-8")), Path(args.bare[1]))
        return 0

    from meetkit.documents.pack import Options, prepare
    from meetkit.meetings.init import init_workspace
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
        # The bare script's documents, read back: the same names and texts as meetkit's.
        subprocess.run(
            [sys.executable, __file__, "--bare", str(spec_file), str(tmp / "check")], check=True
        )
        check_alike(sample / "meetings" / f"{DATE}-lesson", tmp / "check")
        print(f"{machine()}; {args.runs} runs each")
        print(f"pack: {len(spec['documents'])} documents: {describe(spec)}")
        print("the bare script's documents: the same names, paragraph, cell and footer texts")

        # As processes, alternating the two sides.
        mk_times, bare_times = [], []
        for i in range(args.runs + 1):
            ws = tmp / f"ws{i}"
            shutil.copytree(pristine, ws)
            mk = timed_both(
                meetkit_command()
                + ["--workspace", str(ws), "prepare", "lesson", "--no-input", "--date", DATE]
            )
            bare = timed_both(
                [sys.executable, __file__, "--bare", str(spec_file), str(tmp / f"b{i}")]
            )
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
            start, cpu = time.perf_counter(), time.process_time()
            prepare(workspace, "lesson", Options(date=DATE, lang="zh-CN"))
            mk = time.perf_counter() - start, time.process_time() - cpu
            start, cpu = time.perf_counter(), time.process_time()
            write_bare(spec, tmp / f"w{i}")
            bare = time.perf_counter() - start, time.process_time() - cpu
            if i:
                mk_times.append(mk)
                bare_times.append(bare)
        warm_ratio = report("in-process (warm)", mk_times, bare_times)

        if args.profile:
            profile(lambda: prepare(workspace, "lesson", Options(date=DATE, lang="zh-CN")))
        return 0 if max(process_ratio, warm_ratio) <= GOAL else 1  # CPU-time ratios
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
