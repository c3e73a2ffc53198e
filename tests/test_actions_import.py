"""The Word round trip: fill in the action list with python-docx as a secretary would in Word,
import it with `meetkit actions import`, import it again, and count what is stored."""

import datetime as dt
import json

import pytest
from conftest import db_rows
from docx import Document

pytestmark = pytest.mark.store  # on SQLite, then on PostgreSQL (conftest.py)

TODAY = dt.date.today()
M1_DATE = TODAY - dt.timedelta(days=20)
M1 = f"{M1_DATE.isoformat()}-committee"
FUTURE = (TODAY + dt.timedelta(days=40)).isoformat()


def rows_in_db(workspace, *columns):
    cols = ", ".join(columns or ("meeting_id", "text", "owner", "due", "status", "kind"))
    return db_rows(workspace, f"select {cols} from actions order by id")


def table_rows(path):
    """The first table's rows below the header, as lists of cell texts."""
    return [[c.text for c in row.cells] for row in Document(str(path)).tables[0].rows[1:]]


def fill(path, entries, *, edit=None):
    """Type ``entries`` (lists of cell texts after the 序号 column) into the blank rows of the
    first table, and apply ``edit`` {existing task text: {column index: new text}}."""
    doc = Document(str(path))
    table = doc.tables[0]
    entries = list(entries)
    for row in table.rows[1:]:
        cells = row.cells
        text = cells[1].text.strip()
        if text and edit and text in edit:
            for index, value in edit[text].items():
                cells[index].text = value
        elif not text and entries:
            for cell, value in zip(cells[1:], entries.pop(0)):
                cell.text = value
    assert not entries, "the template has too few blank rows for this test"
    doc.save(str(path))


@pytest.fixture
def m1(run, workspace):
    run("prepare", "committee", "--no-input", "--date", M1_DATE.isoformat())
    run("action", "add", M1, "更新党员信息台账", "--owner", "张伟", "--due", FUTURE)
    return workspace / "meetings" / M1


def test_import_round_trip(run, workspace, m1):
    # The pack was written before the action was added: render it again, as `update` would.
    run("update", M1)
    path = m1 / "actions.docx"
    printed = table_rows(path)[0]
    assert printed[1:3] == ["更新党员信息台账", "张伟"] and printed[4] == "未完成"
    fill(
        path,
        [
            ["购置 学习 资料", "陈静", "2026/12/31", ""],  # new
            ["走访困难党员", "张伟、刘洋", "2026年12月31日", "进行中"],  # new, two owners
            ["无人负责的事项", "", "2026-12-01", ""],  # no owner: skipped
            ["日期写错的事项", "张伟", "下周一", ""],  # not a date: skipped
            ["整理 档案", "刘洋", "2026.11.30", "√"],  # new and already done
        ],
        edit={"更新党员信息台账": {4: "已完成（已报街道）"}},
    )

    first = run("actions", "import", M1)
    assert f"meetings/{M1}/actions.docx: 3 new, 1 updated, 0 unchanged, 2 skipped" in first.output
    assert "row 5: no owner (责任人) for '无人负责的事项'" in first.output
    assert "row 6: deadline: '下周一' is not a date" in first.output
    stored = rows_in_db(workspace)
    assert stored == [
        (M1, "更新党员信息台账", "张伟", FUTURE, "done", "task"),
        (M1, "购置 学习 资料", "陈静", "2026-12-31", "open", "task"),
        (M1, "走访困难党员", "张伟、刘洋", "2026-12-31", "open", "task"),
        (M1, "整理 档案", "刘洋", "2026-11-30", "done", "task"),
    ]
    assert rows_in_db(workspace, "note")[0] == ("已报街道",)

    second = run("actions", "import", M1, str(path))
    assert "0 new, 0 updated, 4 unchanged, 2 skipped" in second.output
    assert rows_in_db(workspace) == stored

    # The secretary fixes the two bad rows and changes a deadline and an owner.
    doc = Document(str(path))
    for row in doc.tables[0].rows[1:]:
        cells = row.cells
        if cells[1].text == "无人负责的事项":
            cells[2].text = "陈静"
        elif cells[1].text == "日期写错的事项":
            cells[3].text = "2027年1月15日"
        elif cells[1].text == "购置 学习 资料":
            cells[3].text = "2027-02-01"
            cells[2].text = "杨帆"
    doc.save(str(path))
    third = run("actions", "import", M1, str(path))
    assert "2 new, 1 updated, 3 unchanged, 0 skipped" in third.output
    assert (
        "row 3: updated due, owner: #2 购置 学习 资料 (杨帆, due 2027-02-01; open)" in third.output
    )
    assert len(rows_in_db(workspace)) == 6
    fourth = run("actions", "import", M1, str(path))
    assert "0 new, 0 updated, 6 unchanged, 0 skipped" in fourth.output
    assert len(rows_in_db(workspace)) == 6


def test_text_matches_ignoring_spaces(run, workspace, m1):
    run("update", M1)
    path = m1 / "actions.docx"
    doc = Document(str(path))
    doc.tables[0].rows[1].cells[1].text = "更新 党员信息 台账 "  # retyped with spaces in Word
    doc.tables[0].rows[1].cells[4].text = "完成"
    doc.save(str(path))
    out = run("actions", "import", M1).output
    assert "0 new, 1 updated" in out
    assert rows_in_db(workspace, "text", "status") == [("更新党员信息台账", "done")]


def test_carried_rows_update_the_earlier_action(run, workspace, m1):
    """The next meeting's list carries the open action; marking it done there closes the
    earlier meeting's action instead of creating a copy."""
    m2_date = TODAY + dt.timedelta(days=5)
    m2 = f"{m2_date.isoformat()}-committee"
    run("prepare", "committee", "--no-input", "--date", m2_date.isoformat())
    path = workspace / "meetings" / m2 / "actions.docx"
    assert table_rows(path)[0][1:3] == ["更新党员信息台账", "张伟"]
    fill(
        path, [["新的决定事项", "刘洋", "2026-12-20", ""]], edit={"更新党员信息台账": {4: "已完成"}}
    )
    for _ in range(2):
        run("actions", "import", m2)
    assert rows_in_db(workspace, "meeting_id", "text", "status") == [
        (M1, "更新党员信息台账", "done"),
        (m2, "新的决定事项", "open"),
    ]


def test_an_old_printout_does_not_reopen_a_done_action(run, workspace, m1):
    run("update", M1)
    path = m1 / "actions.docx"  # prints the action as 未完成
    run("action", "done", "1")
    result = run("actions", "import", M1)
    assert "0 new, 0 updated, 1 unchanged" in result.output
    assert "is done in meetkit (#1) but open in the table; left done" in result.output
    assert rows_in_db(workspace, "status") == [("done",)]
    assert path.exists()


def test_rectification_list_round_trip(run, workspace):
    life_date = TODAY - dt.timedelta(days=7)
    life = f"{life_date.isoformat()}-life"
    due = TODAY + dt.timedelta(days=60)  # not yet overdue, on any day the suite runs
    due_text = f"{due.year}年{due.month}月{due.day}日"
    run("prepare", "life", "--no-input", "--date", life_date.isoformat())
    path = workspace / "meetings" / life / "rectification.docx"
    header = [c.text for c in Document(str(path)).tables[0].rows[0].cells]
    assert header == ["序号", "存在问题", "整改措施", "责任人", "整改时限", "完成情况", "销号"]
    fill(
        path,
        [
            ["理论学习不够深入", "制定个人学习计划，每月交流", "王建国", due_text, ""],
            ["联系群众不够紧密", "每季度走访", "全体党员", "长期坚持", ""],
        ],
    )
    out = run("actions", "import", life).output  # default: actions.docx and rectification.docx
    assert "rectification.docx: 2 new, 0 updated, 0 unchanged, 0 skipped" in out
    assert "actions.docx: 0 new" in out
    assert rows_in_db(workspace, "text", "measures", "owner", "due", "kind") == [
        (
            "理论学习不够深入",
            "制定个人学习计划，每月交流",
            "王建国",
            due.isoformat(),
            "rectification",
        ),
        ("联系群众不够紧密", "每季度走访", "全体党员", None, "rectification"),
    ]
    assert "0 new, 0 updated, 2 unchanged" in run("actions", "import", life).output
    items = json.loads(run("actions", "--json", "--kind", "rectification").stdout)
    assert [(a["kind"], a["overdue"]) for a in items] == [("rectification", False)] * 2


def test_english_list_round_trip(run, workspace):
    """An English list prints dates as '31 December 2026'; they read back unchanged."""
    date = TODAY - dt.timedelta(days=3)
    mid = f"{date.isoformat()}-committee"
    run("prepare", "committee", "--no-input", "--date", date.isoformat(), "--lang", "en")
    run("action", "add", mid, "Collect dues", "--owner", "张伟", "--due", "2026-12-31")
    run("update", mid)
    path = workspace / "meetings" / mid / "actions.docx"
    header = [c.text for c in Document(str(path)).tables[0].rows[0].cells]
    assert header == ["No.", "Task", "Owner", "Deadline", "Status"]
    assert table_rows(path)[0][1:] == ["Collect dues", "张伟", "31 December 2026", "open"]
    fill(path, [["Visit retired members", "刘洋", "January 15, 2027", "in progress"]])
    assert "1 new, 0 updated, 1 unchanged" in run("actions", "import", mid).output
    assert rows_in_db(workspace, "text", "due", "status") == [
        ("Collect dues", "2026-12-31", "open"),
        ("Visit retired members", "2027-01-15", "open"),
    ]


def test_unreadable_files_are_one_line_errors(run, workspace, m1, tmp_path):
    not_docx = tmp_path / "list.docx"
    not_docx.write_text("not a word file")
    no_table = tmp_path / "empty.docx"
    Document().save(str(no_table))
    wrong = tmp_path / "wrong.docx"
    doc = Document()
    doc.add_table(rows=2, cols=3).rows[0].cells[0].text = "姓名"
    doc.save(str(wrong))
    for path, message in (
        (not_docx, "cannot read as a Word .docx file"),
        (no_table, "has no table"),
        (wrong, "the first table's header is not an action list"),
        (tmp_path / "missing.docx", "no such file"),
    ):
        result = run("actions", "import", M1, str(path), ok=False)
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], result.output
    assert len(rows_in_db(workspace)) == 1
