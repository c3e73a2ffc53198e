"""The yearly ledger on a year of fabricated meetings with known gaps: JSON, terminal table,
ledger.docx (opened with python-docx), overrides in meetkit.toml, attendance, actions."""

import datetime as dt
import json
import os

import pytest
from docx import Document
from docx.oxml.ns import qn
from helpers import pdf_text, to_pdf

from meetkit.documents.pack import Options, settle
from meetkit.reports import ledger as ledger_mod
from meetkit.reports import ledger_report
from meetkit.workspace import Workspace

pytestmark = pytest.mark.store  # on SQLite, then on PostgreSQL (conftest.py)

YEAR = dt.date.today().year - 1  # a finished year: every period has ended


def add(ws, type_key, date, **opts):
    """Store a meeting (no documents: fast), as `prepare --date` would."""
    meeting_type = ws.plugins.meeting_type(type_key)
    meeting, expected, _ = settle(ws, meeting_type, Options(date=date, **opts))
    return ws.store.add_meeting(meeting, expected)


def sign(ws, meeting, name, status="present"):
    ws.store.sign_in(meeting.id, name, at=f"{meeting.date}T19:20:00", status=status, method="cli")


def set_ledger(workspace, *lines, since=f"{YEAR}-01-01"):
    """Rewrite meetkit.toml's [ledger] table (init writes it last, with since = the init day)."""
    config = workspace / "meetkit.toml"
    text = config.read_text(encoding="utf-8")
    text = text[: text.index("\n[ledger]\n") + 1]
    body = ([f"since = {since}"] if since else []) + list(lines)
    config.write_text(text + "[ledger]\n" + "\n".join(body) + "\n", encoding="utf-8")
    return config


def fabricate(ws, run):
    """A year with known gaps: committee none in March and August; general none in Q3;
    lessons in February (the secretary) and September only; group 2 none in December;
    no democratic life meeting; a life meeting in November with its pack (appraisal ballot)."""
    y = YEAR
    committee = [add(ws, "committee", f"{y}-{m:02d}-05") for m in range(1, 13) if m not in (3, 8)]
    for month in (2, 5, 11):
        add(ws, "general", f"{y}-{month:02d}-15")
    add(ws, "lesson", f"{y}-02-20", lecturer="王建国", topic="学习党章")
    add(ws, "lesson", f"{y}-09-20", lecturer="李秀英")
    for m in range(1, 13):
        add(ws, "group", f"{y}-{m:02d}-10", group="第一党小组")
        if m != 12:
            add(ws, "group", f"{y}-{m:02d}-11", group="第二党小组")
        add(ws, "theme-day", f"{y}-{m:02d}-01")
    run("prepare", "life", "--no-input", "--date", f"{y}-11-25")
    # January's committee: 王建国 on time, 李秀英 late, 张伟 on leave. February: no record.
    jan = committee[0]
    sign(ws, jan, "王建国")
    sign(ws, jan, "李秀英", "late")
    ws.store.record_leave(
        jan.id, "张伟", kind="official", reason="出差", at=f"{y}-01-05T18:00:00", method="cli"
    )
    for meeting in committee[2:]:  # April onwards: everyone came
        for name in ("王建国", "李秀英", "张伟"):
            sign(ws, meeting, name)
    return committee


@pytest.fixture
def year(workspace, run):
    set_ledger(workspace)
    ws = Workspace(workspace)
    committee = fabricate(ws, run)
    run(
        "action",
        "add",
        committee[0].id,
        "更新党员信息台账",
        "--owner",
        "张伟",
        "--due",
        f"{YEAR}-02-28",
    )
    run(
        "action",
        "add",
        committee[0].id,
        "组织主题党日",
        "--owner",
        "刘洋",
        "--due",
        f"{YEAR}-03-31",
    )
    run("action", "done", "2")
    return committee


def ledger_json(run, *args):
    return json.loads(run("ledger", "--year", str(YEAR), "--json", *args).stdout)


def test_gaps_named_per_type_and_period(run, year):
    data = ledger_json(run)
    types = {(t["type"], t["group"]): t for t in data["types"]}
    committee = types[("committee", None)]
    assert committee["held"] == 10 and committee["required_per_year"] == 12
    assert committee["by_month"] == [1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1]
    assert committee["status"] == "gaps"
    assert committee["gaps"] == ["支部委员会：3月未召开", "支部委员会：8月未召开"]
    assert types[("general", None)]["gaps"] == ["支部党员大会：第三季度未召开"]
    assert types[("lesson", None)]["gaps"] == ["党课：第二季度未召开", "党课：第四季度未召开"]
    assert types[("group", "第一党小组")]["gaps"] == []
    assert types[("group", "第一党小组")]["status"] == "ok"
    assert types[("group", "第二党小组")]["gaps"] == ["党小组会（第二党小组）：12月未召开"]
    assert types[("theme-day", None)]["gaps"] == []
    assert types[("life", None)]["held"] == 1 and types[("life", None)]["gaps"] == []
    # 民主生活会 is a leadership team's: not asked of an ordinary branch unless [ledger] says so.
    assert types[("democratic-life", None)]["status"] == "not-required"
    assert types[("democratic-life", None)]["gaps"] == []
    assert len(data["gaps"]) == 6
    periods = {p["period"]: p["status"] for p in committee["periods"]}
    assert periods[f"{YEAR}-03"] == "missing" and periods[f"{YEAR}-04"] == "ok"


def test_key_items(run, year):
    checks = ledger_json(run)["checks"]
    assert checks["secretary_lesson"]["held"] is True
    assert checks["secretary_lesson"]["detail"] == f"{YEAR}年2月20日，王建国主讲《学习党章》"
    assert checks["life"]["held"] is True and checks["life"]["meetings"] == [f"{YEAR}-11-25-life"]
    assert checks["appraisal"]["held"] is True


def test_attendance_rates_and_unknown_meetings(run, year):
    att = ledger_json(run)["attendance"]
    by_id = {m["id"]: m for m in att["meetings"]}
    jan = by_id[f"{YEAR}-01-05-committee"]
    assert (jan["expected"], jan["attended"], jan["late"], jan["leave"], jan["absent"]) == (
        3,
        2,
        1,
        1,
        0,
    )
    assert jan["rate"] == pytest.approx(2 / 3, abs=1e-4)
    feb = by_id[f"{YEAR}-02-05-committee"]
    assert feb["known"] is False and feb["rate"] is None and feb["attended"] is None
    assert by_id[f"{YEAR}-04-05-committee"]["rate"] == 1.0
    members = {m["name"]: m for m in att["members"]}
    # 张伟: expected at 9 committee meetings with records, came to 8, on leave once.
    zw = members["张伟"]
    assert (zw["expected"], zw["attended"], zw["leave"], zw["absent"]) == (9, 8, 1, 0)
    assert zw["rate"] == pytest.approx(8 / 9, abs=1e-4)
    assert members["李秀英"]["late"] == 1 and members["李秀英"]["rate"] == 1.0
    assert members["孙婷"]["expected"] == 0 and members["孙婷"]["rate"] is None
    assert members["孙婷"]["unknown"] > 0
    assert att["overall_rate"] == pytest.approx(26 / 27, abs=1e-4)
    assert att["unknown_meetings"] == len(att["meetings"]) - 9


def test_actions_in_the_ledger(run, year):
    actions = ledger_json(run)["actions"]
    assert (actions["decided"], actions["done"], actions["open"], actions["overdue"]) == (
        2,
        1,
        1,
        1,
    )
    assert [(a["text"], a["overdue"]) for a in actions["open_items"]] == [
        ("更新党员信息台账", True)
    ]


def test_overrides_in_meetkit_toml(run, workspace, year):
    set_ledger(workspace, "lesson = 2", '"democratic-life" = "none"', "general = 5")
    types = {(t["type"], t["group"]): t for t in ledger_json(run)["types"]}
    lesson = types[("lesson", None)]
    assert (lesson["required_per_year"], lesson["period_months"], lesson["gaps"]) == (2, 6, [])
    assert lesson["requirement"] == "每半年1次" and lesson["requirement_source"] == "meetkit.toml"
    assert types[("democratic-life", None)]["status"] == "not-required"
    # 5 a year doesn't divide the months evenly: only the year's total is checked.
    general = types[("general", None)]
    assert general["period_months"] is None and general["requirement"] == "每年5次"
    assert general["gaps"] == ["支部党员大会：全年应召开5次，实际召开3次"]


def test_bad_override_is_one_line_naming_the_line(run, workspace, year):
    config = set_ledger(workspace, 'lesson = "weekly"')
    line = len(config.read_text(encoding="utf-8").splitlines())
    result = run("ledger", "--year", str(YEAR), ok=False)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {config}:{line}: [ledger] lesson: 'weekly' is not one of monthly, quarterly, "
        "half-yearly, yearly, none"
    ]
    set_ledger(workspace, "meeting = 4")
    result = run("ledger", "--year", str(YEAR), ok=False)
    assert "[ledger] meeting: no meeting type 'meeting'" in result.output
    assert not (workspace / f"ledger-{YEAR}.docx").exists()


def test_english_gap_names(run, year):
    data = ledger_json(run, "--lang", "en")
    assert "committee: none in March" in data["gaps"]
    assert "general: none in Q3" in data["gaps"]
    assert "group (第二党小组): none in December" in data["gaps"]
    assert not any(g.startswith("democratic-life") for g in data["gaps"])


def test_a_period_not_yet_over_is_not_a_gap(workspace, run, year):
    ws = Workspace(workspace)
    mid_june = dt.date(YEAR, 6, 15)
    ledger = ledger_mod.build(ws, YEAR, today=mid_june)
    committee = next(t for t in ledger.types if t.key == "committee")
    assert ledger_report.gaps(committee, YEAR, "zh-CN") == ["支部委员会：3月未召开"]
    statuses = {p.key: p.status for p in committee.periods}
    assert statuses[f"{YEAR}-06"] == "ok"  # held on the 5th
    assert statuses[f"{YEAR}-07"] == "planned"  # stored for July, not held yet
    general = next(t for t in ledger.types if t.key == "general")
    assert [p.status for p in general.periods] == ["ok", "ok", "upcoming", "planned"]
    life = next(t for t in ledger.types if t.key == "life")
    assert life.missing == [] and life.status == "in-progress"
    assert next(c for c in ledger.checks if c.key == "life").status == "not-yet"


def test_no_secretary_lesson(workspace, run):
    set_ledger(workspace)
    ws = Workspace(workspace)
    add(ws, "lesson", f"{YEAR}-03-01", lecturer="李秀英")
    checks = ledger_json(run)["checks"]
    assert checks["secretary_lesson"] == {
        "held": False,
        "status": "no",
        "detail": "",
        "meetings": [],
    }
    assert checks["life"]["held"] is False and checks["appraisal"]["held"] is False


def test_terminal_table_and_docx(run, workspace, year):
    out = run("ledger", "--year", str(YEAR)).output
    assert "会议类型" in out and "已开" in out
    assert "  支部委员会：3月、8月未召开" in out
    assert "  党小组会（第二党小组）：12月未召开" in out
    assert f"Wrote ledger-{YEAR}.docx" in out
    path = workspace / f"ledger-{YEAR}.docx"
    doc = Document(str(path))
    text = [p.text for p in doc.paragraphs]
    assert text[0] == f"示例社区第一党支部{YEAR}年度“三会一课”等组织生活开展情况台账"
    assert f"（{YEAR}年度）" in text
    assert "支部委员会：3月、8月未召开" in text
    assert "支部党员大会：第三季度未召开" in text
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    types, months, checks, meetings, members, open_actions = tables
    assert types[0] == ["序号", "会议类型", "要求", "已开次数", "情况"]
    assert types[1] == ["1", "支部委员会", "每月1次", "10", "有缺项"]
    assert months[1] == [
        "支部委员会",
        "1",
        "1",
        "",
        "1",
        "1",
        "1",
        "1",
        "",
        "1",
        "1",
        "1",
        "1",
        "10",
    ]
    assert checks[1] == ["1", "书记讲党课", "是", f"{YEAR}年2月20日，王建国主讲《学习党章》"]
    assert checks[3][1:3] == ["民主评议党员", "是"]
    jan = next(r for r in meetings if r[1] == "1月5日")
    assert jan[2:] == ["支部委员会：研究部署本月支部工作", "3", "2", "1", "0", "66.7%"]
    feb = next(r for r in meetings if r[1] == "2月5日" and "支部委员会" in r[2])
    assert feb[4:] == ["—", "—", "—", "无记录"]
    assert any(p.startswith("出勤率＝实到人数÷应到人数") for p in text)
    assert next(r for r in members if r[1] == "张伟")[3:8] == ["9", "8", "1", "0", "88.9%"]
    assert open_actions[1][1:4] == ["更新党员信息台账", "张伟", f"{YEAR}年2月28日"]
    assert open_actions[1][5] == "逾期"

    # Chinese formatting (GB/T 9704): A4, margins, title font, East Asian font on every run.
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    title_fonts = doc.paragraphs[0].runs[0]._r.rPr.rFonts
    assert title_fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    for run_el in doc.element.body.iter(qn("w:r")):
        fonts = run_el.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        assert fonts is not None and fonts.get(qn("w:eastAsia")), "".join(run_el.itertext())


def test_json_writes_no_file_unless_asked(run, workspace, year, tmp_path):
    ledger_json(run)
    assert not (workspace / f"ledger-{YEAR}.docx").exists()
    out = tmp_path / "台账.docx"
    ledger_json(run, "--out", str(out))
    assert Document(str(out)).tables[0].rows[1].cells[1].text == "支部委员会"


def test_english_docx(run, workspace, year, tmp_path):
    out = tmp_path / "ledger.docx"
    run("ledger", "--year", str(YEAR), "--lang", "en", "--out", str(out))
    doc = Document(str(out))
    assert doc.paragraphs[0].text == f"Ledger of meetings {YEAR}: 示例社区第一党支部"
    assert "committee: none in March, August" in [p.text for p in doc.paragraphs]
    assert doc.tables[0].rows[0].cells[1].text == "Meeting type"


def test_user_text_is_escaped(run, workspace, tmp_path):
    set_ledger(workspace)
    ws = Workspace(workspace)
    add(ws, "lesson", f"{YEAR}-03-01", lecturer="王建国", topic='<b>&党课"')
    out = tmp_path / "l.docx"
    run("ledger", "--year", str(YEAR), "--out", str(out))
    checks = Document(str(out)).tables[2]
    assert checks.rows[1].cells[3].text == f'{YEAR}年3月1日，王建国主讲《<b>&党课"》'


def test_empty_year(run, workspace):
    set_ledger(workspace, since="2001-01-01")
    out = run("ledger", "--year", "2001").output
    assert "支部委员会：1月、2月、3月、4月、5月、6月、7月、8月、9月、10月、11月、12月未召开" in out
    assert (workspace / "ledger-2001.docx").exists()
    result = run("ledger", "--year", "20001", ok=False)
    assert result.exit_code == 2 and "is not a year" in result.output


def test_ledger_opens_in_libreoffice(run, workspace, year, soffice, tmp_path):
    """LibreOffice converts the Word ledger; the PDF text holds the gaps and the tables."""
    import re

    run("ledger", "--year", str(YEAR))
    pdfs = to_pdf(soffice, [workspace / f"ledger-{YEAR}.docx"], tmp_path)
    text = pdf_text(pdfs[f"ledger-{YEAR}"])
    flat = re.sub(r"\s", "", text)
    assert "支部委员会：3月、8月未召开" in flat
    assert "书记讲党课" in flat and "无记录" in flat and "66.7%" in flat
    assert "更新党员信息台账" in flat


def test_democratic_life_required_where_ledger_says_so(run, workspace, year):
    set_ledger(workspace, '"democratic-life" = "yearly"')
    data = ledger_json(run)
    dl = next(t for t in data["types"] if t["type"] == "democratic-life")
    assert dl["requirement_source"] == "meetkit.toml"
    assert dl["gaps"] == [f"民主生活会：{YEAR}年未召开"]


def test_counts_from_since(run, workspace, year):
    """A workspace started in November: January to October are not gaps, November on are."""
    set_ledger(workspace, since=f"{YEAR}-11-20")
    data = ledger_json(run)
    types = {(t["type"], t["group"]): t for t in data["types"]}
    assert data["since"] == f"{YEAR}-11-20"
    committee = types[("committee", None)]
    assert committee["gaps"] == [] and committee["status"] == "ok"
    periods = {p["period"]: p["status"] for p in committee["periods"]}
    assert periods[f"{YEAR}-03"] == "before" and periods[f"{YEAR}-11"] == "ok"
    # Q4 ends after since: still required. 第二党小组 held none in December: still a gap.
    assert types[("group", "第二党小组")]["gaps"] == ["党小组会（第二党小组）：12月未召开"]
    assert types[("lesson", None)]["gaps"] == ["党课：第四季度未召开"]
    out = run("ledger", "--year", str(YEAR)).output
    assert f"自{YEAR}年11月20日起统计" in out
    paragraphs = [p.text for p in Document(str(workspace / f"ledger-{YEAR}.docx")).paragraphs]
    assert any(p.startswith(f"自{YEAR}年11月20日起统计") for p in paragraphs)
    # A year wholly before the start: nothing is a gap.
    before = json.loads(run("ledger", "--year", str(YEAR - 1), "--json").stdout)
    assert before["gaps"] == [] and {t["status"] for t in before["types"]} <= {
        "before",
        "not-required",
    }


def test_since_defaults_to_the_day_of_init(tmp_path):
    from meetkit.meetings.init import init_workspace

    ws = Workspace(init_workspace(tmp_path / "new"))
    assert ws.config.ledger["since"] == dt.date.today()
    assert ledger_mod.since(ws) == dt.date.today()


def test_since_fallback_for_older_workspaces(workspace):
    """Made before `since` existed: the earlier of the secret's day and the first meeting."""
    set_ledger(workspace, since=None)
    ws = Workspace(workspace)
    # The secret's day is its file's modification time: set it, since the file system stamps
    # files with the real clock whatever the test's clock says.
    made = dt.datetime(YEAR, 6, 1, 12, 0)
    os.utime(ws.secret_path, (made.timestamp(), made.timestamp()))
    assert ledger_mod.since(ws) == made.date()
    add(ws, "committee", f"{YEAR}-04-05")
    assert ledger_mod.since(Workspace(workspace)) == dt.date(YEAR, 4, 5)
    set_ledger(workspace, since='"last spring"')
    with pytest.raises(Exception, match=r"meetkit.toml:\d+: \[ledger\] since must be a date"):
        ledger_mod.since(Workspace(workspace))


def test_cancelled_meetings_are_listed_not_held(run, workspace, year, monkeypatch):
    """A cancelled meeting (branch docs adds cancelled_at/cancel_reason) is not counted as held
    and is listed with its reason."""
    from meetkit.store import meetings as store_meetings

    real = store_meetings._meeting

    def with_cancel(row):
        m = real(row)
        if m.id == f"{YEAR}-04-05-committee":
            m.cancelled_at = dt.datetime(YEAR, 4, 4, 10)
            m.cancel_reason = "与区委会议冲突"
        return m

    monkeypatch.setattr(store_meetings, "_meeting", with_cancel)
    ws = Workspace(workspace)
    ledger = ledger_mod.build(ws, YEAR)
    data = ledger_report.as_dict(ledger)
    committee = next(t for t in data["types"] if t["type"] == "committee")
    assert committee["held"] == 9 and committee["by_month"][3] == 0
    assert "支部委员会：4月未召开" in committee["gaps"]
    assert data["cancelled"][0]["id"] == f"{YEAR}-04-05-committee"
    assert data["cancelled"][0]["reason"] == "与区委会议冲突"
    assert f"{YEAR}-04-05-committee" not in {m["id"] for m in data["attendance"]["meetings"]}
    lines = [x for x in ledger_report.terminal_lines(ledger) if isinstance(x, str)]
    assert f"  {YEAR}-04-05 支部委员会：研究部署本月支部工作：与区委会议冲突" in lines
    out = workspace / "cancelled.docx"
    ledger_report.write_docx(ws, ledger, out)
    text = [p.text for p in Document(str(out)).paragraphs]
    assert "已取消的会议（不计入已开）" in text
    assert f"{YEAR}-04-05 支部委员会：研究部署本月支部工作：与区委会议冲突" in text
