"""The organizational life meeting, whole: opinions (CLI, JSON API, the page in headless
Chromium), heart-to-heart talks and their coverage on the demo roster, the criticism record
after `minutes`, the problem list ticked off, the report from recorded data, the democratic
life meeting's own pack, and every new document through LibreOffice."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from core_helpers import element_text
from docx import Document
from docx.oxml.ns import qn
from helpers import pdf_pages, pdf_text, to_pdf

from meetkit.workspace import Workspace

LIFE = "2026-12-20-life"
LIFE_NAME = "组织生活会"  # the type's name, as the report is titled
SECRETARY, COMMITTEE = "王建国", ("李秀英", "张伟")
PROBATIONARY = ("赵磊", "孙婷")


def text_of(path: Path) -> str:
    """Every paragraph of a .docx (tables too), one a line, read by python-docx."""
    doc = Document(str(path))
    return "\n".join(
        "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in doc.element.body.iter(qn("w:p"))
    )


def cell_after(path: Path, label: str) -> str:
    """The text of the table cell right of the cell reading ``label``."""
    for table in Document(str(path)).tables:
        for row in table.rows:
            cells = [element_text(c._tc).strip() for c in row.cells]  # fields in w:sdt too
            for i, c in enumerate(cells[:-1]):
                if c == label:
                    return cells[i + 1]
    raise AssertionError(f"no cell {label!r} in {path}")


@pytest.fixture
def life(run, workspace):
    run("prepare", "life", "--date", "2026-12-20")
    return workspace / "meetings" / LIFE


def as_json(run, *args):
    return json.loads(run(*args).output)


# -- opinions ----------------------------------------------------------------------------------
def test_opinions_on_paper_are_listed_and_grouped_for_the_meeting(run, life):
    run("opinions", "add", LIFE, "学习形式<单一>&枯燥", "--category", "作风")
    run("opinions", "add", LIFE, "希望多开展志愿服务", "--category", "work", "--name", "群众甲")
    run("opinions", "add", LIFE, "联系群众不够", "--category", "member", "--about", "刘洋")
    listed = as_json(run, "opinions", LIFE, "--json")
    # By text, under random keys, with the day only: nothing tells the order they came in.
    assert [(o["text"], o["category"], o["source"]) for o in listed] == [
        ("学习形式<单一>&枯燥", "style", "paper"),
        ("希望多开展志愿服务", "work", "paper"),
        ("联系群众不够", "member", "paper"),
    ]
    assert all(re.fullmatch(r"[0-9a-f]{8}", o["id"]) for o in listed)
    assert len({o["id"] for o in listed}) == 3
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", o["date"]) and "at" not in o for o in listed)
    text = text_of(life / "opinions.docx")
    assert "本次共征求到意见建议3条" in text
    # grouped by category, in the order of the categories, the text exactly as typed
    assert (
        text.index("对党员个人的意见（1条）")
        < text.index("作风建设方面（1条）")
        < text.index("工作开展方面（1条）")
    )
    assert "学习形式<单一>&枯燥" in text and "联系群众不够（刘洋）" in text
    assert "群众甲" in text and "匿名" in text


def test_bad_opinions_are_one_line_and_store_nothing(run, life):
    long = "很" * 1001
    bad = run("opinions", "add", LIFE, long, ok=False)
    assert bad.exit_code == 1 and "at most 1000" in bad.output
    assert len(bad.output.strip().splitlines()) == 1
    bad = run("opinions", "add", LIFE, "x", "--category", "gossip", ok=False)
    assert bad.exit_code == 1 and "unknown category" in bad.output
    bad = run("opinions", "add", LIFE, "x", "--category", "member", "--about", "刘阳", ok=False)
    assert "did you mean 刘洋" in bad.output
    assert as_json(run, "opinions", LIFE, "--json") == []
    run("prepare", "lesson", "--date", "2026-12-21")
    bad = run("opinions", "add", "2026-12-21-lesson", "x", ok=False)
    assert "belong to a life meeting" in bad.output


def test_opinion_page_code_and_poster(run, life, workspace, zxing):
    from PIL import Image

    out = run("opinions", "open", LIFE).output
    url = next(w for w in out.split() if "/o/" in w)
    decoded = zxing.read_barcodes(Image.open(life / "opinions-qr.png"))
    assert [d.text for d in decoded] == [url]
    poster = life / "opinions-poster.docx"
    assert "征求意见建议" in text_of(poster) and url in text_of(poster)
    assert len(Document(str(poster)).inline_shapes) == 1


def client_for(workspace):
    from meetkit.web import create_app

    app = create_app(Workspace(workspace), admin_token="admin")
    app.config["TESTING"] = True
    return app


def opinion_token(workspace):
    ws = Workspace(workspace)
    page = ws.store.opinion_page(LIFE)
    from meetkit.attendance.tokens import opinion_token as make

    return make(ws.secret, LIFE, page[0])


def test_opinion_json_api(run, life, workspace):
    run("opinions", "open", LIFE)
    app = client_for(workspace)
    token = opinion_token(workspace)

    def phone(n):
        """A phone: its own cookies and its own loopback address."""
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"127.0.0.{n}"
        return client

    first = phone(2)
    r = first.post(
        f"/api/opinions/{LIFE}",
        json={"token": token, "text": "<script>x</script>", "category": "committee"},
    )
    assert r.status_code == 201 and r.get_json() == {"status": "received"}
    # nothing of anyone's opinion ever comes back
    r = phone(3).post(f"/api/opinions/{LIFE}", json={"token": token, "text": "第二条"})
    assert r.status_code == 201 and "script" not in r.get_data(as_text=True)
    # bad input: 4xx with a reason, nothing stored
    assert (
        phone(4)
        .post(f"/api/opinions/{LIFE}", json={"token": token, "text": "长" * 1001})
        .status_code
        == 400
    )
    assert (
        phone(4).post(f"/api/opinions/{LIFE}", json={"token": token, "text": " "}).status_code
        == 400
    )
    assert (
        phone(4)
        .post(f"/api/opinions/{LIFE}", json={"token": token[:-2] + "xx", "text": "x"})
        .status_code
        == 403
    )
    from meetkit.attendance.tokens import printed_token

    ws = Workspace(workspace)
    meeting = ws.meeting(LIFE)
    signin_code = printed_token(ws.secret, LIFE, meeting.start)
    assert (
        phone(4).post(f"/api/opinions/{LIFE}", json={"token": signin_code, "text": "x"}).status_code
        == 403
    )
    stored = as_json(run, "opinions", LIFE, "--json")
    assert [(o["text"], o["category"], o["source"]) for o in stored] == [
        ("<script>x</script>", "committee", "web"),
        ("第二条", "other", "web"),
    ]
    # and an opinion code never signs anyone in
    r = phone(5).post("/api/signin", json={"meeting": LIFE, "token": token, "name": "刘洋"})
    assert r.status_code in (400, 403, 404)
    assert Workspace(workspace).store.signins(LIFE) == []
    # rate-limited per phone: by the server's own device cookie (the form page gave it), never
    # by a header the client chooses (a new X-Device each time changes nothing)
    busy = phone(6)
    assert busy.get(f"/o/{LIFE}?t={token}").status_code == 200
    codes = [
        busy.post(
            f"/api/opinions/{LIFE}",
            json={"token": token, "text": f"意见{i}"},
            headers={"X-Device": f"phone-{i}"},
        ).status_code
        for i in range(7)
    ]
    assert codes[:5] == [201] * 5 and codes[5:] == [429, 429]
    # closed: 410, nothing stored
    run("opinions", "close", LIFE)
    r = phone(7).post(f"/api/opinions/{LIFE}", json={"token": token, "text": "晚了"})
    assert r.status_code == 410
    assert len(as_json(run, "opinions", LIFE, "--json")) == 7


def test_opinion_page_in_headless_chromium(run, life, workspace, browser, servers):
    run("opinions", "open", LIFE)
    token = opinion_token(workspace)
    server = servers(workspace).start()
    hostile = "<img src=x onerror=alert(1)>&领导"
    one = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    one.goto(f"{server.base}/o/{LIFE}?t={token}")
    assert one.inner_text("#op-title") == "征求意见建议"
    one.fill("#text", hostile)
    one.select_option("#category", "committee")
    one.click("#opinion-button")
    assert "已收到" in one.inner_text("h1")
    assert "onerror" not in one.content()
    # a second phone (own cookies) sees an empty form, never the first's opinion
    two = browser.new_context().new_page()
    two.goto(f"{server.base}/o/{LIFE}?t={token}")
    assert hostile not in two.content() and "领导" not in two.inner_text("body")
    two.fill("#text", "第二部手机的意见")
    two.fill("#name", "张三")
    two.click("#opinion-button")
    assert "已收到" in two.inner_text("h1")
    # too long: the page says so and keeps the text typed
    three = browser.new_context().new_page()
    three.goto(f"{server.base}/o/{LIFE}?t={token}")
    three.eval_on_selector("#text", "e => e.removeAttribute('maxlength')")
    three.fill("#text", "长" * 1001)
    three.click("#opinion-button")
    assert "不能超过 1000 字" in three.inner_text("#error")
    assert three.input_value("#text") == "长" * 1001
    run("opinions", "close", LIFE)
    four = browser.new_context().new_page()
    response = four.goto(f"{server.base}/o/{LIFE}?t={token}")
    assert response.status == 410 and "已结束" in four.inner_text("body")
    stored = as_json(run, "opinions", LIFE, "--json")
    assert [(o["text"], o["name"]) for o in stored] == [
        (hostile, None),
        ("第二部手机的意见", "张三"),
    ]


# -- talks -------------------------------------------------------------------------------------
def test_talks_coverage_on_the_demo_roster(run, life, workspace):
    ws = Workspace(workspace)
    members = [m.name for m in ws.members if m.role == "member"]
    start = as_json(run, "talks", LIFE, "--json")
    assert start["talks"] == []
    assert start["missing"] == [
        [SECRETARY, COMMITTEE[0]],
        [SECRETARY, COMMITTEE[1]],
        list(COMMITTEE),
    ] + [[m, None] for m in members]
    run("talk", "add", LIFE, SECRETARY, COMMITTEE[0], "--date", "2026-12-01", "--topic", "团结")
    run("talk", "add", LIFE, COMMITTEE[1], SECRETARY)
    run("talk", "add", LIFE, COMMITTEE[0], COMMITTEE[1])
    for i, m in enumerate(members):
        run("talk", "add", LIFE, COMMITTEE[i % 2], m, "--date", "2026-12-05")
    run("talk", "add", LIFE, members[0], members[1], "--note", "互相提醒")
    done = as_json(run, "talks", LIFE, "--json")
    assert done["missing"] == []
    kinds = [t["kind"] for t in done["talks"]]
    assert kinds[:3] == ["secretary-committee", "secretary-committee", "committee-committee"]
    assert kinds[3:-1] == ["committee-member"] * len(members) and kinds[-1] == "member-member"
    assert done["talks"][0] == {
        "a": SECRETARY,
        "b": COMMITTEE[0],
        "date": "2026-12-01",
        "kind": "secretary-committee",
        "topic": "团结",
        "note": "",
    }
    # talks.docx: a form per talk with its kind and both signature boxes
    text = text_of(life / "talks.docx")
    assert text.count("谈话对象签名") == len(done["talks"])  # blank forms: talk-forms.docx
    assert "谈话记录（1）" in text and f"谈话记录（{len(done['talks'])}）" in text
    assert "书记与支委谈话" in text and "党员之间谈话" in text and "互相提醒" in text


def test_bad_talks(run, life):
    bad = run("talk", "add", LIFE, "刘洋", "刘洋", ok=False)
    assert bad.exit_code == 1 and "with themselves" in bad.output
    bad = run("talk", "add", LIFE, "王建", "刘洋", ok=False)
    assert "did you mean 王建国" in bad.output and len(bad.output.strip().splitlines()) == 1
    bad = run("talk", "add", LIFE, "王建国", "刘洋", "--date", "someday", ok=False)
    assert "--date" in bad.output
    assert as_json(run, "talks", LIFE, "--json")["talks"] == []


# -- at and after the meeting ------------------------------------------------------------------
def sign_in_most(run):
    """8 of 12 present (赵磊, probationary, among them), 吴敏 on sick leave, a guest."""
    for name in (SECRETARY, *COMMITTEE, "刘洋", "陈静", "赵磊", "黄丽", "周杰"):
        run("signin", LIFE, name, "--at", "19:30")
    run("leave", LIFE, "吴敏", "--kind", "sick", "--reason", "住院")
    run("signin", LIFE, "--guest", "街道党工委刘书记")


def test_criticism_record_after_minutes(run, life):
    before = text_of(life / "criticism.docx")
    assert before.count("自我批评（对照检查）") == 12  # before: a section for everyone
    sign_in_most(run)
    run("minutes", LIFE)
    path = life / "criticism.docx"
    assert cell_after(path, "实到人数") == "8"
    assert "吴敏（病假：住院）" in cell_after(path, "请假、缺席人员及原因")
    text = text_of(path)
    assert "应到12人，实到8人" in text and "会议有效" in text
    assert text.count("自我批评（对照检查）") == 8
    for absent in ("吴敏", "杨帆", "徐强", "孙婷"):
        assert f"{absent}（" not in text.replace(cell_after(path, "请假、缺席人员及原因"), "")
    assert "赵磊（预备党员）" in text and "王建国（书记）" in text and "刘洋（党员）" in text
    # each section holds together: every paragraph of a section keeps with the next
    doc = Document(str(path))
    paras = doc.paragraphs
    start = next(i for i, p in enumerate(paras) if p.text == "赵磊（预备党员）")
    end = next(i for i in range(start + 1, len(paras)) if paras[i].text.startswith("黄丽"))
    assert all(p.paragraph_format.keep_with_next for p in paras[start : end - 1])
    assert all(p.paragraph_format.keep_together for p in paras[start:end])


def test_rectification_ticked_off(run, life, workspace):
    run("opinions", "add", LIFE, "学习形式单一", "--category", "style")
    (opinion,) = as_json(run, "opinions", LIFE, "--json")
    out = run(
        "problem",
        "add",
        LIFE,
        "--from-opinion",
        opinion["id"],
        "--owner",
        "李秀英",
        "--due",
        "2027-03-31",
        "--measures",
        "每月一次专题研讨",
    ).output
    assert "#1" in out and "学习形式单一" in out
    run("problem", "add", LIFE, "联系群众不够", "--owner", "张伟")
    bad = run("problem", "add", LIFE, "x", "--from-opinion", "9", ok=False)
    assert "no opinion 9" in bad.output
    bad = run("problem", "add", LIFE, "x", "--owner", "李秀", ok=False)
    assert "did you mean 李秀英" in bad.output and len(bad.output.strip().splitlines()) == 1
    items = as_json(run, "actions", "--kind", "rectification", "--json")
    assert [(a["text"], a["owner"], a["measures"], a["due"]) for a in items] == [
        ("学习形式单一", "李秀英", "每月一次专题研讨", "2027-03-31"),
        ("联系群众不够", "张伟", "", None),
    ]
    out = run("action", "done", "1", "--note", "已建立研讨制度", "--by", SECRETARY).output
    assert f"Confirmed by {SECRETARY}" in out
    rows = Document(str(life / "rectification.docx")).tables[0].rows
    first = [c.text for c in rows[1].cells]
    today = dt.date.today()
    assert first[1] == "学习形式单一" and "已建立研讨制度" in first[5]
    assert f"{today.year}年{today.month}月{today.day}日" in first[6] and SECRETARY in first[6]
    from meetkit.life.meeting import rectification_share

    assert rectification_share(Workspace(workspace), 2026) == {"total": 2, "done": 1, "share": 0.5}


def test_report_from_recorded_data(run, life):
    empty = life / "report.docx"
    assert cell_after(empty, "实到人数") == "" and cell_after(empty, "征求意见（条）") == ""
    for text, cat in (("a", "style"), ("b", "style"), ("c", "committee")):
        run("opinions", "add", LIFE, text, "--category", cat)
    run("talk", "add", LIFE, SECRETARY, COMMITTEE[0])
    run("talk", "add", LIFE, COMMITTEE[0], "刘洋")
    run(
        "problem",
        "add",
        LIFE,
        "学习不深入",
        "--owner",
        "刘洋",
        "--due",
        "2027-06-30",
        "--measures",
        "制定学习计划",
    )
    sign_in_most(run)
    run("minutes", LIFE)
    out = run("report", LIFE).output
    assert "report.docx" in out
    path = life / "report.docx"
    text = text_of(path)
    assert f"关于召开{LIFE_NAME}情况的报告" in text
    assert cell_after(path, "主持人") == SECRETARY
    assert cell_after(path, "列席人员") == "街道党工委刘书记"
    assert cell_after(path, "应到人数") == "12" and cell_after(path, "实到人数") == "8"
    assert cell_after(path, "征求意见（条）") == "3" and cell_after(path, "谈心谈话（次）") == "2"
    assert cell_after(path, "意见分类") == "对党支部（班子）的意见1条、作风建设方面2条"
    assert cell_after(path, "谈话类型") == "书记与支委谈话1次、支委与党员谈话1次"
    assert cell_after(path, "党员谈话覆盖") == "1/9"
    assert cell_after(path, "发言并开展批评与自我批评人数") == "8"
    assert cell_after(path, "民主评议结果") == ""  # no appraisal recorded
    problems = [[c.text for c in r.cells] for r in Document(str(path)).tables[-1].rows]
    assert problems[1][1:5] == ["学习不深入", "制定学习计划", "刘洋", "2027年6月30日"]


# -- the democratic life meeting ---------------------------------------------------------------
def test_democratic_life_pack(run, workspace):
    run("prepare", "life", "--date", "2025-12-20")
    run("prepare", "democratic-life", "--date", "2025-12-22")
    run("prepare", "democratic-life", "--date", "2026-12-22")
    folder = workspace / "meetings" / "2026-12-22-democratic-life"
    assert not (folder / "appraisal.docx").exists()
    text = text_of(folder / "criticism.docx")
    assert "上次民主生活会（2025年12月22日）查摆问题整改情况报告" in text
    assert "组织生活会" not in text
    team = sorted(p.stem for p in (folder / "selfcheck").glob("*.docx"))
    assert team == sorted((SECRETARY, *COMMITTEE))
    one = text_of(folder / "selfcheck" / f"{COMMITTEE[0]}.docx")
    assert "对照检查材料" in one and COMMITTEE[0] in one and "示例社区第一党支部" in one
    assert "二、对照检查查摆的问题" in one
    assert "关于召开民主生活会情况的报告" in text_of(folder / "report.docx")


def test_selfcheck_headings_from_meetkit_toml(run, workspace):
    toml = workspace / "meetkit.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + '\n[life]\nselfcheck_headings = ["一、理想信念", "二、纪律作风"]\n',
        encoding="utf-8",
    )
    run("prepare", "life", "--date", "2026-12-20")
    text = text_of(workspace / "meetings" / LIFE / "selfcheck" / "赵磊.docx")
    assert "一、理想信念" in text and "二、纪律作风" in text and "三、" not in text
    assert "预备党员" in text and "年度组织生活会暨民主评议党员" in text


# -- every new document through LibreOffice ----------------------------------------------------
def test_life_documents_convert_with_libreoffice(run, life, workspace, soffice, tmp_path):
    run("opinions", "open", LIFE)
    run("opinions", "add", LIFE, "意见一", "--category", "work")
    run("talk", "add", LIFE, SECRETARY, COMMITTEE[0])
    sign_in_most(run)
    run("minutes", LIFE)
    run("report", LIFE)
    files = [
        life / f"{n}.docx"
        for n in ("opinions", "opinions-poster", "talks", "criticism", "report", "rectification")
    ]
    files.append(life / "selfcheck" / "赵磊.docx")
    pdfs = to_pdf(soffice, files, tmp_path / "pdf")
    pages = {}
    for f in files:
        pages[f.stem] = pdf_pages(pdfs[f.stem])
        assert pdf_text(pdfs[f.stem]).strip(), f
    assert pages["opinions-poster"] == 1
    # 8 speakers, a section each on its own page at most: never split across two
    assert pages["criticism"] >= 5
    crit = pdf_text(pdfs["criticism"], "-layout").split("\f")
    for page in crit:
        starts = page.count("自我批评（对照检查）")
        responses = page.count("本人回应/表态")
        assert starts == responses, "a member's section split across pages"


def test_minutes_fill_the_lesson_record_too(run, workspace):
    # A lesson has one record, its minutes (with the lecture's fields): no lecture.docx.
    run("prepare", "lesson", "--date", "2026-12-18")
    folder = workspace / "meetings" / "2026-12-18-lesson"
    record = folder / "minutes.docx"
    assert not (folder / "lecture.docx").exists()
    assert cell_after(record, "实到人数") == ""
    for name in (SECRETARY, *COMMITTEE):
        run("signin", "2026-12-18-lesson", name, "--at", "19:30")
    out = run("minutes", "2026-12-18-lesson").output
    assert "minutes.docx" in out
    assert cell_after(record, "实到人数") == "3"


def test_talks_tell_members_with_the_same_name_apart(run, workspace):
    roster = workspace / "members.csv"
    roster.write_text(
        roster.read_text(encoding="utf-8").rstrip("\n")
        + "\n刘洋,full,第二党小组,member,13800000099\n",
        encoding="utf-8",
    )
    run("prepare", "life", "--date", "2026-12-20")
    bad = run("talk", "add", LIFE, SECRETARY, "刘洋", ok=False)
    assert bad.exit_code == 1 and "2 members are called 刘洋" in bad.output
    # The candidates, as meetkit prints them: 刘洋（第一党小组） (--member 刘洋); …
    listed = bad.output.split("called 刘洋: ")[1].strip().split("; ")
    labels = [item.split(" (--member ")[0] for item in listed]
    run("talk", "add", LIFE, SECRETARY, labels[1])
    held = as_json(run, "talks", LIFE, "--json")
    assert held["talks"][0]["b"] == labels[1]
    assert [labels[0], None] in held["missing"] and [labels[1], None] not in held["missing"]
