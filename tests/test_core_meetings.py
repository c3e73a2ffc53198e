"""Meeting ids, the order of `meetkit list`, and `meetkit update` (which keeps the user's edits)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from core_helpers import all_text, field_value, make_workspace, mk, open_docx

from meetkit.model.meeting import Meeting
from meetkit.workspace import Workspace

pytestmark = pytest.mark.store  # on SQLite, then on PostgreSQL (conftest.py)


@pytest.fixture
def ws(tmp_path, store_backend):
    return make_workspace(tmp_path / "ws", public_url="http://meet.example.org")


def test_same_type_same_day_gets_a_suffix(ws):
    ids = []
    for _ in range(3):
        out = mk(ws, "prepare", "lesson", "--no-input", "--date", "2026-12-01").output
        ids.append(out.split("Prepared ", 1)[1].split()[0])
    assert ids == ["2026-12-01-lesson", "2026-12-01-lesson-2", "2026-12-01-lesson-3"]
    for meeting_id in ids:
        folder = ws / "meetings" / meeting_id
        assert (folder / "minutes.docx").is_file() and (folder / "qr.png").is_file()
    # Each is its own meeting with its own number in the year and its own sign-in code.
    shown = [json.loads(mk(ws, "show", i, "--json").stdout) for i in ids]
    assert [s["number"] for s in shown] == [1, 2, 3]
    from meetkit.attendance.tokens import compact_code
    from meetkit.workspace import Workspace

    secret = Workspace(ws).secret
    codes = [
        all_text(open_docx(ws / "meetings" / i / "signin.docx")).split("/q/")[1][:12] for i in ids
    ]
    assert codes == [compact_code(secret, i) for i in ids] and len(set(codes)) == 3
    # Another type the same day is not suffixed.
    mk(ws, "prepare", "committee", "--no-input", "--date", "2026-12-01")
    assert (ws / "meetings/2026-12-01-committee").is_dir()


def test_list_sorted_by_date_and_time_ties_in_order_prepared(ws):
    """The sort, in the store and in `meetkit list`: stored (no documents rendered) in an order
    that is neither the listing's, nor by id, nor by type, so any other sort shows."""
    prepared = [
        ("theme-day", "2026-12-10", "19:30"),
        ("committee", "2026-12-01", "09:00"),
        ("lesson", "2026-12-10", "19:30"),
        ("general", "2026-12-10", "19:30"),
        ("group", "2026-12-10", "08:00"),
        ("committee", "2026-11-30", "20:00"),
        ("committee", "2026-12-10", "19:30"),
        ("lesson", "2027-01-05", "07:00"),
    ]
    store = Workspace(ws).store
    try:
        for key, date, time in prepared:
            store.add_meeting(
                Meeting(id="", type=key, date=dt.date.fromisoformat(date), time=time), []
            )
        in_2026 = [m.id for m in store.list_meetings(year=2026)]
    finally:
        store.close()
    expected = [
        "2026-11-30-committee",
        "2026-12-01-committee",
        "2026-12-10-group",
        # 19:30 on the 10th: in the order prepared, not by name
        "2026-12-10-theme-day",
        "2026-12-10-lesson",
        "2026-12-10-general",
        "2026-12-10-committee",
    ]
    assert in_2026 == expected
    listed = [m["id"] for m in json.loads(mk(ws, "list", "--json").stdout)]
    assert listed == expected + ["2027-01-05-lesson"]
    table = mk(ws, "list").output.splitlines()[2:]
    assert [line.split()[0] for line in table] == listed
    assert [
        m["id"] for m in json.loads(mk(ws, "list", "--json", "--year", "2026").stdout)
    ] == expected


def test_update_changes_details_and_rerenders(ws):
    mk(ws, "prepare", "general", "--no-input", "--date", "2026-12-01")
    folder = ws / "meetings/2026-12-01-general"
    assert field_value(open_docx(folder / "minutes.docx"), "地点") == "社区党群服务中心二楼会议室"

    out = mk(ws, "update", "2026-12-01-general", "--place", "党员活动室", "--host", "张伟").output
    assert "Updated 2026-12-01-general" in out and "minutes.docx" in out
    assert "kept" not in out
    minutes = open_docx(folder / "minutes.docx")
    assert field_value(minutes, "地点") == "党员活动室"
    assert field_value(minutes, "主持人") == "张伟"
    assert "党员活动室" in all_text(open_docx(folder / "notice.docx"))
    assert "党员活动室" in all_text(open_docx(folder / "signin.docx"))
    shown = json.loads(mk(ws, "show", "2026-12-01-general", "--json").stdout)
    assert shown["place"] == "党员活动室" and shown["host"] == "张伟"
    # What was not given stays as it was.
    assert shown["recorder"] == "李秀英" and shown["date"] == "2026-12-01"
    assert len(shown["expected"]) == 12
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["notice.docx", "agenda.docx", "signin.docx", "minutes.docx", "actions.docx", "qr.png"]
    )


def test_update_keeps_a_document_the_user_edited(ws):
    mk(ws, "prepare", "committee", "--no-input", "--date", "2026-12-01")
    folder = ws / "meetings/2026-12-01-committee"
    edited = open_docx(folder / "minutes.docx")
    edited.add_paragraph("会议讨论了社区志愿服务安排。（记录人手写补充）")
    edited.save(str(folder / "minutes.docx"))
    edited_bytes = (folder / "minutes.docx").read_bytes()

    out = mk(ws, "update", "2026-12-01-committee", "--place", "党员活动室").output
    assert "minutes-2.docx" in out
    line = next(line for line in out.splitlines() if "minutes-2.docx" in line)
    assert "minutes.docx" in line.replace("minutes-2.docx", "") and "kept" in line
    # The user's file is untouched; the new version sits beside it.
    assert (folder / "minutes.docx").read_bytes() == edited_bytes
    assert "记录人手写补充" in all_text(open_docx(folder / "minutes.docx"))
    new = open_docx(folder / "minutes-2.docx")
    assert field_value(new, "地点") == "党员活动室"
    assert "记录人手写补充" not in all_text(new)
    # Documents nobody touched were simply replaced.
    assert "党员活动室" in all_text(open_docx(folder / "notice.docx"))
    assert not (folder / "notice-2.docx").exists()

    # A second update still keeps the edited minutes and does not overwrite minutes-2 either.
    out = mk(ws, "update", "2026-12-01-committee", "--place", "第三会议室").output
    assert "minutes-3.docx" in out
    assert (folder / "minutes.docx").read_bytes() == edited_bytes
    assert field_value(open_docx(folder / "minutes-3.docx"), "地点") == "第三会议室"


def test_update_of_an_unchanged_pack_rewrites_in_place(ws):
    mk(ws, "prepare", "lesson", "--no-input", "--date", "2026-12-01")
    folder = ws / "meetings/2026-12-01-lesson"
    before = sorted(p.name for p in folder.iterdir())
    mk(ws, "update", "2026-12-01-lesson", "--topic", "学习党章")
    assert sorted(p.name for p in folder.iterdir()) == before
    assert "学习党章" in all_text(open_docx(folder / "minutes.docx"))


def test_update_bad_input_changes_nothing(ws):
    mk(ws, "prepare", "lesson", "--no-input", "--date", "2026-12-01")
    folder = ws / "meetings/2026-12-01-lesson"
    files = {p.name: p.read_bytes() for p in folder.iterdir()}
    for args in (["--host", "不存在的人"], ["--date", "2026-02-30"], ["--time", "25:00"]):
        result = mk(ws, "update", "2026-12-01-lesson", *args, ok=False)
        assert result.exit_code == 1 and "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == files
    meeting = Workspace(ws).meeting("2026-12-01-lesson")
    assert meeting.host == "王建国" and meeting.time == "19:30"
    result = mk(ws, "update", "2026-01-01-none", "--place", "x", ok=False)
    assert result.exit_code == 1 and "no meeting" in result.output


def test_recorder_is_not_the_host_by_default(run):
    """The organizer records by default, but not a meeting they host themselves."""
    out = run("prepare", "general", "--no-input", "--date", "2026-12-07", "--host", "李秀英").output
    assert "recorder: 王建国  (default)" in out  # the next committee member, here the secretary
    out = run("prepare", "general", "--no-input", "--date", "2026-12-08").output
    assert "recorder: 李秀英  (default)" in out
