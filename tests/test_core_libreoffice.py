"""The proof that Word-like consumers open the documents: LibreOffice converts every document of
a lesson pack and a life pack, in Chinese and English, to PDF (one soffice call per pack), and
pdftotext finds the names and titles in them."""

from __future__ import annotations

import json
import re

import pytest
from core_helpers import make_workspace, mk, squeeze
from helpers import pdf_info, pdf_texts

TITLES = {
    "zh-CN": {
        "notice": "通知",
        "agenda": "议程",
        "signin": "签到表",
        "minutes": "会议记录",
        "actions": "会议决定事项落实清单",
        "criticism": "批评与自我批评记录",
        "appraisal": "民主评议党员测评表",
        "rectification": "问题清单和整改清单",
        "talks": "谈心谈话记录",
        "talk-forms": "谈心谈话记录（空白表）",
        "opinions": "征求意见汇总",
        "report": "关于召开组织生活会情况的报告",
    },
    "en": {
        "notice": "Notice",
        "agenda": "Agenda",
        "signin": "Sign-in sheet",
        "minutes": "Minutes",
        "actions": "Follow-up action list",
        "criticism": "Criticism and self-criticism record",
        "appraisal": "Democratic appraisal",
        "rectification": "Problem and rectification list",
        "talks": "Heart-to-heart talk record",
        "talk-forms": "Heart-to-heart talk record (blank forms)",
        "opinions": "Opinions collected",
        "report": "Report on the organizational life meeting",
    },
}
MEETING_TITLE = {
    ("zh-CN", "lesson"): "示例社区第一党支部2026年第1次党课",
    ("zh-CN", "life"): "示例社区第一党支部2026年第1次组织生活会",
    ("en", "lesson"): "Demo Community Branch No. 1 party lesson No. 1, 2026",
    ("en", "life"): "Demo Community Branch No. 1 organizational life meeting No. 1, 2026",
}
# Documents listing every expected member by name (talks.docx lists the talks recorded; the
# appraisal ballot lists the graded full members only: test_appraisal.py checks it).
ROSTER_DOCS = {"signin", "criticism"}


@pytest.mark.parametrize("key", ["lesson", "life"])
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_libreoffice_converts_the_pack(tmp_path, soffice, lang, key):
    root = make_workspace(tmp_path / "ws", lang, public_url="http://192.168.1.20:8750")
    mk(root, "prepare", key, "--no-input", "--date", "2026-12-15")
    meeting_id = f"2026-12-15-{key}"
    shown = json.loads(mk(root, "show", meeting_id, "--json").stdout)
    files = sorted((root / "meetings" / meeting_id).glob("*.docx"))
    assert len(files) == (5 if key == "lesson" else 12)

    texts = pdf_texts(soffice, files, tmp_path / "pdf")
    for stem, text in texts.items():
        flat = squeeze(text)
        assert squeeze(TITLES[lang][stem]) in flat, f"{stem}: title missing in PDF text"
        if stem in ("notice", "agenda", "signin", "minutes"):
            assert squeeze(MEETING_TITLE[lang, key]) in flat, stem
        if stem in ROSTER_DOCS:
            missing = [n for n in shown["expected"] if squeeze(n) not in flat]
            assert not missing, f"{stem}: names missing in PDF text: {missing}"
    assert squeeze(shown["host"]) in squeeze(texts["minutes"])
    assert squeeze(shown["recorder"]) in squeeze(texts["minutes"])
    assert squeeze(shown["place"]) in squeeze(texts["notice"])
    assert re.search(r"/q/[A-Z2-9]{12}", squeeze(texts["signin"]))  # the short address
    if key == "lesson":
        assert squeeze(shown["lecturer"]) in squeeze(texts["minutes"])

    # A4 pages, as laid out by LibreOffice.
    info = pdf_info(tmp_path / "pdf" / "minutes.pdf")
    assert "(A4)" in info, info
