"""``TemplateWriter``: the one builder of meetkit's Word templates. It writes docxtpl templates
with python-docx in the look of meetkit.documents.look (A4, GB/T 9704 margins and fonts, Chinese fonts
on the East Asian slot, a lean and reproducible package). tools/build_templates.py builds the
built-in templates with it (``builtin=True``: the documents' definitions live there, the
primitives here); ``meetkit new-plugin`` writes a new type's record form with it
(meetkit.scaffold); plugin authors write their own documents with it (docs/templates.md).

Over 400 lines because it is the one place that turns paragraphs, tables and forms into
docxtpl-safe XML, for the built-in templates and the plugins' alike.

python-docx is imported inside the methods: ``import meetkit.documents.writer`` loads none of it
(``meetkit --help`` must not, tests/test_core_startup.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import MeetkitError
from ..files import atomic_write_bytes
from ..i18n import _

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.table import Table, _Cell, _Row
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

BLANK = "____________"  # the line a signature is written on


class Merged(NamedTuple):
    """A ``grid`` body row merged across the whole table, its text bold and left-aligned
    (a sub-heading inside a table: the sign-in sheet's 列席人员)."""

    text: str


def _check_tag(tag: str, kind: str) -> None:
    """docxtpl's rule: a ``{%p ...%}`` or ``{%tr ...%}`` tag stands alone."""
    if not (tag.startswith("{%" + kind + " ") and tag.endswith("%}")):
        raise ValueError(f"not a {'paragraph' if kind == 'p' else 'row'} tag: {tag!r}")


class TemplateWriter:
    """Write a docxtpl template with python-docx, in the look of meetkit's own templates
    (meetkit.documents.look: A4, GB/T 9704 margins and fonts, a lean package titled ``title``: plain
    words, no tags, which every document rendered from it inherits).

    Every text (tags included) goes into one run, so Word never splits a tag; ``{%tr%}`` tags
    sit alone in a row, ``{%p%}`` tags alone in a paragraph (docxtpl's rules, see
    docs/templates.md).

    ``builtin=True`` lays the document out as meetkit's built-in templates are: page numbers
    in the footer, every paragraph's spacing stated, headings on the body's fixed line pitch,
    tables centred on the page with their cells centred (but the ``left`` columns), rows that
    never split across pages and the header row repeated on each page, column widths adding
    up to the text width, ruled write-in lines, sign-off lines kept together. Without it (the
    default, what TemplateWriter has always written) tables are plain grids and write-in lines
    blank paragraphs; a template built before comes out byte for byte the same.
    """

    def __init__(self, lang: str, title: str = "", *, builtin: bool = False):
        from . import look as wordlook  # python-docx: loaded only when a template is written

        if lang not in wordlook.LOOKS:
            raise MeetkitError(
                _("no template look for language {lang!r} (zh-CN or en)").format(lang=lang)
            )
        self._wl = wordlook
        self.lang, self.look = lang, wordlook.LOOKS[lang]
        self.builtin = builtin
        self.doc = wordlook.new_document(self.look, title)
        if builtin:
            self.page_numbers()

    # ----- runs and document-wide parts -----

    def _run(
        self,
        paragraph: Paragraph,
        text: str,
        *,
        font: str | None = None,
        size: float | None = None,
        bold: bool = False,
    ) -> Run:
        run = paragraph.add_run(text)
        self._wl.format_run(
            run, self.look, font or self.look.body_font, size or self.look.body_size, bold
        )
        return run

    def page_numbers(self) -> None:
        """The page number in the footer, "— 1 —" as GB/T 9704 (7.5) prints it: 4号 半角 宋体
        with a dash each side, odd pages on the right and even pages on the left, one
        character in from the edge (``builtin=True`` adds it; call it once)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        self.doc.settings.odd_and_even_pages_header_footer = True
        section = self.doc.sections[0]
        font, size = self.look.page_number_font, self.look.page_number_size
        for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            pf = p.paragraph_format
            if odd:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                pf.right_indent = Pt(size)  # 空一字
            else:
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT
                pf.left_indent = Pt(size)
            self._run(p, "— ", font=font, size=size)
            number = self._run(p, "1", font=font, size=size)
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), "PAGE")
            number._r.addprevious(field)
            field.append(number._r)
            self._run(p, " —", font=font, size=size)

    # ----- paragraphs -----

    def para(
        self,
        text: str = "",
        *,
        bold: bool = False,
        center: bool = False,
        right: bool = False,
        indent: bool = False,
        font: str | None = None,
        size: float | None = None,
        exact: bool = True,
        before: float | None = None,
        after: float | None = None,
        style: str | None = None,
    ) -> Paragraph:
        """A paragraph whose text is one run: the body font (East Asian slot) and size unless
        ``font`` or ``size`` (points). ``exact``: on the look's fixed line pitch (GB/T 9704's
        22 lines to a page); ``indent``: the first line by two characters, as Chinese body
        text is; ``before``/``after``: space in points (``builtin=True`` states both, 0
        unless given); ``style``: a paragraph style of the look (Title, Heading 1)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Pt

        look = self.look
        p = self.doc.add_paragraph(style=style)
        pf = p.paragraph_format
        if exact:
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(look.line)
        if indent:
            pf.first_line_indent = Pt((size or look.body_size) * 2)
        if center:
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif right:
            pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if self.builtin:
            before, after = before or 0, after or 0
        if before is not None:
            pf.space_before = Pt(before)
        if after is not None:
            pf.space_after = Pt(after)
        if text:
            self._run(p, text, font=font, size=size, bold=bold)
        return p

    def title(self, *lines: str, after: float | None = None) -> Paragraph | None:
        """The centred title (style Title); several lines give several title paragraphs,
        ``after`` points (default: the body size) under the last. Returns the last one."""
        look = self.look
        p = None
        for i, text in enumerate(lines):
            last = i == len(lines) - 1
            p = self.para(
                text,
                font=look.title_font,
                size=look.title_size,
                bold=look.title_bold,
                center=self.builtin,  # the Title style centres it; builtin says so here too
                exact=False,
                after=(look.body_size if after is None else after) if last else 0,
                style="Title",
            )
        return p

    def subtitle(self, text: str) -> Paragraph:
        """A centred body-size line under the title."""
        return self.para(text, center=True, after=self.look.body_size / 2)

    def heading(self, text: str, before: float | None = None) -> Paragraph:
        """A section heading (黑体 in Chinese; style Heading 1, for Word's navigation pane),
        ``before`` points above it (default: half the body size)."""
        look = self.look
        return self.para(
            text,
            font=look.heading_font,
            size=look.heading_size,
            bold=look.heading_bold,
            exact=self.builtin,
            before=look.body_size / 2 if before is None else before,
            style="Heading 1",
        )

    def label(self, text: str) -> Paragraph:
        """A bold lead-in such as 讨论发言情况：, kept on the page of what follows it."""
        p = self.para(text, bold=True)
        p.paragraph_format.keep_with_next = True
        return p

    def tag(self, tag: str) -> Paragraph:
        """A ``{%p ... %}`` control paragraph: the tag alone."""
        _check_tag(tag, "p")
        return self.para(tag)

    def lines(self, n: int, *, ruled: bool | None = None) -> None:
        """``n`` empty paragraphs to write on by hand; ``ruled`` (the default with
        ``builtin=True``): a rule under each, a little further apart."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        ruled = self.builtin if ruled is None else ruled
        for _i in range(n):
            p = self.para(" ")
            if not ruled:
                continue
            p.paragraph_format.line_spacing = Pt(self.look.line + 4)
            ppr = p._p.get_or_add_pPr()
            borders = OxmlElement("w:pBdr")
            # bottom + between: Word draws a rule under each of the adjoining lines
            for edge in ("w:bottom", "w:between"):
                border = OxmlElement(edge)
                for k, v in (
                    ("w:val", "single"),
                    ("w:sz", "4"),
                    ("w:space", "1"),
                    ("w:color", "auto"),
                ):
                    border.set(qn(k), v)
                borders.append(border)
            # python-docx declares CT_PPr.spacing as a ZeroOrOne descriptor without typing its
            # __get__, so mypy sees the descriptor, not the w:spacing element it gives.
            # (the schema puts w:pBdr before w:spacing)
            ppr.spacing.addprevious(borders)  # type: ignore[attr-defined]

    def signatures(self, *labels: str) -> None:
        """Sign-off lines, ``label`` then a blank, flush right so the blanks line up
        (``builtin=True``: a line of space above, and kept on one page)."""
        for i, label in enumerate(labels):
            if not self.builtin:
                self.para(label + BLANK, right=True)
                continue
            p = self.para(label + BLANK, right=True, before=self.look.body_size if i == 0 else 0)
            p.paragraph_format.keep_with_next = i < len(labels) - 1

    @contextmanager
    def kept_together(self) -> Iterator[None]:
        """Keep the paragraphs written inside the ``with`` block on one page: each one's lines
        together and with the next (but the last), so Word and LibreOffice move the whole
        block to the next page rather than split it."""
        first = len(self.doc.paragraphs)
        yield
        block = self.doc.paragraphs[first:]
        for i, p in enumerate(block):
            p.paragraph_format.keep_together = True
            p.paragraph_format.keep_with_next = i < len(block) - 1

    # ----- meetkit's own fields (minutes edited in Word, kept: meetkit.documents.roundtrip) -----

    def _sdt(self, tag: str, inline: bool = False) -> tuple[BaseOxmlElement, BaseOxmlElement]:
        """An empty Word content control tagged ``tag`` (its sdtContent to fill). The alias
        says the tag too, and an inline one is a plain-text control with an id: LibreOffice
        keeps those (it drops a control's tag, and block-level controls)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self._controls = getattr(self, "_controls", 0) + 1
        sdt = OxmlElement("w:sdt")
        pr = OxmlElement("w:sdtPr")
        alias = OxmlElement("w:alias")
        alias.set(qn("w:val"), tag)
        tag_el = OxmlElement("w:tag")
        tag_el.set(qn("w:val"), tag)
        ident = OxmlElement("w:id")
        ident.set(qn("w:val"), str(self._controls))  # deterministic: the same build, same ids
        pr.append(alias)
        pr.append(tag_el)
        pr.append(ident)
        if inline:
            pr.append(OxmlElement("w:text"))
        sdt.append(pr)
        content = OxmlElement("w:sdtContent")
        sdt.append(content)
        return sdt, content

    def field(self, paragraph: Paragraph, tag: str) -> Paragraph:
        """Put the runs of ``paragraph`` into a content control tagged ``tag`` (a field meetkit
        fills and, in minutes the secretary edited, fills again in place)."""
        from docx.oxml.ns import qn

        runs = paragraph._p.findall(qn("w:r"))
        if not runs:
            return paragraph
        sdt, content = self._sdt(tag, inline=True)
        runs[0].addprevious(sdt)
        for run in runs:
            content.append(run)
        return paragraph

    @contextmanager
    def block(self, tag: str) -> Iterator[None]:
        """Put the paragraphs and tables written inside the ``with`` block into one content
        control tagged ``tag`` (``{%p%}`` tags included, so a loop stays inside it)."""
        body = self.doc.element.body

        def blocks() -> list:  # python-docx adds each paragraph and table before sectPr
            return [el for el in body if not el.tag.endswith("}sectPr")]

        first = len(blocks())
        yield
        added = blocks()[first:]
        if not added:
            return
        sdt, content = self._sdt(tag)
        added[0].addprevious(sdt)
        for el in added:
            content.append(el)

    # ----- tables -----

    def _table(self, widths_mm: Sequence[float]) -> Table:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Mm

        if self.builtin and abs(sum(widths_mm) - self._wl.TEXT_WIDTH_MM) >= 0.5:
            raise ValueError(
                f"column widths {list(widths_mm)} do not add up to {self._wl.TEXT_WIDTH_MM} mm"
            )
        table = self.doc.add_table(rows=0, cols=len(widths_mm))
        table.style = self.doc.styles["Table Grid"]
        if self.builtin:
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths_mm):
            column.width = Mm(width)
        return table

    def _cell_text(
        self, cell: _Cell, text: str, *, bold: bool = False, center: bool = False
    ) -> None:
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = cell.paragraphs[0]
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if text:
            self._run(p, text, size=self.look.table_size, bold=bold)
        else:  # what is typed into the empty cell gets the table's fonts
            self._wl.mark_fonts(p, self.look, self.look.table_size)
        if self.builtin:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    def _row(
        self,
        table: Table,
        widths_mm: Sequence[float],
        texts: Sequence[str],
        *,
        bold: bool = False,
        bold_cols: Sequence[int] = (),
        left: Sequence[int] = (),
        height: float | None = None,
        exact: bool = False,
    ) -> _Row:
        """A row of ``texts``; ``height``: at least (``exact``: exactly) that many mm. With
        ``builtin``: cells centred but the ``left`` columns, and the row never splits."""
        from docx.enum.table import WD_ROW_HEIGHT_RULE
        from docx.oxml import OxmlElement
        from docx.shared import Mm

        row = table.add_row()
        for i, (cell, width, text) in enumerate(zip(row.cells, widths_mm, texts)):
            cell.width = Mm(width)
            self._cell_text(
                cell, text, bold=bold or i in bold_cols, center=self.builtin and i not in left
            )
        if height:
            row.height = Mm(height)
            row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST
        if self.builtin:
            row._tr.get_or_add_trPr().insert_element_before(
                OxmlElement("w:cantSplit"),
                "w:trHeight",
                "w:tblHeader",
                "w:tblCellSpacing",
                "w:jc",
                "w:hidden",
            )
        return row

    @staticmethod
    def _repeat_header(row: _Row) -> None:
        """Repeat ``row`` at the top of each page the table runs onto."""
        from docx.oxml import OxmlElement

        row._tr.get_or_add_trPr().insert_element_before(
            OxmlElement("w:tblHeader"), "w:tblCellSpacing", "w:jc", "w:hidden"
        )

    @staticmethod
    def _text_size(table: Table, size: float) -> None:
        """Every run of ``table`` in ``size`` points (w:sz and w:szCs)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        for run in table._tbl.iter(qn("w:r")):
            rpr = run.find(qn("w:rPr"))
            if rpr is None:
                continue
            for tag in ("w:sz", "w:szCs"):
                el = rpr.find(qn(tag))
                if el is None:
                    el = OxmlElement(tag)
                    rpr.append(el)
                el.set(qn("w:val"), str(int(size * 2)))

    def grid(
        self,
        headers: list[str],
        body: list,
        widths_mm: Sequence[float] | None = None,
        *,
        left: Sequence[int] = (),
        row_height: float | None = None,
        exact: bool = False,
        size: float | None = None,
    ) -> Table:
        """A bordered table: a bold header row, then ``body``, each item a ``{%tr ...%}`` tag
        (alone in a row of its own), a list of cell texts, or a ``Merged(text)`` row across
        the table. ``widths_mm`` defaults to equal columns over the text width; ``left``:
        columns of running text, left-aligned (``builtin`` centres the others); ``row_height``:
        rows of cell texts at least so many mm high, for handwriting (``exact``: exactly, and
        the header too, so a page holds a known number of rows); ``size``: the table's text in
        that many points (default: the look's table size)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        n = len(headers)
        widths_mm = list(widths_mm or [self._wl.TEXT_WIDTH_MM / n] * n)
        table = self._table(widths_mm)
        height = row_height if exact else None
        header = self._row(table, widths_mm, headers, bold=True, height=height, exact=exact)
        if self.builtin:
            self._repeat_header(header)
        for item in body:
            if isinstance(item, str):
                _check_tag(item, "tr")
                self._row(table, widths_mm, [item] + [""] * (len(widths_mm) - 1), left=(0,))
            elif isinstance(item, Merged):
                row = self._row(table, widths_mm, [""] * len(widths_mm), height=height, exact=exact)
                merged = row.cells[0].merge(row.cells[-1])
                merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
                self._run(merged.paragraphs[0], item.text, size=self.look.table_size, bold=True)
            else:
                self._row(table, widths_mm, item, left=left, height=row_height, exact=exact)
        if size is not None:
            self._text_size(table, size)
        return table

    def fields(
        self,
        pairs: list,
        widths_mm: Sequence[float] | None = None,
        *,
        heights: dict[int, float] | None = None,
        keep_together: bool = False,
    ) -> Table:
        """A table of bold labels and their values. Each item of ``pairs`` is a row: a
        ``(label, value)`` pair (``("地点", "{{ meeting.place }}")``; a third item, a tag,
        puts the value in a content control meetkit fills again: ``field``), a list of pairs side
        by side, or a ``{%tr if ... %}``/``{%tr endif %}`` tag that keeps or drops the rows
        between. Two columns (36 mm labels, the rest values) unless a row holds two pairs:
        then four, 28/50/28/50 mm, and a row of one pair spans its value over the other
        three. ``heights``: row index to a minimum height in mm (write-in boxes; with
        ``builtin`` every row is at least 10 mm and a box over 20 mm is written from its top);
        ``keep_together``: the whole table on one page."""
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        rows = [[item] if isinstance(item, tuple) else item for item in pairs]
        if widths_mm is None:
            wide = any(isinstance(r, list) and len(r) > 1 for r in rows)
            widths_mm = (28, 50, 28, 50) if wide else (36, self._wl.TEXT_WIDTH_MM - 36)
        widths_mm = list(widths_mm)
        n = len(widths_mm)
        heights = heights or {}
        table = self._table(widths_mm)
        for i, row_pairs in enumerate(rows):
            if isinstance(row_pairs, str):
                _check_tag(row_pairs, "tr")
                self._row(table, widths_mm, [row_pairs] + [""] * (n - 1), left=(0,))
                continue
            spans = 2 * len(row_pairs) < n  # the last value runs to the right edge
            height = heights.get(i, 10 if self.builtin else None)
            if not self.builtin:
                texts = [text for pair in row_pairs for text in pair[:2]]
                row = self._row(
                    table,
                    widths_mm,
                    texts + [""] * (n - len(texts)),
                    bold_cols=range(0, n, 2),
                    height=height,
                )
                if spans:
                    row.cells[len(texts) - 1].merge(row.cells[-1])
                continue
            # builtin: every cell's mark carries the fonts, then the texts; values left-aligned
            row = self._row(table, widths_mm, [""] * n, height=height)
            if spans:
                row.cells[2 * len(row_pairs) - 1].merge(row.cells[-1])
            for j, pair in enumerate(row_pairs):
                label, value = pair[0], pair[1]
                label_cell, value_cell = row.cells[2 * j], row.cells[2 * j + 1]
                if label:
                    self._run(label_cell.paragraphs[0], label, size=self.look.table_size, bold=True)
                value_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
                if value:
                    self._run(value_cell.paragraphs[0], value, size=self.look.table_size)
                    if len(pair) > 2:  # (label, value, tag): a field meetkit fills again
                        self.field(value_cell.paragraphs[0], pair[2])
            if (height or 0) > 20:  # a tall write-in box: writing starts at the top
                row.cells[1].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        if self.builtin:
            self._repeat_header(table.rows[0])
        if keep_together:  # "keep with next" on every row but the last holds a table together
            for row in list(table.rows)[:-1]:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        p.paragraph_format.keep_with_next = True
        return table

    def panel(self, widths_mm: Sequence[float]) -> list[Any]:
        """A borderless one-row table of blocks side by side (the sign-in sheet's QR code
        beside its words), centred on the page; returns its cells, their contents centred
        vertically, to write in with ``cell_para``."""
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
        from docx.shared import Mm

        table = self.doc.add_table(rows=1, cols=len(widths_mm))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, cell, width in zip(table.columns, table.rows[0].cells, widths_mm):
            column.width = cell.width = Mm(width)  # the grid (LibreOffice) and the cell (Word)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        return list(table.rows[0].cells)

    def cell_para(
        self,
        cell: _Cell,
        text: str,
        *,
        size: float | None = None,
        bold: bool = False,
        center: bool = False,
        after: float | None = None,
    ) -> Paragraph:
        """A paragraph of ``text`` (one run, the table size unless ``size``) in ``cell``: its
        empty first paragraph, else a new one after the others; ``after``: space in points."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        paragraphs = cell.paragraphs
        fresh = len(paragraphs) == 1 and not paragraphs[0].runs
        p = paragraphs[0] if fresh else cell.add_paragraph()
        self._run(p, text, size=size or self.look.table_size, bold=bold)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if after is not None:
            p.paragraph_format.space_after = Pt(after)
        return p

    # ----- output -----

    def to_bytes(self) -> bytes:
        """The .docx, lean (wordlook.slim) and with fixed zip timestamps, so an unchanged
        template gives the same bytes."""
        return self._wl.docx_bytes(self.doc)

    def save(self, path: Path) -> None:
        """Write the template atomically (a crash never leaves half a template)."""
        atomic_write_bytes(Path(path), self.to_bytes())
