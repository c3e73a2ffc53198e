"""Carry-over: the next meeting reports on earlier decisions (agenda, actions.docx, minutes),
and the next life meeting gets the open rectification items. Checked in the generated .docx."""

import datetime as dt

import pytest
from docx import Document

pytestmark = pytest.mark.store  # on SQLite, then on PostgreSQL (conftest.py)

TODAY = dt.date.today()
D1 = (TODAY - dt.timedelta(days=20)).isoformat()
D2 = (TODAY + dt.timedelta(days=6)).isoformat()
M1, M2 = f"{D1}-committee", f"{D2}-committee"
DUE = (TODAY + dt.timedelta(days=60)).isoformat()
REPORT = "上次会议决定事项落实情况"


def paragraphs(path):
    return [p.text for p in Document(str(path)).paragraphs if p.text.strip()]


def agenda_items(path):
    """Numbered agenda lines of agenda.docx, in order."""
    return [t for t in paragraphs(path) if t[:1].isdigit() and ". " in t[:4]]


def first_table(path):
    return [[c.text for c in row.cells] for row in Document(str(path)).tables[0].rows]


def tables(path):
    return [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(path)).tables]


def last_table(path):
    return [[c.text for c in row.cells] for row in Document(str(path)).tables[-1].rows]


def setup_two_meetings(run):
    run("prepare", "committee", "--no-input", "--date", D1)
    run("action", "add", M1, "更新党员信息台账", "--owner", "张伟", "--due", DUE)
    run("action", "add", M1, "组织主题党日活动", "--owner", "刘洋", "--due", DUE)
    run("action", "done", "2", "--note", "已开展")
    run("prepare", "committee", "--no-input", "--date", D2)
    return run


def test_next_meeting_reports_on_earlier_decisions(run, workspace):
    setup_two_meetings(run)
    folder = workspace / "meetings" / M2

    items = agenda_items(folder / "agenda.docx")
    assert items[0] == f"1. {REPORT}"
    assert items[1] == "2. 传达学习上级有关文件和会议精神"
    text = "\n".join(paragraphs(folder / "agenda.docx"))
    assert "上次会议以来已落实1项；尚有1项未落实：更新党员信息台账（张伟，" in text
    assert f"1. {REPORT}" in paragraphs(folder / "notice.docx")

    table = first_table(folder / "actions.docx")
    assert table[0] == ["序号", "事项", "责任人", "完成时限", "完成情况"]
    due = dt.date.fromisoformat(DUE)
    assert table[1] == [
        "1",
        "更新党员信息台账",
        "张伟",
        f"{due.year}年{due.month}月{due.day}日",
        "未完成",
    ]
    assert all(not "".join(r[1:]).strip() for r in table[2:])  # then blank rows only

    minutes = paragraphs(folder / "minutes.docx")
    # the report is the first item, and the follow-up lists are under it, once (issue 13)
    at = next(i for i, p in enumerate(minutes) if p.endswith(REPORT))
    assert sum(REPORT in p for p in minutes) == 1
    assert minutes[at + 1] == "已落实事项："
    assert minutes[at + 2] == "1. 组织主题党日活动（责任人：刘洋；已完成（已开展））"
    assert minutes[at + 3] == "尚未落实事项："
    # the open list sits under the report, before the tally tables of the voted items
    open_list = next(t for t in tables(folder / "minutes.docx") if "来源会议" in t[0])
    assert open_list[1] == [
        "1",
        "更新党员信息台账",
        "张伟",
        f"{due.year}年{due.month}月{due.day}日",
        f"{D1[:4]}年第1次支部委员会",
        "未完成",
    ]

    # The first meeting's own papers never report on themselves.
    assert REPORT not in agenda_items(workspace / "meetings" / M1 / "agenda.docx")[0]


def test_minutes_after_the_meeting_list_what_was_closed(run, workspace):
    setup_two_meetings(run)
    run("action", "done", "1")  # reported done at the meeting
    run("signin", M2, "王建国", "--at", "19:20")
    run("signin", M2, "李秀英", "--at", "19:25")
    run("minutes", M2)
    minutes = paragraphs(workspace / "meetings" / M2 / "minutes.docx")
    at = next(i for i, p in enumerate(minutes) if p.endswith(REPORT))
    assert sum(REPORT in p for p in minutes) == 1
    assert minutes[at + 1 : at + 4] == [
        "已落实事项：",
        "1. 更新党员信息台账（责任人：张伟；已完成）",
        "2. 组织主题党日活动（责任人：刘洋；已完成（已开展））",
    ]
    assert "尚未落实事项：" not in minutes


def test_nothing_open_means_no_report_item(run, workspace):
    run("prepare", "committee", "--no-input", "--date", D1)
    run("action", "add", M1, "更新党员信息台账", "--owner", "张伟", "--due", DUE)
    run("action", "done", "1")
    run("prepare", "committee", "--no-input", "--date", D2)
    items = agenda_items(workspace / "meetings" / M2 / "agenda.docx")
    assert items[0] == "1. 传达学习上级有关文件和会议精神"
    assert all(REPORT not in i for i in items)
    table = first_table(workspace / "meetings" / M2 / "actions.docx")
    assert all(not "".join(r[1:]).strip() for r in table[1:])


def test_other_types_carry_only_with_branch_scope(run, workspace):
    setup_two_meetings(run)
    lesson_day = (TODAY + dt.timedelta(days=8)).isoformat()
    run("prepare", "lesson", "--no-input", "--date", lesson_day)
    lesson = workspace / "meetings" / f"{lesson_day}-lesson"
    assert all(REPORT not in i for i in agenda_items(lesson / "agenda.docx"))

    config = workspace / "meetkit.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[followup]\ncarry = "branch"\n', encoding="utf-8"
    )
    run("update", f"{lesson_day}-lesson")
    assert agenda_items(lesson / "agenda.docx")[0] == f"1. {REPORT}"
    assert first_table(lesson / "actions.docx")[1][1] == "更新党员信息台账"

    config.write_text(
        config.read_text(encoding="utf-8").replace('"branch"', '"everything"'), encoding="utf-8"
    )
    result = run("update", f"{lesson_day}-lesson", ok=False)
    assert result.exit_code == 1
    assert (
        "meetkit.toml:" in result.output
        and '[followup] carry must be "type" or "branch"' in result.output
    )


def test_group_meetings_carry_within_their_group(run, workspace):
    g1 = (TODAY - dt.timedelta(days=15)).isoformat()
    run("prepare", "group", "--no-input", "--date", g1, "--group", "第一党小组")
    run("action", "add", f"{g1}-group", "收集党员意见", "--owner", "刘洋", "--due", DUE)
    run("prepare", "group", "--no-input", "--date", D2, "--group", "第二党小组")
    later = (TODAY + dt.timedelta(days=9)).isoformat()
    run("prepare", "group", "--no-input", "--date", later, "--group", "第一党小组")
    other = workspace / "meetings" / f"{D2}-group"
    same = workspace / "meetings" / f"{later}-group"
    assert all(REPORT not in i for i in agenda_items(other / "agenda.docx"))
    assert agenda_items(same / "agenda.docx")[0] == f"1. {REPORT}"


def test_next_life_meeting_gets_open_rectification_items(run, workspace):
    l1 = (TODAY - dt.timedelta(days=300)).isoformat()
    l2 = (TODAY + dt.timedelta(days=3)).isoformat()
    run("prepare", "life", "--no-input", "--date", l1)
    run(
        "action",
        "add",
        f"{l1}-life",
        "理论学习不够深入",
        "--owner",
        "王建国",
        "--due",
        DUE,
        "--kind",
        "rectification",
        "--measures",
        "制定学习计划",
    )
    run(
        "action",
        "add",
        f"{l1}-life",
        "批评意见整改",
        "--owner",
        "李秀英",
        "--due",
        DUE,
        "--kind",
        "rectification",
    )
    run("action", "done", "2")
    run("prepare", "life", "--no-input", "--date", l2)
    folder = workspace / "meetings" / f"{l2}-life"
    table = first_table(folder / "rectification.docx")
    assert table[0] == ["序号", "存在问题", "整改措施", "责任人", "整改时限", "完成情况", "销号"]
    assert table[1][:4] == ["1", "理论学习不够深入", "制定学习计划", "王建国"]
    assert table[1][5] == "未完成"
    assert all(not "".join(r[1:]).strip() for r in table[2:])
    # The life agenda already has the rectification report: it gets the open items as detail.
    text = paragraphs(folder / "agenda.docx")
    at = text.index("2. 通报上次组织生活会查摆问题整改落实情况")
    assert text[at + 1].startswith("上次会议以来已落实1项；尚有1项未落实：理论学习不够深入（王建国")
    # Task lists don't mix with rectification lists.
    assert all(not "".join(r[1:]).strip() for r in first_table(folder / "actions.docx")[1:])


def test_english_agenda_item(run, workspace):
    run("prepare", "committee", "--no-input", "--date", D1, "--lang", "en")
    run("action", "add", M1, "Collect dues", "--owner", "张伟", "--due", DUE)
    run("prepare", "committee", "--no-input", "--date", D2, "--lang", "en")
    folder = workspace / "meetings" / M2
    items = agenda_items(folder / "agenda.docx")
    assert items[0] == "1. Report on earlier decisions"
    assert any(
        p.startswith("1 still open: Collect dues (张伟, due ")
        for p in paragraphs(folder / "agenda.docx")
    )
