"""Rules written once (issue 20, part 5): a member's shown label, name folding, a time on the
meeting's day and the month names, each one function or table that every caller uses."""

from __future__ import annotations

import datetime as dt

import pytest

from meetkit.documents.context import long_date
from meetkit.errors import MeetkitError
from meetkit.model import action, member, types
from meetkit.model.dates import MONTHS, parse_day
from meetkit.model.meeting import Meeting, on_day, time_on_meeting_day
from meetkit.roster import Member, fold, labels


def test_a_member_is_shown_by_their_label_where_a_name_is_shared():
    one, two = (
        Member("张伟", group="第一党小组", id="a"),
        Member("张伟", group="第二党小组", id="b"),
    )
    names = labels([one, two])
    one.label, two.label = names["a"], names["b"]
    assert member.shown(one) == "张伟（第一党小组）" and member.shown(two) == "张伟（第二党小组）"
    assert member.shown(Member("李娜")) == "李娜"  # no label given: the name
    assert one.as_dict()["label"] == "张伟（第一党小组）"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("张 伟", "张伟"), ("ＡＢＣ", "abc"), (" 缴纳\u3000党费\n", "缴纳党费"), (None, "")],
)
def test_names_types_and_actions_fold_alike(typed, meant):
    assert member.fold(typed) == meant
    assert fold is member.fold and action.text_key is member.fold  # the same function
    assert types.fold is member.fold


def test_a_type_is_found_by_its_name_typed_with_spaces_or_full_width(workspace):
    from meetkit.workspace import Workspace

    ws = Workspace(workspace)
    assert ws.plugins.meeting_type("支 委 会").key == "committee"
    assert ws.plugins.meeting_type("ＬＥＳＳＯＮ").key == "lesson"


def test_a_time_on_the_meetings_day():
    meeting = Meeting("2026-12-10-general", "general", dt.date(2026, 12, 10), "19:30")
    assert time_on_meeting_day(meeting, "7:05", "--at") == dt.datetime(2026, 12, 10, 7, 5)
    assert meeting.start == on_day(meeting.date, meeting.time) == dt.datetime(2026, 12, 10, 19, 30)
    with pytest.raises(MeetkitError, match=r"^--at: '25:00' is not a time \(HH:MM\)$"):
        time_on_meeting_day(meeting, "25:00", "--at")


@pytest.mark.parametrize("month", range(1, 13))
def test_one_month_table_writes_and_reads_every_month(month):
    day = dt.date(2026, month, 15)
    written = long_date(day, "en")  # "15 March 2026"
    assert written.split()[1] == MONTHS[month - 1]
    assert parse_day(written) == day
    assert parse_day(f"{MONTHS[month - 1].upper()} 15, 2026") == day
    assert long_date(day, "zh-CN") == f"2026年{month}月15日"
