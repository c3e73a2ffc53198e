"""The year's plan against each type's frequency (plan-YEAR.docx read with python-docx,
plan-YEAR.ics with icalendar), [plan] days, --prepare skipping what is prepared; and the
ledger as a workbook (openpyxl, LibreOffice)."""

import datetime as dt
import json
import re
from collections import Counter

import pytest
from docx import Document
from helpers import pdf_text, to_pdf

from meetkit.workspace import Workspace

YEAR = dt.date.today().year + 1


def set_tables(workspace, ledger=(), plan=()):
    """Rewrite meetkit.toml's [ledger] (init writes it last) and add a [plan] table."""
    config = workspace / "meetkit.toml"
    text = config.read_text(encoding="utf-8")
    text = text[: text.index("\n[ledger]\n") + 1]
    text += "[ledger]\nsince = 2020-01-01\n" + "".join(f"{x}\n" for x in ledger)
    if plan:
        text += "\n[plan]\n" + "".join(f"{x}\n" for x in plan)
    config.write_text(text, encoding="utf-8")
    return config


def plan_json(run, *args):
    return json.loads(run("plan", str(YEAR), "--json", *args).stdout)


def test_plan_follows_each_types_frequency(run, workspace):
    planned = plan_json(run)
    by_type = Counter(p["type"] for p in planned)
    # committee and theme day monthly; each of the two party groups monthly; general meeting and
    # lesson quarterly; the life meeting yearly; no 民主生活会 for an ordinary branch.
    assert by_type == {
        "committee": 12,
        "theme-day": 12,
        "group": 24,
        "general": 4,
        "lesson": 4,
        "life": 1,
    }
    for key in ("committee", "theme-day"):
        months = sorted(dt.date.fromisoformat(p["date"]).month for p in planned if p["type"] == key)
        assert months == list(range(1, 13))
    for group in ("第一党小组", "第二党小组"):
        assert len({p["date"][:7] for p in planned if p["group"] == group}) == 12
    for key in ("general", "lesson"):
        quarters = sorted(
            (dt.date.fromisoformat(p["date"]).month - 1) // 3 for p in planned if p["type"] == key
        )
        assert quarters == [0, 1, 2, 3]
    life = next(p for p in planned if p["type"] == "life")
    assert dt.date.fromisoformat(life["date"]).month >= 10  # Q4, with the appraisal
    lessons = [p for p in planned if p["type"] == "lesson"]
    assert lessons[0]["lecturer"] == "王建国"  # the secretary lectures first
    assert {p["lecturer"] for p in lessons} >= {"王建国", "李秀英"}
    # Default days avoid the weekend.
    assert all(dt.date.fromisoformat(p["date"]).weekday() < 5 for p in planned)
    assert all(p["time"] == "19:30" and p["prepared"] is None for p in planned)


def test_plan_days_and_overrides_from_meetkit_toml(run, workspace):
    set_tables(
        workspace,
        ledger=['"democratic-life" = "yearly"', "lesson = 2"],
        plan=['"theme-day" = 1', "committee = 8", 'life = "12-20"', '"democratic-life" = "12-28"'],
    )
    planned = plan_json(run)
    theme = [dt.date.fromisoformat(p["date"]) for p in planned if p["type"] == "theme-day"]
    # a day you set is kept, weekend or not -- but never on a public holiday (元旦, 五一, 国庆)
    from meetkit.model.workdays import is_workday
    from meetkit.reports.plan import public_holiday

    for d in theme:
        first = d.replace(day=1)
        assert d == first if not public_holiday(first) else (d > first and is_workday(d))
    assert {dt.date.fromisoformat(p["date"]).day for p in planned if p["type"] == "committee"} == {
        8
    }
    assert [p["date"] for p in planned if p["type"] == "life"] == [f"{YEAR}-12-20"]
    assert [p["date"] for p in planned if p["type"] == "democratic-life"] == [f"{YEAR}-12-28"]
    assert sum(1 for p in planned if p["type"] == "lesson") == 2


def test_bad_plan_entry_is_one_line(run, workspace):
    config = set_tables(workspace, plan=["committee = 31"])
    line = config.read_text(encoding="utf-8").splitlines().index("committee = 31") + 1
    result = run("plan", str(YEAR), ok=False)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {config}:{line}: [plan] committee: 31 is not a day every month has (1-28)"
    ]
    assert not (workspace / f"plan-{YEAR}.docx").exists()
    set_tables(workspace, plan=["meeting = 3"])
    assert "[plan] meeting: no meeting type 'meeting'" in run("plan", str(YEAR), ok=False).output


def test_plan_docx_and_ics(run, workspace):
    from icalendar import Calendar

    out = run("plan", str(YEAR)).output
    assert f"Wrote plan-{YEAR}.docx" in out and f"Wrote plan-{YEAR}.ics" in out
    doc = Document(str(workspace / f"plan-{YEAR}.docx"))
    assert doc.paragraphs[0].text == f"示例社区第一党支部{YEAR}年度“三会一课”计划"
    summary, meetings = [[[c.text for c in r.cells] for r in t.rows] for t in doc.tables]
    assert summary[0] == ["会议类型", "要求", "计划次数"]
    assert ["支部委员会", "每月1次", "12"] in summary
    assert len(meetings) == 1 + 57
    assert meetings[0] == ["序号", "日期", "星期", "时间", "会议", "参加人员", "备注"]
    first_lesson = next(r for r in meetings if r[4] == "党课")
    assert first_lesson[6] == "主讲：王建国" and first_lesson[5] == "全体党员"
    assert any(r[5] == "第二党小组" for r in meetings)
    cal = Calendar.from_ical((workspace / f"plan-{YEAR}.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 57 and len({str(e["uid"]) for e in events}) == 57
    assert all(str(e.decoded("dtstart").tzinfo) == "Asia/Shanghai" for e in events)


def test_plan_prepare_skips_what_is_prepared(run, workspace):
    set_tables(
        workspace,
        ledger=[
            'committee = "quarterly"',
            '"theme-day" = "none"',
            'group = "none"',
            'general = "none"',
            'lesson = "none"',
        ],
    )
    planned = plan_json(run)
    assert [p["type"] for p in planned] == ["committee"] * 4 + ["life"]
    first = planned[0]
    run("prepare", "committee", "--no-input", "--date", first["date"])
    out = run("plan", str(YEAR), "--prepare").output
    assert "Prepared 4 meetings; 1 were already prepared." in out
    assert "Preparing" not in out  # piped: no progress bar
    stored = Workspace(workspace).store.list_meetings(year=YEAR)
    assert len(stored) == 5 and sum(1 for m in stored if m.type == "life") == 1
    assert workspace / "meetings" / planned[-1]["prepared"] if planned[-1]["prepared"] else True
    again = plan_json(run, "--prepare")
    assert all(p["prepared"] for p in again)
    # Once prepared, a planned event has the meeting's own UID: `share --ics` updates it.
    from icalendar import Calendar

    cal = Calendar.from_ical((workspace / f"plan-{YEAR}.ics").read_bytes())
    run("share", again[0]["prepared"], "--ics")
    mine = Calendar.from_ical(
        (workspace / "meetings" / again[0]["prepared"] / "meeting.ics").read_bytes()
    )
    assert str(next(iter(mine.walk("VEVENT")))["uid"]) in {
        str(e["uid"]) for e in cal.walk("VEVENT")
    }
    assert len(Workspace(workspace).store.list_meetings(year=YEAR)) == 5
    # A progress bar when asked for (a terminal gets one by default).
    shown = run("plan", str(YEAR), "--prepare", "--progress").output
    assert f"Preparing {YEAR}" in shown


# -- ledger --xlsx ---------------------------------------------------------------------------

LAST = dt.date.today().year - 1


@pytest.fixture
def held(run, workspace):
    from meetkit.documents.pack import Options, settle

    set_tables(workspace)
    ws = Workspace(workspace)
    ids = []
    for month in (1, 2, 3):
        t = ws.plugins.meeting_type("committee")
        meeting, expected, _ = settle(ws, t, Options(date=f"{LAST}-{month:02d}-05"))
        ids.append(ws.store.add_meeting(meeting, expected).id)
    ws.store.sign_in(ids[0], "王建国", at=f"{LAST}-01-05T19:20:00", status="present", method="cli")
    ws.store.sign_in(ids[0], "李秀英", at=f"{LAST}-01-05T19:50:00", status="late", method="cli")
    ws.store.record_leave(
        ids[0], "张伟", kind="official", reason="出差", at=f"{LAST}-01-04T10:00:00", method="cli"
    )
    ws.store.sign_in(ids[1], "王建国", at=f"{LAST}-02-05T19:20:00", status="present", method="cli")
    run("action", "add", ids[0], "更新党员信息", "--owner", "张伟", "--due", f"{LAST}-02-28")
    return ids


def test_ledger_xlsx_matrix_rates_gaps_actions(run, workspace, held):
    from openpyxl import load_workbook

    data = json.loads(run("ledger", "--year", str(LAST), "--json", "--xlsx").stdout)
    book = load_workbook(workspace / f"ledger-{LAST}.xlsx")
    assert book.sheetnames == ["出勤明细", "党员出勤", "会议出勤", "未按要求开展", "决定事项"]
    matrix = list(book["出勤明细"].iter_rows(values_only=True))
    header = matrix[0]
    col = {h: i for i, h in enumerate(header)}
    jan, feb, mar = (f"{LAST}-{m:02d}-05 支部委员会" for m in (1, 2, 3))
    rows = {r[0]: r for r in matrix[1:]}
    assert (rows["王建国"][col[jan]], rows["李秀英"][col[jan]], rows["张伟"][col[jan]]) == (
        "正常",
        "迟到",
        "请假",
    )
    assert (rows["王建国"][col[feb]], rows["李秀英"][col[feb]]) == ("正常", "缺席")
    assert rows["王建国"][col[mar]] == "无记录"  # March has no sign-in data
    assert rows["孙婷"][col[jan]] in ("", None)  # not a committee member: not expected
    # Rates agree with the ledger's JSON, per member and per meeting.
    members = {m["name"]: m for m in data["attendance"]["members"]}
    assert rows["王建国"][col["出勤率"]] == pytest.approx(members["王建国"]["rate"], abs=1e-4)
    assert rows["李秀英"][col["出勤率"]] == pytest.approx(0.5)
    meetings = {m["id"]: m for m in data["attendance"]["meetings"]}
    assert rows["出勤率"][col[jan]] == pytest.approx(meetings[held[0]]["rate"], abs=1e-4)
    gaps = [r[0] for r in book["未按要求开展"].iter_rows(min_row=2, values_only=True)]
    assert gaps == data["gaps"] and "支部委员会：4月未召开" in gaps
    actions = list(book["决定事项"].iter_rows(min_row=2, values_only=True))
    assert actions[0][1:3] == ("更新党员信息", "张伟") and actions[0][-1] == "逾期"
    by_member = {r[0]: r for r in book["党员出勤"].iter_rows(min_row=2, values_only=True)}
    assert by_member["张伟"][2:7] == (2, 0, 0, 1, 1)


@pytest.fixture
def calc(soffice):
    """LibreOffice with Calc (Debian: libreoffice-calc-nogui), which opens .xlsx."""
    import os
    from pathlib import Path

    from conftest import need

    program = Path(os.path.realpath(soffice)).parent
    need(
        "LibreOffice Calc",
        any(program.glob("libsclo.*")) or any(program.glob("sc*.dll")),
        "install libreoffice-calc-nogui",
    )
    return soffice


def test_ledger_xlsx_opens_in_libreoffice(run, workspace, held, calc, tmp_path):
    soffice = calc
    run("ledger", "--year", str(LAST), "--xlsx")
    pdfs = to_pdf(soffice, [workspace / f"ledger-{LAST}.xlsx"], tmp_path)
    text = pdf_text(pdfs[f"ledger-{LAST}"])
    flat = re.sub(r"\s", "", text)
    assert "王建国" in flat and "迟到" in flat and "支部委员会：4月未召开" in flat
