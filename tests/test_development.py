"""Developing new members (发展党员, meetkit.development): one applicant walked through every
step on real dates with the clock fixed by time-machine: refusals with the article and the
earliest date, --override, sponsors, training hours, a publicity over the 2026 Labour Day
holiday, the admission through a general meeting's vote, the approval deadline, the roster,
the documents (python-docx), the list footer and what is overdue."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json

import pytest
import time_machine
from core_helpers import all_text
from docx import Document

pytestmark = pytest.mark.store

NAME = "王小明"


@contextlib.contextmanager
def on(day: str):
    """The clock at 10:00 on ``day`` (meetkit reads it only through meetkit.clock)."""
    with time_machine.travel(dt.datetime.fromisoformat(f"{day}T10:00:00"), tick=False):
        yield


def step(run, *args, ok=True):
    return run("development", "step", NAME, *args, ok=ok)


def person(run) -> dict:
    return json.loads(run("development", NAME, "--json").output)


def docx_text(path) -> str:
    """Every text of the document, meetkit's tagged fields (content controls) included."""
    return all_text(Document(str(path)))


def prepared_id(output: str) -> str:
    return next(line.split()[1] for line in output.splitlines() if line.startswith("Prepared "))


def walk_to_candidate(run):
    with on("2024-09-20"):
        run("development", "add", NAME, "--applied", "2024-09-02", "--born", "2001-05-04",
            "--group", "第一党小组")  # fmt: skip
        step(run, "talk", "--date", "2024-09-16", "--by", "王建国", "--note", "谈入党动机")
    with on("2024-10-09"):
        step(run, "activist", "--date", "2024-10-08")
        step(run, "contacts", "--date", "2024-10-08", "--by", "刘洋", "--by", "陈静")
    with on("2025-04-09"):
        step(run, "review", "--date", "2025-04-08", "--by", "刘洋", "--note", "表现积极")


def test_one_applicant_through_every_step(run, workspace):
    walk_to_candidate(run)
    with on("2025-09-10"):
        # eleven months after `activist`: refused with the article and the earliest date
        refused = step(run, "candidate", "--date", "2025-09-08", ok=False)
        assert refused.exit_code == 1
        assert "第十三条" in refused.output and "2025-10-08" in refused.output
        assert "Traceback" not in refused.output
        assert "candidate" not in [s["step"] for s in person(run)["steps"]]
        # then recorded with the reason, shown with the step
        done = step(run, "candidate", "--date", "2025-09-08", "--override", "上级党委同意提前")
        assert "overridden" in done.output and "第十三条" in done.output
        got = next(s for s in person(run)["steps"] if s["step"] == "candidate")
        assert got == {
            "step": "candidate",
            "date": "2025-09-08",
            "by": [],
            "meeting": None,
            "override": "上级党委同意提前",
        }
        assert "上级党委同意提前" in run("development", NAME).output
        # a probationary member (赵磊 on the demo roster) is refused as a sponsor
        refused = step(run, "sponsors", "--date", "2025-09-09", "--by", "赵磊", "--by", "王建国",
                       ok=False)  # fmt: skip
        assert refused.exit_code == 1
        assert "赵磊" in refused.output and "第十四条" in refused.output
        step(run, "sponsors", "--date", "2025-09-09", "--by", "刘洋", "--by", "陈静")
    with on("2025-11-11"):
        step(run, "political-review", "--date", "2025-10-20", "--by", "李秀英",
             "--note", "政治历史清楚，无问题")  # fmt: skip
        refused = step(run, "training", "--date", "2025-11-10", "--hours", "16", ok=False)
        assert refused.exit_code == 1
        assert "16" in refused.output and "第十七条" in refused.output
        step(run, "training", "--date", "2025-11-10", "--hours", "24")
    with on("2026-05-20"):
        # 04-29..05-07 spans the five-day Labour Day holiday: 4 working days, not 5
        refused = step(run, "publicity", "--from", "2026-04-29", "--to", "2026-05-07", ok=False)
        assert refused.exit_code == 1
        assert "4 working day" in refused.output and "本地规定" in refused.output
        assert "2026-05-08" in refused.output  # the earliest last day
        step(run, "publicity", "--from", "2026-05-11", "--to", "2026-05-15")
        refused = step(run, "pre-review", "--date", "2026-05-15", ok=False)  # publicity not over
        assert "2026-05-16" in refused.output
        step(run, "pre-review", "--date", "2026-05-18")
        assert person(run)["next"]["step"] == "admission"
    with on("2026-06-10"):
        out = run("prepare", "general", "--no-input", "--date", "2026-06-10", "--time", "15:00",
                  "--admit", NAME).output  # fmt: skip
        meeting = prepared_id(out)
        items = json.loads(run("votes", meeting, "--json").output)
        admit = next(i for i in items if NAME in i["text"])
        assert admit["required"] == 6  # 10 voting members should attend
        voted = run("vote", meeting, str(admit["item"]), "--for", "8", "--against", "1",
                    "--abstain", "1").output  # fmt: skip
        assert "recorded admission" in voted
        # the agenda item carries its procedure; the minutes write the 决议 sentence
        agenda = docx_text(next((workspace / "meetings").glob(f"*{meeting}*/agenda.docx")))
        assert "入党介绍人介绍发展对象情况" in agenda and "逐个表决" in agenda
        run("minutes", meeting)
        minutes = docx_text(next((workspace / "meetings").glob(f"*{meeting}*/minutes.docx")))
        assert "会议同意接收王小明同志为中共预备党员。" in minutes
        me = person(run)
        got = next(s for s in me["steps"] if s["step"] == "admission")
        assert got["date"] == "2026-06-10" and got["meeting"] == meeting
        assert me["stage"] == "admitted"
        # the higher committee approves within three months
        assert me["next"] == {
            "step": "approval",
            "earliest": "2026-06-10",
            "deadline": "2026-09-10",
            "article": "《中国共产党发展党员工作细则》第二十四条",
        }
        assert not any(m["name"] == NAME for m in json.loads(run("members", "--json").output))
    with on("2026-07-21"):
        done = step(run, "approval", "--date", "2026-07-15")
        assert "members.csv" in done.output
        row = next(r for r in csv.DictReader(open(workspace / "members.csv", encoding="utf-8"))
                   if r["name"] == NAME)  # fmt: skip
        assert row["status"] == "probationary" and row["joined"] == "2026-06-10"
        member = next(m for m in json.loads(run("members", "--json").output) if m["name"] == NAME)
        assert member["status"] == "probationary" and member["voting"] is False
        step(run, "oath", "--date", "2026-07-20")
    with on("2026-12-02"):
        step(run, "probation-review", "--date", "2026-12-01", "--by", "刘洋")
        assert "Due for full membership" not in run("list").output
    with on("2027-04-20"):
        footer = run("list").output
        assert f"Due for full membership: {NAME}, probation ends 2027-06-10" in footer
        refused = step(run, "full-membership", "--date", "2027-04-20", ok=False)
        assert "--meeting" in refused.output
    with on("2027-06-15"):
        out = run("prepare", "general", "--no-input", "--date", "2027-06-15", "--time", "15:00",
                  "--full-membership", NAME).output  # fmt: skip
        meeting2 = prepared_id(out)
        items = json.loads(run("votes", meeting2, "--json").output)
        convert = next(i for i in items if NAME in i["text"])
        voted = run("vote", meeting2, str(convert["item"]), "--for", "9", "--against", "0",
                    "--abstain", "1").output  # fmt: skip
        assert "recorded full-membership" in voted
    with on("2027-07-01"):
        step(run, "full-approval", "--date", "2027-06-30")
        row = next(r for r in csv.DictReader(open(workspace / "members.csv", encoding="utf-8"))
                   if r["name"] == NAME)  # fmt: skip
        assert row["status"] == "full"
        me = person(run)
        assert me["stage"] == "full" and me["next"] is None
        counts = json.loads(run("ledger", "--year", "2027", "--json").output)["development"][
            "counts"
        ]
        assert counts["full-approval"] == 1 and counts["admission"] == 0
        assert [s["step"] for s in me["steps"]] == [
            "talk", "activist", "contacts", "review", "candidate", "sponsors",
            "political-review", "training", "publicity", "pre-review", "admission", "approval",
            "oath", "probation-review", "full-membership", "full-approval",
        ]  # fmt: skip
        # every document again, each with the person's dates in it
        written = run("development", NAME, "--documents").output
        folder = workspace / "development" / NAME
        for name in ("talk", "activist", "publicity", "political-review", "admission",
                     "probation-review", "full-membership", "checklist"):  # fmt: skip
            assert f"{name}.docx" in written
        assert "2024年9月16日" in docx_text(folder / "talk.docx")
        assert "谈入党动机" in docx_text(folder / "talk.docx")
        admission = docx_text(folder / "admission.docx")
        assert "2026年6月10日" in admission and "2027年6月10日" in admission
        assert "赞成8票" in admission and "刘洋、陈静" in admission
        publicity = docx_text(folder / "publicity.docx")
        assert "2026年5月11日" in publicity and "5个工作日" in publicity
        checklist = docx_text(folder / "checklist.docx")
        assert "上级党委同意提前" in checklist and "2025.09.08" in checklist


def test_overdue_on_a_fixed_clock(run, workspace):
    with on("2025-08-20"):
        run("development", "add", "李华", "--applied", "2025-08-01")
        run("development", "add", "钱进", "--applied", "2025-08-20")
    with on("2025-09-10"):
        listed = {p["name"]: p for p in json.loads(run("development", "--json").output)}
        # 李华's talk was due within a month of the application (第七条): 2025-09-01
        assert listed["李华"]["overdue"] is True
        assert listed["李华"]["next"] == {
            "step": "talk",
            "earliest": "2025-08-01",
            "deadline": "2025-09-01",
            "article": "《中国共产党发展党员工作细则》第七条",
        }
        assert listed["钱进"]["overdue"] is False
        assert "李华" in run("development").output.splitlines()[-1]
        # the ledger's 发展党员 section says so too
        ledger = json.loads(run("ledger", "--year", "2025", "--json").output)["development"]
        assert ledger["counts"]["applied"] == 2
        assert {p["name"]: p["overdue"] for p in ledger["people"]} == {"李华": True, "钱进": False}
        lines = run("ledger", "--year", "2025").output.splitlines()
        section = lines[lines.index("六、发展党员") :]  # the ledger speaks the workspace's zh-CN
        assert any("李华" in line and "已逾期" in line for line in section)
        ledger_docx = docx_text(workspace / "ledger-2025.docx")
        assert "六、发展党员" in ledger_docx and "李华" in ledger_docx and "逾期" in ledger_docx


def test_bad_input_is_one_line(run):
    with on("2025-03-01"):
        under = run("development", "add", "小孩", "--applied", "2025-03-01", "--born",
                    "2008-01-01", ok=False)  # fmt: skip
        assert under.exit_code == 1 and "第五条" in under.output and "2026-01-01" in under.output
        for args in (
            ("development", "step", "没有这人", "talk"),
            ("development", "add", "李华", "--applied", "2025-02-30"),
        ):
            result = run(*args, ok=False)
            assert result.exit_code == 1 and "Traceback" not in result.output
            assert len(result.output.strip().splitlines()) == 1
        run("development", "add", "李华", "--applied", "2025-02-03")
        assert run("development", "add", "李华", ok=False).exit_code == 1
        bad = run("development", "step", "李华", "publicity", "--date", "2025-02-10", ok=False)
        assert bad.exit_code == 1 and "--from" in bad.output
        unknown = run("development", "step", "李华", "interview", ok=False)
        assert unknown.exit_code == 1 and "talk" in unknown.output
        assert not json.loads(run("development", "李华", "--json").output)["steps"]


def test_the_templates_rebuild_byte_for_byte(tmp_path):
    import importlib.util
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location(
        "build_development_templates", repo / "tools" / "build_development_templates.py"
    )
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    written = builder.build_all(tmp_path)
    shipped = repo / "meetkit" / "development" / "templates"
    assert sorted(p.relative_to(tmp_path) for p in written) == sorted(
        p.relative_to(shipped) for p in shipped.glob("*/*.docx")
    )
    for path in written:
        assert path.read_bytes() == (shipped / path.relative_to(tmp_path)).read_bytes(), path


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_documents_convert_with_libreoffice(run, workspace, soffice, tmp_path, lang):
    from helpers import pdf_text, to_pdf

    config = workspace / "meetkit.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('lang = "zh-CN"', f'lang = "{lang}"'),
        encoding="utf-8",
    )
    walk_to_candidate(run)
    with on("2025-10-09"):
        step(run, "candidate", "--date", "2025-10-08")
        step(run, "sponsors", "--date", "2025-10-09", "--by", "刘洋", "--by", "陈静")
    with on("2026-05-20"):
        step(run, "political-review", "--date", "2025-11-03", "--note", "A & B <ok>")
        step(run, "publicity", "--from", "2026-05-11", "--to", "2026-05-15")
        run("development", NAME, "--documents")
    folder = workspace / "development" / NAME
    files = sorted(folder.glob("*.docx"))
    assert {p.stem for p in files} == {
        "talk", "activist", "publicity", "political-review", "checklist",
    }  # fmt: skip
    pdfs = to_pdf(soffice, files, tmp_path / "pdf")
    talk = pdf_text(pdfs["talk"])
    publicity = pdf_text(pdfs["publicity"])
    if lang == "zh-CN":  # pdftotext spaces out digits among Chinese characters
        assert "入党申请人谈话记录" in talk and "2024年9月16日" in talk.replace(" ", "")
        assert "发展对象公示" in publicity and "5个工作日" in publicity.replace(" ", "")
    else:
        assert "Record of the Talk" in talk and "16 September 2024" in talk
        assert "5 working days" in publicity
    assert "A & B <ok>" in pdf_text(pdfs["political-review"])  # user text escaped
    review = docx_text(folder / "activist.docx")
    assert "表现积极" in review and "刘洋、陈静" in review.replace(", ", "、")


def test_the_list_footer_and_the_console_home_read_the_roster(run, workspace):
    """A member who entered as probationary on 2025-12-20 (the roster's 入党时间 column) is due
    for 转正 on 2026-12-20: `meetkit list` and the console's home say so within 60 days."""
    from meetkit.web import create_app
    from meetkit.workspace import Workspace

    roster = workspace / "members.csv"
    rows = roster.read_text(encoding="utf-8").splitlines()
    rows = [rows[0] + ",入党时间"] + [
        r + ("," + ("2025-12-20" if r.startswith("赵磊,") else "")) for r in rows[1:]
    ]
    roster.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with on("2026-09-01"):  # 110 days before
        assert "Due for full membership" not in run("list").output
    with on("2026-10-25"):
        assert "Due for full membership: 赵磊, probation ends 2026-12-20" in run("list").output
        app = create_app(Workspace(workspace), admin_token="t0ken", public_url="http://127.0.0.1:9")
        client = app.test_client()
        assert client.get("/admin?token=t0ken").status_code == 303
        page = client.get("/admin").get_data(as_text=True)
        assert 'id="due-full-membership"' in page and "赵磊" in page and "2026-12-20" in page


def test_local_rules_are_configurable_and_marked_local(run, workspace):
    from meetkit.development import rules

    builtin = {r.id: r for r in rules.load()}
    assert builtin["publicity-five-workdays"].local and not builtin["sponsors"].local
    assert all(r.article and r.quote for r in builtin.values())
    walk_to_candidate(run)
    with on("2025-10-09"):
        step(run, "candidate", "--date", "2025-10-08")
    local = workspace / "development-rules.toml"
    local.write_text(
        '[text]\ntitle = "某区规定"\n\n[[rule]]\nid = "publicity-five-workdays"\n'
        'kind = "min_workdays"\nstep = "publicity"\nworkdays = 3\narticle = "区委组织部规定"\n'
        'quote = "公示期不少于三个工作日。"\n',
        encoding="utf-8",
    )
    with on("2026-05-20"):
        short = step(run, "publicity", "--from", "2026-05-11", "--to", "2026-05-12", ok=False)
        assert "区委组织部规定" in short.output and "2026-05-13" in short.output
        step(run, "publicity", "--from", "2026-05-11", "--to", "2026-05-13")
    local.write_text('[[rule]]\nid = "sponsors"\nkind = "note"\nstep = "sponsors"\n'
                     'article = "x"\nquote = "y"\n', encoding="utf-8")  # fmt: skip
    changed = run("development", NAME, ok=False)
    assert changed.exit_code == 1 and "development-rules.toml" in changed.output
    local.write_text(
        '[[rule]]\nid = "publicity-five-workdays"\nenabled = false\n', encoding="utf-8"
    )
    assert not [r for r in rules.load(workspace) if r.step == "publicity"]


def test_extending_the_probation(run, workspace):
    """延长预备期: six months to a year, once, when the probation ends; 转正 moves with it."""
    from meetkit.development import pipeline
    from meetkit.workspace import Workspace

    with on("2026-07-20"):
        ws = Workspace(workspace)
        pipeline.add(ws, NAME, "2024-09-02")
        for key, day in (("talk", "2024-09-16"), ("activist", "2024-10-08"),
                         ("candidate", "2025-10-08")):  # fmt: skip
            pipeline.record(ws, NAME, key, date=day, write_documents=False)
        pipeline.record(ws, NAME, "sponsors", date="2025-10-09", by=("刘洋", "陈静"))
        pipeline.record(ws, NAME, "training", date="2025-11-10", hours=24)
        pipeline.record(ws, NAME, "political-review", date="2025-10-20")
        pipeline.record(ws, NAME, "publicity", date_from="2026-05-11", date_to="2026-05-15")
        pipeline.record(ws, NAME, "pre-review", date="2026-05-18")
        meeting = prepared_id(
            run("prepare", "general", "--no-input", "--date", "2026-06-10", "--admit", NAME).output
        )
        run("vote", meeting, "--for", "8", "--against", "0", "--abstain", "0", "1", ok=False)
        item = next(
            i for i in json.loads(run("votes", meeting, "--json").output) if NAME in i["text"]
        )
        run("vote", meeting, str(item["item"]), "--for", "8", "--against", "0", "--abstain", "0")
        step(run, "approval", "--date", "2026-07-15")
        step(run, "oath", "--date", "2026-07-20")
    with on("2027-05-01"):
        early = step(run, "probation-review", "--date", "2027-05-01", "--extend", "6", ok=False)
        assert early.exit_code == 1 and "2027-06-10" in early.output
    with on("2027-06-12"):
        short = step(run, "probation-review", "--extend", "3", ok=False)
        assert short.exit_code == 1 and "第三十二条" in short.output and "6 to 12" in short.output
        step(run, "probation-review", "--extend", "6", "--note", "需要继续考察")
        assert person(run)["next"]["step"] == "full-membership"
        assert person(run)["next"]["earliest"] == "2027-12-10"
        again = step(run, "probation-review", "--extend", "6", ok=False)
        assert again.exit_code == 1 and "once" in again.output
        refused = step(run, "review", "--extend", "6", ok=False)
        assert refused.exit_code == 1 and "probation-review" in refused.output
    with on("2027-11-01"):
        assert "probation ends 2027-12-10" in run("list").output
    run("development", NAME, "--documents")
    table = docx_text(workspace / "development" / NAME / "probation-review.docx")
    assert "需要继续考察" in table and "6" in table


def test_the_roster_in_excel_gets_the_new_member(workspace):
    """members.xlsx (Chinese headers): the row is added as 预备党员 with 入党时间, then becomes
    正式党员; meetkit reads it back."""
    from openpyxl import Workbook, load_workbook

    from meetkit.development import rosterfile
    from meetkit.store.development import Person
    from meetkit.workspace import Workspace

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "类别", "党小组", "职务", "电话"])
    sheet.append(["王建国", "正式党员", "第一党小组", "书记", 13800000001])
    sheet.append(["李秀英", "正式党员", "第一党小组", "委员", 13800000002])
    book.save(workspace / "members.xlsx")
    (workspace / "members.csv").unlink()
    ws = Workspace(workspace)
    person = Person(1, NAME, dt.date(2024, 9, 2), None, "第一党小组", "")
    said, changed = rosterfile.join(ws, person, "probationary", dt.date(2026, 6, 10))
    assert changed and "members.xlsx" in said
    rows = list(load_workbook(workspace / "members.xlsx").worksheets[0].iter_rows(values_only=True))
    assert rows[0][-1] == "入党时间"
    assert rows[-1][:4] == (NAME, "预备党员", "第一党小组", "党员") and rows[-1][-1] == "2026-06-10"
    member = next(m for m in Workspace(workspace).members if m.name == NAME)
    assert member.status == "probationary" and member.joined == "2026-06-10"
    said, changed = rosterfile.join(ws, person, "full", dt.date(2026, 6, 10))
    assert changed
    assert next(m for m in Workspace(workspace).members if m.name == NAME).status == "full"
    # someone else of the same name on the roster: left alone, and said so
    other = Person(2, "李秀英", None, None, "", "")
    said, changed = rosterfile.join(ws, other, "probationary", dt.date(2026, 6, 10))
    assert not changed and "李秀英" in said
