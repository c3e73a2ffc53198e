"""Documents an inspector accepts (issue 13): group meetings named and numbered per group,
titles broken between words, the sign-in sheet's pages, minutes with start and end time, each
section once and only where the type needs it, a lesson's one record, English that reads.

Content is read with python-docx; pages and line breaks from LibreOffice's PDF (pdfinfo,
pdftotext)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from core_helpers import field_value, find_table, make_workspace, mk, open_docx, paragraphs, squeeze
from helpers import pdf_info, pdf_pages, pdf_text, to_pdf

from meetkit.documents.context import break_title

PUBLIC_URL = "http://192.168.1.20:8750"
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def roster(root: Path, n: int, lang: str = "zh-CN") -> None:
    """Replace the demo roster by ``n`` full members of one group (the first three on the
    committee; the first two are meetkit.toml's secretary and organizer)."""
    rows = ["姓名,类别,党小组,职务,电话"]
    keep = ("王建国", "李秀英") if lang == "zh-CN" else ("Wang Jianguo", "Li Xiuying")
    for i in range(n):
        name = keep[i] if i < 2 else f"{SURNAMES[i % 30]}{GIVEN[i // 30 % 22]}{GIVEN[i % 22]}"
        role = "书记" if i == 0 else "委员" if i < 3 else "党员"
        rows.append(f"{name},正式党员,第一党小组,{role},")
    (root / "members.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def prepared(root: Path, *args: str) -> Path:
    out = mk(root, "prepare", *args, "--no-input").stdout
    mid = next(line.split()[1] for line in out.splitlines() if line.startswith("Prepared "))
    return root / "meetings" / mid


def pages(pdf: Path) -> list[str]:
    """Each page's text, laid out (pdftotext -layout, page by page)."""
    return [
        pdf_text(pdf, "-layout", "-f", str(p), "-l", str(p)) for p in range(1, pdf_pages(pdf) + 1)
    ]


# -- group meetings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang,first,second",
    [
        (
            "zh-CN",
            "示例社区第一党支部第一党小组2026年第{n}次党小组会",
            "示例社区第一党支部第二党小组2026年第{n}次党小组会",
        ),
        (
            "en",
            "Demo Community Branch No. 1 Group 1 meeting No. {n}, 2026",
            "Demo Community Branch No. 1 Group 2 meeting No. {n}, 2026",
        ),
    ],
)
def test_group_meetings_name_their_group_and_count_within_it(tmp_path, lang, first, second):
    root = make_workspace(tmp_path / "ws", lang)
    group1, group2 = ("第一党小组", "第二党小组") if lang == "zh-CN" else ("Group 1", "Group 2")
    a = prepared(root, "group", "--group", group1, "--date", "2026-03-05")
    b = prepared(root, "group", "--group", group2, "--date", "2026-03-06")
    c = prepared(root, "group", "--group", group1, "--date", "2026-04-05")
    title = "会议名称" if lang == "zh-CN" else "Meeting"
    assert field_value(open_docx(a / "minutes.docx"), title) == first.format(n=1)
    assert field_value(open_docx(b / "minutes.docx"), title) == second.format(n=1)
    assert field_value(open_docx(c / "minutes.docx"), title) == first.format(n=2)
    notice = squeeze(" ".join(paragraphs(open_docx(b / "notice.docx"))[:2]))
    assert squeeze(second.format(n=1)) in notice


# -- titles break between words ----------------------------------------------------------------


def test_break_title_breaks_between_words_and_evenly():
    title = break_title(
        "关于召开",
        _title(["中共某某市某某区某某街道机关第一党支部", "2026年第1次", "支部委员会"]),
        "的通知",
    )
    lines = title.split("\n")
    assert len(lines) == 3
    assert lines == [
        "关于召开",
        "中共某某市某某区某某街道机关第一党支部",
        "2026年第1次支部委员会的通知",
    ]
    assert break_title("短标题") == "短标题"


def _title(parts):
    from meetkit.documents.context import Title

    t = Title("".join(parts))
    t.parts = tuple(parts)
    return t


@pytest.mark.parametrize("key", ["committee", "life", "general"])
def test_titles_break_between_words_in_the_pdf(tmp_path, soffice, key):
    branch = "中共某某市某某区某某街道机关第一党支部"
    root = make_workspace(tmp_path / "ws")
    toml = root / "meetkit.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(
        re.sub(r'(?m)^name = "[^"]*"', f'name = "{branch}"', text, count=1), encoding="utf-8"
    )
    folder = prepared(root, key, "--date", "2026-03-05")
    type_name = {"committee": "支部委员会", "life": "组织生活会", "general": "支部党员大会"}[key]
    words = {
        "notice": ["关于召开", branch, "2026年第1次", type_name, "的通知"],
        "agenda": [branch, "2026年第1次", type_name, "议程"],
        "signin": [branch, "2026年第1次", type_name, "签到表"],
    }
    pdfs = to_pdf(soffice, {name: folder / f"{name}.docx" for name in words}, tmp_path / "pdf")
    for name, units in words.items():
        whole = "".join(units)
        text = pdf_text(pdfs[name])
        lines, seen = [], ""
        for line in text.splitlines():  # the title's lines, as LibreOffice laid them out
            if squeeze(line):
                lines.append(squeeze(line))
                seen += lines[-1]
            if len(seen) >= len(whole):
                break
        assert seen == whole, (name, lines)
        assert len(lines) > 1, (name, lines)  # too long for a line: the test means something
        cuts = {len("".join(units[:i])) for i in range(len(units) + 1)}
        at = 0
        for line in lines:
            at += len(line)
            assert at in cuts, f"{name}: title broken inside a word: {lines}"


# -- the sign-in sheet -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_signin_sheet_pages(tmp_path, soffice, lang):
    sheets = {}
    for n in (12, 20, 21, 30, 60):
        root = make_workspace(tmp_path / f"ws{n}", lang, PUBLIC_URL)
        roster(root, n, lang)
        sheets[f"signin{n}"] = prepared(root, "general", "--date", "2026-03-05") / "signin.docx"
    pdfs = to_pdf(soffice, sheets, tmp_path / "pdf")
    header = "序号" if lang == "zh-CN" else "No."
    for name, pdf in pdfs.items():
        n = int(name[6:])
        texts = pages(pdf)
        numbered = [t.count("第一党小组") for t in texts]  # each member row names the group
        assert sum(numbered) == n, (name, numbered)
        if n <= 20:  # up to 20 members and the QR code on one A4 page
            assert len(texts) == 1, (name, numbered)
        elif n >= 30:
            assert len(texts) >= 2
        for t in texts:  # the header row repeats on every page
            assert header in t, name
        for t in texts[1:]:  # no page holding a lone row, or only the header and the counts
            rows = [line for line in t.splitlines()[1:] if line.strip() and "—" not in line]
            lines_after_header = t.split(header, 1)[1]
            assert lines_after_header.count("\n") >= 4, (name, t)
            assert rows, (name, t)
        first = texts[0]
        # the code page and the sign-in address (…/s/… today, the short …/q/… once it lands)
        assert f"{PUBLIC_URL}/c" in first and ("/s/" in first or "/q/" in first)
        assert "(A4)" in pdf_info(pdf)


def test_signin_sheet_prints_the_code_large_and_the_counts(tmp_path):
    root = make_workspace(tmp_path / "ws", "zh-CN", PUBLIC_URL)
    folder = prepared(root, "committee", "--date", "2026-03-05")
    doc = open_docx(folder / "signin.docx")
    side = doc.tables[0].rows[0].cells[1]
    code = next(p for p in side.paragraphs if re.fullmatch(r"[A-Z2-9]{6}", p.text))
    assert code.runs[0].font.size.pt >= 24
    words = "\n".join(p.text for p in side.paragraphs)
    assert f"{PUBLIC_URL}/c" in words and "应到 3 人" in words
    mk(root, "signin", "2026-03-05-committee", "王建国", "--at", "19:20")
    mk(root, "minutes", "2026-03-05-committee")
    side = open_docx(folder / "signin.docx").tables[0].rows[0].cells[1]
    assert "应到 3 人　实到 1 人" in "\n".join(p.text for p in side.paragraphs)


# -- minutes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang,label,before,after,closed",
    [
        ("zh-CN", "时间", "19时30分至＿＿时＿＿分", "19时30分至21时05分", "19时30分至20时50分"),
        ("en", "Time", "19:30 to ______", "19:30 to 21:05", "19:30 to 20:50"),
    ],
)
def test_minutes_give_start_and_end(tmp_path, lang, label, before, after, closed):
    root = make_workspace(tmp_path / "ws", lang)
    folder = prepared(root, "committee", "--date", "2026-03-05", "--time", "19:30")
    minutes = folder / "minutes.docx"
    assert field_value(open_docx(minutes), label).endswith(before)
    mid = folder.name
    bad = mk(root, "minutes", mid, "--end", "18:00", ok=False)
    assert bad.exit_code == 1 and "--end" in bad.stderr and "Traceback" not in bad.stderr
    mk(root, "minutes", mid, "--end", "21:05")
    assert field_value(open_docx(minutes), label).endswith(after)
    assert json.loads(mk(root, "show", mid, "--json").stdout)["end_time"] == "21:05"
    # without --end: when sign-in was closed
    other = prepared(root, "general", "--date", "2026-03-06", "--time", "19:30")
    from meetkit.workspace import Workspace

    Workspace(root).store.set_signin_closed(other.name, "2026-03-06T20:50:00")
    mk(root, "minutes", other.name)
    assert field_value(open_docx(other / "minutes.docx"), label).endswith(closed)


def test_minutes_print_each_section_once(tmp_path):
    root = make_workspace(tmp_path / "ws")
    prepared(root, "committee", "--date", "2026-03-05")
    mk(
        root,
        "action",
        "add",
        "2026-03-05-committee",
        "更新台账",
        "--owner",
        "张伟",
        "--due",
        "2026-03-31",
    )
    folder = prepared(root, "committee", "--date", "2026-04-05")
    paras = paragraphs(open_docx(folder / "minutes.docx"))
    assert sum("上次会议决定事项落实情况" in p for p in paras) == 1
    assert sum("主持人小结" in p for p in paras) == 1  # the last item, no second section
    # the statement is followed by the first item, not by unlabelled ruled lines
    at = next(i for i, p in enumerate(paras) if p.startswith("本次会议应到"))
    assert paras[at + 1].startswith("议题1")
    assert sum(p.startswith("会议有效人数") for p in paras) == 0  # said once, in the statement


@pytest.mark.parametrize(
    "key,resolutions",
    [
        ("committee", True),
        ("general", True),
        ("lesson", False),
        ("group", False),
        ("theme-day", False),
    ],
)
def test_sections_only_where_the_type_needs_them(tmp_path, key, resolutions):
    root = make_workspace(tmp_path / "ws")
    folder = prepared(root, key, "--date", "2026-03-05")
    paras = paragraphs(open_docx(folder / "minutes.docx"))
    assert ("决议事项" in paras) == resolutions
    assert (
        sum(
            p in ("主持人小结", "交流心得，主持人小结", "党小组长小结") or p.endswith("小结")
            for p in paras
        )
        == 1
    )


def test_general_minutes_header_gives_the_voting_counts(tmp_path):
    root = make_workspace(tmp_path / "ws")
    folder = prepared(root, "general", "--date", "2026-03-05")
    doc = open_docx(folder / "minutes.docx")
    assert field_value(doc, "应到人数") == "12"
    assert field_value(doc, "有表决权应到") == "10"  # two are probationary
    assert field_value(doc, "有表决权实到") == ""
    for name in ("王建国", "李秀英", "赵磊"):  # 赵磊 is probationary: present, no vote
        mk(root, "signin", folder.name, name, "--at", "19:20")
    mk(root, "minutes", folder.name)
    doc = open_docx(folder / "minutes.docx")
    assert field_value(doc, "实到人数") == "3" and field_value(doc, "有表决权实到") == "2"
    lesson = prepared(root, "lesson", "--date", "2026-03-06")
    with pytest.raises(AssertionError):  # a lesson doesn't vote
        field_value(open_docx(lesson / "minutes.docx"), "有表决权应到")


@pytest.mark.parametrize(
    "lang,words",
    [
        ("zh-CN", ("主讲人", "党课题目", "讲课提纲", "讨论交流", "主讲人（签名）")),
        ("en", ("Lecturer", "Title", "Outline", "Discussion", "Lecturer (signature)")),
    ],
)
def test_a_lesson_has_one_record(tmp_path, lang, words):
    root = make_workspace(tmp_path / "ws", lang)
    folder = prepared(root, "lesson", "--date", "2026-03-05", "--topic", "学习党章")
    assert not (folder / "lecture.docx").exists()
    doc = open_docx(folder / "minutes.docx")
    lecturer = json.loads(mk(root, "show", folder.name, "--json").stdout)["lecturer"]
    assert field_value(doc, words[0]) == lecturer
    assert field_value(doc, words[1]) == "学习党章"
    text = "\n".join(paragraphs(doc))
    for word in words[2:]:
        assert word in text
    # one header: the minutes' own, with the lecture's fields in it
    assert len([t for t in doc.tables if t.rows[0].cells[0].text in ("会议名称", "Meeting")]) == 1


# -- English -----------------------------------------------------------------------------------


def test_english_reads_naturally(tmp_path):
    root = make_workspace(tmp_path / "ws", "en")
    folder = prepared(root, "committee", "--date", "2026-03-05")
    text = "\n".join(paragraphs(open_docx(folder / "minutes.docx")))
    assert "Of the 3 members expected, ____ are present, ____ on leave and ____ absent." in text
    assert "Expected 3;" not in text
    mk(root, "signin", folder.name, "Wang Jianguo", "--at", "19:20")
    mk(root, "signin", folder.name, "Li Xiuying", "--at", "19:45")
    mk(root, "minutes", folder.name)
    text = "\n".join(paragraphs(open_docx(folder / "minutes.docx")))
    assert (
        "Of the 3 members expected, 2 were present (1 of them late) and 1 absent without leave."
    ) in text
    life = prepared(root, "life", "--date", "2026-12-05")
    rect = paragraphs(open_docx(life / "rectification.docx"))
    assert "Demo Community Branch No. 1" in rect[0]
    assert "Demo Community Branch" not in rect[1]  # the subtitle doesn't repeat it
    assert rect[1].startswith("Organizational life meeting No. 1, 2026")
    assert find_table(open_docx(life / "rectification.docx"), "Problem")
