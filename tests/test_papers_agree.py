"""Issue 21, "one count everywhere": one meeting -- a member away who attends, one on sick
leave, one absent, probationary members present, a guest -- rendered by every consumer (the
minutes, the sign-in sheet, the projector, the dashboard, the life meeting's report, the
terminal/JSON ledger, the Word ledger and the workbook), whose numbers must all agree with the
one definition of domain.md: 应到 12 (the member away came, so counts), 实到 10, 请假 1, 缺席 1,
有表决权 应到 10 / 实到 8, 列席 1."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from core_helpers import field_value, open_docx, squeeze, tables

from meetkit.web import create_app
from meetkit.workspace import Workspace

ADMIN = "admin-token-for-tests"
EXPECTED, PRESENT, LEAVE, ABSENT, VOTING, VOTING_PRESENT = 12, 10, 1, 1, 10, 8


def held_meeting(run, workspace, kind: str) -> str:
    """A meeting two days ago with the mixed attendance above; its minutes written."""
    roster = workspace / "members.csv"
    text = roster.read_text(encoding="utf-8")
    assert "刘洋,full," in text
    roster.write_text(text.replace("刘洋,full,", "刘洋,away,"), encoding="utf-8")
    toml = workspace / "meetkit.toml"
    day = dt.date.today() - dt.timedelta(days=2)
    toml.write_text(
        re.sub(r"(?m)^since = .*$", f"since = {day.year}-01-01", toml.read_text("utf-8")),
        encoding="utf-8",
    )
    out = run("prepare", kind, "--no-input", "--date", day.isoformat(), "--time", "09:00").output
    mid = f"{day.isoformat()}-{kind}"
    assert mid in out
    for name in ("王建国", "李秀英", "张伟", "刘洋", "杨帆", "赵磊", "吴敏", "徐强", "孙婷"):
        run("signin", mid, name, "--at", "08:55")
    run("signin", mid, "陈静", "--at", "09:20")  # late
    run("leave", mid, "黄丽", "--kind", "sick", "--reason", "住院治疗")
    run("signin", mid, "李书记", "--guest", "--note", "街道党工委", "--at", "09:00")
    run("minutes", mid)  # 周杰 never came: absent
    return mid


def statement_numbers(text: str) -> tuple[int, int, int, int]:
    """应到, 实到, 请假, 缺席 as the host's statement gives them."""
    m = re.search(r"应到(\d+)人，实到(\d+)人.*?请假(\d+)人.*?缺席(\d+)人", text)
    assert m, text
    return tuple(int(x) for x in m.groups())  # type: ignore[return-value]


@pytest.mark.parametrize("kind", ["general", "life"])
def test_every_paper_gives_the_same_count(run, workspace, kind):
    mid = held_meeting(run, workspace, kind)
    folder = workspace / "meetings" / mid
    want = (EXPECTED, PRESENT, LEAVE, ABSENT)

    # attendance --json: the one summary
    data = json.loads(run("attendance", mid, "--json").output)
    assert (data["expected"], data["attended"], data["leave_count"], data["absent_count"]) == want
    assert (data["voting_expected"], data["voting_attended"]) == (VOTING, VOTING_PRESENT)
    assert data["away_present"] == ["刘洋"] and data["away"] == []

    # the minutes: header fields and the host's statement
    minutes = open_docx(folder / "minutes.docx")
    assert int(field_value(minutes, "应到人数")) == EXPECTED
    assert int(field_value(minutes, "实到人数")) == PRESENT
    assert int(field_value(minutes, "请假人数")) == LEAVE
    assert int(field_value(minutes, "缺席人数")) == ABSENT
    said = "\n".join(p.text for p in minutes.paragraphs)
    assert statement_numbers(said) == want
    assert "刘洋" in re.search(r"应到.*?。", said).group(0)  # the member away is named once
    assert re.search(r"有表决权的党员实到(\d+)人", said).group(1) == str(VOTING_PRESENT)
    if kind == "general":
        assert int(field_value(minutes, "有表决权应到")) == VOTING
        assert int(field_value(minutes, "有表决权实到")) == VOTING_PRESENT
        assert f"应到会有表决权的党员{VOTING}名" in said

    # the sign-in sheet's count line
    sheet = "\n".join(p.text for p in open_docx(folder / "signin.docx").paragraphs)
    for c in tables(open_docx(folder / "signin.docx")):
        sheet += "\n" + "\n".join(" ".join(r) for r in c)
    m = re.search(r"应到 (\d+) 人　实到 (\d+) 人　请假 (\d+) 人　缺席 (\d+) 人", sheet)
    assert m and tuple(int(x) for x in m.groups()) == want

    # the projector (its JSON and its page) and the dashboard
    ws = Workspace(workspace)
    app = create_app(ws, admin_token=ADMIN, public_url="http://127.0.0.1:9")
    client = app.test_client()
    assert client.get(f"/admin?token={ADMIN}").status_code == 303
    live = client.get(f"/api/meetings/{mid}/live").get_json()
    assert (live["expected"], live["attended"], live["leave"], live["absent"]) == want
    assert live["guests"] == 1
    page = client.get(f"/admin/meetings/{mid}/projector").get_data(as_text=True)
    assert f'<span id="attended">{PRESENT}</span> / <span id="expected">{EXPECTED}</span>' in page
    assert f'<span id="leave-count">{LEAVE}</span>' in page
    assert f'<span id="absent-count">{ABSENT}</span>' in page
    board = client.get("/admin/").get_data(as_text=True)
    assert f"<td>{PRESENT} / {EXPECTED}</td>" in board
    meeting_page = client.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    assert statement_numbers(meeting_page) == want

    # the life meeting's report: its table and its text
    if kind == "life":
        report = open_docx(folder / "report.docx")
        assert int(field_value(report, "应到人数")) == EXPECTED
        assert int(field_value(report, "实到人数")) == PRESENT
        text = "\n".join(p.text for p in report.paragraphs)
        assert statement_numbers(text) == want

    # the ledger: JSON, Word and the workbook
    year = mid[:4]
    ledger = json.loads(run("ledger", "--year", year, "--json").output)
    row = next(r for r in ledger["attendance"]["meetings"] if r["id"] == mid)
    assert (row["expected"], row["attended"], row["leave"], row["absent"]) == want
    out = workspace / "ledger.docx"
    run("ledger", "--year", year, "--out", str(out), "--xlsx")
    word = next(
        t
        for t in tables(open_docx(out))
        if t and t[0][:8] == ["序号", "日期", "会议", "应到", "实到", "请假", "缺席", "出勤率"]
    )
    cells = next(r for r in word[1:] if squeeze(mid[5:7].lstrip("0") + "月") in r[1])
    assert [int(c) for c in cells[3:7]] == list(want)
    from openpyxl import load_workbook

    book = load_workbook(workspace / "ledger.xlsx")
    sheet_rows = [r for ws_ in book for r in ws_.iter_rows(values_only=True) if "应到" in r]
    assert sheet_rows, "no sheet with 应到"
    meetings = next(
        ws_
        for ws_ in book
        if "应到" in [c.value for c in ws_[1]] and "主题" in [c.value for c in ws_[1]]
    )
    head = [c.value for c in meetings[1]]
    first = [c.value for c in meetings[2]]
    got = tuple(first[head.index(k)] for k in ("应到", "实到", "请假", "缺席"))
    assert got == want


# -- 2. decisions in their own record; 3. order ------------------------------------------------


def paragraphs_of(path) -> list[str]:
    return [p.text for p in open_docx(path).paragraphs if p.text.strip()]


def test_an_action_decided_at_a_meeting_is_in_its_own_list_and_minutes(run, workspace):
    """`meetkit action add` puts the task into that meeting's actions.docx at once, and its
    minutes' 决议事项 (not only the next meeting's)."""
    day = dt.date.today() - dt.timedelta(days=1)
    run("prepare", "committee", "--no-input", "--date", day.isoformat(), "--time", "09:00")
    mid = f"{day.isoformat()}-committee"
    out = run(
        "action",
        "add",
        mid,
        "整理转正材料报街道党工委",
        "--owner",
        "李秀英",
        "--due",
        "2026年12月20日",
    ).output
    assert "actions.docx" in out
    folder = workspace / "meetings" / mid
    rows = [r for t in tables(open_docx(folder / "actions.docx")) for r in t]
    assert any(r[1] == "整理转正材料报街道党工委" and r[2] == "李秀英" for r in rows), rows
    run("signin", mid, "王建国", "--at", "08:50")
    run("minutes", mid)
    text = paragraphs_of(folder / "minutes.docx")
    at = text.index("决议事项")
    assert text[at + 1].startswith("整理转正材料报街道党工委（责任人：李秀英")


def test_a_tallied_item_gives_its_method_and_a_resolution_sentence(run, workspace):
    day = dt.date.today() - dt.timedelta(days=1)
    item = "同意孙婷同志按期转为中共正式党员"
    run(
        "prepare",
        "general",
        "--no-input",
        "--date",
        day.isoformat(),
        "--time",
        "09:00",
        "--vote",
        item,
        "--vote",
        "同意增补刘洋为支部委员候选人",
    )
    mid = f"{day.isoformat()}-general"
    for name in ("王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "黄丽", "周杰", "吴敏"):
        run("signin", mid, name, "--at", "08:50")
    run("vote", mid, item, "--for", "7", "--against", "0", "--abstain", "0", "--paper")
    run(
        "vote",
        mid,
        "同意增补刘洋为支部委员候选人",
        "--for",
        "5",
        "--against",
        "3",
        "--abstain",
        "1",
    )
    run("minutes", mid)
    text = paragraphs_of(workspace / "meetings" / mid / "minutes.docx")
    assert "表决方式：无记名投票（纸质表决票）" in text
    assert "表决方式：举手表决" in text
    assert (
        "经表决，同意孙婷同志按期转为中共正式党员（应到有表决权的党员10人，实到9人，"
        "赞成7票，反对0票，弃权0票）。"
    ) in text
    assert (
        "经表决，同意增补刘洋为支部委员候选人未获通过（应到有表决权的党员10人，实到9人，"
        "赞成5票，反对3票，弃权1票）。"
    ) in text
    at = text.index("决议事项")
    assert text[at + 1].startswith("经表决，同意孙婷同志")


def test_own_items_stand_before_the_summary_and_replace_the_placeholder_vote(run, workspace):
    day = dt.date.today() + dt.timedelta(days=3)
    run(
        "prepare",
        "general",
        "--no-input",
        "--date",
        day.isoformat(),
        "--time",
        "09:00",
        "--item",
        "学习党章",
        "--vote",
        "同意孙婷同志按期转为中共正式党员",
    )
    folder = workspace / "meetings" / f"{day.isoformat()}-general"
    for doc in ("notice", "agenda", "minutes"):
        text = "\n".join(paragraphs_of(folder / f"{doc}.docx"))
        assert "讨论并表决支部重要事项" not in text, doc
        own = text.index("同意孙婷同志按期转为中共正式党员")
        assert text.index("学习党章") < own < text.index("主持人小结"), doc
    minutes = open_docx(folder / "minutes.docx")
    tally_tables = [t for t in tables(minutes) if t and t[0][0] == "应参加表决人数"]
    assert len(tally_tables) == 1  # the real vote's, no placeholder's beside it
