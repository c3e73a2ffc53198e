"""meetkit.documents.writer.TemplateWriter, the one template builder: it rebuilds the shipped
templates byte for byte (the built-in ones through tools/build_templates.py, the election
example's); its built-in layout (``builtin=True``) reaches the documents ``meetkit prepare``
renders from it and passes ``meetkit check-template``; its default layout is the plain one it
always wrote; importing it loads no python-docx."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from meetkit.documents.writer import Merged, TemplateWriter

REPO = Path(__file__).resolve().parent.parent
DATE = "2026-03-05"


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rebuilds_the_builtin_templates_byte_for_byte(tmp_path):
    builder = load(REPO / "tools" / "build_templates.py", "build_templates_under_test")
    written = builder.build_all(tmp_path)
    shipped = sorted((REPO / "templates").glob("*/*.docx"))
    assert sorted(p.relative_to(tmp_path) for p in written) == [
        p.relative_to(REPO / "templates") for p in shipped
    ]
    changed = [
        str(p.relative_to(REPO))
        for p in shipped
        if (tmp_path / p.relative_to(REPO / "templates")).read_bytes() != p.read_bytes()
    ]
    assert changed == [], "rebuild with python tools/build_templates.py and commit"


def test_rebuilds_the_election_templates_byte_for_byte():
    example = REPO / "examples" / "meetkit-election"
    builder = load(example / "build_templates.py", "election_templates_under_test")
    names = {"candidates": builder.candidates, "ballot": builder.ballot, "count": builder.count}
    for lang in ("zh-CN", "en"):
        for name, build in names.items():
            shipped = builder.OUT / lang / f"{name}.docx"
            assert build(lang) == shipped.read_bytes(), shipped


def _tr_flags(table) -> list[set[str]]:
    """Per row, which of w:cantSplit and w:tblHeader its w:trPr holds."""
    flags = []
    for tr in table._tbl.tr_lst:
        trpr = tr.trPr
        found = set() if trpr is None else {el.tag.split("}")[1] for el in trpr}
        flags.append(found & {"cantSplit", "tblHeader"})
    return flags


def _ruled(paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") is not None


def builtin_notice(path: Path) -> None:
    t = TemplateWriter("zh-CN", "会议通知", builtin=True)
    t.title("{{ meeting.title }}", "通知")
    t.subtitle("{{ meeting.date }}")
    t.fields(
        [
            [("时间", "{{ meeting.time }}"), ("地点", "{{ meeting.place }}")],
            "{%tr if votes %}",
            [("有表决权", "{{ voting_count }}")],
            "{%tr endif %}",
            [("主持人", "{{ meeting.host }}")],
        ]
    )
    with t.kept_together():
        t.heading("讨论情况")
        t.label("发言：")
        t.lines(2)
    t.grid(
        ["序号", "姓名"],
        [
            "{%tr for m in expected %}",
            ["{{ m.no }}", "{{ m.name }}"],
            "{%tr endfor %}",
            Merged("列席人员"),
        ],
        [30, 126],
        left=(1,),
        size=10.5,
    )
    t.signatures("记录人：", "主持人：")
    t.save(path)


def test_builtin_layout_reaches_the_rendered_document(run, workspace):
    template = workspace / "templates" / "zh-CN" / "notice.docx"
    builtin_notice(template)
    out = run("check-template", str(template)).stdout
    assert out.endswith(
        ": ok, checked as document 'notice' of a sample committee meeting (zh-CN)\n"
    )

    run("prepare", "lesson", "--no-input", "--date", DATE)
    doc = Document(str(workspace / "meetings" / f"{DATE}-lesson" / "notice.docx"))
    body = [p for p in doc.paragraphs]
    assert [p.style.name for p in body[:2]] == ["Title", "Title"]
    assert body[1].text == "通知"

    fields, members = doc.tables
    # a lesson does not vote: the {%tr if votes %} row went; a lone pair spans three columns
    rows = [[c.text for c in r.cells] for r in fields.rows]
    assert rows[0][::2] == ["时间", "地点"] and len(rows) == 2
    assert rows[1][0] == "主持人" and len(set(rows[1][1:])) == 1
    assert fields.rows[1].cells[1]._tc.grid_span == 3
    # the header repeats on each page, no row splits, the table is centred, its text 10.5 pt
    names = [r.cells[1].text for r in members.rows]
    assert names[0] == "姓名" and names[-1] == "列席人员" and len(names) == 1 + 12 + 1
    assert _tr_flags(members)[0] == {"cantSplit", "tblHeader"}
    assert all(f == {"cantSplit"} for f in _tr_flags(members)[1:])
    assert members._tbl.tblPr.find(qn("w:jc")).get(qn("w:val")) == "center"
    sizes = {
        r.font.size.pt
        for row in members.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
    }
    assert sizes == {10.5}

    ruled = [p for p in body if _ruled(p)]
    assert len(ruled) == 2
    kept = body[body.index(ruled[0]) - 2 : body.index(ruled[-1]) + 1]
    assert [p.paragraph_format.keep_with_next for p in kept] == [True, True, True, False]
    assert all(p.paragraph_format.keep_together for p in kept)

    signs = [p for p in body if p.text.endswith("____________")]
    assert [p.text for p in signs] == ["记录人：____________", "主持人：____________"]
    assert [p.paragraph_format.keep_with_next for p in signs] == [True, False]

    footer = doc.sections[0].footer.paragraphs[0]
    assert footer._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"
    assert "".join(t.text for t in footer._p.iter(qn("w:t"))) == "— 1 —"


def test_plain_layout_is_the_default():
    t = TemplateWriter("en")
    t.fields(
        [
            [("Time", "{{ meeting.time }}"), ("Place", "{{ meeting.place }}")],
            [("Host", "{{ meeting.host }}")],
        ]
    )
    t.grid(["No.", "Name"], [["1", "2"]], [20, 20])  # need not fill the text width
    t.lines(2)
    doc = Document(__import__("io").BytesIO(t.to_bytes()))
    fields, grid = doc.tables
    assert [[c.text for c in r.cells] for r in fields.rows][0] == [
        "Time",
        "{{ meeting.time }}",
        "Place",
        "{{ meeting.place }}",
    ]
    assert fields.rows[1].cells[1]._tc.grid_span == 3
    assert fields.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert _tr_flags(fields) == _tr_flags(grid)[:2] == [set(), set()]
    assert not any(_ruled(p) for p in doc.paragraphs)
    assert doc.sections[0].footer.paragraphs[0].text == ""

    with pytest.raises(ValueError, match="do not add up"):
        TemplateWriter("en", builtin=True).grid(["No.", "Name"], [], [20, 20])
    with pytest.raises(ValueError, match="not a row tag"):
        t.grid(["No."], ["{%p for m in expected %}"])
    with pytest.raises(ValueError, match="not a row tag"):
        t.fields(["{% if votes %}"])
    with pytest.raises(ValueError, match="not a paragraph tag"):
        t.tag("{%tr endfor %}")


def test_importing_it_loads_no_python_docx():
    code = (
        "import sys, meetkit.documents.writer, meetkit.scaffold\n"
        "assert meetkit.scaffold.TemplateWriter is meetkit.documents.writer.TemplateWriter\n"
        "print(sorted(m for m in ('docx', 'lxml', 'docxtpl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
