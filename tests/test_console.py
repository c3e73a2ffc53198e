"""The secretary's console (meetkit.console, issue 22) through Flask's test client: every
/admin/ page answers only the admin, every POST needs CSRF, the new-meeting form is `prepare`
(and keeps what was typed when refused, naming the field), downloads stay inside the meeting's
folder and open in python-docx, votes and secret ballots, removing a guest, the roster upload
(row errors, nothing changed), actions, ledger, plan and settings (comments kept)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from core_helpers import all_text, make_workspace, open_docx
from helpers import AppPhone, csrf

from meetkit.web import create_app
from meetkit.workspace import Workspace

ADMIN = "console-test-token"
DAY = dt.date.today() + dt.timedelta(days=3)  # a meeting to come, whatever today is


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return make_workspace(tmp_path_factory.mktemp("console") / "ws")


@pytest.fixture(scope="module")
def app(root):
    app = create_app(Workspace(root), admin_token=ADMIN, public_url="http://127.0.0.1:9")
    app.test_client_class = AppPhone
    return app


@pytest.fixture(scope="module")
def admin(app):
    client = app.test_client()
    assert client.get(f"/admin?token={ADMIN}").status_code == 303
    return client


def form_token(client, path="/admin/") -> str:
    return csrf(client.get(path).get_data(as_text=True))


def new_meeting(admin, type_key="committee", **fields) -> str:
    data = {
        "csrf": form_token(admin, "/admin/meetings/new"),
        "type": type_key,
        "date": DAY.isoformat(),
        "time": "19:30",
        **fields,
    }
    answer = admin.post("/admin/meetings/new", data=data)
    assert answer.status_code == 303, answer.get_data(as_text=True)[-2000:]
    return answer.headers["Location"].rsplit("/", 1)[1]


PAGES = (
    "/admin/",
    "/admin/meetings",
    "/admin/meetings/new",
    "/admin/members",
    "/admin/actions",
    "/admin/ledger",
    "/admin/plan",
    "/admin/settings",
)


def test_only_the_admin_reaches_the_console_and_every_post_needs_csrf(app, admin):
    mid = new_meeting(admin, topic="秘密议题")
    stranger = app.test_client()
    for path in (
        *PAGES,
        f"/admin/meetings/{mid}",
        f"/admin/meetings/{mid}/documents.zip",
        f"/admin/meetings/{mid}/files/minutes.docx",
        "/admin/members/x",
        "/admin/no-such-page",
    ):
        answer = stranger.get(path)
        text = answer.get_data(as_text=True)
        assert answer.status_code == 401, path
        assert "管理地址" in text  # how to sign in: the address serve or console prints
        assert "秘密议题" not in text and "王建国" not in text
    stranger.set_cookie("meetkit_admin", "wrong")
    assert stranger.get("/admin/members").status_code == 403
    for path in (
        "/admin/meetings/new",
        f"/admin/meetings/{mid}/vote",
        f"/admin/meetings/{mid}/delete",
        "/admin/settings",
        "/admin/members/upload",
        "/admin/plan/prepare",
    ):
        assert admin.post(path, data={"csrf": "forged"}).status_code == 400, path
    assert Workspace(app.extensions["meetkit"].workspace.root).store.get_meeting(mid) is not None
    for path in PAGES:
        page = admin.get(path)
        assert page.status_code == 200, path
        assert 'class="command"' in page.get_data(as_text=True) or path == "/admin/"


def test_the_new_meeting_form_is_prepare_and_keeps_what_was_typed(admin, root):
    page = admin.get("/admin/meetings/new?type=life").get_data(as_text=True)
    # One place chooses the type (the form above, showing its defaults); the form that
    # prepares carries the chosen one.
    assert page.count("<select") - page.count('id="f-group"') - page.count('id="f-lang"') == 1
    assert '<input type="hidden" name="type" value="life">' in page
    page = admin.get("/admin/meetings/new?type=lesson").get_data(as_text=True)
    for name in ("type", "date", "time", "place", "topic", "host", "recorder", "lecturer"):
        assert f'name="{name}"' in page
    assert 'name="item"' in page and 'name="vote"' in page
    refused = admin.post(
        "/admin/meetings/new",
        data={
            "csrf": csrf(page),
            "type": "lesson",
            "date": "2026-02-30",
            "place": "三楼<会议室>",
            "topic": "学习二十大",
        },
    )
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert re.search(r'class="field wrong">\s*<label for="f-date"', text)
    assert 'id="why-date"' in text and "--date" in text
    assert 'value="三楼&lt;会议室&gt;"' in text and 'value="学习二十大"' in text
    mid = new_meeting(admin, "committee", topic="支委会", vote=["同意张三转正"], item=["议题一"])
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    assert "同意张三转正" in page and "meetkit show" in page
    assert (root / "meetings").is_dir()


def test_documents_download_open_in_word_and_cannot_leave_the_folder(admin):
    from docx import Document

    mid = new_meeting(admin, topic="下载测试")
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    links = re.findall(rf'href="(/admin/meetings/{mid}/files/[^"]+)"', page)
    docx = [x for x in links if x.endswith(".docx")]
    assert docx
    answer = admin.get(docx[0])
    assert answer.status_code == 200
    assert docx[0].rsplit("/", 1)[1] in answer.headers["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(answer.data)).paragraphs)
    assert text.strip()
    archive = zipfile.ZipFile(io.BytesIO(admin.get(f"/admin/meetings/{mid}/documents.zip").data))
    names = archive.namelist()
    assert names and all(n.startswith(f"{mid}/") for n in names)
    Document(io.BytesIO(archive.read(next(n for n in names if n.endswith(".docx")))))
    from openpyxl import load_workbook

    assert admin.post(f"/admin/meetings/{mid}/xlsx", data={"csrf": csrf(page)}).status_code == 303
    sheet = admin.get(f"/admin/meetings/{mid}/files/attendance.xlsx")
    assert sheet.status_code == 200 and load_workbook(io.BytesIO(sheet.data)).sheetnames
    for bad in (
        "../../meetkit.toml",
        "..%2F..%2Fmeetkit.toml",
        "%2Fetc%2Fpasswd",
        "../../.meetkit/secret",
        "nope.docx",
    ):
        answer = admin.get(f"/admin/meetings/{mid}/files/{bad}", follow_redirects=True)
        assert answer.status_code == 404, bad


def test_votes_secret_ballot_and_a_mistaken_guest(app, admin):
    mid = new_meeting(admin, "general", vote=["选举支部委员"])
    token = form_token(admin, f"/admin/meetings/{mid}")
    for name in ("王建国", "李秀英", "张伟"):
        admin.post(f"/admin/meetings/{mid}/signin", data={"csrf": token, "name": name})
    opened = admin.post(
        f"/admin/meetings/{mid}/ballot",
        data={"csrf": token, "item": "选举支部委员", "action": "open"},
    )
    assert opened.status_code == 303
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    assert 'id="voted" data-cast="0" data-voters="3"' in page and "已投票 0 / 3" in page
    # one member without a phone voted on paper: the tellers' count
    assert 'id="paper-' in page
    admin.post(
        f"/admin/meetings/{mid}/ballot",
        data={
            "csrf": token,
            "item": "选举支部委员",
            "action": "paper",
            "for": "1",
            "against": "0",
            "abstain": "0",
        },
    )
    admin.post(
        f"/admin/meetings/{mid}/ballot",
        data={"csrf": token, "item": "选举支部委员", "action": "close"},
    )
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    assert 'id="voted"' not in page
    assert re.search(r"<td>选举支部委员</td><td>1</td><td>0</td><td>0</td>", page)
    # a hand tally on a committee meeting's vote item
    cid = new_meeting(admin, "committee", vote=["同意接收预备党员"])
    ctoken = form_token(admin, f"/admin/meetings/{cid}")
    bad = admin.post(
        f"/admin/meetings/{cid}/vote",
        data={
            "csrf": ctoken,
            "item": "同意接收预备党员",
            "for": "x",
            "against": "0",
            "abstain": "0",
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "--for" in bad
    ws = app.extensions["meetkit"].workspace
    expected = len(ws.store.expected_members(cid))
    admin.post(
        f"/admin/meetings/{cid}/vote",
        data={
            "csrf": ctoken,
            "item": "同意接收预备党员",
            "for": str(expected),
            "against": "0",
            "abstain": "0",
        },
    )
    page = admin.get(f"/admin/meetings/{cid}").get_data(as_text=True)
    assert re.search(
        r'<td>同意接收预备党员</td>(<td>[^<]*</td>){4}<td class="result">通过</td>', page
    )
    # a guest recorded by mistake, removed after confirming
    admin.post(f"/admin/meetings/{mid}/guest", data={"csrf": token, "name": "误登记的人"})
    assert [g.name for g in ws.store.guests(mid)] == ["误登记的人"]
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    assert 'data-guest="误登记的人"' in page
    admin.post(
        f"/admin/meetings/{mid}/undo", data={"csrf": token, "name": "误登记的人", "what": "guest"}
    )
    assert ws.store.guests(mid) == []


def test_the_roster_upload_names_bad_rows_and_changes_nothing_until_clean(admin, root):
    before = (root / "members.csv").read_bytes()
    token = form_token(admin, "/admin/members")
    bad = "name,status,group,role\n王建国,full,第一党小组,secretary\n,full,第一党小组,\n李四,nonsense,第一党小组,\n"
    answer = admin.post(
        "/admin/members/upload",
        data={"csrf": token, "roster": (io.BytesIO(bad.encode()), "members.csv")},
        content_type="multipart/form-data",
    )
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400 and 'id="upload-errors"' in text
    assert "members.csv:3" in text and "members.csv:4" in text
    assert (root / "members.csv").read_bytes() == before
    big = admin.post(
        "/admin/members/upload",
        data={"csrf": token, "roster": (io.BytesIO(b"x" * (3 * 1024 * 1024)), "members.csv")},
        content_type="multipart/form-data",
    )
    assert big.status_code == 413
    good = before.decode("utf-8-sig").rstrip("\n") + "\n新党员,full,第一党小组,member,\n"
    answer = admin.post(
        "/admin/members/upload",
        data={"csrf": token, "roster": (io.BytesIO(good.encode()), "members.csv")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 303, re.findall(r"<li>([^<]*)</li>", answer.get_data(as_text=True))
    page = admin.get("/admin/members").get_data(as_text=True)
    assert "新党员" in page
    member = re.search(r'href="(/admin/members/[^"]+)">王建国', page).group(1)
    assert "meetkit member --member" in admin.get(member).get_data(as_text=True)


def test_actions_ledger_plan_and_settings(admin, root):
    from docx import Document
    from openpyxl import load_workbook

    mid = new_meeting(admin, topic="待办来源")
    token = form_token(admin, "/admin/actions")
    admin.post(
        "/admin/actions/add",
        data={"csrf": token, "meeting": mid, "text": "整理档案", "owner": "王建国", "due": ""},
    )
    page = admin.get("/admin/actions").get_data(as_text=True)
    assert "整理档案" in page
    number = re.search(r'data-id="(\d+)"><td>\d+</td><td>整理档案', page).group(1)
    admin.post(
        f"/admin/actions/{number}/done", data={"csrf": token, "note": "已归档", "by": "李秀英"}
    )
    assert "整理档案" not in admin.get("/admin/actions").get_data(as_text=True)
    assert "整理档案" in admin.get(f"/admin/actions?which=all&year={DAY.year}").get_data(
        as_text=True
    )

    year = DAY.year
    docx = admin.get(f"/admin/ledger/ledger-{year}.docx")
    assert docx.status_code == 200 and f"ledger-{year}.docx" in docx.headers["Content-Disposition"]
    assert "台账" in "".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    book = load_workbook(io.BytesIO(admin.get(f"/admin/ledger/ledger-{year}.xlsx").data))
    assert book.sheetnames

    plan = admin.get(f"/admin/plan?year={year + 1}").get_data(as_text=True)
    assert "meetkit plan --year" in plan and 'id="plan"' in plan

    toml = root / "meetkit.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'start_time = "19:30"', 'start_time = "19:30"  # 晚上开会'
        ),
        encoding="utf-8",
    )
    token = form_token(admin, "/admin/settings")
    refused = admin.post("/admin/settings", data={"csrf": token, "meeting.start_time": "25:99"})
    assert refused.status_code == 400
    assert 'value="25:99"' in refused.get_data(as_text=True)
    assert "start_time" in refused.get_data(as_text=True)
    assert 'start_time = "19:30"  # 晚上开会' in toml.read_text(encoding="utf-8")
    ok = admin.post("/admin/settings", data={"csrf": token, "meeting.start_time": "14:30"})
    assert ok.status_code == 303
    text = toml.read_text(encoding="utf-8")
    assert 'start_time = "14:30"  # 晚上开会' in text
    assert Workspace(root).config.start_time == "14:30"


def test_codes_printed_for_another_address_are_reprinted_from_the_first_page(tmp_path):
    """Sheets printed for the laptop's old address: the first page says so, and one button
    points meetkit.toml at this server (its comments kept) and reprints every coming meeting."""
    root = make_workspace(tmp_path / "ws", public_url="http://192.168.1.20:8750")
    toml = root / "meetkit.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'public_url = "http://192.168.1.20:8750"',
            'public_url = "http://192.168.1.20:8750"  # 会议室的网络',
        ),
        encoding="utf-8",
    )
    first = create_app(Workspace(root), admin_token=ADMIN, public_url="http://192.168.1.20:8750")
    first.test_client_class = AppPhone
    client = first.test_client()
    client.get(f"/admin?token={ADMIN}")
    mid = new_meeting(client, topic="换地址前打印")
    assert 'id="qr-warning"' not in client.get("/admin/").get_data(as_text=True)

    moved = create_app(Workspace(root), admin_token=ADMIN, public_url="http://10.0.0.7:8750")
    moved.test_client_class = AppPhone
    client = moved.test_client()
    client.get(f"/admin?token={ADMIN}")
    page = client.get("/admin/").get_data(as_text=True)
    assert 'id="qr-warning"' in page and "192.168.1.20" in page and "10.0.0.7" in page
    assert client.post("/admin/reprint", data={"csrf": csrf(page)}).status_code == 303
    assert 'public_url = "http://10.0.0.7:8750"  # 会议室的网络' in toml.read_text(encoding="utf-8")
    assert 'id="qr-warning"' not in client.get("/admin/").get_data(as_text=True)
    sheet = Workspace(root).meeting_folder(Workspace(root).meeting(mid)) / "signin.docx"
    assert "10.0.0.7" in all_text(open_docx(sheet))  # the short address under the QR code


def wait_for_job(admin, path: str, seconds: float = 120) -> str:
    """The page once its job is over (while it runs the page says so and refreshes itself)."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = admin.get(path).get_data(as_text=True)
        if 'id="job"' not in page:
            return page
        assert 'http-equiv="refresh"' in page
        time.sleep(0.2)
    raise AssertionError(f"{path}: the job did not end within {seconds} s")


def test_plan_prepares_the_year_as_a_job_with_its_progress(admin, app):
    year = DAY.year + 2
    page = admin.get(f"/admin/plan?year={year}").get_data(as_text=True)
    planned = len(re.findall(r"<tr><td>\d{4}-\d\d-\d\d", page))
    assert planned and "meetkit plan --year" in page
    answer = admin.post("/admin/plan/prepare", data={"csrf": csrf(page), "year": str(year)})
    assert answer.status_code == 303
    page = wait_for_job(admin, f"/admin/plan?year={year}")
    assert f"已生成 {planned} 个会议" in page
    ws = app.extensions["meetkit"].workspace
    assert len(ws.store.list_meetings(year=year)) == planned


def test_the_pdf_export_runs_as_a_job(admin, soffice):
    mid = new_meeting(admin, "lesson", topic="导出PDF")
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    admin.post(f"/admin/meetings/{mid}/pdf", data={"csrf": csrf(page)})
    page = wait_for_job(admin, f"/admin/meetings/{mid}")
    assert f"/admin/meetings/{mid}/files/print.pdf" in page
    pdf = admin.get(f"/admin/meetings/{mid}/files/print.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_the_appraisal_paper_ballot_and_grades_on_one_page(admin, app):
    mid = new_meeting(admin, "life", topic="民主评议")
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    token = csrf(page)
    admin.post(f"/admin/meetings/{mid}/appraisal", data={"csrf": token, "action": "open"})
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    members = re.findall(r'<select name="grade-([^"]+)"', page)
    assert len(members) >= 5
    ballot = {f"grade-{m}": "qualified" for m in members}
    admin.post(
        f"/admin/meetings/{mid}/appraisal", data={"csrf": token, "action": "paper", **ballot}
    )
    # 不合格 without a reason: refused, nothing stored
    grades = dict(ballot, **{f"grade-{members[0]}": "unqualified"})
    refused = admin.post(
        f"/admin/meetings/{mid}/appraisal",
        data={"csrf": token, "action": "grade", **grades},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "unqualified" in refused or "不合格" in refused
    ws = app.extensions["meetkit"].workspace
    assert ws.store.grades(mid) == {}
    grades = dict(ballot, **{f"grade-{m}": "excellent" for m in members[: len(members) // 2 + 1]})
    admin.post(
        f"/admin/meetings/{mid}/appraisal", data={"csrf": token, "action": "grade", **grades}
    )
    stored = ws.store.grades(mid)
    assert len(stored) == len(members)
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    assert "已收 1 张票" in page
    assert 'class="flash error warning"' in page  # more 优秀 than the share allows
    assert (ws.meeting_folder(ws.meeting(mid)) / "appraisal-result.docx").exists()


def test_a_filled_in_action_list_is_imported_from_word(admin, app, tmp_path):
    from docx import Document

    mid = new_meeting(admin, topic="导入待办")
    ws = app.extensions["meetkit"].workspace
    listed = ws.meeting_folder(ws.meeting(mid)) / "actions.docx"
    doc = Document(str(listed))
    blank = next(r for r in doc.tables[0].rows[1:] if not r.cells[1].text.strip())
    for cell, value in zip(blank.cells[1:], ["走访困难党员", "张伟", DAY.isoformat(), ""]):
        cell.text = value
    filled = tmp_path / "actions.docx"
    doc.save(str(filled))
    token = form_token(admin, "/admin/actions")
    answer = admin.post(
        "/admin/actions/import",
        data={"csrf": token, "meeting": mid, "file": (filled.open("rb"), "actions.docx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "新增 1" in answer.get_data(as_text=True) or "1 added" in answer.get_data(as_text=True)
    assert [a.text for a in ws.store.list_actions(meeting_id=mid)] == ["走访困难党员"]
    wrong = admin.post(
        "/admin/actions/import",
        data={"csrf": token, "meeting": mid, "file": (io.BytesIO(b"x"), "actions.exe")},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "actions.exe" in wrong and ".docx" in wrong
