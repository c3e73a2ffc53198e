"""Members are people: ids that survive renaming and reordering, members who share a name told
apart by labels (terminal, phone page, JSON API, Word documents), members away, group leaders,
the roster in Excel or GB18030, `meetkit members` and `meetkit member`."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner
from core_helpers import all_text, meetkit_process
from docx import Document
from helpers import Phone, phone_context, prepare_now

from meetkit.attendance.tokens import rotating_token
from meetkit.cli import cli
from meetkit.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures"
# Two 张伟 in different groups, two 李娜 in one group with different phones, a member away
# with a note, a group leader; the demo's secretary and organizer are kept.
ROSTER = """name,status,group,role,phone,note
王建国,full,第一党小组,secretary,13800000001,
李秀英,full,第一党小组,committee,13800000002,
张伟,full,第一党小组,member,13900001234,
张伟,full,第二党小组,group-leader,13900005678,
李娜,full,第一党小组,member,13700001111,
李娜,预备党员,第一党小组,member,13700002222,
刘洋,full,第二党小组,member,13800000004,
陈静,流动党员,第二党小组,member,13800000005,在深圳务工
"""
LABELS = {
    "张伟": "张伟（第一党小组）",
    "张伟-2": "张伟（第二党小组）",
    "李娜": "李娜（尾号1111）",
    "李娜-2": "李娜（尾号2222）",
}


def mk(root, *args, ok=True):
    result = CliRunner().invoke(
        cli, ["--workspace", str(root), *map(str, args)], catch_exceptions=False
    )
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def same_names(workspace):
    (workspace / "members.csv").write_text(ROSTER, encoding="utf-8")
    return workspace


def prepared(result) -> str:
    return next(
        line.split()[1] for line in result.output.splitlines() if line.startswith("Prepared ")
    )


def test_members_json_gives_ids_and_labels_only_where_names_are_shared(same_names):
    data = json.loads(mk(same_names, "members", "--json").output)
    by_id = {m["id"]: m for m in data}
    assert [m["id"] for m in data] == [
        "王建国",
        "李秀英",
        "张伟",
        "张伟-2",
        "李娜",
        "李娜-2",
        "刘洋",
        "陈静",
    ]
    for ident, label in LABELS.items():
        assert by_id[ident]["label"] == label
    assert by_id["刘洋"]["label"] == "刘洋"
    assert by_id["陈静"]["status"] == "away" and by_id["陈静"]["note"] == "在深圳务工"
    assert by_id["张伟-2"]["role"] == "group-leader"
    assert by_id["李娜-2"]["voting"] is False
    assert set(data[0]) >= {"id", "name", "label", "status", "group", "role"}


def test_ids_survive_reordering_and_renaming(same_names):
    mk(same_names, "members")
    rows = ROSTER.splitlines()
    # Reversed rows; the second 张伟 renamed 张卫 (same phone); 刘洋 moved to another group.
    body = [
        r.replace("张伟,full,第二党小组", "张卫,full,第二党小组").replace(
            "刘洋,full,第二党小组,member,13800000004", "刘洋,full,第一党小组,member,"
        )
        for r in reversed(rows[1:])
    ]
    (same_names / "members.csv").write_text("\n".join([rows[0], *body]) + "\n", encoding="utf-8")
    result = mk(same_names, "members", "--json")
    data = {m["name"] + m["group"]: m["id"] for m in json.loads(result.stdout)}
    assert data["张卫第二党小组"] == "张伟-2"
    assert data["张伟第一党小组"] == "张伟"
    assert data["李娜第一党小组"] in ("李娜", "李娜-2")
    assert data["刘洋第一党小组"] == "刘洋"
    # It says what it guessed.
    assert "张卫 keeps the id 张伟-2" in result.stderr and "phone" in result.stderr
    assert "刘洋 keeps the id 刘洋" in result.stderr


def test_the_cli_asks_which_one_and_takes_member(same_names):
    _cli_session(same_names)


def _cli_session(same_names) -> str:
    """A general meeting (held, so the ledger counts it) signed in from the terminal."""
    mid = prepared(mk(same_names, "prepare", "general", "--no-input", "--date", "2026-11-26"))
    result = mk(same_names, "signin", mid, "张伟", ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "张伟（第一党小组） (--member 张伟)" in result.output
    assert "张伟（第二党小组） (--member 张伟-2)" in result.output
    assert len(result.output.strip().splitlines()) == 1
    out = mk(same_names, "signin", mid, "--member", "张伟-2", "--at", "19:20").output
    assert "张伟（第二党小组） signed in at 19:20" in out
    out = mk(same_names, "signin", mid, "李娜（尾号1111）", "--at", "19:50").output
    assert "李娜（尾号1111） signed in at 19:50 (late)" in out
    unknown = mk(same_names, "signin", mid, "张为", ok=False)
    assert unknown.exit_code == 1 and "did you mean 张伟" in unknown.output
    assert (
        "(--member 李娜-2)"
        in mk(same_names, "leave", mid, "李娜", "--reason", "x", ok=False).output
    )
    out = mk(
        same_names, "leave", mid, "--member", "李娜-2", "--reason", "出差", "--kind", "official"
    ).output
    assert "李娜（尾号2222）" in out
    owner = mk(
        same_names,
        "action",
        "add",
        mid,
        "整理材料",
        "--owner",
        "张伟",
        "--due",
        "2026-12-31",
        ok=False,
    )
    assert owner.exit_code == 1 and "--member 张伟-2" in owner.output
    mk(same_names, "action", "add", mid, "整理材料", "--member", "张伟", "--due", "2026-12-31")
    data = json.loads(mk(same_names, "attendance", mid, "--json").output)
    assert data["present"] == ["张伟（第二党小组）"] and data["present_ids"] == ["张伟-2"]
    assert data["late"] == ["李娜（尾号1111）"] and data["late_ids"] == ["李娜"]
    assert data["leave"] == [{"name": "李娜（尾号2222）", "kind": "official", "reason": "出差"}]
    assert data["leave_ids"] == ["李娜-2"]
    # 陈静 is away: left out of "should attend" (7 of 8) and named as such.
    assert data["expected"] == 7 and data["away"] == [
        {"name": "陈静", "member": "陈静", "note": "在深圳务工"}
    ]
    assert "陈静" not in data["absent"]
    assert (data["quorum"]["basis_count"], data["quorum"]["required"]) == (6, 4)

    result = mk(same_names, "member", "张伟", ok=False)
    assert result.exit_code == 1 and "--member 张伟-2" in result.output
    return mid


def test_minutes_sign_in_sheet_history_and_ledger_agree(same_names):
    mid = _cli_session(same_names)
    mk(same_names, "minutes", mid)
    folder = same_names / "meetings" / mid
    minutes = all_text(Document(folder / "minutes.docx"))
    assert "张伟（第二党小组）" in minutes and "李娜（尾号1111）（迟到）" in minutes
    assert "李娜（尾号2222）（公假：出差）" in minutes
    assert "另有外出党员1人（陈静：在深圳务工），不计入应到人数" in minutes
    assert "应到7人" in minutes
    sheet = Document(folder / "signin.docx")
    rows = [[c.text for c in r.cells] for t in sheet.tables for r in t.rows]
    names = {r[1]: r for r in rows if len(r) > 2}
    for label in LABELS.values():
        assert label in names, names.keys()
    assert any("外出" in cell for cell in names["陈静"])

    history = json.loads(mk(same_names, "member", "--member", "张伟-2", "--json").output)
    assert history["label"] == "张伟（第二党小组）"
    assert [m["status"] for m in history["meetings"]] == ["present"]
    assert (history["expected"], history["attended"], history["rate"]) == (1, 1, 1.0)
    first = json.loads(mk(same_names, "member", "张伟（第一党小组）", "--json").output)
    assert first["meetings"][0]["status"] == "absent" and first["rate"] == 0.0
    assert [a["text"] for a in first["actions"]["open"]] == ["整理材料"]
    assert first["actions"]["open"][0]["owner"] == "张伟（第一党小组）"
    assert first["actions"]["open"][0]["owner_ids"] == ["张伟"]
    away = json.loads(mk(same_names, "member", "陈静", "--json").output)
    assert away["meetings"][0]["status"] == "away" and away["expected"] == 0
    ledger = json.loads(mk(same_names, "ledger", "--year", "2026", "--json").output)
    rows = {m["member"]: m for m in ledger["attendance"]["members"]}
    for ident in ("张伟", "张伟-2", "陈静"):
        h = json.loads(mk(same_names, "member", "--member", ident, "--json").output)
        assert (
            rows[ident]["expected"],
            rows[ident]["attended"],
            rows[ident]["absent"],
            rows[ident]["away"],
        ) == (h["expected"], h["attended"], h["absent"], h["away"])
    assert rows["张伟-2"]["name"] == "张伟（第二党小组）"


def test_exclude_away_false_counts_members_away(same_names):
    toml = same_names / "meetkit.toml"
    text = toml.read_text(encoding="utf-8")
    assert "exclude_away = true" in text  # the default, written by init
    toml.write_text(text.replace("exclude_away = true", "exclude_away = false"), encoding="utf-8")
    mid = prepared(mk(same_names, "prepare", "general", "--no-input", "--date", "2026-12-03"))
    data = json.loads(mk(same_names, "attendance", mid, "--json").output)
    assert data["expected"] == 8 and data["away"] == [] and "陈静" in data["absent"]
    # Seven voting members should attend (李娜-2 is probationary), 陈静 among them.
    assert (data["quorum"]["basis_count"], data["quorum"]["required"]) == (7, 4)


def test_a_group_meeting_is_hosted_by_its_leader_and_recorded_by_one_of_the_group(same_names):
    out = mk(
        same_names,
        "prepare",
        "group",
        "--group",
        "第二党小组",
        "--no-input",
        "--date",
        "2026-12-04",
    ).output
    show = json.loads(mk(same_names, "show", prepared_id(out), "--json").output)
    assert show["host"] == "张伟（第二党小组）"
    assert show["recorder"] in ("刘洋",)  # 陈静 is away; the organizer is in another group


def prepared_id(output: str) -> str:
    return next(line.split()[1] for line in output.splitlines() if line.startswith("Prepared "))


def test_config_secretary_must_be_a_member(same_names):
    toml = same_names / "meetkit.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('secretary = "王建国"', 'secretary = "王建囯"'),
        encoding="utf-8",
    )
    proc = meetkit_process("prepare", "lesson", "--no-input", cwd=same_names)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert "meetkit.toml:5: [branch] secretary" in line and "王建囯" in line
    assert "did you mean 王建国" in line
    assert not (same_names / "meetings").exists() or not any((same_names / "meetings").iterdir())
    members = meetkit_process("members", cwd=same_names)
    assert members.returncode == 1 and "王建国" in members.stdout
    assert "meetkit.toml:5" in members.stderr


def test_a_gb18030_csv_roster(workspace):
    text = (
        "编号,姓名,类别,党小组,职务,电话,备注\n"
        "A01,王建国,正式党员,第一党小组,书记,13800000001,\n"
        "A02,李秀英,正式党员,第一党小组,委员,13800000002,\n"
        "A03,欧阳娜娜,预备党员、外出,第一党小组,党小组长,,赴广州学习\n"
        "A04,䶮,正式党员,第二党小组,党员,,\n"
    )  # 䶮: in GB18030, not in GBK
    (workspace / "members.csv").write_bytes(text.encode("gb18030"))
    data = json.loads(mk(workspace, "members", "--json").output)
    assert [m["id"] for m in data] == ["A01", "A02", "A03", "A04"]
    assert data[2]["status"] == "away" and data[2]["voting"] is False
    assert data[2]["role"] == "group-leader" and data[2]["note"] == "赴广州学习"
    assert data[3]["name"] == "䶮"


def test_an_xlsx_roster(workspace):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["编号", "姓名", "类别", "党小组", "职务", "电话"])
    sheet.append(["001", "王建国", "正式党员", "第一党小组", "书记", 13800000001])
    sheet.append(["002", "李秀英", "正式党员", "第一党小组", "委员", 13800000002])
    sheet.append(["003", "张伟", "正式党员", "第一党小组", "党员", 13900001234])
    sheet.append(["004", "张伟", "正式党员", "第一党小组", "党员", 13900005678])
    book.save(workspace / "members.xlsx")
    (workspace / "members.csv").unlink()
    data = json.loads(mk(workspace, "members", "--json").output)
    assert [(m["id"], m["label"]) for m in data[2:]] == [
        ("003", "张伟（尾号1234）"),
        ("004", "张伟（尾号5678）"),
    ]
    mid = prepared(
        mk(workspace, "prepare", "general", "--no-input", "--date", "2026-12-03", "--time", "09:00")
    )
    # Signed in before the start, on the meeting's day (not "now", which is late after 09:05).
    mk(workspace, "signin", mid, "--member", "004", "--at", "08:55")
    assert json.loads(mk(workspace, "attendance", mid, "--json").output)["present"] == [
        "张伟（尾号5678）"
    ]


def _bad_rosters(root):
    yield (
        "members.csv",
        "id,name,status,group,role\nA1,王建国,full,一组,secretary\nA1,李秀英,full,一组,committee\n",
        ["members.csv:3", "A1", "listed twice", "row 2"],
    )
    yield (
        "members.csv",
        "name,status,group,role\n王建国,full,一组,secretary\n李秀英,退休,一组,committee\n",
        ["members.csv:3", "退休", "status"],
    )
    yield (
        "members.csv",
        "name,status,group,role\n王建国,full,一组,secretary\n李秀英,full,一组,班长\n",
        ["members.csv:3", "班长", "role"],
    )
    yield "members.xlsx", "this is not a workbook", ["members.xlsx", "not an Excel workbook"]


@pytest.mark.parametrize("case", range(4))
def test_bad_rosters_get_one_line_and_nothing_is_written(workspace, case):
    name, text, wanted = list(_bad_rosters(workspace))[case]
    if name == "members.xlsx":
        (workspace / "members.csv").unlink()
    (workspace / name).write_text(text, encoding="utf-8")
    proc = meetkit_process("prepare", "lesson", "--no-input", cwd=workspace)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    for w in wanted:
        assert w in line, line
    assert not (workspace / "meetings").exists() or not any((workspace / "meetings").iterdir())


# The clock at the day the fixture's JSON was recorded (2026-12-01): its action's `overdue` was
# computed against that day, and stays False only while the clock is before the due date.
@time_machine.travel(dt.datetime(2026, 12, 1, 10, 0), tick=False)
def test_a_workspace_made_before_member_ids_keeps_its_history(tmp_path):
    root = tmp_path / "old"
    shutil.copytree(FIXTURES / "legacy-workspace", root)
    mid = "2026-11-20-general"
    before = json.loads((root / "attendance.json").read_text(encoding="utf-8"))
    now = json.loads(mk(root, "attendance", mid, "--json").output)
    for key in (
        "expected",
        "attended",
        "present",
        "late",
        "leave",
        "absent",
        "guests",
        "signins",
        "quorum",
    ):
        assert now[key] == before[key], key
    old_actions = json.loads((root / "actions.json").read_text(encoding="utf-8"))
    listed = json.loads(mk(root, "actions", "--all", "--json").output)
    assert [a.pop("owner_ids") for a in listed] == [["刘洋"]]  # the name was the id
    assert listed == old_actions
    history = json.loads(mk(root, "member", "李秀英", "--json").output)
    assert history["member"] == "李秀英" and history["meetings"][0]["status"] == "late"
    assert (
        json.loads(mk(root, "member", "刘洋", "--json").output)["actions"]["open"][0]["text"]
        == "整理党费收缴台账"
    )
    # New sign-ins land beside the old ones; the minutes are written from both.
    mk(root, "signin", mid, "刘洋", "--at", "19:40")
    assert json.loads(mk(root, "attendance", mid, "--json").output)["attended"] == 3
    mk(root, "minutes", mid)
    assert "刘洋" in all_text(Document(root / "meetings" / mid / "minutes.docx"))


# -- the phone page and the JSON API, on a real server -----------------------------------------


def test_two_phones_with_the_same_name_sign_in_and_the_api_asks(same_names, run, browser, servers):
    mid = prepare_now(run)
    ws = Workspace(same_names)
    # Chromium can't choose its source address, and one address signs in one member: the
    # server trusts a proxy's X-Forwarded-For, which gives each phone its own loopback address
    # (the API calls below connect from their own addresses and send no such header).
    server = servers(same_names, extra=("--behind-proxy",)).start()
    token = rotating_token(ws.secret, mid)
    for n, (typed, pick) in enumerate(
        (("张伟", "张伟（第二党小组）"), ("李娜", "李娜（尾号2222）"))
    ):
        phone = phone_context(browser, forwarded_for=f"127.0.0.{31 + n}")
        page = phone.new_page()
        page.goto(f"{server.base}/s/{mid}?t={token}")
        page.fill("#name", typed)
        page.click("#signin-button")
        choices = page.locator("#which-one button")
        choices.first.wait_for()
        labels = choices.all_inner_texts()
        assert pick in labels and len(labels) == 2
        assert all("1370000" not in t and "1390000" not in t for t in labels)
        page.click(f"#which-one button:has-text('{pick}')")
        result = page.locator("#result")
        result.wait_for()
        assert result.get_attribute("data-status") in ("present", "late")
        assert pick in result.inner_text()
        phone.close()
    # A third phone types a member's name in another width: never a guest.
    phone = browser.new_context(
        is_mobile=True, locale="zh-CN", extra_http_headers={"X-Forwarded-For": "127.0.0.33"}
    )
    page = phone.new_page()
    page.goto(f"{server.base}/s/{mid}?t={token}")
    page.click("#guest summary")
    page.fill("#guest-name", "刘 洋")
    page.click("#guest button[type=submit]")
    page.locator("#error").wait_for()
    assert "请在名单中选择您的名字" in page.inner_text("#error")
    phone.close()
    assert sorted(s.name for s in ws.store.signins(mid)) == ["张伟-2", "李娜-2"]
    assert ws.store.guests(mid) == []

    path = f"/api/meetings/{mid}/signins"
    asks = Phone(server.port)  # one phone: asked which 张伟, it names the member
    status, _, text = asks.post_json(path, {"token": token, "name": "张伟"})
    assert status == 409 and json.loads(text)["candidates"] == [
        {"member": "张伟", "label": "张伟（第一党小组）"},
        {"member": "张伟-2", "label": "张伟（第二党小组）"},
    ]
    status, _, text = asks.post_json(path, {"token": token, "member": "张伟"})
    data = json.loads(text)
    assert status == 201 and data["name"] == "张伟（第一党小组）" and data["member"] == "张伟"
    status, _, text = Phone(server.port).post_json(
        f"/api/meetings/{mid}/leaves", {"token": token, "name": "李娜", "reason": "x"}
    )
    candidates = json.loads(text)["candidates"]
    assert status == 409 and {c["member"] for c in candidates} == {"李娜", "李娜-2"}
    status, _, _ = Phone(server.port).post_json(
        f"/api/meetings/{mid}/guests", {"token": token, "name": "李 娜"}
    )
    assert status == 422


def test_a_roster_that_gains_an_id_column_keeps_the_history(same_names):
    mid = _cli_session(same_names)
    rows = ROSTER.splitlines()
    with_ids = ["编号," + rows[0]] + [f"P{n:02d},{r}" for n, r in enumerate(rows[1:], 1)]
    (same_names / "members.csv").write_text("\n".join(with_ids) + "\n", encoding="utf-8")
    result = mk(same_names, "members", "--json")
    assert "张伟 now has the id P04, and the history of the id 张伟-2" in result.stderr
    data = json.loads(mk(same_names, "attendance", mid, "--json").output)
    assert data["present_ids"] == ["P04"] and data["present"] == ["张伟（第二党小组）"]
    assert data["leave_ids"] == ["P06"]
    history = json.loads(mk(same_names, "member", "--member", "P04", "--json").output)
    assert [m["status"] for m in history["meetings"]] == ["present"]
    # The action owned by the first 张伟 (id 张伟, now P03) followed them.
    first = json.loads(mk(same_names, "member", "--member", "P03", "--json").output)
    assert [a["text"] for a in first["actions"]["open"]] == ["整理材料"]
    assert first["actions"]["open"][0]["owner_ids"] == ["P03"]
