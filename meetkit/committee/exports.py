"""The roll-up table (``meetkit committee ledger``) in the official layout: one row per branch
(序号, 党支部, each required type as 应开/实开, 民主评议, 出勤率, 缺项, 备注), as Excel (openpyxl) and
as Word (python-docx with meetkit's GB/T 9704 look: A4 landscape for the wide table, the title in
方正小标宋简体, the table in 仿宋_GB2312 with the fonts on the East Asian slot)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..decisions.appraisal import grade_word
from ..files import atomic_write_bytes
from ..i18n import gettext_for

if TYPE_CHECKING:
    from ..committee.workspace import CommitteeWorkspace


def _columns(rolls: list) -> list[str]:
    keys: list[str] = []
    for r in rolls:
        for k in r.types:
            if k not in keys:
                keys.append(k)
    return keys


def table(
    cws: CommitteeWorkspace, rolls: list, year: int, lang: str
) -> tuple[str, list[str], list[list]]:
    """(title, headers, rows) of the roll-up table in ``lang``."""
    _ = gettext_for(lang)
    types = cws.plugins.types
    keys = _columns(rolls)
    title = _("{committee}: party branches' meetings in {year} (roll-up)").format(
        committee=cws.config.name, year=year
    )
    held_req = _("held/required")
    headers = [_("No."), _("Party branch")]
    headers += [f"{types[k].title(lang) if k in types else k}\n{held_req}" for k in keys]
    headers += [_("Appraisal"), _("Attendance"), _("Missing"), _("Notes")]
    rows = []
    for n, r in enumerate(rolls, 1):
        cells: list = [n, r.name]
        for k in keys:
            c = r.types.get(k)
            cells.append(f"{c.held}/{c.required}" if c else "—")
        appraisal = "、".join(
            f"{grade_word(g, lang)}{count}" for g, count in r.appraisal.items() if count
        )
        cells.append(appraisal or "—")
        cells.append(f"{r.attendance_rate * 100:.1f}%")
        cells.append("、".join(types[k].title(lang) if k in types else k for k in r.missing) or "—")
        notes = [
            _("{type} exempt").format(type=types[k].title(lang) if k in types else k)
            for k, c in r.types.items()
            if c.exempt
        ]
        if r.period is None:
            notes.append(_("no bundle received"))
        cells.append("；".join(notes))
        rows.append(cells)
    return title, headers, rows


def write_xlsx(cws: CommitteeWorkspace, rolls: list, year: int, path: Path, lang: str) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    title, headers, rows = table(cws, rolls, year, lang)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(year)
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "C3"
    sheet.column_dimensions["B"].width = 24
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())
    return path


def write_docx(cws: CommitteeWorkspace, rolls: list, year: int, path: Path, lang: str) -> Path:
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from ..documents.look import LOOKS, docx_bytes, format_run, new_document

    look = LOOKS[lang]
    title, headers, rows = table(cws, rolls, year, lang)
    doc = new_document(look, title)
    section = doc.sections[0]
    # The table is wide: the page turns to landscape, margins as GB/T 9704 gives them.
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    format_run(heading.add_run(title), look, look.title_font, look.title_size, look.title_bold)
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid" if "Table Grid" in [s.name for s in doc.styles] else None
    size = min(look.table_size, 10.5)
    for cell, text in zip(grid.rows[0].cells, headers):
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        format_run(p.add_run(text), look, look.heading_font, size, True)
    for row in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row):
            p = cell.paragraphs[0]
            format_run(p.add_run(str(value)), look, look.body_font, size)
    atomic_write_bytes(path, docx_bytes(doc))
    return path
