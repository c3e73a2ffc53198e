"""meetkit.documents.look, the look and lean package shared by the built-in templates and
TemplateWriter: slim() on python-docx's own default document, read back with python-docx and
zipfile; and no global change to how python-docx loads other documents."""

import io
import zipfile

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import PartFactory, XmlPart
from docx.oxml.ns import qn

from meetkit.documents import look as wordlook


def _zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_slim_default_document():
    doc = Document()
    doc.add_paragraph("正文", style="Heading 1")
    plain = io.BytesIO()
    Document().save(plain)
    before = _zip(plain.getvalue())
    assert "word/stylesWithEffects.xml" in before  # python-docx's default carries them
    assert "docProps/thumbnail.jpeg" in before

    data = wordlook.docx_bytes(doc)
    parts = _zip(data)
    assert not {"word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"} & set(parts)
    assert not [n for n in parts if n.startswith("customXml/")]
    types = parts["[Content_Types].xml"].decode("utf-8")
    assert "stylesWithEffects" not in types and "jpeg" not in types
    assert (
        parts["docProps/app.xml"]
        .decode("utf-8")
        .endswith("<Application>meetkit</Application><DocSecurity>0</DocSecurity></Properties>")
    )
    assert sum(len(v) for k, v in parts.items() if k.endswith(".xml")) < 60_000

    back = Document(io.BytesIO(data))
    assert back.paragraphs[0].style.name == "Heading 1"
    ids = {s.get(qn("w:styleId")) for s in back.styles.element.findall(qn("w:style"))}
    # the style in use, what it is based on and linked to, and the defaults
    assert {"Heading1", "Heading1Char", "Normal", "DefaultParagraphFont"} <= ids
    assert "Title" not in ids
    assert back.styles.element.find(qn("w:latentStyles")) is None
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {
        (2026, 1, 1, 0, 0, 0)
    }


def test_new_document_has_the_look():
    look = wordlook.LOOKS["zh-CN"]
    doc = wordlook.new_document(look, "会议记录")
    p = doc.add_paragraph()
    wordlook.format_run(p.add_run("{{ meeting.title }}"), look, look.title_font, look.title_size)
    back = Document(io.BytesIO(wordlook.docx_bytes(doc)))
    fonts = back.paragraphs[0].runs[0]._r.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert fonts.get(qn("w:ascii")) == "Times New Roman"
    assert back.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    section = back.sections[0]
    assert [
        round(x.mm)
        for x in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [210, 297, 37, 35, 28, 26]
    names = {
        f.get(qn("w:name")): f
        for f in wordlook.xml_part(back.part, RT.FONT_TABLE).element.findall(qn("w:font"))
    }
    assert names["仿宋_GB2312"].find(qn("w:altName")).get(qn("w:val")) == "仿宋"
    assert back.core_properties.title == "会议记录"


def test_no_global_part_registration():
    """wordlook edits fontTable.xml and app.xml by swapping those parts for XmlParts in one
    document; documents opened elsewhere (docxtpl renders) keep python-docx's own loading."""
    wordlook.docx_bytes(wordlook.new_document(wordlook.LOOKS["en"], "x"))
    assert CT.WML_FONT_TABLE not in PartFactory.part_type_for
    assert CT.OFC_EXTENDED_PROPERTIES not in PartFactory.part_type_for
    other = Document()
    fonts = other.part.part_related_by(RT.FONT_TABLE)
    assert not isinstance(fonts, XmlPart)
