"""Decisions on record: items for one meeting, tallies by the statute's rule, `meetkit votes`,
and what the minutes and the voting slips say (read back with python-docx, converted by
LibreOffice)."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from core_helpers import all_text, find_table, open_docx, paragraphs, squeeze, tables
from helpers import pdf_texts

from meetkit import MeetingType, VoteRule
from meetkit.workspace import Workspace

MID = "2026-12-10-general"
PERSONNEL = "讨论周敏同志预备党员转正问题"


@pytest.fixture
def general(run):
    """A general meeting of the demo branch (12 members, 10 with a vote) with its own items."""
    run(
        "prepare",
        "general",
        "--no-input",
        "--date",
        "2026-12-10",
        "--item",
        "通报第四季度党费收缴情况",
        "--vote",
        PERSONNEL,
        "--vote",
        "审议年度工作计划",
    )
    return MID


def votes_json(run, mid=MID):
    return json.loads(run("votes", mid, "--json").output)


def test_own_items_stand_before_the_hosts_summary_in_every_document(general, workspace, run):
    folder = workspace / "meetings" / MID
    for doc in ("notice", "agenda", "minutes"):
        text = all_text(open_docx(folder / f"{doc}.docx"))
        assert (
            text.index("学习上级有关文件和会议精神")  # the type's own items first
            < text.index("通报第四季度党费收缴情况")
            < text.index(PERSONNEL)
            < text.index("审议年度工作计划")
            < text.index("主持人小结")  # the summary closes the meeting
        ), doc
        assert "讨论并表决支部重要事项" not in text  # the placeholder gave way to real votes
    # Only this meeting: the next general meeting has none of them.
    run("prepare", "general", "--no-input", "--date", "2026-12-17")
    assert PERSONNEL not in all_text(
        open_docx(workspace / "meetings" / "2026-12-17-general" / "agenda.docx")
    )
    # update adds more, in order, after those already there.
    run("update", MID, "--vote", "选举出席上级党代会代表")
    rows = votes_json(run)
    assert [r["text"] for r in rows] == [
        PERSONNEL,
        "审议年度工作计划",
        "选举出席上级党代会代表",
    ]
    assert [r["item"] for r in rows] == [4, 5, 6]
    again = run("update", MID, "--vote", PERSONNEL, ok=False)
    assert again.exit_code == 1 and "already on this meeting's agenda" in again.output


def test_votes_json_before_any_tally(general, run):
    rows = votes_json(run)
    assert rows[0] == {
        "item": 4,
        "text": PERSONNEL,
        "for": None,
        "against": None,
        "abstain": None,
        "required": 6,
        "passed": None,
        "method": "hands",
    }


def test_the_rule_at_its_edges_ten_voting_members_expected(general, run):
    # 12 members expected, 2 of them probationary: 10 voting members should attend.
    out = run("vote", MID, "4", "--for", "5", "--against", "3", "--abstain", "2").output
    assert "not passed" in out and "未通过" in out
    assert votes_json(run)[0] == {
        "item": 4,
        "text": PERSONNEL,
        "for": 5,
        "against": 3,
        "abstain": 2,
        "required": 6,
        "passed": False,
        "method": "hands",
    }
    out = run(
        "vote", MID, PERSONNEL, "--for", "6", "--against", "4", "--abstain", "0", "--paper"
    ).output
    assert out.startswith("Replaced the earlier tally") and "passed (通过)" in out
    row = votes_json(run)[0]
    assert (row["for"], row["passed"], row["method"]) == (6, True, "paper")


def test_probationary_members_present_dont_change_required(general, workspace, run):
    # Six voting members and both probationary members come: "for" is still judged against
    # the 10 who should attend, and the two probationary members add no votes.
    for name in ("王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "孙婷"):
        run("signin", MID, name, "--at", "19:30")
    run("vote", MID, "4", "--for", "6", "--against", "0", "--abstain", "0")
    row = votes_json(run)[0]
    assert row["required"] == 6 and row["passed"] is True
    run("vote", MID, "4", "--for", "5", "--against", "1", "--abstain", "0")
    assert votes_json(run)[0]["passed"] is False
    too_many = run("vote", MID, "4", "--for", "6", "--against", "1", "--abstain", "0", ok=False)
    assert too_many.exit_code == 1
    assert "7 votes but only 6 voting members present" in too_many.output
    assert len(too_many.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (("1", "--for", "1", "--against", "0", "--abstain", "0"), "is not a vote item"),
        (("99", "--for", "1", "--against", "0", "--abstain", "0"), "no agenda item '99'"),
        (("没有这个议题", "--for", "1", "--against", "0", "--abstain", "0"), "no agenda item"),
        (("4", "--for", "-1", "--against", "0", "--abstain", "0"), "--for: -1 is negative"),
        (
            ("4", "--for", "8", "--against", "2", "--abstain", "1"),
            "11 votes but only 10 voting members expected",
        ),
    ],
)
def test_refusals_are_one_line_and_store_nothing(general, workspace, run, args, message):
    result = run("vote", MID, *args, ok=False)
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert Workspace(workspace).store.votes(MID) == {}


def test_unknown_meeting(run, workspace):
    result = run(
        "vote",
        "2026-01-01-general",
        "1",
        "--for",
        "1",
        "--against",
        "0",
        "--abstain",
        "0",
        ok=False,
    )
    assert result.exit_code == 1 and "2026-01-01-general" in result.output


def test_committee_rule_counts_committee_members_who_should_attend(run):
    # The demo branch has 3 committee members: more than half is 2.
    run("prepare", "committee", "--no-input", "--date", "2026-12-11", "--vote", "研究发展党员工作")
    rows = votes_json(run, "2026-12-11-committee")
    row = next(r for r in rows if r["text"] == "研究发展党员工作")
    assert row["required"] == 2
    run(
        "vote",
        "2026-12-11-committee",
        "研究发展党员工作",
        "--for",
        "2",
        "--against",
        "1",
        "--abstain",
        "0",
    )
    rows = votes_json(run, "2026-12-11-committee")
    assert next(r for r in rows if r["text"] == "研究发展党员工作")["passed"] is True


def test_a_committee_member_under_probation_counts_neither_for_the_quorum_nor_the_vote(
    workspace, run
):
    """The case where the quorum and the vote disagreed: a committee member under 留党察看
    (the roster not yet updated after the penalty) counted for the committee's quorum but
    not for its votes. By the statute they have no vote, so they count for neither."""
    roster = workspace / "members.csv"
    lines = roster.read_text(encoding="utf-8").splitlines()
    for i, status in ((4, "suspended"), (5, "full")):  # 刘洋 under 留党察看, 陈静: both 委员
        cells = lines[i].split(",")
        cells[1], cells[3] = status, "committee"
        lines[i] = ",".join(cells)
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mid = "2026-12-11-committee"
    run("prepare", "committee", "--no-input", "--date", "2026-12-11", "--vote", "研究发展党员工作")
    for name in ("刘洋", "王建国", "李秀英"):  # 3 of 5 expected, 2 of the 4 with a vote
        run("signin", mid, name, "--at", "19:00")
    quorum = json.loads(run("attendance", mid, "--json").stdout)["quorum"]
    assert (quorum["basis_count"], quorum["required"], quorum["counted"]) == (4, 3, 2)
    assert quorum["met"] is False
    row = next(r for r in votes_json(run, mid) if r["text"] == "研究发展党员工作")
    assert row["required"] == 3  # more than half of the 4 committee members with a vote
    over = run(
        "vote", mid, "研究发展党员工作", "--for", "3", "--against", "0", "--abstain", "0", ok=False
    )
    assert "only 2 voting members present" in over.output  # 刘洋 came but has no vote
    ws = Workspace(workspace)
    expected = ws.store.expected_members(mid)
    committee = ws.plugins.meeting_type("committee")
    assert committee.quorum.members_counted(expected) == committee.passing_rule.entitled(expected)


def test_a_plugin_sets_its_own_passing_rule():
    rule = VoteRule(basis="voting", fraction=Fraction(2, 3))
    t = MeetingType(key="x", name={"zh-CN": "x", "en": "x"}, vote_rule=rule)
    assert t.passing_rule.required(9) == 7  # more than 2/3 of 9 (6)
    assert MeetingType(key="y", name={"zh-CN": "y", "en": "y"}).passing_rule.required(10) == 6


def test_the_election_example_keeps_its_turnout_as_a_quorum_rule(workspace):
    ws = Workspace(workspace)
    types = ws.plugins.types
    if "election" not in types:
        pytest.skip("the election example plugin is not installed")
    election = types["election"]
    assert election.quorum.fraction == Fraction(4, 5)
    assert election.passing_rule.fraction == Fraction(1, 2)


def test_minutes_write_each_tally_the_threshold_and_the_result(general, workspace, run):
    run("vote", MID, "5", "--for", "5", "--against", "3", "--abstain", "2")
    run("vote", MID, "4", "--for", "6", "--against", "4", "--abstain", "0")
    run("minutes", MID)
    doc = open_docx(workspace / "meetings" / MID / "minutes.docx")
    lines = [p for p in paragraphs(doc) if "须超过" in p]
    assert any(
        "赞成票须超过5票（至少6票）" in p and "赞成5票" in p and "未通过" in p for p in lines
    ), lines
    assert any("赞成6票" in p and p.endswith("通过。") and "未通过" not in p for p in lines)
    tally_rows = [r for t in tables(doc) if t and t[0][0] == "应参加表决人数" for r in t[1:]]
    assert ["10", "5", "3", "2", "未通过"] in tally_rows
    summary = find_table(doc, "表决事项", "结果")
    assert summary[1][1:] == [PERSONNEL, "6", "4", "0", "通过"]


def test_personnel_votes_get_printed_slips_one_per_voting_member(general, workspace):
    doc = open_docx(workspace / "meetings" / MID / "vote-ballots.docx")
    text = all_text(doc)
    assert text.count("沿此线剪开") == 10  # 10 voting members
    slips = doc.tables
    assert len(slips) == 10
    for slip in slips:
        assert [c.text for c in slip.rows[0].cells] == ["序号", "表决事项", "赞成", "反对", "弃权"]
        # Only the personnel matter, not the other vote items, and nothing ticked.
        assert [[c.text for c in r.cells] for r in slip.rows[1:]] == [["1", PERSONNEL, "", "", ""]]


def test_a_meeting_without_personnel_votes_has_no_slips(run, workspace):
    run("prepare", "general", "--no-input", "--date", "2026-12-12", "--vote", "审议年度计划")
    assert not (workspace / "meetings" / "2026-12-12-general" / "vote-ballots.docx").exists()


def test_english_minutes_say_it_too(run, workspace):
    run(
        "prepare",
        "general",
        "--no-input",
        "--date",
        "2026-12-13",
        "--lang",
        "en",
        "--vote",
        "Admit Zhang San as a probationary member",
    )
    run(
        "vote",
        "2026-12-13-general",
        "Admit Zhang San as a probationary member",
        "--for",
        "6",
        "--against",
        "0",
        "--abstain",
        "0",
    )
    run("minutes", "2026-12-13-general")
    text = all_text(open_docx(workspace / "meetings" / "2026-12-13-general" / "minutes.docx"))
    assert "'for' must exceed 5 (at least 6)" in text and ": passed." in text


def test_libreoffice_converts_the_minutes_and_the_slips(general, workspace, run, soffice, tmp_path):
    run("vote", MID, "4", "--for", "7", "--against", "2", "--abstain", "1")
    run("minutes", MID)
    folder = workspace / "meetings" / MID
    texts = pdf_texts(
        soffice, [folder / "minutes.docx", folder / "vote-ballots.docx"], tmp_path / "pdf"
    )
    minutes = squeeze(texts["minutes"])
    assert "赞成票须超过5票" in minutes and "票决情况汇总表" in minutes
    assert squeeze(PERSONNEL) in squeeze(texts["vote-ballots"])


def test_members_away_are_left_out_of_should_attend(workspace, run):
    # Two full members work away (流动党员): 8 voting members should attend, so 5 "for" pass.
    roster = workspace / "members.csv"
    lines = roster.read_text(encoding="utf-8").splitlines()
    for i in (10, 11):  # 吴敏, 徐强: full members (line 0 is the header)
        cells = lines[i].split(",")
        cells[1] = "full+away"
        lines[i] = ",".join(cells)
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run("prepare", "general", "--no-input", "--date", "2026-12-14", "--vote", "审议年度计划")
    run(
        "vote",
        "2026-12-14-general",
        "审议年度计划",
        "--for",
        "5",
        "--against",
        "3",
        "--abstain",
        "0",
    )
    row = next(r for r in votes_json(run, "2026-12-14-general") if r["text"] == "审议年度计划")
    assert (row["required"], row["passed"]) == (5, True)
    over = run(
        "vote",
        "2026-12-14-general",
        "审议年度计划",
        "--for",
        "9",
        "--against",
        "0",
        "--abstain",
        "0",
        ok=False,
    )
    assert "only 8 voting members expected" in over.output
