"""Attendance from the command line: signin, leave, attendance --json, quorum by the type's
rule, and `meetkit minutes` writing the real attendance into minutes.docx and signin.docx
(read back with python-docx)."""

from __future__ import annotations

import json

import pytest
from core_helpers import body_paragraphs, element_text
from docx import Document

from meetkit.workspace import Workspace

pytestmark = pytest.mark.store  # on SQLite, then on PostgreSQL (conftest.py)

DAY = "2026-12-01"
FULL = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "黄丽", "周杰", "吴敏", "徐强"]
PROBATIONARY = ["赵磊", "孙婷"]


def prepare(run, type_key="general", *extra):
    out = run("prepare", type_key, "--no-input", "--date", DAY, "--time", "19:30", *extra).output
    return next(line.split()[1] for line in out.splitlines() if line.startswith("Prepared "))


def attendance(run, mid) -> dict:
    return json.loads(run("attendance", mid, "--json").stdout)


def docx_text(path) -> str:
    """Every paragraph and table cell of a .docx, as a consumer reads it."""
    doc = Document(str(path))
    # meetkit's own fields sit in content controls (w:sdt), which python-docx's .text skips
    parts = [element_text(p) for p in body_paragraphs(doc)]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(element_text(cell._tc) for cell in row.cells))
    return "\n".join(parts)


def test_signin_present_late_and_a_repeat_never_toggles(run):
    mid = prepare(run)
    assert (
        "王建国 signed in at 19:35 (present)"
        in run("signin", mid, "王建国", "--at", "19:35").output
    )
    # Grace is 10 minutes in the demo meetkit.toml: 19:40 is still on time, 19:41 is late.
    assert "(present)" in run("signin", mid, "李秀英", "--at", "19:40").output
    assert "(late)" in run("signin", mid, "张伟", "--at", "19:41").output
    again = run("signin", mid, "王建国", "--at", "19:50").output
    assert "王建国 already signed in at 19:35 (nothing changed)" in again
    data = attendance(run, mid)
    assert data["present"] == ["王建国", "李秀英"]
    assert data["late"] == ["张伟"]
    assert [s["at"] for s in data["signins"] if s["name"] == "王建国"] == [f"{DAY}T19:35:00"]


def test_late_grace_comes_from_meetkit_toml(run, workspace):
    toml = workspace / "meetkit.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            "late_grace_minutes = 10", "late_grace_minutes = 0"
        ),
        encoding="utf-8",
    )
    mid = prepare(run)
    assert "(present)" in run("signin", mid, "王建国", "--at", "19:30").output
    assert "(late)" in run("signin", mid, "李秀英", "--at", "19:31").output
    assert attendance(run, mid)["late_after"] == f"{DAY}T19:30"


def test_attendance_json_and_quorum_counts_only_voting_members(run):
    mid = prepare(run)  # general meeting: more than half of the 10 voting members
    for name in FULL[:5] + PROBATIONARY:
        run("signin", mid, name, "--at", "19:20")
    run("leave", mid, "周杰", "--reason", "住院", "--kind", "sick")
    run("leave", mid, "吴敏", "--reason", "出差", "--kind", "official")
    run("leave", mid, "徐强", "--reason", "家中有事")  # personal by default
    run("signin", mid, "街道联络员", "--guest", "--note", "示例街道党工委")
    data = attendance(run, mid)
    assert data["meeting"] == mid and data["expected"] == 12
    assert data["present"] == FULL[:5] + PROBATIONARY  # in the roster's order
    assert data["late"] == []
    assert data["leave"] == [
        {"name": "周杰", "kind": "sick", "reason": "住院"},
        {"name": "吴敏", "kind": "official", "reason": "出差"},
        {"name": "徐强", "kind": "personal", "reason": "家中有事"},
    ]
    assert data["absent"] == ["杨帆", "黄丽"]
    assert data["guests"] == ["街道联络员"]
    quorum = data["quorum"]
    # 7 are present, more than half of 12, but only 5 of the 10 voting members: not valid.
    assert quorum["required"] == 6 and quorum["counted"] == 5 and quorum["met"] is False
    assert "表决权" in quorum["rule"]
    run("signin", mid, "杨帆", "--at", "19:45")
    quorum = attendance(run, mid)["quorum"]
    assert quorum["counted"] == 6 and quorum["met"] is True


def test_committee_quorum_counts_committee_members(run):
    mid = prepare(run, "committee")
    data = attendance(run, mid)
    assert data["expected"] == 3
    assert data["quorum"]["required"] == 2 and data["quorum"]["met"] is False
    run("signin", mid, "王建国", "--at", "19:30")
    run("signin", mid, "张伟", "--at", "19:30")
    quorum = attendance(run, mid)["quorum"]
    assert quorum == {
        "rule": "支部委员超过半数到会方可召开",
        "basis": "committee",
        "basis_count": 3,
        "required": 2,
        "counted": 2,
        "met": True,
    }


def test_a_type_without_quorum_has_null_met(run):
    mid = prepare(run, "lesson")
    run("signin", mid, "王建国", "--at", "19:30")
    quorum = attendance(run, mid)["quorum"]
    assert quorum["met"] is None and quorum["rule"] is None and quorum["required"] is None
    assert quorum["counted"] == 1


def test_bad_input_is_one_clear_line(run, workspace):
    mid = prepare(run)
    result = run("signin", mid, "不存在的人", ok=False)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: '不存在的人' is not on the list of members expected at {mid}"
    ]
    store = Workspace(workspace).store
    refused = [a for a in store.attempts(mid) if a.outcome == "refused"]
    assert refused and refused[0].reason == "not-expected" and refused[0].name == "不存在的人"
    assert (
        "no meeting '2026-12-09-nothing'"
        in run("attendance", "2026-12-09-nothing", ok=False).output
    )
    assert (
        run("signin", mid, "王建国", "--at", "25:00", ok=False).output.strip()
        == "Error: --at: '25:00' is not a time (HH:MM)"
    )
    assert (
        run("leave", mid, "王建国", "--reason", "x", "--kind", "holiday", ok=False).exit_code == 2
    )
    run("signin", mid, "王建国", "--at", "19:30")
    out = run("leave", mid, "王建国", "--reason", "x", ok=False).output
    assert out.strip() == "Error: 王建国 already signed in at 19:30; leave not recorded"
    out = run("signin", mid, "王建国", "--guest", ok=False).output
    assert "Are you 王建国? Please choose your name from the list" in out


def test_names_match_ignoring_spaces(run):
    mid = prepare(run)
    assert "王建国 signed in" in run("signin", mid, " 王 建国 ", "--at", "19:30").output


def _fill(run, mid):
    run("signin", mid, "王建国", "--at", "19:25")
    run("signin", mid, "李秀英", "--at", "19:28")
    for name in FULL[2:6]:
        run("signin", mid, name, "--at", "19:29")
    run("signin", mid, "赵磊", "--at", "19:52")
    run("leave", mid, "周杰", "--reason", "感冒发烧", "--kind", "sick")
    run("signin", mid, '<王&"五>', "--guest", "--note", "街道<党工委>")


def test_minutes_carry_the_real_attendance(run, workspace):
    mid = prepare(run)
    _fill(run, mid)
    out = run("minutes", mid).output
    assert "minutes.docx" in out and "signin.docx" in out and "会议有效" in out
    folder = workspace / "meetings" / mid
    text = docx_text(folder / "minutes.docx")
    assert "应到人数 | 12 | 实到人数 | 7" in text
    assert "王建国、李秀英、张伟、刘洋、陈静、杨帆、赵磊（迟到）" in text
    assert "周杰（病假：感冒发烧）" in text
    assert "黄丽（缺席，未请假）" in text
    # A guest's name with markup characters appears exactly as typed (escaped in the XML).
    assert '<王&"五>（街道<党工委>）' in text
    assert (
        "本次会议应到12人，实到7人（其中迟到1人），请假1人（病假1人），缺席4人。列席1人。" in text
    )
    assert "须到会6人，有表决权的党员实到6人，会议有效。" in text
    sheet = docx_text(folder / "signin.docx")
    assert "| 王建国 | 正式党员 | 第一党小组 |  | 正常 19:25" in sheet
    assert "| 赵磊 | 预备党员 | 第一党小组 |  | 迟到 19:52" in sheet
    assert "| 周杰 | 正式党员 | 第二党小组 |  | 病假 感冒发烧" in sheet
    assert "| 黄丽 | 正式党员 | 第二党小组 |  | 缺席" in sheet
    # The guest is written into the sheet's 列席 rows, with their unit, before the blank rows.
    assert '\n | <王&"五> |  | 街道<党工委> |  | 列席\n' in sheet


def test_minutes_never_overwrite_an_edited_file(run, workspace):
    """Edited minutes keep every word the secretary wrote; meetkit fills only its own fields
    in place (issue 21; a removed field sends the new version beside: test_papers_agree)."""
    mid = prepare(run)
    folder = workspace / "meetings" / mid
    doc = Document(str(folder / "minutes.docx"))
    doc.add_paragraph("书记手写补充：会上讨论热烈。")
    doc.save(str(folder / "minutes.docx"))
    _fill(run, mid)
    out = run("minutes", mid).output
    assert "minutes.docx  (you edited it: kept your words, updated " in out
    assert "书记手写补充" in docx_text(folder / "minutes.docx")
    assert "实到人数 | 7" in docx_text(folder / "minutes.docx")
    assert not (folder / "minutes-2.docx").exists()
    # signin.docx was not edited: rewritten in place.
    assert "正常 19:25" in docx_text(folder / "signin.docx")
    assert not (folder / "signin-2.docx").exists()


@pytest.mark.parametrize("lang", ["en"])
def test_minutes_in_english(run, workspace, lang):
    mid = prepare(run, "general", "--lang", lang)
    for name in FULL[:6]:
        run("signin", mid, name, "--at", "19:30")
    run("leave", mid, "周杰", "--reason", "flu", "--kind", "sick")
    run("minutes", mid)
    text = docx_text(workspace / "meetings" / mid / "minutes.docx")
    assert "Expected | 12 | Present | 6" in text
    assert "周杰 (sick leave: flu)" in text
    # a sentence the host can read out (issue 13), not "Expected 12; present 6; ..."
    assert (
        "Of the 12 members expected, 6 were present, 1 on leave (1 sick leave) and 5 absent "
        "without leave."
    ) in text
    assert "6 needed and 6 voting members present, so the meeting is valid." in text
    # the header gives the voting members too: 10 expected (two are probationary), 6 came
    assert "Voting members expected | 10 | Voting members present | 6" in text


def test_attendance_table_for_people(run):
    mid = prepare(run)
    run("signin", mid, "王建国", "--at", "19:30")
    run("leave", mid, "周杰", "--reason", "出差", "--kind", "official")
    out = run("attendance", mid).output
    assert "王建国" in out and "present" in out and "official leave" in out and "出差" in out
    assert "the meeting is NOT valid" in out


def test_clean_text_answers_as_its_regular_expressions_for_every_character():
    """clean_text returns clean text at once (the usual name) and runs its two regular
    expressions otherwise: the same answer either way, for every character that is a space
    or not printable (the ones the expressions change) and a sample of the others, alone,
    between letters, doubled and after a space."""
    import re

    from meetkit.attendance.counting import clean_text

    def by_expressions(value: str, limit: int) -> str:
        text = re.sub(r"[\x00-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]", " ", value)
        return re.sub(r"\s+", " ", text).strip()[:limit]

    special = [chr(c) for c in range(0x110000) if chr(c).isspace() or not chr(c).isprintable()]
    others = [chr(c) for c in range(0x20, 0x110000, 997)]
    assert len(special) > 1000
    for c in special[::7] + special[:300] + others:
        for text in (c, f"王{c}建国", f"a{c}{c}b", f"a {c}", f"  {c}x "):
            assert clean_text(text, 6) == by_expressions(text, 6), repr(text)
    assert clean_text("王建国", 121) == "王建国"
    assert clean_text(" 王  建国\u200b\n", 121) == "王 建国"
