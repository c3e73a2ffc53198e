"""User text that looks like markup or template code appears literally in the documents, and
the files stay valid: python-docx opens them, their XML parses, LibreOffice converts them."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from core_helpers import (
    all_text,
    field_value,
    find_table,
    make_workspace,
    mk,
    open_docx,
    paragraphs,
    squeeze,
)
from helpers import pdf_texts
from lxml import etree

NASTY = ["<b>&\"'", "{{ x }}", "{% if %}"]


@pytest.fixture(scope="module")
def nasty_ws(tmp_path_factory):
    root = make_workspace(tmp_path_factory.mktemp("esc") / "ws")
    roster = root / "members.csv"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "status", "group", "role", "phone"])
    rows = list(csv.reader(roster.read_text(encoding="utf-8").splitlines()))[1:]
    rows[3][0] = NASTY[0]  # a full member of group 1
    rows[6][0] = NASTY[1]  # a probationary member of group 1
    rows[2][0] = NASTY[2]  # a committee member of group 2
    writer.writerows(rows)
    roster.write_text(out.getvalue(), encoding="utf-8")
    mk(
        root,
        "prepare",
        "life",
        "--no-input",
        "--date",
        "2026-12-20",
        "--host",
        NASTY[2],
        "--recorder",
        NASTY[0],
        "--place",
        "<i>会议室</i> & {{ place }}",
        "--topic",
        "{%p if true %}学习{{ meeting.id }}",
    )
    return root


def docx_files(root):
    return sorted((root / "meetings/2026-12-20-life").glob("*.docx"))


def test_names_appear_literally(nasty_ws):
    folder = nasty_ws / "meetings/2026-12-20-life"
    signin = open_docx(folder / "signin.docx")
    names = [r[1] for r in find_table(signin, "姓名", "签名")[1:] if r[0].isdigit()]
    assert names[2] == NASTY[2] and names[3] == NASTY[0] and names[6] == NASTY[1]

    minutes = open_docx(folder / "minutes.docx")
    assert field_value(minutes, "主持人") == NASTY[2]
    assert field_value(minutes, "记录人") == NASTY[0]
    assert field_value(minutes, "地点") == "<i>会议室</i> & {{ place }}"
    assert "{%p if true %}学习{{ meeting.id }}" in all_text(minutes)

    criticism = paragraphs(open_docx(folder / "criticism.docx"))
    for name in NASTY:
        assert any(p.startswith(name) for p in criticism), name
    ballot = find_table(open_docx(folder / "appraisal.docx"), "姓名", "优秀")
    # The probationary NASTY[1] takes part in the appraisal but is not graded.
    graded = {r[1] for r in ballot[1:]}
    assert graded >= {NASTY[0], NASTY[2]} and NASTY[1] not in graded
    notice = all_text(open_docx(folder / "notice.docx"))
    assert f"请于会前向{NASTY[2]}请假" in notice


def test_files_stay_valid_xml(nasty_ws):
    for path in docx_files(nasty_ws):
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None
            for part in z.namelist():
                if part.endswith(".xml"):
                    etree.fromstring(z.read(part))  # raises on broken XML
            xml = z.read("word/document.xml").decode("utf-8")
        # Escaped once: no raw tag, no double escaping.
        assert "<b>&" not in xml and "&amp;amp;" not in xml
        assert "{{" not in xml.replace("{{ x }}", "").replace("{{ place }}", "").replace(
            "{{ meeting.id }}", ""
        )


def test_show_json_keeps_names(nasty_ws):
    shown = json.loads(mk(nasty_ws, "show", "2026-12-20-life", "--json").stdout)
    assert shown["host"] == NASTY[2] and set(NASTY) <= set(shown["expected"])


def test_libreoffice_reads_them(nasty_ws, soffice, tmp_path):
    files = [f for f in docx_files(nasty_ws) if f.stem in ("signin", "minutes", "criticism")]
    texts = pdf_texts(soffice, files, tmp_path / "pdf")
    for name in NASTY:
        assert squeeze(name) in squeeze(texts["signin"]), name
        assert squeeze(name) in squeeze(texts["criticism"]), name
    assert squeeze("<i>会议室</i>&{{place}}") in squeeze(texts["minutes"])
