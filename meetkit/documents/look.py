"""The look of meetkit's Word templates, under meetkit.documents.writer.TemplateWriter, the one
builder of them (the built-in templates through tools/build_templates.py, ``meetkit
new-plugin``, the election example, plugin authors).

- ``LOOKS``: fonts and sizes per language (GB/T 9704 for zh-CN);
- ``set_fonts``: name the fonts of a w:rPr, Chinese ones on the East Asian slot;
- ``page_setup``: A4 with the GB/T 9704 margins (37/35/28/26 mm);
- ``set_styles``: document defaults, Normal, Title and Heading 1 in the language's look;
- ``add_font_fallbacks``: what Word/WPS show when a Chinese font is missing;
- ``set_properties``: the title and nothing else in docProps, fixed dates;
- ``slim`` and ``docx_bytes``: a lean, reproducible package (no stylesWithEffects, thumbnail,
  customXml, unused or latent styles; fixed zip timestamps).

python-docx only (no docxtpl). Import it inside the functions that write templates: it loads
python-docx and lxml, which ``meetkit --help`` must not.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docx.document import Document as DocxDocument
    from docx.opc.package import OpcPackage
    from docx.opc.part import Part
    from docx.oxml.text.font import CT_RPr
    from docx.section import Section
    from docx.styles.style import ParagraphStyle
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

# --------------------------------------------------------------------------------------------
# Look: fonts and sizes per language
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Look:
    """Fonts and sizes of one language's templates (sizes in points)."""

    latin: str  # the ascii/hAnsi/cs slots of every run
    body_font: str  # the East Asian slot (w:eastAsia) of body text and tables
    title_font: str  # ... of the title
    title_size: float
    title_bold: bool
    heading_font: str  # ... of headings
    heading_size: float
    heading_bold: bool
    body_size: float
    table_size: float
    line: float  # exact line pitch of body paragraphs
    page_number_font: str  # the East Asian slot of the footer's "— 1 —"
    page_number_size: float
    char_spacing: float = 0  # points added between characters of body text (Normal)


LOOKS = {
    # GB/T 9704: title 方正小标宋简体 二号 (22 pt), body 仿宋_GB2312 三号 (16 pt), headings 黑体 三号,
    # a fixed line pitch of about 28 pt (22 lines to an A4 page).
    "zh-CN": Look(
        latin="Times New Roman",
        body_font="仿宋_GB2312",
        title_font="方正小标宋简体",
        title_size=22,
        title_bold=False,
        heading_font="黑体",
        heading_size=16,
        heading_bold=False,
        body_size=16,
        table_size=12,
        line=28,
        page_number_font="宋体",  # GB/T 9704: 4号半角宋体 page numbers
        page_number_size=14,
        # GB/T 9704: 28 characters a line. The type area is 156 mm (442.2 pt) wide and 三号 is
        # 16 pt, so only 27 fit; 0.25 pt less between characters makes the pitch 15.75 pt, and
        # 28 x 15.75 = 441 pt fits (Word's document grid does the same, but LibreOffice reads
        # its character pitch differently, so the spacing is set where both read it).
        char_spacing=-0.25,
    ),
    # English: Times New Roman throughout; the East Asian slot gets SimSun, so a Chinese name
    # in an English document still shows in a Chinese font.
    "en": Look(
        latin="Times New Roman",
        body_font="SimSun",
        title_font="SimSun",
        title_size=16,
        title_bold=True,
        heading_font="SimSun",
        heading_size=12,
        heading_bold=True,
        body_size=12,
        table_size=11,
        line=18,
        page_number_font="SimSun",
        page_number_size=10,
    ),
}

# Fallbacks written into word/fontTable.xml: Word/WPS use altName when the font is missing.
FONT_FALLBACKS = {
    "方正小标宋简体": ("宋体", "86", "roman"),
    "仿宋_GB2312": ("仿宋", "86", "modern"),
    "黑体": ("SimHei", "86", "modern"),
    "SimSun": ("宋体", "86", "auto"),
}

PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGINS = dict(top=Mm(37), bottom=Mm(35), left=Mm(28), right=Mm(26))
TEXT_WIDTH_MM = 210 - 28 - 26  # 156 mm: what table column widths add up to

# A fixed date in every template's properties and zip entries: rebuilding an unchanged
# template gives the same bytes, so git sees no change.
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


# --------------------------------------------------------------------------------------------
# Fonts, page, styles
# --------------------------------------------------------------------------------------------


def set_fonts(rpr: CT_RPr, east_asia: str, latin: str = "Times New Roman") -> None:
    """Name the fonts of run properties ``rpr`` (a w:rPr): ``latin`` on the ascii, hAnsi and
    cs slots, ``east_asia`` on w:eastAsia, which Word uses for Chinese characters. Theme
    attributes would override the names, so they go."""
    fonts = rpr.get_or_add_rFonts()
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def format_run(run: Run, look: Look, east_asia: str, size: float, bold: bool = False) -> None:
    """Format a run directly: the look's Latin font, ``east_asia``, ``size`` points, bold."""
    set_fonts(run._r.get_or_add_rPr(), east_asia, look.latin)
    run.font.size = Pt(size)
    run.font.bold = bold


def mark_fonts(paragraph: Paragraph, look: Look, size: float) -> None:
    """Give an empty paragraph's mark the look's fonts and ``size``: what is typed into it in
    Word (an empty table cell, say) gets them."""
    rpr = OxmlElement("w:rPr")
    set_fonts(rpr, look.body_font, look.latin)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    rpr.append(sz)
    paragraph._p.get_or_add_pPr().append(rpr)


def page_setup(section: Section) -> None:
    """A4 portrait with the GB/T 9704 margins: top 37, bottom 35, left 28, right 26 mm."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance, section.footer_distance = Mm(15), Mm(24)


def set_styles(doc: DocxDocument, look: Look) -> None:
    """The document defaults (w:docDefaults: what a run without direct formatting gets) and
    the Normal, Title and Heading 1 styles in ``look``, so a secretary who adds a paragraph
    in Word gets the right fonts too. No space after paragraphs, single line spacing."""
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, look.body_font, look.latin)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(int(look.body_size * 2)))
    lang = rpr.find(qn("w:lang"))  # Latin text English, CJK text (names too) Chinese
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    restyle(styles["Normal"], look, look.body_font, look.body_size, False)
    if look.char_spacing:
        spacing = OxmlElement("w:spacing")  # character spacing, in twentieths of a point
        spacing.set(qn("w:val"), str(round(look.char_spacing * 20)))
        styles["Normal"].element.get_or_add_rPr().append(spacing)
    restyle(styles["Title"], look, look.title_font, look.title_size, look.title_bold, center=True)
    restyle(styles["Heading 1"], look, look.heading_font, look.heading_size, look.heading_bold)
    styles["Heading 1"].paragraph_format.keep_with_next = True


def restyle(
    style: ParagraphStyle, look: Look, east_asia: str, size: float, bold: bool, center: bool = False
) -> None:
    """Give a built-in style ``look``'s fonts and ``size``, without its theme fonts, colour,
    borders and spacing (its outline level and keep-with-next stay)."""
    el = style.element
    if el.rPr is not None:
        el.remove(el.rPr)
    ppr = el.pPr
    if ppr is not None:
        for tag in ("w:pBdr", "w:spacing", "w:contextualSpacing"):
            for found in ppr.findall(qn(tag)):
                ppr.remove(found)
    style.font.size = Pt(size)
    style.font.bold = bold
    set_fonts(el.get_or_add_rPr(), east_asia, look.latin)
    pf = style.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    if center:
        pf.alignment = WD_ALIGN_PARAGRAPH.CENTER


def add_font_fallbacks(doc: DocxDocument) -> None:
    """Name a fallback (w:altName) in word/fontTable.xml for each Chinese font of the looks,
    so Word and WPS show 宋体/仿宋/SimHei where 方正小标宋简体 or 仿宋_GB2312 is missing."""
    fonts = xml_part(doc.part, RT.FONT_TABLE).element
    present = {f.get(qn("w:name")) for f in fonts.findall(qn("w:font"))}
    for name, (alt, charset, family) in FONT_FALLBACKS.items():
        if name in present:
            continue
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, val in (
            ("w:altName", alt),
            ("w:charset", charset),
            ("w:family", family),
            ("w:pitch", "variable"),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), val)
            font.append(child)
        fonts.append(font)


def set_properties(doc: DocxDocument, title: str) -> None:
    """Core properties every document rendered from the template inherits: ``title`` (Word's
    File > Info, the title of a PDF made from it; plain words, no tags), no subject,
    description or keywords, meetkit as author, fixed dates (reproducible output)."""
    props = doc.core_properties
    props.title = title
    props.subject = props.comments = props.keywords = ""
    props.author = props.last_modified_by = "meetkit"
    props.created = props.modified = FIXED_DATE
    props.revision = 1


def new_document(look: Look, title: str) -> DocxDocument:
    """A blank python-docx Document with the whole look: A4 and margins, styles, font
    fallbacks, properties titled ``title``."""
    doc = Document()
    page_setup(doc.sections[0])
    set_styles(doc, look)
    add_font_fallbacks(doc)
    set_properties(doc, title)
    return doc


# --------------------------------------------------------------------------------------------
# Lean package: drop what python-docx's default document carries and a template does not need.
# Every meeting document rendered from a template inherits its package, and docxtpl parses,
# serializes and zips each part on every render.
# --------------------------------------------------------------------------------------------

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
# Word 2010's copy of styles.xml, the package thumbnail and customXml: Word, WPS and LibreOffice
# open a document fine without them.
UNNEEDED_RELS = frozenset({STYLES_WITH_EFFECTS, RT.THUMBNAIL, RT.CUSTOM_XML})
# Elements naming a style by its w:styleId (in the document, headers, footers, numbering)...
STYLE_REFS = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyleId", "w:styleLink")
# ... and, inside a style, the styles it needs (parent, linked char/para style, next paragraph).
STYLE_CHAIN = ("w:basedOn", "w:link", "w:next")
EXTENDED_PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def xml_part(source: Part | OpcPackage, reltype: str) -> XmlPart:
    """The part ``source`` (a part or the package) relates to by ``reltype``, as an editable
    XmlPart. python-docx loads some parts (word/fontTable.xml, docProps/app.xml) as opaque
    blobs; such a part is replaced in place by an XmlPart of the same bytes, through the
    public relationship API, so no global part-class registration is needed."""
    for rId, rel in list(source.rels.items()):
        if rel.reltype != reltype or rel.is_external:
            continue
        part = rel.target_part
        if not isinstance(part, XmlPart):
            part = XmlPart.load(part.partname, part.content_type, part.blob, part.package)
            source.rels.add_relationship(reltype, part, rId)
        return part
    raise KeyError(f"no part related by {reltype}")


def slim(doc: DocxDocument) -> None:
    """Make ``doc``'s package lean, just before it is saved (python-docx part API only).

    - relationships to stylesWithEffects.xml, docProps/thumbnail.jpeg and customXml/* are
      dropped: python-docx saves only the parts reachable through relationships, and writes
      [Content_Types].xml from those, so the parts and their content types go too;
    - word/styles.xml keeps w:docDefaults and only the styles in use (see used_styles); its
      w:latentStyles (Word's 276-entry table of built-in styles) goes;
    - docProps/app.xml names meetkit, not "Microsoft Macintosh Word";
    - settings.xml no longer asks Word to save a preview picture.
    """
    package = doc.part.package
    for source in (package, doc.part):
        for rId, rel in list(source.rels.items()):
            if rel.reltype in UNNEEDED_RELS:
                del source.rels[rId]

    styles = doc.styles.element
    keep = used_styles(doc)
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in keep:
            styles.remove(style)
    for latent in styles.findall(qn("w:latentStyles")):
        styles.remove(latent)

    app = xml_part(package, RT.EXTENDED_PROPERTIES).element
    for child in list(app):
        app.remove(child)
    for tag, text in (("Application", "meetkit"), ("DocSecurity", "0")):
        etree.SubElement(app, f"{{{EXTENDED_PROPS_NS}}}{tag}").text = text

    settings = doc.settings.element
    for preview in settings.findall(qn("w:savePreviewPicture")):
        settings.remove(preview)


def used_styles(doc: DocxDocument) -> set[str]:
    """The w:styleIds a template needs: those named anywhere outside styles.xml (document,
    headers, footers, numbering), the defaults (w:default="1": Normal, Default Paragraph Font,
    Normal Table, No List), and whatever those reach through w:basedOn, w:link and w:next."""
    styles = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    keep = {sid for sid, s in by_id.items() if s.get(qn("w:default")) == "1"}
    for part in doc.part.package.iter_parts():
        if isinstance(part, XmlPart) and part.element is not styles:
            keep.update(_style_ids(part.element, STYLE_REFS))
    todo = list(keep)
    while todo:
        style = by_id.get(todo.pop())
        if style is None:
            continue
        for sid in _style_ids(style, STYLE_CHAIN + STYLE_REFS) - keep:
            keep.add(sid)
            todo.append(sid)
    return keep


def _style_ids(element: etree._Element, tags: Iterable[str]) -> set[str]:
    """The w:val of every ``tags`` element under ``element``."""
    return {el.get(qn("w:val")) for tag in tags for el in element.iter(qn(tag))}


def docx_bytes(doc: DocxDocument) -> bytes:
    """``doc`` slimmed and saved, its zip entries stamped with FIXED_DATE, so rebuilding an
    unchanged template gives the same bytes and git sees no change."""
    slim(doc)
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name))
    return out.getvalue()
