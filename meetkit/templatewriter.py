"""``TemplateWriter``: a small python-docx helper that writes docxtpl templates with the look
of meetkit's own (A4, GB/T 9704 margins and fonts, Chinese fonts on the East Asian slot), on the
same primitives as tools/build_templates.py (meetkit.wordlook). Used by ``meetkit new-plugin``
for a new type's record form, and by plugin authors for their own documents."""

from __future__ import annotations

from pathlib import Path

from .errors import MeetkitError
from .files import atomic_write_bytes
from .i18n import _


class TemplateWriter:
    """Write a docxtpl template with python-docx, in the look of meetkit's own templates
    (meetkit.wordlook: A4, GB/T 9704 margins and fonts, a lean package titled ``title``).
    Every text (tags included) goes into one run, so Word never splits a tag; ``{%tr%}`` tags
    sit alone in a row, ``{%p%}`` tags alone in a paragraph (docxtpl's rules, see
    docs/templates.md)."""

    def __init__(self, lang: str, title: str = ""):
        from . import wordlook  # python-docx: loaded only when a template is written

        if lang not in wordlook.LOOKS:
            raise MeetkitError(
                _("no template look for language {lang!r} (zh-CN or en)").format(lang=lang)
            )
        self._wl = wordlook
        self.lang, self.look = lang, wordlook.LOOKS[lang]
        self.doc = wordlook.new_document(self.look, title)

    def _pt(self, size):
        from docx.shared import Pt

        return Pt(size)

    def _run(self, paragraph, text: str, *, font: str | None = None, size=None, bold=False):
        run = paragraph.add_run(text)
        self._wl.format_run(
            run, self.look, font or self.look.body_font, size or self.look.body_size, bold
        )
        return run

    def para(
        self,
        text: str = "",
        *,
        bold: bool = False,
        center: bool = False,
        right: bool = False,
        indent: bool = False,
    ):
        """A body paragraph on the look's fixed line pitch; its text is one run."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING

        p = self.doc.add_paragraph()
        pf = p.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = self._pt(self.look.line)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif right:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if indent:  # two characters, as Chinese body text is indented
            pf.first_line_indent = self._pt(self.look.body_size * 2)
        if text:
            self._run(p, text, bold=bold)
        return p

    def title(self, text: str):
        """The centred title (style Title)."""
        p = self.doc.add_paragraph(style="Title")
        p.paragraph_format.space_after = self._pt(self.look.body_size)
        self._run(
            p, text, font=self.look.title_font, size=self.look.title_size, bold=self.look.title_bold
        )
        return p

    def heading(self, text: str):
        """A section heading (黑体 in Chinese; style Heading 1, for Word's navigation pane)."""
        p = self.doc.add_paragraph(style="Heading 1")
        p.paragraph_format.space_before = self._pt(self.look.body_size / 2)
        self._run(
            p,
            text,
            font=self.look.heading_font,
            size=self.look.heading_size,
            bold=self.look.heading_bold,
        )
        return p

    def tag(self, tag: str):
        """A ``{%p ... %}`` control paragraph: the tag alone."""
        if not (tag.startswith("{%p ") and tag.endswith("%}")):
            raise ValueError(f"not a paragraph tag: {tag!r}")
        return self.para(tag)

    def lines(self, n: int):
        """``n`` empty paragraphs to write on by hand."""
        for _i in range(n):
            self.para(" ")

    def _table(self, widths_mm):
        from docx.shared import Mm

        table = self.doc.add_table(rows=0, cols=len(widths_mm))
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        for column, width in zip(table.columns, widths_mm):
            column.width = Mm(width)
        return table

    def _row(self, table, widths_mm, texts, *, bold=False, bold_cols=()):
        from docx.shared import Mm

        row = table.add_row()
        for i, (cell, width, text) in enumerate(zip(row.cells, widths_mm, texts)):
            cell.width = Mm(width)
            if text:
                self._run(
                    cell.paragraphs[0], text, size=self.look.table_size, bold=bold or i in bold_cols
                )
            else:  # what is typed into the empty cell gets the table's fonts
                self._wl.mark_fonts(cell.paragraphs[0], self.look, self.look.table_size)
        return row

    def fields(self, pairs: list[tuple[str, str]], widths_mm=None):
        """A two-column table of labels and values (``("地点", "{{ meeting.place }}")``);
        ``widths_mm`` defaults to 36 mm for the labels and the rest of the text width."""
        widths_mm = widths_mm or (36, self._wl.TEXT_WIDTH_MM - 36)
        table = self._table(widths_mm)
        for label, value in pairs:
            self._row(table, widths_mm, [label, value], bold_cols=(0,))
        return table

    def grid(self, headers: list[str], body: list, widths_mm: list[float] | None = None):
        """A bordered table: a bold header row, then ``body``: each item a ``{%tr ...%}`` tag
        (alone in a row of its own) or a list of cell texts."""
        width = self._wl.TEXT_WIDTH_MM
        widths_mm = widths_mm or [width / len(headers)] * len(headers)
        table = self._table(widths_mm)
        self._row(table, widths_mm, headers, bold=True)
        for item in body:
            if isinstance(item, str):
                if not (item.startswith("{%tr ") and item.endswith("%}")):
                    raise ValueError(f"not a row tag: {item!r}")
                self._row(table, widths_mm, [item] + [""] * (len(widths_mm) - 1))
            else:
                self._row(table, widths_mm, item)
        return table

    def signatures(self, *labels: str):
        """Sign-off lines, flush right."""
        for label in labels:
            self.para(label + "____________", right=True)

    def to_bytes(self) -> bytes:
        """The .docx, lean (wordlook.slim) and with fixed zip timestamps, so an unchanged
        template gives the same bytes."""
        return self._wl.docx_bytes(self.doc)

    def save(self, path: Path) -> None:
        """Write the template atomically."""
        atomic_write_bytes(Path(path), self.to_bytes())
