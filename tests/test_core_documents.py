"""The meeting pack of every built-in type, in Chinese and in English, read back with
python-docx: who is on the sign-in sheet, the minutes' header, the agenda, vote tallies and the
quorum, the lesson and life-meeting extras, and the Chinese official-document formatting."""

from __future__ import annotations

import json
import re
import types as pytypes

import pytest
from core_helpers import (
    EXTRA_DOCS,
    PER_MEMBER_DOCS,
    STANDARD_DOCS,
    TYPES,
    all_text,
    count_tables,
    docx_images,
    effective_run_font,
    field_value,
    find_table,
    make_workspace,
    mk,
    open_docx,
    paragraphs,
    squeeze,
    tables,
    text_runs,
)

from meetkit.model.agenda import load_agenda

PUBLIC_URL = "https://dangjian.example.org/b1"
DATE = {"zh-CN": "2026-12-03", "en": "2026-12-04"}
LONG_DATE = {"zh-CN": "2026年12月3日", "en": "4 December 2026"}
WEEKDAY = {"zh-CN": "星期四", "en": "Friday"}

L = {
    "zh-CN": {
        "name": "姓名",
        "sign": "签名",
        "host": "主持人",
        "recorder": "记录人",
        "expected": "应到人数",
        "place": "地点",
        "time": "时间",
        "lecturer": "主讲人",
        "tally": ("赞成", "反对", "弃权"),
        "grades": ("优秀", "合格", "基本合格", "不合格"),
        "self": "自我批评",
        "others": "批评意见",
        "talk": ("谈话人", "谈话对象"),
        "rectification": ["序号", "存在问题", "整改措施", "责任人", "整改时限", "完成情况", "销号"],
        "actions": ["序号", "事项", "责任人", "完成时限", "完成情况"],
        "outline": "提纲",
        "discussion": "讨论",
        "quorum_word": "超过半数",
        "probationary": "预备党员",
        "full": "正式党员",
        "count": "应到{n}人",
    },
    "en": {
        "name": "Name",
        "sign": "Signature",
        "host": "Host",
        "recorder": "Recorder",
        "expected": "Expected",
        "place": "Place",
        "time": "Time",
        "lecturer": "Lecturer",
        "tally": ("For", "Against", "Abstain"),
        "grades": ("Excellent", "Qualified", "Basically qualified", "Unqualified"),
        "self": "Self-criticism",
        "others": "Criticism from others",
        "talk": ("Talk held by", "Talk with"),
        "rectification": [
            "No.",
            "Problem",
            "Measures",
            "Owner",
            "Deadline",
            "Status",
            "Ticked off",
        ],
        "actions": ["No.", "Task", "Owner", "Deadline", "Status"],
        "outline": "Outline",
        "discussion": "Discuss",
        "quorum_word": "more than",
        "probationary": "probationary member",
        "full": "full member",
        "count": "Expected:{n}",
    },
}
# Voted agenda items of each built-in agenda (one tally table each in the minutes).
# The life meeting has none: its appraisal item is recorded by `meetkit appraisal` (民主测评汇总表).
VOTED = {"committee": 2, "general": 1}
QUORUM_REQUIRED = {"committee": 2, "general": 6, "life": 6, "democratic-life": 2}
EXPECTED_COUNT = {"committee": 3, "democratic-life": 3, "group": 6}


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    """Every built-in type prepared once in a Chinese and once in an English demo workspace."""
    out = {}
    for lang in ("zh-CN", "en"):
        root = make_workspace(tmp_path_factory.mktemp("packs") / lang, lang, PUBLIC_URL)
        quorum = {
            t["key"]: t["quorum"]
            for t in json.loads(mk(root, "types", "--json", "--lang", lang).stdout)
        }
        for key in TYPES:
            result = mk(root, "prepare", key, "--no-input", "--date", DATE[lang])
            meeting_id = f"{DATE[lang]}-{key}"
            assert f"Prepared {meeting_id}" in result.output
            shown = json.loads(mk(root, "show", meeting_id, "--json").stdout)
            out[lang, key] = pytypes.SimpleNamespace(
                root=root,
                id=meeting_id,
                folder=root / "meetings" / meeting_id,
                shown=shown,
                output=result.output,
                quorum=quorum[key],
                lang=lang,
                key=key,
            )
    return out


def agenda_titles(pack):
    agenda = load_agenda(pytypes.SimpleNamespace(key=pack.key, agenda_file=None), pack.root)
    return [item.title for item in agenda.localized(pack.lang)]


def doc(pack, name):
    return open_docx(pack.folder / f"{name}.docx")


CASES = [(lang, key) for lang in ("zh-CN", "en") for key in TYPES]
IDS = [f"{lang}-{key}" for lang, key in CASES]


@pytest.fixture(params=CASES, ids=IDS)
def pack(request, packs):
    return packs[request.param]


def test_pack_files(pack):
    names = sorted(p.name for p in pack.folder.iterdir())
    docs = [d for d in (*STANDARD_DOCS, *EXTRA_DOCS.get(pack.key, ())) if d not in PER_MEMBER_DOCS]
    folders = [d for d in EXTRA_DOCS.get(pack.key, ()) if d in PER_MEMBER_DOCS]
    assert names == sorted([f"{d}.docx" for d in docs] + ["qr.png"] + folders)
    for d in folders:  # one per member expected
        assert len(list((pack.folder / d).glob("*.docx"))) == len(pack.shown["expected"])
    for d in docs:
        assert open_docx(pack.folder / f"{d}.docx").paragraphs, d  # python-docx opens each
    for line in (f"{d}.docx" for d in docs):
        assert line in pack.output


def test_expected_members(pack):
    members = pack.shown["expected"]
    assert len(members) == EXPECTED_COUNT.get(pack.key, 12)
    if pack.key in ("committee", "democratic-life"):
        assert members[0] == ("王建国" if pack.lang == "zh-CN" else "Wang Jianguo")


def test_signin_sheet(pack):
    lang = L[pack.lang]
    d = doc(pack, "signin")
    table = find_table(d, lang["name"], lang["sign"])
    header = table[0]
    name_col = header.index(lang["name"])
    rows = [r for r in table[1:] if r and r[0].isdigit()]
    assert [r[name_col] for r in rows] == pack.shown["expected"]
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    # The signature column is left blank for the pen.
    sign_col = header.index(lang["sign"])
    assert all(r[sign_col] == "" for r in rows)
    text = all_text(d)
    if pack.key in ("general", "lesson", "life", "theme-day"):
        statuses = " ".join(" ".join(r) for r in rows)
        assert lang["probationary"] in statuses and lang["full"] in statuses
    # The QR code, the address it holds and a short code, in print.
    assert docx_images(pack.folder / "signin.docx"), "no QR picture in signin.docx"
    assert re.search(rf"{re.escape(PUBLIC_URL)}/q/[A-Z2-9]{{12}}", squeeze(text))
    assert lang["count"].format(n=len(rows)) in squeeze(text)


def test_minutes_header(pack):
    lang = L[pack.lang]
    d = doc(pack, "minutes")
    shown = pack.shown
    assert field_value(d, lang["host"]) == shown["host"]
    assert field_value(d, lang["recorder"]) == shown["recorder"]
    assert field_value(d, lang["expected"]) == str(len(shown["expected"]))
    assert field_value(d, lang["place"]) == shown["place"]
    when = field_value(d, lang["time"])
    start = "19时30分至" if pack.lang == "zh-CN" else "19:30 to "  # the end is written in
    assert LONG_DATE[pack.lang] in when and WEEKDAY[pack.lang] in when and start in when
    text = all_text(d)
    assert shown["topic"] in text
    # Defaults: the secretary hosts (a group's committee member convenes it), the organizer
    # records, the workspace's place.
    secretary, organizer = (
        ("王建国", "李秀英") if pack.lang == "zh-CN" else ("Wang Jianguo", "Li Xiuying")
    )
    assert shown["host"] == secretary and shown["recorder"] == organizer
    assert shown["place"] in (
        "社区党群服务中心二楼会议室",
        "Meeting room, 2nd floor, Community Service Centre",
    )
    # Sign-off lines for recorder and host.
    assert sum(lang["recorder"] in p for p in paragraphs(d)) >= 1
    assert sum(lang["host"] in p for p in paragraphs(d)) >= 1


def test_agenda_titles(pack):
    titles = agenda_titles(pack)
    assert len(titles) >= 3
    # a lesson's minutes are the lecture record (outline, content, discussion), not its items
    for name in ("agenda", "notice") + (() if pack.key == "lesson" else ("minutes",)):
        text = all_text(doc(pack, name))
        missing = [t for t in titles if t not in text]
        assert not missing, f"{name}.docx lacks agenda items {missing}"
    # In order, in the agenda itself.
    agenda_text = "\n".join(paragraphs(doc(pack, "agenda")))
    positions = [agenda_text.index(t) for t in titles]
    assert positions == sorted(positions)


def test_vote_tally_tables(pack):
    d = doc(pack, "minutes")
    tallies = count_tables(d, *L[pack.lang]["tally"])
    assert tallies == VOTED.get(pack.key, 0)
    for table in tables(d):
        if table and all(any(w in c for c in table[0]) for w in L[pack.lang]["tally"]):
            # The number entitled to vote is filled in; probationary members don't count.
            voting = {"committee": 3, "general": 10, "life": 10}[pack.key]
            assert table[1][0] == str(voting)
            assert all(c == "" for c in table[1][1:])


def test_quorum(pack):
    text = "\n".join(paragraphs(doc(pack, "minutes")))
    if pack.key in QUORUM_REQUIRED:
        line = next((p for p in text.splitlines() if pack.quorum in p), None)
        assert line, f"the quorum rule {pack.quorum!r} is not in the minutes"
        assert str(QUORUM_REQUIRED[pack.key]) in line
    else:
        assert pack.quorum is None
        assert L[pack.lang]["quorum_word"] not in text.replace("more than once", "")


def test_notice(pack):
    d = doc(pack, "notice")
    text = all_text(d)
    for what in (
        pack.shown["place"],
        pack.shown["topic"],
        LONG_DATE[pack.lang],
        "19:30",
        pack.shown["host"],
    ):
        assert what in text


def test_actions_list(pack):
    table = find_table(doc(pack, "actions"), *L[pack.lang]["actions"])
    assert table[0] == L[pack.lang]["actions"]
    assert len(table) >= 4 and all(c == "" for row in table[1:] for c in row)


def test_lesson_lecture_record(packs):
    """One record of a lesson: its minutes carry the lecture record's fields (issue 13)."""
    for lang in ("zh-CN", "en"):
        pack = packs[lang, "lesson"]
        assert not (pack.folder / "lecture.docx").exists()
        d = doc(pack, "minutes")
        assert pack.shown["lecturer"] == pack.shown["expected"][0]  # the secretary lectures
        assert field_value(d, L[lang]["lecturer"]) == pack.shown["lecturer"]
        text = all_text(d)
        assert pack.shown["topic"] in text
        assert L[lang]["outline"] in text and L[lang]["discussion"] in text
        assert field_value(d, L[lang]["expected"]) == "12"


@pytest.mark.parametrize("key", ["life", "democratic-life"])
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_life_extras(packs, lang, key):
    pack = packs[lang, key]
    members = pack.shown["expected"]
    words = L[lang]

    # Criticism and self-criticism: one section per member, in roster order.
    paras = paragraphs(doc(pack, "criticism"))
    heads = [i for i, p in enumerate(paras) if any(p.startswith(m) for m in members)]
    assert [next(m for m in members if paras[i].startswith(m)) for i in heads] == members
    for i in heads:
        section = paras[i + 1 : i + 4]
        assert any(words["self"] in p for p in section) and any(
            words["others"] in p for p in section
        )
    assert sum(p.startswith(words["self"]) for p in paras) == len(members)

    # Democratic appraisal ballot: the graded (full) members x 4 grades, to tick (a leadership
    # team's democratic life meeting has none).
    if key == "democratic-life":
        assert not (pack.folder / "appraisal.docx").exists()
    else:
        from meetkit.workspace import Workspace

        graded = [
            m.name
            for m in Workspace(pack.root).store.expected_members(pack.id)
            if m.status == "full"
        ]
        _ballot(pack, graded, words)

    # Problem and rectification list.
    table = find_table(doc(pack, "rectification"), *words["rectification"])
    assert table[0] == words["rectification"]

    # Heart-to-heart talks: the blank forms are a document of their own (issue 21).
    talks = doc(pack, "talk-forms")
    assert count_tables(talks, words["talk"][0]) >= 1
    assert any(words["talk"][1] in cell for t in tables(talks) for row in t for cell in row)


def _ballot(pack, members, words):
    ballot = find_table(doc(pack, "appraisal"), words["name"], *words["grades"])
    header = ballot[0]
    grade_cols = [header.index(g) for g in words["grades"]]
    assert len(grade_cols) == 4
    rows = [r for r in ballot[1:] if r[0].isdigit()]
    assert [r[header.index(words["name"])] for r in rows] == members
    assert all(r[c] == "" for r in rows for c in grade_cols)


def test_life_minutes_keep_the_appraisal_vote(packs):
    pack = packs["zh-CN", "life"]
    assert "民主评议党员" in all_text(doc(pack, "minutes"))


# -- Chinese official-document formatting ----------------------------------------------------

ZH_DOCS = [
    (key, name)
    for key in ("lesson", "life", "committee")
    for name in (*STANDARD_DOCS, *EXTRA_DOCS.get(key, ()))
    if name not in PER_MEMBER_DOCS
]


@pytest.mark.parametrize("key,name", ZH_DOCS, ids=[f"{k}-{n}" for k, n in ZH_DOCS])
def test_chinese_formatting(packs, key, name):
    d = doc(packs["zh-CN", key], name)
    for section in d.sections:
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
        assert abs(section.top_margin.mm - 37) < 0.3
        assert abs(section.bottom_margin.mm - 35) < 0.3
        assert abs(section.left_margin.mm - 28) < 0.3
        assert abs(section.right_margin.mm - 26) < 0.3

    body = [p for p in d.paragraphs if p.text.strip()]
    title = body[0]
    for run in text_runs(title):
        assert effective_run_font(d, title, run) == ("方正小标宋简体", 22.0), title.text

    fangsong_16 = 0
    for p in body[1:]:
        style = p.style.name
        for run in text_runs(p):
            east_asia, size = effective_run_font(d, p, run)
            if style == "Title":
                assert (east_asia, size) == ("方正小标宋简体", 22.0)
            elif style.startswith("Heading"):
                assert east_asia == "黑体" and size == 16.0, p.text
            else:
                assert east_asia == "仿宋_GB2312", (p.text, east_asia)
                assert size and size >= 12, (p.text, size)
                fangsong_16 += size == 16.0
    if name in ("notice", "minutes", "agenda", "criticism"):
        assert fangsong_16, "no body text in 仿宋_GB2312 16 pt"
        prose = [p for p in body[1:] if p.style.name == "Normal"]
        for p in prose:
            for run in text_runs(p):
                assert effective_run_font(d, p, run) == ("仿宋_GB2312", 16.0), p.text

    # Table text: the East Asian slot set too (smaller sizes allowed).
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    for run in text_runs(p):
                        assert effective_run_font(d, p, run)[0] == "仿宋_GB2312", p.text


CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def document_words(path) -> str:
    """Everything a reader sees of a .docx: body, tables, headers, footers and its title."""
    d = open_docx(path)
    parts = [all_text(d), d.core_properties.title or ""]
    for section in d.sections:
        for part in (section.header, section.footer):
            parts.extend(p.text for p in part.paragraphs)
    return "\n".join(parts)


@pytest.mark.parametrize("key", TYPES)
def test_english_documents_are_english(packs, key):
    """Every document of every type's English pack (an English workspace: English names too)
    has not one Chinese character or full-width mark, while the Chinese pack's same documents
    are Chinese: a label left untranslated anywhere shows."""
    english = sorted(packs["en", key].folder.glob("*.docx"))
    chinese = sorted(packs["zh-CN", key].folder.glob("*.docx"))
    assert [p.name for p in english] == [p.name for p in chinese]
    assert {
        f"{n}.docx" for n in STANDARD_DOCS + EXTRA_DOCS.get(key, ()) if n not in PER_MEMBER_DOCS
    } == {p.name for p in english}
    # Documents written once per member (selfcheck/<member>.docx) are checked too.
    for folder in (d for d in EXTRA_DOCS.get(key, ()) if d in PER_MEMBER_DOCS):
        english += sorted((packs["en", key].folder / folder).glob("*.docx"))
        chinese += sorted((packs["zh-CN", key].folder / folder).glob("*.docx"))
        assert len(english) == len(chinese)
    for en, zh in zip(english, chinese):
        words = document_words(en)
        assert not CJK.findall(words), (en.name, sorted(set(CJK.findall(words))))
        assert len(CJK.findall(document_words(zh))) > 10, zh.name


def test_lang_option_overrides_the_workspace(packs, tmp_path):
    root = make_workspace(tmp_path / "ws", "zh-CN", PUBLIC_URL)
    mk(root, "prepare", "lesson", "--no-input", "--date", "2026-12-05", "--lang", "en")
    d = open_docx(root / "meetings/2026-12-05-lesson/notice.docx")
    text = all_text(d)
    assert "Notice" in text and "5 December 2026" in text and "通知" not in text
    assert "王建国" in text  # the Chinese names stay as they are
    shown = json.loads(mk(root, "show", "2026-12-05-lesson", "--json").stdout)
    assert shown["lang"] == "en"


def test_given_details_reach_every_document(tmp_path):
    root = make_workspace(tmp_path / "ws", "zh-CN", PUBLIC_URL)
    result = mk(
        root,
        "prepare",
        "lesson",
        "--no-input",
        "--date",
        "2026-12-07",
        "--time",
        "14:30",
        "--place",
        "第三会议室",
        "--topic",
        "学习党章",
        "--host",
        "张伟",
        "--recorder",
        "刘洋",
        "--lecturer",
        "李秀英",
    )
    assert "(default)" in result.output  # the language is still a default
    for what in ("host:", "recorder:", "place:", "topic:", "date:", "time:", "lecturer:"):
        assert not any(line.strip().startswith(what) for line in result.output.splitlines())
    folder = root / "meetings/2026-12-07-lesson"
    minutes = open_docx(folder / "minutes.docx")
    assert field_value(minutes, "主持人") == "张伟"
    assert field_value(minutes, "记录人") == "刘洋"
    assert field_value(minutes, "地点") == "第三会议室"
    assert "14时30分" in field_value(minutes, "时间")
    assert field_value(minutes, "主讲人") == "李秀英"
    assert field_value(minutes, "党课题目") == "学习党章"
    notice = all_text(open_docx(folder / "notice.docx"))
    assert "第三会议室" in notice and "14:30" in notice and "学习党章" in notice


def test_defaults_are_printed(tmp_path):
    root = make_workspace(tmp_path / "ws")
    out = mk(root, "prepare", "lesson", "--no-input").output
    for line in (
        "host: 王建国  (default)",
        "recorder: 李秀英  (default)",
        "lecturer: 王建国  (default)",
        "place: 社区党群服务中心二楼会议室  (default)",
        "time: 19:30  (default)",
        "topic: 学习贯彻党的创新理论  (default)",
    ):
        assert line in out
    assert "date: 20" in out
