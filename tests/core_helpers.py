"""Helpers for the core tests: make workspaces, run meetkit (in-process and as a real process),
and read generated .docx files the way a consumer does (python-docx, the zip, the XML).
LibreOffice, the server, phones and the browser: tests/helpers.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Mapping
from pathlib import Path

from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from meetkit.cli import cli
from meetkit.meetings.init import init_workspace

# Core tests exercise the built-in plugins only: an installed third-party plugin (e.g. the
# example election plugin CI installs) must not change what these tests count.
# MEETKIT_DATABASE_URL is what the store_backend fixture set (conftest.py clears any other).
CORE_ENV = {"MEETKIT_LOAD_PLUGINS": "", "MEETKIT_TRACE_PLUGINS": None, "MEETKIT_WORKSPACE": None}
# The terminal's language comes from the workspace, else from these (MEETKIT_LANG unset).
ZH_LOCALE = {
    "MEETKIT_LANG": None,
    "LANGUAGE": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": "zh_CN.UTF-8",
}
C_LOCALE = {**ZH_LOCALE, "LANG": "C.UTF-8"}

TYPES = ("committee", "general", "group", "lesson", "life", "democratic-life", "theme-day")
STANDARD_DOCS = ("notice", "agenda", "signin", "minutes", "actions")
LIFE_DOCS = (
    "criticism",
    "appraisal",
    "rectification",
    "talks",
    "opinions",
    "selfcheck",
    "talk-forms",
    "report",
)
# A leadership team's democratic life meeting appraises no members: no ballot.
DEMOCRATIC_DOCS = tuple(d for d in LIFE_DOCS if d != "appraisal")
EXTRA_DOCS = {"life": LIFE_DOCS, "democratic-life": DEMOCRATIC_DOCS}
# Documents written once per expected member, into a folder of that name.
PER_MEMBER_DOCS = ("selfcheck",)


def make_workspace(path: Path, lang: str = "zh-CN", public_url: str | None = None) -> Path:
    """A demo workspace at ``path``; optionally with ``[signin] public_url`` set."""
    root = init_workspace(path, lang=lang, demo=True)
    if public_url is not None:
        toml = root / "meetkit.toml"
        text = toml.read_text(encoding="utf-8")
        assert 'public_url = ""' in text
        toml.write_text(
            text.replace('public_url = ""', f'public_url = "{public_url}"'), encoding="utf-8"
        )
    return root


def mk(root: Path | None, *args, ok: bool = True, env: dict | None = None):
    """Run ``meetkit [--workspace root] args`` in-process; assert success unless ok=False."""
    argv = (["--workspace", str(root)] if root is not None else []) + [str(a) for a in args]
    result = CliRunner().invoke(cli, argv, env={**CORE_ENV, **(env or {})}, catch_exceptions=False)
    if ok and result.exit_code != 0:
        raise AssertionError(
            f"meetkit {' '.join(argv)} exited {result.exit_code}:\n{result.output}"
        )
    return result


def child_env(changes: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """This process's environment with ``changes`` (None removes a variable), for a child."""
    env = dict(os.environ)
    for key, value in (changes or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def meetkit_process(*args, cwd: Path, env: dict | None = None, timeout: int = 60):
    """Run meetkit as a real process (the console script beside this Python), as a user does."""
    script = Path(sys.executable).parent / "meetkit"
    cmd = (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from meetkit.cli import main; main()"]
    )
    return subprocess.run(
        cmd + [str(a) for a in args],
        cwd=cwd,
        env=child_env({**CORE_ENV, **(env or {})}),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


# -- reading documents --------------------------------------------------------------------------


def _iter_tables(tables):
    for table in tables:
        yield table
        for row in table.rows:
            for cell in row.cells:
                yield from _iter_tables(cell.tables)


def element_text(element) -> str:
    """The text of a paragraph or cell element, content controls (w:sdt) included: python-docx's
    ``.text`` skips what meetkit's tagged fields (meetkit.documents.roundtrip) hold."""
    breaks = {qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:tab"): "\t"}
    return "".join(breaks.get(el.tag, el.text or "") for el in element.iter(qn("w:t"), *breaks))


def tables(doc) -> list[list[list[str]]]:
    """Every table (nested ones too) as rows of cell texts; merged cells appear once."""
    out = []
    for table in _iter_tables(doc.tables):
        rows = []
        for row in table.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                cells.append(element_text(cell._tc).strip())
            rows.append(cells)
        out.append(rows)
    for sdt_table in doc.element.body.iterfind(f"{qn('w:sdt')}/{qn('w:sdtContent')}/{qn('w:tbl')}"):
        out.append(
            [
                [element_text(tc).strip() for tc in tr.iterfind(qn("w:tc"))]
                for tr in sdt_table.iterfind(qn("w:tr"))
            ]
        )
    return out


def body_paragraphs(doc) -> list:
    """The body's w:p elements outside tables, those inside content controls included."""
    body = doc.element.body
    return [
        p for p in body.iter(qn("w:p")) if not any(a.tag == qn("w:tbl") for a in p.iterancestors())
    ]


def paragraphs(doc) -> list[str]:
    """The body's paragraph texts (outside tables), stripped, empty ones left out."""
    return [t for t in (element_text(p).strip() for p in body_paragraphs(doc)) if t]


def all_text(doc) -> str:
    """Every piece of text in the body, paragraphs and table cells, one per line."""
    lines = paragraphs(doc)
    for table in tables(doc):
        for row in table:
            lines.extend(row)
    return "\n".join(lines)


def field_value(doc, *labels: str) -> str:
    """The cell right of the first table cell reading one of ``labels`` (a header field)."""
    wanted = {label.rstrip("：:") for label in labels}
    for table in tables(doc):
        for row in table:
            for i, cell in enumerate(row[:-1]):
                if cell.rstrip("：:") in wanted:
                    return row[i + 1]
    raise AssertionError(f"no table field labelled {labels} in the document")


def find_table(doc, *header_words: str) -> list[list[str]]:
    """The first table whose first row holds all ``header_words``."""
    for table in tables(doc):
        if table and all(any(w == c or w in c for c in table[0]) for w in header_words):
            return table
    raise AssertionError(f"no table with header {header_words}")


def count_tables(doc, *header_words: str) -> int:
    return sum(
        1
        for table in tables(doc)
        if table and all(any(w in c for c in table[0]) for w in header_words)
    )


def open_docx(path: Path):
    return Document(str(path))


# -- formatting ---------------------------------------------------------------------------------


def _style_chain(doc, style_id: str | None):
    styles = doc.styles.element
    while style_id:
        style = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
        if style is None:
            return
        yield style.find(qn("w:rPr"))
        based = style.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None


def effective_run_font(doc, paragraph, run) -> tuple[str | None, float | None]:
    """(East Asian font, size in pt) a run gets: its own rPr, then the paragraph style chain,
    then the document defaults, as Word resolves them."""
    chain = [run._r.find(qn("w:rPr"))]
    ppr = paragraph._p.pPr
    style_id = None
    if ppr is not None and ppr.find(qn("w:pStyle")) is not None:
        style_id = ppr.find(qn("w:pStyle")).get(qn("w:val"))
    chain.extend(_style_chain(doc, style_id or "Normal"))
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        chain.append(defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}"))
    east_asia = size = None
    for rpr in chain:
        if rpr is None:
            continue
        fonts = rpr.find(qn("w:rFonts"))
        if east_asia is None and fonts is not None and fonts.get(qn("w:eastAsia")):
            east_asia = fonts.get(qn("w:eastAsia"))
        sz = rpr.find(qn("w:sz"))
        if size is None and sz is not None:
            size = int(sz.get(qn("w:val"))) / 2
    return east_asia, size


def text_runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


# -- pictures and text --------------------------------------------------------------------------


def docx_images(path: Path) -> list[bytes]:
    """The pictures stored inside a .docx (word/media/*)."""
    with zipfile.ZipFile(path) as z:
        return [z.read(n) for n in z.namelist() if n.startswith("word/media/")]


def squeeze(text: str) -> str:
    """Text without any whitespace (pdftotext spaces CJK and breaks lines where it likes)."""
    return re.sub(r"\s+", "", text)
