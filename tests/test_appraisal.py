"""The democratic appraisal (民主评议党员): paper and phone ballots, withholding below
[appraisal] min_graders, the committee's grades, the documents (python-docx, LibreOffice), the
ledger's and `meetkit member`'s queries, and storage that never keeps a row per voter."""

from __future__ import annotations

import json
import sqlite3

import pytest
from core_helpers import all_text, find_table, open_docx, paragraphs, squeeze
from helpers import pdf_texts

from meetkit.decisions import appraisal as ap
from meetkit.workspace import Workspace

MID = "2026-12-20-life"
FULL = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "黄丽", "周杰", "吴敏", "徐强"]


@pytest.fixture
def life(run):
    run("prepare", "life", "--no-input", "--date", "2026-12-20")
    return MID


def show(run):
    return json.loads(run("appraisal", MID, "--json").output)


def paper(run, grades: dict, *extra):
    return run("appraisal", "add", MID, *[f"{k}={v}" for k, v in grades.items()], *extra)


def test_the_printed_ballot_lists_exactly_who_is_graded(life, workspace):
    doc = open_docx(workspace / "meetings" / MID / "appraisal.docx")
    table = find_table(doc, "姓名", "优秀", "不合格")
    assert [row[1] for row in table[1:]] == FULL  # probationary 赵磊 and 孙婷 are not graded
    text = all_text(doc)
    assert "预备党员参加评议，不作为评议对象" in text and "1/3" in text


def test_the_life_meeting_has_no_for_against_table_for_the_appraisal(life, workspace, run):
    rows = json.loads(run("votes", MID, "--json").output)
    assert all("民主评议" not in r["text"] for r in rows)
    doc = open_docx(workspace / "meetings" / MID / "minutes.docx")
    assert "应参加表决人数" not in all_text(doc)


def test_paper_ballots_withholding_and_the_secretarys_json(life, workspace, run):
    paper(
        run,
        {"王建国": "优秀", "李秀英": "qualified", "张伟": "不合格"},
        "--reason",
        "张伟=长期不参加组织生活",
    )
    paper(run, {"王建国": "excellent", "李秀英": "合格"})
    data = show(run)
    assert data["ballots"] == 2
    first = data["members"][0]
    assert (first["name"], first["member"], first["grade"]) == ("王建国", "王建国", None)
    assert first["votes"] == {
        "excellent": 2,
        "qualified": 0,
        "basically-qualified": 0,
        "unqualified": 0,
    }
    # Below min_graders (3) the table and the documents withhold the counts.
    table = run("appraisal", MID).output
    assert "—" in table and "withheld" in table
    tally = open_docx(workspace / "meetings" / MID / "appraisal-tally.docx")
    row = find_table(tally, "姓名", "优秀")[1]
    assert row[:3] == ["1", "王建国", "—"]
    paper(run, {"王建国": "基本合格"})
    tally = open_docx(workspace / "meetings" / MID / "appraisal-tally.docx")
    assert find_table(tally, "姓名", "优秀")[1][:6] == ["1", "王建国", "2", "0", "1", "0"]
    assert any("发出测评票" in p and "收回 3 张" in p for p in paragraphs(tally))


@pytest.mark.parametrize(
    "pairs, message",
    [
        (["赵磊=优秀"], "is not a full member and is not graded"),
        (["路人甲=优秀"], "unknown member '路人甲'"),
        (["王建国=很好"], "is not a grade"),
        (["王建国"], "write NAME=GRADE"),
        (["张伟=不合格"], "needs a reason"),
        (["王建国=优秀", "王建国=合格"], "graded twice"),
    ],
)
def test_paper_refusals_store_nothing(life, workspace, run, pairs, message):
    result = run("appraisal", "add", MID, *pairs, ok=False)
    assert result.exit_code == 1 and message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert show(run)["ballots"] == 0


def test_open_close_and_the_committees_grades(life, workspace, run):
    assert "10 full member(s) graded" in run("appraisal", "open", MID).output
    assert "already open" in run("appraisal", "open", MID, ok=False).output
    run("appraisal", "close", MID)
    assert "already closed" in run("appraisal", "close", MID, ok=False).output
    assert "already closed" in run("appraisal", "open", MID, ok=False).output
    run("appraisal", "grade", MID, "王建国", "优秀")
    run("appraisal", "grade", MID, "李秀英", "qualified")
    no_reason = run("appraisal", "grade", MID, "张伟", "unqualified", ok=False)
    assert no_reason.exit_code == 1 and "--reason" in no_reason.output
    run("appraisal", "grade", MID, "张伟", "不合格", "--reason", "长期不参加组织生活")
    assert run("appraisal", "grade", MID, "张伟", "basically-qualified").output.startswith(
        "Changed"
    )
    assert "not a full member" in run("appraisal", "grade", MID, "赵磊", "合格", ok=False).output
    grades = {m["name"]: m["grade"] for m in show(run)["members"]}
    assert grades["王建国"] == "excellent" and grades["张伟"] == "basically-qualified"
    assert grades["陈静"] is None
    result = open_docx(workspace / "meetings" / MID / "appraisal-result.docx")
    rows = find_table(result, "姓名", "评定等次")[1:]
    assert rows == [
        ["1", "王建国", "优秀", ""],
        ["2", "李秀英", "合格", ""],
        ["3", "张伟", "基本合格", ""],
    ]


def test_minutes_write_both_documents_again_with_the_summary(
    life, workspace, run, soffice, tmp_path
):
    for _ in range(3):
        paper(run, {name: "合格" for name in FULL})
    run("appraisal", "grade", MID, "王建国", "优秀")
    folder = workspace / "meetings" / MID
    (folder / "appraisal-tally.docx").unlink()
    out = run("minutes", MID).output
    assert "appraisal-tally.docx" in out and "appraisal-result.docx" in out
    minutes = open_docx(folder / "minutes.docx")
    text = all_text(minutes)
    assert "民主测评共发出测评票" in text and "收回3张" in text and "优秀1名" in text
    texts = pdf_texts(
        soffice,
        [
            folder / "appraisal-tally.docx",
            folder / "appraisal-result.docx",
            folder / "appraisal.docx",
        ],
        tmp_path / "pdf",
    )
    assert "民主评议党员民主测评汇总表" in squeeze(texts["appraisal-tally"])
    assert "王建国" in texts["appraisal-result"] and "优秀" in texts["appraisal-result"]
    assert "孙婷" not in texts["appraisal"]


def test_phone_ballots_grade_everyone_but_themselves(life, workspace, run):
    ws = Workspace(workspace)
    meeting = ws.store.get_meeting(MID)
    for name in ("王建国", "赵磊"):
        run("signin", MID, name, "--at", "19:30")
    run("appraisal", "open", MID)
    expected = {m.name: m for m in ws.store.expected_members(MID)}
    everyone = {ap.member_key(expected[n]): "qualified" for n in FULL}
    with pytest.raises(ap.Refused) as exc:  # grading themselves
        ap.cast_phone(ws, meeting, expected["王建国"], everyone, {})
    assert exc.value.reason == "not-graded"
    others = {k: v for k, v in everyone.items() if k != "王建国"}
    missing = dict(list(others.items())[:-1])
    with pytest.raises(ap.Refused) as exc:
        ap.cast_phone(ws, meeting, expected["王建国"], missing, {})
    assert exc.value.reason == "incomplete"
    assert ap.cast_phone(ws, meeting, expected["王建国"], others, {}) == 1
    with pytest.raises(ap.Refused) as exc:
        ap.cast_phone(ws, meeting, expected["王建国"], others, {})
    assert exc.value.reason == "already"
    # A probationary member takes part and grades all ten full members.
    assert ap.cast_phone(ws, meeting, expected["赵磊"], everyone, {}) == 2


def test_storage_is_per_graded_member_never_a_row_per_voter(life, workspace, run):
    ws = Workspace(workspace)
    meeting = ws.store.get_meeting(MID)
    run("appraisal", "open", MID)
    expected = {m.name: m for m in ws.store.expected_members(MID)}
    for voter in ("王建国", "李秀英", "张伟"):
        run("signin", MID, voter, "--at", "19:30")
        grades = {n: ("excellent" if n == "陈静" else "qualified") for n in FULL if n != voter}
        ap.cast_phone(ws, meeting, expected[voter], grades, {})
    con = sqlite3.connect(workspace / ".meetkit" / "meetkit.db")
    try:
        cols = [r[1] for r in con.execute("PRAGMA table_info(appraisal_counts)")]
        assert cols == ["meeting_id", "subject", "grade", "count"]
        rows = con.execute("SELECT subject, grade, count FROM appraisal_counts").fetchall()
        # One counter per graded member and grade, all made when the appraisal opened (10
        # members x 4 grades), never a row per ballot: three ballots added none.
        assert len(rows) == 40
        assert sum(r[2] for r in rows) == 3 * 9
        assert ("陈静", "excellent", 3) in rows and ("王建国", "qualified", 2) in rows
        voters = [r[0] for r in con.execute("SELECT member FROM appraisal_voters")]
        assert voters == sorted(voters)
        assert [r[1] for r in con.execute("PRAGMA table_info(appraisal_voters)")] == [
            "meeting_id",
            "member",
        ]
    finally:
        con.close()


def test_committee_assessment_and_settings(life, workspace, run):
    toml = workspace / "meetkit.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + "\n[appraisal]\ncommittee = true\n"
        "min_graders = 1\nexcellent_share = 0.25\n",
        encoding="utf-8",
    )
    ws = Workspace(workspace)
    meeting = ws.store.get_meeting(MID)
    run("signin", MID, "赵磊", "--at", "19:30")
    run("appraisal", "open", MID)
    expected = {m.name: m for m in ws.store.expected_members(MID)}
    everyone = {n: "qualified" for n in FULL}
    with pytest.raises(ap.Refused):
        ap.cast_phone(ws, meeting, expected["赵磊"], everyone, {})
    ap.cast_phone(ws, meeting, expected["赵磊"], everyone, {}, committee="满意")
    data = ap.summary(ws, meeting)
    assert data["committee"] == {"satisfied": 1, "basically-satisfied": 0, "dissatisfied": 0}
    assert data["members"][0]["votes"]["qualified"] == 1  # min_graders = 1: shown
    # Below min_graders the committee's counts are withheld like a member's (not in --json).
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("min_graders = 1", "min_graders = 2"), "utf-8"
    )
    ws = Workspace(workspace)
    data = ap.summary(ws, meeting)
    assert data["committee"] is None and data["committee_graders"] == 1
    assert data["members"][0]["votes"] is None
    assert "满意 —" in run("appraisal", MID).output
    assert show(run)["committee"]["satisfied"] == 1  # the secretary's --json
    tally = ap.template_context(ws, meeting, ws.store.expected_members(MID), "zh-CN")
    assert [c["count"] for c in tally["committee"]] == ["—", "—", "—"]
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("min_graders = 2", "min_graders = 1"), "utf-8"
    )
    assert "1/4" in ap.guidance(ws, 10, "zh-CN")
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("min_graders = 1", "min_graders = 0"), "utf-8"
    )
    bad = run("appraisal", MID, ok=False)
    assert bad.exit_code == 1 and "min_graders" in bad.output


def test_the_ledger_and_member_queries(life, workspace, run):
    ws = Workspace(workspace)
    assert ap.year_summary(ws, 2026)["held"] is False
    paper(run, {"王建国": "优秀"})
    run("appraisal", "grade", MID, "王建国", "优秀")
    run("appraisal", "grade", MID, "李秀英", "合格")
    year = ap.year_summary(ws, 2026)
    assert year["held"] is True and year["meetings"][0]["meeting"] == MID
    assert year["grades"] == {
        "excellent": 1,
        "qualified": 1,
        "basically-qualified": 0,
        "unqualified": 0,
    }
    assert year["undecided"] == 8
    member = next(m for m in ws.members if m.name == "王建国")
    assert ap.member_grades(ws, member) == [
        {"meeting": MID, "date": "2026-12-20", "grade": "excellent", "reason": ""}
    ]


HELD_DAY = "2026-11-20"  # before "today" in this suite's 2026: a meeting held
HELD = f"{HELD_DAY}-life"


def test_the_ledger_member_history_and_report_show_the_appraisal(workspace, run):
    """The consumers of the appraisal: `meetkit ledger` (held, grades), `meetkit member` (the
    member's grade), the life meeting's report.docx (counts by grade). A meeting already held
    (the ledger counts held meetings only)."""
    run("prepare", "life", "--no-input", "--date", HELD_DAY)
    run("appraisal", "add", HELD, "王建国=优秀", "李秀英=合格")
    run("appraisal", "grade", HELD, "王建国", "优秀")
    run("appraisal", "grade", HELD, "李秀英", "合格")
    ledger = json.loads(run("ledger", "--year", "2026", "--json").output)
    assert ledger["checks"]["appraisal"]["meetings"] == [HELD]
    assert ledger["appraisal"]["held"] is True
    assert ledger["appraisal"]["grades"]["excellent"] == 1
    assert ledger["appraisal"]["grades"]["qualified"] == 1
    assert ledger["appraisal"]["undecided"] == 8
    text = run("ledger", "--year", "2026").output  # the ledger speaks the workspace's language
    assert "民主评议党员组织评定结果：优秀1名，合格1名（8 人尚未评定）" in text
    member = json.loads(run("member", "王建国", "--json").output)
    assert member["grades"] == [
        {"meeting": HELD, "date": HELD_DAY, "grade": "excellent", "reason": ""}
    ]
    assert f"Democratic appraisal {HELD_DAY}" in run("member", "王建国").output
    run("report", HELD)
    report = all_text(open_docx(workspace / "meetings" / HELD / "report.docx"))
    assert "优秀1名" in report and "合格1名" in report


def test_the_ledger_gives_the_share_of_rectification_ticked_off(workspace, run):
    run("prepare", "life", "--no-input", "--date", HELD_DAY)
    run("problem", "add", HELD, "学习不够深入", "--owner", "王建国", "--due", "2027-03-31")
    run("problem", "add", HELD, "联系群众不够", "--owner", "李秀英", "--due", "2027-03-31")
    first = json.loads(run("actions", "--all", "--json").output)[0]["id"]
    run("action", "done", str(first), "--note", "已建立学习制度")
    ledger = json.loads(run("ledger", "--year", "2026", "--json").output)
    assert ledger["rectification"] == {"total": 2, "done": 1, "share": 0.5}
    assert "整改事项已销号 1/2 项（50.0%）" in run("ledger", "--year", "2026").output


def test_the_admin_token_hands_in_no_appraisal_ballot(life, workspace, run):
    """POST /api/meetings/<id>/appraisal: refused with the admin token as without it, for a
    member signed in or not; nothing is counted."""
    from test_web_app import ADMIN, make_app

    run("signin", MID, "王建国", "--at", "19:30")
    run("appraisal", "open", MID)
    client = make_app(Workspace(workspace)).test_client()
    path = f"/api/meetings/{MID}/appraisal"
    grades = {name: "qualified" for name in FULL if name != "王建国"}
    for token in (ADMIN, "wrong"):
        for name in ("王建国", "李秀英"):
            answer = client.post(
                path,
                json={"name": name, "committee": "satisfied"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert answer.status_code == 403 and answer.get_json()["reason"] == "in-person"
            nested = client.post(
                path,
                json={"name": name, "grades": grades},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert nested.status_code == 400  # nested JSON, as on every route
    assert show(run)["ballots"] == 0
