"""``meetkit export ID --pdf``: the meeting's documents as PDF, converted by LibreOffice
(headless), one PDF per document and ``print.pdf`` with all of them in print order (the order of
the type's pack). LibreOffice converts but cannot join PDFs: poppler's pdfunite joins them when
it is installed, else pypdf (``merge``).

Conversion happens in a temporary folder; the PDFs move into place only when every document
converted, so a failure leaves nothing half-written.

Several meetings (``export ID ID ... --pdf``) convert in ONE LibreOffice run (``export_many``):
LibreOffice's start-up is most of one export (about 60%), so one process for all the files
is what makes three meetings cost little more than one (bench/pdf_export.py).

LibreOffice runs with glibc's ``MALLOC_TOP_PAD_`` at 256 MiB (``soffice_env``). Its headless
backend clears pixel buffers of a hundred megabytes and more while it starts (pixman and memset
take 90% of its ~300,000 page faults); each buffer is a fresh ``mmap`` that the kernel must
fault in page by page, which is most of LibreOffice's CPU time. With the heap's top kept padded
the buffers reuse memory already mapped: on this project's 2-core test machine a conversion of
one small document takes 0.50 s of CPU instead of 0.98 s, 52,000 page faults instead of 303,000
(the resident size grows by ~45 MB). Other C libraries ignore the variable; a value the user
set is kept.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MeetkitError
from ..files import atomic_write_bytes
from ..i18n import _

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..workspace import Workspace

INSTALL = _(
    "LibreOffice is needed to make PDFs and was not found: install it (Debian/Ubuntu: "
    "`sudo apt install libreoffice-writer-nogui`; Windows/macOS: libreoffice.org), or "
    "set MEETKIT_SOFFICE to its soffice program"
)
TIMEOUT = 300
TOP_PAD = str(256 * 1024 * 1024)


def soffice_env() -> dict[str, str]:
    """The environment LibreOffice runs in: this process's, with glibc's heap top padded (see
    the module's docstring) unless MALLOC_TOP_PAD_ is set already."""
    import os

    env = dict(os.environ)
    env.setdefault("MALLOC_TOP_PAD_", TOP_PAD)
    return env


def find_soffice() -> str:
    """The LibreOffice program, or one line saying how to install it."""
    import os

    own = os.environ.get("MEETKIT_SOFFICE")
    if own:
        if not Path(own).is_file():
            raise MeetkitError(
                _("MEETKIT_SOFFICE: no program {path}; {hint}").format(path=own, hint=INSTALL)
            )
        return own
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for path in (
        "C:/Program Files/LibreOffice/program/soffice.exe",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    ):
        if Path(path).is_file():
            return path
    raise MeetkitError(INSTALL)


def documents_in_order(ws: Workspace, meeting: Meeting) -> list[Path]:
    """Every Word document the meeting has in its folder, in print order: the type's documents
    as its plugins order them (a per-member document, such as the self-inspections, member by
    member), then the others meetkit wrote for it (vote slips, the appraisal's tally and
    result, the opinions poster, ...) by name."""
    meeting_type = ws.plugins.meeting_type(meeting.type)
    folder = ws.meeting_folder(meeting)
    out: list[Path] = []
    for doc in ws.plugins.documents(meeting_type):
        if (folder / f"{doc.name}.docx").is_file():
            out.append(folder / f"{doc.name}.docx")
        if doc.per_member and (folder / doc.name).is_dir():
            out += sorted((folder / doc.name).glob("*.docx"))
    recorded = sorted(folder / name for name in ws.store.written_documents(meeting.id))
    others = [p for p in recorded if p.suffix == ".docx" and p.is_file()]
    for path in others:
        if path not in out:
            out.append(path)
    return out


def pdf_name(folder: Path, source: Path) -> str:
    """The PDF's file name: the document's path in the meeting's folder, "/" as "-"
    (selfcheck/张伟.docx -> selfcheck-张伟.pdf)."""
    try:
        rel = source.relative_to(folder)
    except ValueError:
        rel = Path(source.name)
    return "-".join(rel.with_suffix(".pdf").parts)


def convert(ws: Workspace, files: list[Path], soffice: str | None = None) -> dict:
    """Convert ``files`` to PDF in one LibreOffice run; return {source: PDF bytes}.

    The files may come from several meetings, with the same names (every lesson has its
    notice.docx): LibreOffice names each PDF after its source and writes them all into one
    folder, so each source is copied in under a name of its own first (a copy, not a link:
    the Word file as it is now, whatever LibreOffice makes of links)."""
    soffice = soffice or find_soffice()
    profile = ws.state_dir / "libreoffice"  # kept: LibreOffice's first start is the slow one
    with tempfile.TemporaryDirectory(prefix="meetkit-pdf-") as tmp:
        staged = Path(tmp) / "in"
        staged.mkdir()
        names = {}
        for n, source in enumerate(files):
            names[source] = f"{n:04d}-{source.stem}"
            shutil.copyfile(source, staged / f"{names[source]}{source.suffix}")
        outdir = Path(tmp) / "out"
        try:
            done = subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile.resolve().as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(outdir),
                    *(str(staged / f"{names[f]}{f.suffix}") for f in files),
                ],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                env=soffice_env(),
            )
        except subprocess.TimeoutExpired:
            raise MeetkitError(
                _(
                    "LibreOffice took more than {seconds} s converting {n} "
                    "documents; nothing written"
                ).format(seconds=TIMEOUT, n=len(files))
            ) from None
        out = {}
        for source in files:
            pdf = outdir / f"{names[source]}.pdf"
            if not pdf.is_file():
                why = (done.stderr or done.stdout or "").strip().splitlines()
                raise MeetkitError(
                    _("{file}: LibreOffice did not convert it ({why}); nothing written").format(
                        file=source, why=why[-1] if why else "no message"
                    )
                )
            out[source] = pdf.read_bytes()
    return out


def merge(pdfs: list[bytes]) -> bytes:
    """One PDF with the pages of each, in order.

    poppler's ``pdfunite`` joins them when it is installed (it comes with the poppler-utils
    most Linux desktops have): 14 ms of CPU for a lesson's five PDFs, where ``import pypdf``
    alone is about 75 ms and its join 25 ms more (bench/pdf_export.py). Without it, or when it
    refuses a file, pypdf joins them."""
    joined = _pdfunite(pdfs)
    return joined if joined is not None else _pypdf_merge(pdfs)


def _pdfunite(pdfs: list[bytes]) -> bytes | None:
    """``pdfunite``'s join of ``pdfs``, or None when it is missing or fails."""
    program = shutil.which("pdfunite")
    if program is None:
        return None
    with tempfile.TemporaryDirectory(prefix="meetkit-join-") as tmp:
        parts = []
        for n, data in enumerate(pdfs):
            parts.append(Path(tmp) / f"{n:04d}.pdf")
            parts[-1].write_bytes(data)
        target = Path(tmp) / "joined.pdf"
        try:
            done = subprocess.run(
                [program, *map(str, parts), str(target)],
                capture_output=True,
                timeout=TIMEOUT,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        if done.returncode != 0 or not target.is_file():
            return None
        return target.read_bytes()


def _pypdf_merge(pdfs: list[bytes]) -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in pdfs:
        writer.append(PdfReader(io.BytesIO(data)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def export(ws: Workspace, meeting: Meeting, out: Path) -> list[Path]:
    """Write NAME.pdf for each document and print.pdf into ``out``; return the paths."""
    return export_many(ws, [(meeting, Path(out))])[0]


def export_many(ws: Workspace, jobs: list[tuple]) -> list[list[Path]]:
    """``export`` for each (meeting, out folder) of ``jobs``, all documents converted by one
    LibreOffice run; nothing is written unless every one converted. Returns each meeting's
    written paths, in the order of ``jobs``."""
    plans = []
    for meeting, out in jobs:
        files = documents_in_order(ws, meeting)
        if not files:
            raise MeetkitError(
                _(
                    "{id}: no Word documents in {folder}; `meetkit update {id}` writes them again"
                ).format(id=meeting.id, folder=ws.meeting_folder(meeting))
            )
        plans.append((meeting, files, Path(out)))
    everything = list(dict.fromkeys(f for _meeting, files, _out in plans for f in files))
    converted = convert(ws, everything)
    from ..attachments import photo_pages

    done = []
    for meeting, files, out in plans:
        folder = ws.meeting_folder(meeting)
        written = []
        for source in files:
            target = out / pdf_name(folder, source)
            atomic_write_bytes(target, converted[source])
            written.append(target)
        appendix = photo_pages(ws, meeting, meeting.lang)  # 附件: the meeting's photos, last
        target = out / "print.pdf"
        atomic_write_bytes(
            target, merge([converted[f] for f in files] + ([appendix] if appendix else []))
        )
        written.append(target)
        done.append(written)
    return done
