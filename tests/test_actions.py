"""meetkit action add|done|update and meetkit actions: the listing, JSON, and bad input."""

import datetime as dt
import json

import pytest
from conftest import db_rows

from meetkit.errors import MeetkitError
from meetkit.followup.actions import parse_due, parse_status, text_key

pytestmark = pytest.mark.store  # on SQLite, then on PostgreSQL (conftest.py)

TODAY = dt.date.today()
PAST = (TODAY - dt.timedelta(days=3)).isoformat()
FUTURE = (TODAY + dt.timedelta(days=30)).isoformat()
MEETING = (TODAY - dt.timedelta(days=10)).isoformat() + "-committee"


@pytest.fixture
def meeting(run):
    run("prepare", "committee", "--no-input", "--date", MEETING[:10])
    return MEETING


def listed(run, *args):
    return json.loads(run("actions", "--json", *args).stdout)


def action_rows(workspace):
    return db_rows(
        workspace, "select id, meeting_id, text, owner, due, status, note from actions order by id"
    )


def test_add_list_done_update(run, meeting):
    out = run("action", "add", meeting, "更新党员信息台账", "--owner", "张伟", "--due", PAST).output
    assert "Added #1 更新党员信息台账 (张伟" in out
    run("action", "add", meeting, "组织主题党日活动", "--owner", "刘洋", "--due", FUTURE)

    items = listed(run)
    assert [(a["id"], a["meeting"], a["owner"], a["status"], a["overdue"]) for a in items] == [
        (1, meeting, "张伟", "open", True),
        (2, meeting, "刘洋", "open", False),
    ]
    assert items[0]["due"] == PAST and items[0]["text"] == "更新党员信息台账"
    assert [a["id"] for a in listed(run, "--overdue")] == [1]
    assert [a["id"] for a in listed(run, "--owner", "刘洋")] == [2]

    table = run("actions").output
    assert "overdue" in table and "组织主题党日活动" in table

    assert "Done: #1" in run("action", "done", "1", "--note", "已报街道").output
    assert [a["id"] for a in listed(run)] == [2]
    assert listed(run, "--overdue") == []
    done = listed(run, "--all")[0]
    assert done["status"] == "done" and done["overdue"] is False and done["note"] == "已报街道"
    assert "Already done" in run("action", "done", "1").output

    run("action", "update", "2", "--due", "2020年1月31日", "--owner", "陈静")
    second = listed(run, "--all")[1]
    assert (second["due"], second["owner"], second["overdue"]) == ("2020-01-31", "陈静", True)
    run("action", "update", "1", "--reopen")
    assert [a["id"] for a in listed(run)] == [1, 2]


def test_the_same_text_twice_in_one_meeting_is_refused(run, meeting):
    run("action", "add", meeting, "缴纳党费", "--owner", "张伟", "--due", FUTURE)
    result = run(
        "action", "add", meeting, "缴纳 党费", "--owner", "刘洋", "--due", FUTURE, ok=False
    )
    assert result.exit_code == 1 and "already has this action: #1" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (
            (
                "action",
                "add",
                "2020-01-01-committee",
                "X",
                "--owner",
                "张伟",
                "--due",
                "2026-01-01",
            ),
            "no meeting '2020-01-01-committee'",
        ),
        (
            ("action", "add", MEETING, "X", "--owner", "路人甲", "--due", "2026-01-01"),
            "--owner: unknown member '路人甲'",
        ),
        (
            ("action", "add", MEETING, "X", "--owner", "张伟", "--due", "2026-02-30"),
            "--due: '2026-02-30' is not a date",
        ),
        (
            ("action", "add", MEETING, "X", "--owner", "张伟", "--due", "soon"),
            "--due: 'soon' is not a date",
        ),
        (("action", "done", "99"), "no action 99"),
        (("action", "done", "abc"), "'abc' is not an action id"),
        (("action", "update", "1", "--due", "2026-13-01"), "--due: '2026-13-01' is not a date"),
        (("action", "update", "1", "--owner", "路人甲"), "--owner: unknown member '路人甲'"),
        (("action", "update", "1"), "nothing to change"),
        (("action", "update", "77", "--due", "2026-12-01"), "no action 77"),
        (("actions", "--owner", "路人甲"), "--owner: unknown member '路人甲'"),
        (("actions", "import", "2020-01-01-committee"), "no meeting '2020-01-01-committee'"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(run, meeting, workspace, args, message):
    run("action", "add", meeting, "原有事项", "--owner", "张伟", "--due", FUTURE)
    before = action_rows(workspace)
    result = run(*args, ok=False)
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.output
    assert "Traceback" not in result.output
    assert action_rows(workspace) == before


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-12-31", dt.date(2026, 12, 31)),
        ("2026/12/31", dt.date(2026, 12, 31)),
        ("2026年12月31日", dt.date(2026, 12, 31)),
        ("2026.12.31", dt.date(2026, 12, 31)),
        (" 2026 年 3 月 5 日 ", dt.date(2026, 3, 5)),
        ("２０２６－１２－３１", dt.date(2026, 12, 31)),
        ("2026年2月底", dt.date(2026, 2, 28)),
        ("2026-06", dt.date(2026, 6, 30)),
        ("31 December 2026", dt.date(2026, 12, 31)),
        ("December 31, 2026", dt.date(2026, 12, 31)),
        ("", None),
        ("长期坚持", None),
    ],
)
def test_dates_a_secretary_writes(text, expected):
    assert parse_due(text) == expected


@pytest.mark.parametrize("text", ["明天", "2026-02-30", "12/31/2026", "2026年13月1日", "31.12"])
def test_not_dates(text):
    with pytest.raises(MeetkitError, match="row 3: deadline: .* is not a date"):
        parse_due(text, "row 3: deadline")


@pytest.mark.parametrize(
    "text, status, note",
    [
        ("已完成", "done", ""),
        ("完成", "done", ""),
        ("done", "done", ""),
        ("√", "done", ""),
        ("Done", "done", ""),
        ("已完成（已报街道）", "done", "已报街道"),
        ("已于3月完成", "done", "已于3月完成"),
        ("未完成", "open", ""),
        ("部分完成", "open", ""),
        ("进行中，已联系街道", "open", "已联系街道"),
        ("", "open", ""),
        ("正在推进", "open", ""),
        ("尚未完成，等待批复", "open", "等待批复"),
        ("基本完成", "open", "基本完成"),
        ("donation received", "open", "donation received"),
    ],
)
def test_status_words(text, status, note):
    assert parse_status(text) == (status, note)


def test_text_matching_ignores_spaces_and_width():
    assert text_key("缴纳 党费") == text_key("缴纳党费") == text_key(" 缴纳\u3000党费\n")
    assert text_key("Collect  dues") == text_key("collect dues".replace(" ", ""))
    assert text_key("学习（一）") == text_key("学习(一)")
    assert text_key("缴纳党费") != text_key("缴纳团费")
