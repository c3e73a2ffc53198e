"""The ledger's 发展党员 section in ledger.docx: appended after what the ledger template writes
(the built-in one and a workspace's own alike), so the template, shared with the rest of the
ledger, stays as it is. Fonts on the East Asian slot, in the look of the built-in documents."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..i18n import gettext_for, pgettext_for
from .timeline import ledger_lines, stage_text, step_text

if TYPE_CHECKING:
    from docx.table import Table
    from docx.text.paragraph import Paragraph


def append_section(data: bytes, section: dict, lang: str) -> bytes:
    """``data`` (a rendered ledger.docx) with the section appended; unchanged when empty."""
    if not section:
        return data
    from docx import Document
    from docx.shared import Pt

    from ..documents.look import LOOKS, format_run

    _ = gettext_for(lang)
    pgettext = pgettext_for(lang)
    look = LOOKS[lang]
    doc = Document(io.BytesIO(data))

    def para(text: str, *, heading: bool = False) -> Paragraph:
        p = doc.add_paragraph()
        if heading:
            p.paragraph_format.space_before = Pt(look.body_size / 2)
            p.paragraph_format.keep_with_next = True
        run = p.add_run(text)
        format_run(
            run,
            look,
            look.heading_font if heading else look.body_font,
            look.heading_size if heading else look.body_size,
            look.heading_bold if heading else False,
        )
        return p

    para(pgettext("ledger", "6. Developing new members"), heading=True)
    para(ledger_lines(section, lang)[0])
    headers = [_("name"), _("stage"), _("steps this year"), _("next step"), _("overdue")]
    table = doc.add_table(rows=1, cols=len(headers))
    _borders(table)
    for cell, text in zip(table.rows[0].cells, headers):
        format_run(cell.paragraphs[0].add_run(text), look, look.body_font, look.table_size, True)
    for p in section["people"]:
        nxt = p["next"]
        cells = table.add_row().cells
        done = [
            f"{s['date']} {step_text(s['step'], lang)}"
            + (
                _(" (recorded despite the rules: {reason})").format(reason=s["override"])
                if s["override"]
                else ""
            )
            for s in p["steps"]
        ]
        texts = [
            p["name"],
            stage_text(p["stage"], lang),
            "\n".join(done),
            (
                f"{step_text(nxt['step'], lang)} "
                + (_("by {date}").format(date=nxt["deadline"]) if nxt["deadline"] else "")
            ).strip()
            if nxt
            else _("all steps done"),
            _("OVERDUE") if p["overdue"] else "",
        ]
        for cell, text in zip(cells, texts):
            format_run(cell.paragraphs[0].add_run(text), look, look.body_font, look.table_size)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _borders(table: Table) -> None:
    """Single lines around and between every cell (the template may have no table style)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "4"),
            ("w:space", "0"),
            ("w:color", "auto"),
        ):
            line.set(qn(key), value)
        borders.append(line)
    table._tbl.tblPr.append(borders)
