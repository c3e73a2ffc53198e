"""The sign-in web app through Flask's test client: members' pages, the JSON API, the admin's
pages, and the rules (tokens, one device one person, CSRF, admin token, ids, body size,
failed-attempt limit, escaping)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
from urllib.parse import urlsplit

import pytest
from helpers import AppPhone, csrf
from helpers import prepare_now as prepare

from meetkit.attendance.tokens import make_token, printed_token, rotating_token, short_code
from meetkit.roster import Member
from meetkit.testing import use_roster
from meetkit.web import create_app
from meetkit.workspace import Workspace

pytestmark = pytest.mark.store  # on SQLite, then on PostgreSQL (conftest.py)

ADMIN = "admin-token-for-tests"


@pytest.fixture
def ws(workspace):
    return Workspace(workspace)


def make_app(ws, **kwargs):
    app = create_app(ws, admin_token=ADMIN, public_url="http://127.0.0.1:9", **kwargs)
    app.test_client_class = AppPhone
    return app


@pytest.fixture
def app(ws):
    return make_app(ws)


@pytest.fixture
def mid(run):
    return prepare(run)


def open_page(client, ws, mid, token=None) -> str:
    """Follow a QR address: ?t= gives a ticket and moves to the clean address."""
    token = token or rotating_token(ws.secret, mid)
    first = client.get(f"/s/{mid}?t={token}")
    assert first.status_code == 303 and first.headers["Location"] == f"/s/{mid}"
    page = client.get(f"/s/{mid}")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def sign(client, mid, html, name, path=""):
    return client.post(f"/s/{mid}{path}", data={"csrf": csrf(html), "name": name})


def result_of(response) -> tuple[str, str]:
    html = response.get_data(as_text=True)
    status = re.search(r'data-status="([^"]+)"', html)
    return (status.group(1) if status else ""), re.sub(r"<[^>]+>|\s+", " ", html)


def api(client, mid, body, headers=None, addr=None, what="signins"):
    """A JSON call; from the client's own address unless ``addr``."""
    extra = {"environ_base": {**client.environ_base, "REMOTE_ADDR": addr}} if addr else {}
    return client.post(
        f"/api/meetings/{mid}/{what}",
        data=json.dumps(body),
        content_type="application/json",
        headers=headers or {},
        **extra,
    )


def admin_client(app):
    client = app.test_client()
    assert client.get(f"/admin?token={ADMIN}").status_code == 303
    return client


# -- members' pages -------------------------------------------------------------------------
def test_the_page_signs_in_and_a_repeat_says_already(app, ws, mid):
    client = app.test_client()
    html = open_page(client, ws, mid)
    assert "示例社区第一党支部" in html and "王建国" in html  # title, names to pick from
    status, text = result_of(sign(client, mid, html, "王建国"))
    assert status == "present" and "签到成功" in text
    hhmm = ws.store.signins(mid)[0].at.strftime("%H:%M")
    assert f"签到时间：{hhmm}" in text
    status, text = result_of(sign(client, mid, html, "王建国"))
    assert status == "already" and f"您已于 {hhmm} 签到" in text
    assert [s.name for s in ws.store.signins(mid)] == ["王建国"]
    # Coming back to the page shows who this phone signed in, not the form.
    status, _ = result_of(client.get(f"/s/{mid}"))
    assert status == "already"


def test_pick_from_the_list_works_without_typing(app, ws, mid):
    client = app.test_client()
    html = open_page(client, ws, mid)
    response = client.post(f"/s/{mid}", data={"csrf": csrf(html), "name": "", "pick": "张伟"})
    assert result_of(response)[0] == "present"


def test_late_after_start_plus_grace(app, ws, run):
    mid = prepare(run, start=dt.datetime.now() - dt.timedelta(minutes=30))
    client = app.test_client()
    status, text = result_of(sign(client, mid, open_page(client, ws, mid), "李秀英"))
    assert status == "late" and "迟到" in text


def test_one_device_signs_in_one_person_until_the_admin_releases_it(app, ws, mid):
    phone = app.test_client()
    html = open_page(phone, ws, mid)
    assert result_of(sign(phone, mid, html, "王建国"))[0] == "present"
    refused = sign(phone, mid, html, "李秀英")
    assert refused.status_code == 409
    assert "此手机已为 王建国 签到" in result_of(refused)[1]
    assert [a.reason for a in ws.store.attempts(mid)][0].startswith("one-device")
    admin = admin_client(app)
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    assert (
        admin.post(
            f"/admin/meetings/{mid}/release", data={"csrf": csrf(page), "name": "王建国"}
        ).status_code
        == 303
    )
    assert result_of(sign(phone, mid, html, "李秀英"))[0] == "present"
    assert sign(phone, mid, html, "张伟").status_code == 409  # bound again, to 李秀英
    # A browser holding the admin cookie is a kiosk: it may sign in anyone.
    kiosk_html = open_page(admin, ws, mid)
    for name in ("张伟", "刘洋"):
        assert result_of(sign(admin, mid, kiosk_html, name))[0] == "present"


def test_forms_need_the_csrf_token(app, ws, mid):
    client = app.test_client()
    open_page(client, ws, mid)
    response = client.post(f"/s/{mid}", data={"name": "王建国"})
    assert response.status_code == 400 and "页面已过期" in result_of(response)[1]
    response = client.post(f"/s/{mid}", data={"name": "王建国", "csrf": "forged"})
    assert response.status_code == 400
    assert ws.store.signins(mid) == []


@pytest.mark.parametrize("kind", ["forged", "expired", "wrong-meeting", "not-yet", "malformed"])
def test_bad_tokens_are_refused_and_recorded(app, ws, mid, run, kind):
    good = rotating_token(ws.secret, mid)
    other = prepare(run, "lesson")
    token = {
        "forged": good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB"),
        "expired": rotating_token(ws.secret, mid, now=time.time() - 200),
        "wrong-meeting": rotating_token(ws.secret, other),
        "not-yet": make_token(ws.secret, mid, time.time() + 600, time.time() + 900, "r"),
        "malformed": "not-a-token",
    }[kind]
    client = app.test_client()
    page = client.get(f"/s/{mid}?t={token}")
    assert page.status_code == 403
    assert ws.store.attempts(mid)[0].reason == kind
    response = api(client, mid, {"token": token, "name": "王建国"})
    assert response.status_code == 403 and response.get_json()["reason"] == kind
    # No ticket was given: the clean address asks to scan again.
    assert client.get(f"/s/{mid}").status_code == 403
    assert ws.store.signins(mid) == []


def test_the_printed_code_works_only_in_its_window(app, ws, run):
    today = prepare(run)
    meeting = ws.store.get_meeting(today)
    client = app.test_client()
    html = open_page(client, ws, today, printed_token(ws.secret, today, meeting.start))
    assert result_of(sign(client, today, html, "王建国"))[0] == "present"
    later = prepare(run, start=dt.datetime.now() + dt.timedelta(days=2))
    start = ws.store.get_meeting(later).start
    response = app.test_client().get(f"/s/{later}?t={printed_token(ws.secret, later, start)}")
    assert response.status_code == 403 and "签到尚未开始" in result_of(response)[1]


def test_a_name_not_expected_is_refused_with_the_guest_form(app, ws, mid):
    client = app.test_client()
    html = open_page(client, ws, mid)
    response = sign(client, mid, html, "路人甲")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "“路人甲”不在本次会议的应到名单中" in page
    assert 'id="guest" open' in page and 'value="路人甲"' in page
    response = client.post(
        f"/s/{mid}/guest", data={"csrf": csrf(html), "name": "路人甲", "note": "街道"}
    )
    assert result_of(response)[0] == "guest"
    assert [(g.name, g.note) for g in ws.store.guests(mid)] == [("路人甲", "街道")]
    assert ws.store.signins(mid) == []
    # A member can't sit in as a guest.
    other = app.test_client()
    html = open_page(other, ws, mid)
    response = other.post(f"/s/{mid}/guest", data={"csrf": csrf(html), "name": "张伟"})
    assert response.status_code == 422
    assert "是 张伟 吗？请在名单中选择您的名字" in response.get_data(as_text=True)


def test_leave_from_the_page(app, ws, mid):
    client = app.test_client()
    html = open_page(client, ws, mid)
    response = client.post(
        f"/s/{mid}/leave",
        data={"csrf": csrf(html), "name": "周杰", "kind": "sick", "reason": "发烧"},
    )
    status, text = result_of(response)
    assert status == "leave" and "请假已记录" in text and "病假" in text
    assert [(lv.name, lv.kind, lv.reason) for lv in ws.store.leaves(mid)] == [
        ("周杰", "sick", "发烧")
    ]
    assert (
        client.post(
            f"/s/{mid}/leave", data={"csrf": csrf(html), "name": "谁", "kind": "sick"}
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"/s/{mid}/leave", data={"csrf": csrf(html), "name": "周杰", "kind": "holiday"}
        ).status_code
        == 400
    )
    result_of(sign(client, mid, html, "王建国"))
    response = client.post(
        f"/s/{mid}/leave", data={"csrf": csrf(html), "name": "王建国", "kind": "personal"}
    )
    assert response.status_code == 409 and "无需请假" in response.get_data(as_text=True)


def test_the_short_code_page(app, ws, mid):
    client = app.test_client()
    form = client.get("/c").get_data(as_text=True)
    code = short_code(ws.secret, mid)
    response = client.post(
        "/c", data={"csrf": csrf(form), "code": code.lower()[:3] + " " + code.lower()[3:]}
    )
    assert response.status_code == 303 and response.headers["Location"] == f"/s/{mid}"
    html = client.get(f"/s/{mid}").get_data(as_text=True)
    assert result_of(sign(client, mid, html, "王建国"))[0] == "present"
    bad = app.test_client()
    form = bad.get("/c").get_data(as_text=True)
    response = bad.post("/c", data={"csrf": csrf(form), "code": "ZZZZZZ"})
    assert response.status_code == 400 and "签到码无效" in response.get_data(as_text=True)


def test_closed_sign_in(app, ws, mid, run):
    admin = admin_client(app)
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    admin.post(f"/admin/meetings/{mid}/close", data={"csrf": csrf(page)})
    token = rotating_token(ws.secret, mid)
    response = api(app.test_client(), mid, {"token": token, "name": "王建国"})
    assert response.status_code == 409 and "closed" in response.get_json()["error"]
    client = app.test_client()
    client.get(f"/s/{mid}?t={token}")
    assert client.get(f"/s/{mid}").status_code == 409
    # The secretary can still sign people in from the paper sheet.
    assert "signed in" in run("signin", mid, "王建国").output
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    assert "签到已结束" in page
    admin.post(f"/admin/meetings/{mid}/close", data={"csrf": csrf(page), "reopen": "1"})
    assert api(app.test_client(), mid, {"token": token, "name": "李秀英"}).status_code == 201


# -- the JSON API ---------------------------------------------------------------------------
def test_api_signins(app, ws, mid):
    client = app.test_client()
    token = rotating_token(ws.secret, mid)
    first = api(client, mid, {"token": token, "name": "王建国"})
    assert first.status_code == 201
    body = first.get_json()
    assert body["status"] == "present" and body["name"] == "王建国"
    assert dt.datetime.fromisoformat(body["at"])
    again = api(client, mid, {"token": token, "name": "王建国"})
    assert again.status_code == 200 and again.get_json() == {**body, "status": "already"}
    assert api(client, mid, {"token": token, "name": "路人"}).status_code == 422
    assert api(client, mid, {"token": token}).status_code == 400
    assert api(client, mid, {"name": "李秀英"}).status_code == 400
    assert api(client, mid, ["not", "an", "object"]).status_code == 400
    assert api(client, mid, {"token": token, "name": 7}).status_code == 400
    text = client.post(
        f"/api/meetings/{mid}/signins",
        data="name=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert text.status_code == 415 and "error" in text.get_json()
    # A kiosk holding the admin token needs no sign-in token.
    kiosk = api(client, mid, {"name": "李秀英"}, {"Authorization": f"Bearer {ADMIN}"})
    assert kiosk.status_code == 201
    wrong = api(client, mid, {"name": "张伟"}, {"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    outcomes = [a.outcome for a in ws.store.attempts(mid)]
    assert outcomes.count("present") == 2 and outcomes.count("already") == 1
    assert outcomes.count("refused") >= 3  # 路人, no token, wrong admin token


def test_api_json_keeps_chinese_and_the_written_order(app, ws, mid):
    """The app's JSON provider: names as UTF-8 text (a kiosk's log is readable), keys in the
    order the answer is written (status first), not sorted."""
    response = api(
        app.test_client(), mid, {"token": rotating_token(ws.secret, mid), "name": "王建国"}
    )
    raw = response.get_data(as_text=True)
    assert response.status_code == 201 and "王建国" in raw and "\\u" not in raw
    assert list(json.loads(raw)) == ["status", "name", "at", "member"]


def test_api_leave_and_guest(app, ws, mid):
    client = app.test_client()
    token = rotating_token(ws.secret, mid)
    response = api(
        client,
        mid,
        {"token": token, "name": "周杰", "kind": "official", "reason": "开会"},
        what="leaves",
    )
    assert response.status_code == 201 and response.get_json()["kind"] == "official"
    assert (
        api(client, mid, {"token": token, "name": "周杰", "kind": "x"}, what="leaves").status_code
        == 400
    )
    response = api(
        client, mid, {"token": token, "name": "街道干部", "note": "党工委"}, what="guests"
    )
    assert response.status_code == 201 and response.get_json()["status"] == "guest"
    assert api(client, mid, {"token": token, "name": "街道干部"}, what="guests").status_code == 200
    assert api(client, mid, {"token": token, "name": "王建国"}, what="guests").status_code == 422


def test_api_attendance_is_the_cli_object(app, ws, mid, run):
    run("signin", mid, "王建国")
    run("leave", mid, "周杰", "--reason", "出差", "--kind", "official")
    client = app.test_client()
    assert client.get(f"/api/meetings/{mid}/attendance").status_code == 401
    assert (
        client.get(
            f"/api/meetings/{mid}/attendance", headers={"Authorization": "Bearer wrong"}
        ).status_code
        == 403
    )
    response = client.get(
        f"/api/meetings/{mid}/attendance", headers={"Authorization": f"Bearer {ADMIN}"}
    )
    assert response.status_code == 200
    assert response.get_json() == json.loads(run("attendance", mid, "--json").stdout)
    live = admin_client(app).get(f"/api/meetings/{mid}/live").get_json()
    assert live["attended"] == 1 and live["expected"] == 12 and live["leave"] == 1
    assert live["quorum"]["met"] is False and live["qr"].endswith(f"slot={live['slot']}")
    listed = client.get("/api/meetings", headers={"Authorization": f"Bearer {ADMIN}"})
    assert [m["id"] for m in listed.get_json()] == [mid]


def test_api_meetings_are_the_cli_list(app, mid, run):
    """One JSON shape of a meeting: the admin API's list is `meetkit list --json`, field for
    field, and keeps the fields each gave before (the API's closed_at, the CLI's folder)."""
    admin = admin_client(app)
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    admin.post(f"/admin/meetings/{mid}/close", data={"csrf": csrf(page)})
    client = app.test_client()
    listed = client.get("/api/meetings", headers={"Authorization": f"Bearer {ADMIN}"})
    cli = json.loads(run("list", "--json").stdout)
    assert listed.get_json() == cli
    (one,) = cli
    assert one["id"] == mid and one["closed_at"] == one["signin_closed_at"] is not None
    for field in ("type", "date", "time", "topic", "place", "host", "folder", "cancelled"):
        assert field in one
    assert "extra" not in one


# -- safety ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/s/..%2Fx",
        "/s/..%2F..%2Fetc%2Fpasswd",
        "/s/" + "2026-01-01-" + "a" * 200,
        "/s/2026-01-01-nothing",
        "/s/DROP TABLE",
        "/admin/meetings/..%2Fx",
        "/api/meetings/..%2Fx/attendance",
        "/admin/meetings/" + "9" * 500 + "/projector",
    ],
)
def test_a_meeting_id_that_is_not_one_is_404(app, path):
    client = admin_client(app)
    assert client.get(path).status_code == 404


def test_a_bad_id_in_the_api_is_404_json(app, ws, mid):
    client = app.test_client()
    for bad in ("..%2Fx", "../x", "x" * 300, "2026-01-01-nothing"):
        response = client.post(
            f"/api/meetings/{bad}/signins", data="{}", content_type="application/json"
        )
        assert response.status_code == 404 and response.get_json() == {"error": "not found"}


def test_request_bodies_are_bounded(app, ws, mid):
    client = app.test_client()
    big = {"token": rotating_token(ws.secret, mid), "name": "王建国", "pad": "x" * 20000}
    response = api(client, mid, big)
    assert response.status_code == 413 and "error" in response.get_json()
    html = open_page(client, ws, mid)
    response = client.post(f"/s/{mid}", data={"csrf": csrf(html), "name": "x" * 20000})
    assert response.status_code == 413
    assert ws.store.signins(mid) == []


def test_admin_pages_need_the_token(app, mid):
    client = app.test_client()
    for path in (
        "/admin",
        f"/admin/meetings/{mid}",
        f"/admin/meetings/{mid}/projector",
        f"/admin/meetings/{mid}/qr.png",
    ):
        assert client.get(path).status_code == 401
    assert client.post(f"/admin/meetings/{mid}/close").status_code == 401
    assert client.get("/admin?token=wrong").status_code == 403
    client.set_cookie("meetkit_admin", "stale-token-from-an-earlier-start")
    response = client.get("/admin")
    assert response.status_code == 403 and "令牌不正确" in response.get_data(as_text=True)
    good = client.get(f"/admin?token={ADMIN}")
    assert good.status_code == 303 and good.headers["Location"] == "/admin"
    assert (
        "HttpOnly" in good.headers["Set-Cookie"] and "SameSite=Strict" in good.headers["Set-Cookie"]
    )
    assert client.get("/admin").status_code == 200
    # Admin forms need the CSRF token too.
    assert client.post(f"/admin/meetings/{mid}/close").status_code == 400


def test_the_limiter_never_refuses_the_honest_member_nor_the_admin(workspace, run):
    """Attack: 30 failed scans from one address locked it out, valid sign-ins and the admin
    included. Now only guesses are counted and refused."""
    members = [
        Member(name=f"成员{i:03d}", status="full", group="一组", role="member") for i in range(300)
    ]
    use_roster(workspace, members)
    mid = prepare(run, "lesson")
    ws = Workspace(workspace)
    app = make_app(ws)
    client = app.test_client()
    token = rotating_token(ws.secret, mid)
    kiosk = {"Authorization": f"Bearer {ADMIN}"}
    for m in members[:200]:  # a kiosk at one address signs in 200 members, some twice
        assert api(client, mid, {"name": m.name}, kiosk, addr="10.0.0.9").status_code == 201
    for m in members[:50]:
        assert api(client, mid, {"name": m.name}, kiosk, addr="10.0.0.9").status_code == 200
    for i in range(30):  # an expired photo scanned again and again, from one address
        assert (
            api(
                client, mid, {"token": f"guess{i}", "name": "成员250"}, addr="10.0.0.66"
            ).status_code
            == 403
        )
    blocked = api(client, mid, {"token": "guess31", "name": "成员250"}, addr="10.0.0.66")
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert "too many failed attempts" in blocked.get_json()["error"]
    written = len(ws.store.attempts(mid, 1000))
    assert api(client, mid, {"token": token, "name": "路人"}, addr="10.0.0.66").status_code == 429
    assert len(ws.store.attempts(mid, 1000)) == written  # a flood past the limit writes nothing
    forged_page = client.get(f"/s/{mid}?t=forged", environ_base={"REMOTE_ADDR": "10.0.0.66"})
    assert forged_page.status_code == 429
    # The honest member at that address, with the valid code and an expected name: signed in.
    honest = api(app.test_client(), mid, {"token": token, "name": "成员250"}, addr="10.0.0.66")
    assert honest.status_code == 201
    # The page with a valid code still opens there.
    assert (
        app.test_client()
        .get(f"/s/{mid}?t={token}", environ_base={"REMOTE_ADDR": "10.0.0.66"})
        .status_code
        == 303
    )
    # The admin with the right token, from the same address: never refused.
    assert api(client, mid, {"name": "成员251"}, kiosk, addr="10.0.0.66").status_code == 201
    # Counted per device too: the guessing client (its cookie) is limited at a new address...
    assert (
        api(client, mid, {"token": "guess", "name": "成员252"}, addr="10.0.0.67").status_code == 429
    )
    # ...while another phone there is not.
    assert (
        api(
            app.test_client(), mid, {"token": "guess", "name": "成员252"}, addr="10.0.0.68"
        ).status_code
        == 403
    )
    # The dashboard shows the limited address.
    page = admin_client(app).get(f"/admin/meetings/{mid}").get_data(as_text=True)
    assert re.search(r'id="limited">.*10\.0\.0\.66', page, re.DOTALL)
    assert "10.0.0.68" not in page.split('id="limited"')[1].split("</ul>")[0]
    assert len(ws.store.signins(mid)) == 202


def test_user_text_is_escaped_in_html(workspace, run):
    members = [
        Member(
            name='<img src=x onerror="alert(1)">', status="full", group="<b>组</b>", role="member"
        ),
        Member(name="王建国", status="full", role="secretary"),
    ]
    use_roster(workspace, members)
    mid = prepare(run, "lesson")
    ws = Workspace(workspace)
    app = create_app(ws, admin_token=ADMIN, public_url="http://127.0.0.1:9")
    client = app.test_client()
    html = open_page(client, ws, mid)
    assert "<img src=x" not in html and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    response = client.post(
        f"/s/{mid}/guest",
        data={"csrf": csrf(html), "name": "<script>alert(2)</script>", "note": "</p><h1>x"},
    )
    assert "<script>alert(2)" not in response.get_data(as_text=True)
    sign(client, mid, html, members[0].name)
    admin = admin_client(app)
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    assert "<script>alert(2)" not in page and "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "<h1>x" not in page and "<b>组</b>" not in page
    assert "Content-Security-Policy" in response.headers
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


# -- the admin's pages ----------------------------------------------------------------------
def test_dashboard_hand_signin_leave_guest_undo_and_minutes(app, ws, run, workspace):
    # A meeting at 09:00 today: a hand sign-in at 23:59 is late at any hour the test runs (one
    # starting "now" made it on time between 23:49 and 23:59).
    mid = prepare(run, start=dt.datetime.combine(dt.date.today(), dt.time(9, 0)))
    admin = admin_client(app)
    index = admin.get("/admin").get_data(as_text=True)
    assert mid in index and "0 / 12" in index
    page = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    token = csrf(page)
    admin.post(
        f"/admin/meetings/{mid}/signin", data={"csrf": token, "name": "王建国", "at": "23:59"}
    )
    admin.post(f"/admin/meetings/{mid}/signin", data={"csrf": token, "name": "李秀英"})
    admin.post(
        f"/admin/meetings/{mid}/leave",
        data={"csrf": token, "name": "周杰", "kind": "sick", "reason": "住院"},
    )
    admin.post(
        f"/admin/meetings/{mid}/guest", data={"csrf": token, "name": "街道干部", "note": "党工委"}
    )
    rows = {s.name: s for s in ws.store.signins(mid)}
    assert rows["王建国"].status == "late" and rows["王建国"].at.time() == dt.time(23, 59)
    assert rows["李秀英"].method == "manual"
    table = admin.get(f"/admin/meetings/{mid}/table").get_data(as_text=True)
    assert 'data-name="王建国" data-state="late"' in table
    assert 'data-name="周杰" data-state="leave"' in table
    assert "街道干部 (党工委)" in table
    admin.post(f"/admin/meetings/{mid}/undo", data={"csrf": token, "name": "李秀英"})
    assert [s.name for s in ws.store.signins(mid)] == ["王建国"]
    assert ws.store.attempts(mid)[0].outcome == "cancelled"
    response = admin.post(f"/admin/meetings/{mid}/minutes", data={"csrf": token})
    assert response.status_code == 303
    flashes = admin.get(f"/admin/meetings/{mid}").get_data(as_text=True)
    assert "已写入 minutes.docx" in flashes and "已写入 signin.docx" in flashes
    from docx import Document

    doc = Document(str(workspace / "meetings" / mid / "minutes.docx"))
    from core_helpers import element_text  # the fields sit in content controls (w:sdt)

    cells = [element_text(c._tc) for t in doc.tables for r in t.rows for c in r.cells]
    assert "王建国（迟到）" in cells and "街道干部（党工委）" in cells
    assert any(
        c.startswith("周杰（病假：住院）、李秀英（缺席，未请假）、张伟（缺席，未请假）")
        for c in cells
    )


def test_projector_page_and_its_rotating_qr(app, ws, mid, zxing):
    from PIL import Image

    admin = admin_client(app)
    page = admin.get(f"/admin/meetings/{mid}/projector").get_data(as_text=True)
    assert short_code(ws.secret, mid) in page and "http://127.0.0.1:9/c" in page
    assert 'id="attended">0<' in page and "尚未达到法定人数（须到 6 人）" in page
    png = admin.get(f"/admin/meetings/{mid}/qr.png")
    assert png.headers["Content-Type"] == "image/png" and png.headers["Cache-Control"] == "no-store"
    codes = zxing.read_barcodes(Image.open(io.BytesIO(png.data)))
    assert len(codes) == 1
    url = urlsplit(codes[0].text)
    assert f"{url.scheme}://{url.netloc}" == "http://127.0.0.1:9" and url.path == f"/s/{mid}"
    token = url.query.removeprefix("t=")
    from meetkit.attendance.tokens import verify_token

    checked = verify_token(ws.secret, token, mid)
    assert checked.kind == "r" and 80 <= checked.not_after - checked.not_before <= 125
    # The code in the picture opens the sign-in page.
    client = app.test_client()
    assert result_of(sign(client, mid, open_page(client, ws, mid, token), "张伟"))[0] == "present"
    page = admin.get(f"/admin/meetings/{mid}/projector").get_data(as_text=True)
    assert 'id="attended">1<' in page


# -- issue 11: the attacks, as regression tests -----------------------------------------------
def printed_code(ws, mid) -> str:
    from meetkit.attendance.tokens import compact_code

    return compact_code(ws.secret, mid, ws.store.printed_generation(mid))


def test_a_loop_over_names_with_the_printed_code_signs_in_one(app, ws, mid):
    """Attack: one client signed in 10 other members through the API with the printed code."""
    code = printed_code(ws, mid)
    names = [m.name for m in ws.store.expected_members(mid)]
    client = app.test_client()
    answers = [api(client, mid, {"token": code, "name": n}) for n in names]
    assert [a.status_code for a in answers] == [201] + [409] * (len(names) - 1)
    assert {a.get_json()["reason"] for a in answers[1:]} == {"one-device"}
    assert "ask the host" in answers[1].get_json()["error"]
    # Without cookies (a new client each time) the address still binds.
    fresh = [
        api(
            app.test_client(),
            mid,
            {"token": code, "name": n},
            addr=client.environ_base["REMOTE_ADDR"],
        )
        for n in names[1:]
    ]
    assert {a.status_code for a in fresh} == {409}
    assert {a.get_json()["reason"] for a in fresh} == {"one-address"}
    assert [s.name for s in ws.store.signins(mid)] == [names[0]]
    reasons = [a.reason for a in ws.store.attempts(mid, 100)]
    assert sum(r.startswith("one-address") for r in reasons) == len(names) - 1
    # The dashboard lists these attempts.
    page = admin_client(app).get(f"/admin/meetings/{mid}").get_data(as_text=True)
    assert "one-address: this address already signed in" in page


def test_clearing_cookies_on_the_page_doesnt_make_a_new_phone(app, ws, mid):
    """Attack: clearing cookies signed in 4 members from one phone in 0.08 s."""
    phone = app.test_client()
    assert result_of(sign(phone, mid, open_page(phone, ws, mid), "王建国"))[0] == "present"
    phone.delete_cookie("meetkit")  # cleared
    refused = sign(phone, mid, open_page(phone, ws, mid), "李秀英")
    assert refused.status_code == 409
    assert "此网络地址已为 王建国 签到" in result_of(refused)[1]
    assert "联系会议主持人" in result_of(refused)[1]
    assert [s.name for s in ws.store.signins(mid)] == ["王建国"]


def test_shared_addresses_are_only_flagged_when_the_rule_is_off(workspace, run):
    toml = workspace / "meetkit.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            "one_member_per_address = true", "one_member_per_address = false"
        ),
        encoding="utf-8",
    )
    mid = prepare(run)
    ws = Workspace(workspace)
    app = make_app(ws)
    phones = [app.test_client() for _ in range(2)]
    for phone in phones:  # two phones behind one NAT
        phone.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    pages = [open_page(phone, ws, mid) for phone in phones]
    for phone, html, name in zip(phones, pages, ("王建国", "李秀英")):
        assert result_of(sign(phone, mid, html, name))[0] == "present"
    # The device rule still holds.
    assert sign(phones[0], mid, pages[0], "张伟").status_code == 409
    page = admin_client(app).get(f"/admin/meetings/{mid}").get_data(as_text=True)
    assert re.search(r'id="shared"><li>203\.0\.113\.7: 王建国, 李秀英</li>', page)
    assert "one_member_per_address = false" in page


def test_behind_a_proxy_the_forwarded_address_is_the_phone(workspace, run, ws):
    mid = prepare(run)
    plain, proxied = make_app(ws), make_app(ws, behind_proxy=True)
    code = printed_code(ws, mid)

    def from_proxy(app, name, phone):
        return app.test_client().post(
            f"/api/meetings/{mid}/signins",
            data=json.dumps({"token": code, "name": name}),
            content_type="application/json",
            headers={"X-Forwarded-For": phone},
            environ_base={"REMOTE_ADDR": "10.9.9.9"},
        )

    assert from_proxy(proxied, "王建国", "192.168.1.21").status_code == 201
    assert from_proxy(proxied, "李秀英", "192.168.1.22").status_code == 201
    assert from_proxy(proxied, "张伟", "192.168.1.21").get_json()["reason"] == "one-address"
    # Not behind a proxy: the header is ignored (anyone could send it); the address is the
    # connection's.
    assert from_proxy(plain, "张伟", "192.168.1.23").status_code == 201
    assert from_proxy(plain, "刘洋", "192.168.1.24").get_json()["reason"] == "one-address"
    assert {s.name: s for s in ws.store.signins(mid)}  # stored
    addresses = {a.name: a.address for a in reversed(ws.store.attempts(mid, 20))}  # latest
    assert addresses["李秀英"] == "192.168.1.22" and addresses["张伟"] == "10.9.9.9"


def test_odd_bodies_answer_400_json(app, ws, mid, caplog):
    """Attack: a deeply nested JSON body answered 500 with a traceback in the log."""
    client = app.test_client()
    code = printed_code(ws, mid)
    nested = '{"token": "' + code + '", "name": "王建国", "x": ' + "[" * 5000 + "]" * 5000 + "}"
    for body in (
        nested,
        "[" * 10000,
        '{"name": "王建国", "token": ',
        b"\xff\xfe{}",
        "null",
        '{"name": {"a": {"b": 1}}}',
    ):
        response = client.post(
            f"/api/meetings/{mid}/signins", data=body, content_type="application/json"
        )
        assert response.status_code == 400, body[:40]
        assert response.is_json and response.get_json()["reason"] == "bad-request"
    # A name with brackets inside its string is not "nested".
    response = api(client, mid, {"token": code, "name": "[[[王建国]]]"})
    assert response.status_code == 422
    too_big = client.post(
        f"/api/meetings/{mid}/signins", data="[" * 20000, content_type="application/json"
    )
    assert too_big.status_code == 413 and too_big.is_json
    assert "Traceback" not in caplog.text and ws.store.signins(mid) == []


@pytest.mark.parametrize(
    "problem, status", [("database is locked", 503), ("database or disk is full", 507)]
)
def test_storage_errors_answer_json_and_log_one_line(
    app, ws, mid, caplog, monkeypatch, problem, status
):
    """Attack: a lock held over 10 s or a full disk answered waitress's plain-text 500."""
    from sqlalchemy.exc import OperationalError

    def failing(*args, **kwargs):
        raise OperationalError("INSERT INTO signins ...", {}, Exception(problem))

    monkeypatch.setattr(type(ws.store), "sign_in", failing)
    client = app.test_client()
    response = api(client, mid, {"token": printed_code(ws, mid), "name": "王建国"})
    assert response.status_code == status and response.is_json
    assert set(response.get_json()) == {"error"}
    if status == 503:
        assert int(response.headers["Retry-After"]) > 0
    page = sign(client, mid, open_page(client, ws, mid), "王建国")
    assert page.status_code == status and "<html" in page.get_data(as_text=True)
    records = [r for r in caplog.records if r.name == "meetkit.web"]
    assert len(records) == 2 and all(r.exc_info is None for r in records)
    assert problem in records[0].getMessage() and "\n" not in records[0].getMessage()


def test_a_reissued_code_revokes_the_old_one(app, ws, mid, run, zxing):
    from PIL import Image

    old = printed_code(ws, mid)
    old_short = short_code(ws.secret, mid)
    folder = next((ws.root / "meetings").glob(f"{mid}*"))
    before = (folder / "signin.docx").read_bytes()
    out = run("signin-code", "reissue", mid).output
    new = printed_code(ws, mid)
    assert new != old and new in out and "signin.docx" in out and "qr.png" in out
    assert (folder / "signin.docx").read_bytes() != before
    decoded = zxing.read_barcodes(Image.open(folder / "qr.png"))[0].text
    assert decoded == f"{ws.config.public_url or decoded.rsplit('/q/', 1)[0]}/q/{new}"
    fresh = make_app(ws)  # a server started now (a running one rereads within 2 s)
    client = fresh.test_client()
    refused = api(client, mid, {"token": old, "name": "王建国"})
    assert refused.status_code == 403 and refused.get_json()["reason"] == "revoked"
    page = fresh.test_client().get(f"/q/{old}")
    assert page.status_code == 403 and "已作废" in page.get_data(as_text=True)
    assert api(fresh.test_client(), mid, {"token": new, "name": "王建国"}).status_code == 201
    # The short code moves on too.
    code_page = fresh.test_client()
    html = code_page.get("/c").get_data(as_text=True)
    assert code_page.post("/c", data={"csrf": csrf(html), "code": old_short}).status_code == 400
    assert ws.store.attempts(mid)[0].outcome == "present"


def test_a_running_server_sees_a_reissue_and_a_moved_meeting(app, ws, mid, monkeypatch):
    """The server keeps each meeting (its row, expected members, window and printed codes)
    between requests. A code reissued by another process, and a meeting moved to tomorrow,
    are seen by the first sign-in after the cache's seconds: the old code is refused as
    revoked, the new one works, and then the moved meeting's code is not valid yet."""
    import dataclasses
    import importlib

    site_module = importlib.import_module("meetkit.web.site")  # the module, not site()
    old = printed_code(ws, mid)
    phone = app.test_client()
    assert api(phone, mid, {"token": old, "name": "王建国"}, addr="10.9.0.1").status_code == 201
    ws.store.reissue_printed(mid, dt.datetime.now())  # `meetkit signin-code reissue`, elsewhere
    new = printed_code(ws, mid)
    # Within the cache's seconds the old code still opens (documented: within 2 s) ...
    kept = api(app.test_client(), mid, {"token": old, "name": "李秀英"}, addr="10.9.0.2")
    assert kept.status_code == 201
    monkeypatch.setattr(site_module, "CACHE_SECONDS", 0.0)  # ... and then no more
    refused = api(app.test_client(), mid, {"token": old, "name": "张伟"}, addr="10.9.0.3")
    assert refused.status_code == 403 and refused.get_json()["reason"] == "revoked"
    assert api(app.test_client(), mid, {"token": new, "name": "张伟"}, addr="10.9.0.3").json[
        "status"
    ] in ("present", "late")
    meeting = ws.store.get_meeting(mid)
    tomorrow = meeting.date + dt.timedelta(days=1)
    ws.store.update_meeting(dataclasses.replace(meeting, date=tomorrow))
    early = api(app.test_client(), mid, {"token": new, "name": "赵磊"}, addr="10.9.0.4")
    assert early.status_code == 403 and early.get_json()["reason"] == "not-yet"


@pytest.mark.parametrize("secure", [False, True])
def test_the_session_cookie_is_werkzeugs_and_flask_reads_it(ws, secure):
    """The session cookie a phone's first answer sets is built by SignedCookieSessions: the
    same header werkzeug's dump_cookie makes (attributes, order, date), a value itsdangerous
    signed, which Flask's own reader opens with the same contents."""
    from flask.sessions import SecureCookieSession
    from werkzeug.http import dump_cookie, http_date

    from meetkit.web.security import _http_date

    app = make_app(ws)
    app.config["SESSION_COOKIE_SECURE"] = secure
    interface = app.session_interface
    with app.test_request_context("/api/ping"):
        session = SecureCookieSession({"device": "AbC-d_9", "csrf": "x" * 32})
        session.permanent = True
        response = app.response_class("{}")
        interface.save_session(app, session, response)
    header = response.headers["Set-Cookie"]
    value = header.split(";")[0].split("=", 1)[1]
    expires = header.split("Expires=")[1].split(";")[0]
    assert header == dump_cookie(
        "meetkit",
        value,
        expires=expires,
        httponly=True,
        path="/",
        secure=secure,
        samesite="Lax",
    )
    assert response.headers["Vary"] == "Cookie"
    assert interface.get_signing_serializer(app).loads(value) == dict(session)
    for when in (0, 1_765_000_000, 1_765_000_001, 4_102_444_800):
        assert _http_date(when) == http_date(when)


def test_every_answer_carries_the_security_headers_once(app, ws, mid):
    """Pages, the API, its errors, a wrong method, an unknown address: each answer has the
    security headers, once each, and is not to be cached; a static file keeps its own
    caching header (a header the view set is kept) and still gets the others."""
    client = app.test_client()
    answers = {
        "page": client.get("/c"),
        "api 201": api(client, mid, {"token": printed_code(ws, mid), "name": "王建国"}),
        "api 404": api(client, "2020-01-01-nosuch", {"token": "x", "name": "x"}),
        "api 415": client.post(f"/api/meetings/{mid}/signins", data="name=x"),
        "405": client.get(f"/api/meetings/{mid}/signins"),
        "page 404": client.get("/no/such/page"),
    }
    assert [r.status_code for r in answers.values()] == [200, 201, 404, 415, 405, 404]
    expected = {
        "Content-Security-Policy": "frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }
    for what, response in answers.items():
        for name, value in expected.items():
            assert len(response.headers.getlist(name)) == 1, (what, name)
            assert value in response.headers[name], (what, name)
    static = client.get("/static/style.css")
    assert static.status_code == 200 and static.headers["X-Frame-Options"] == "DENY"
    assert static.headers.getlist("Cache-Control") == ["no-cache"]


def test_the_short_address_opens_the_page(app, ws, mid):
    client = app.test_client()
    code = printed_code(ws, mid)
    first = client.get(f"/q/{code.lower()}")
    assert first.status_code == 303 and first.headers["Location"] == f"/s/{mid}"
    assert (
        result_of(sign(client, mid, client.get(f"/s/{mid}").get_data(as_text=True), "王建国"))[0]
        == "present"
    )


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "ftp://192.168.1.20",
        "http://",
        "http://192.168.1.20:8750/?x=<b>",
        "192.168.1.20:8750",
    ],
)
def test_public_url_must_be_http(workspace, run, value):
    """Attack: public_url = "javascript:…" was accepted into the QR code."""
    toml = workspace / "meetkit.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('public_url = ""', f'public_url = "{value}"'), encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("public_url"))
    result = run("prepare", "lesson", "--no-input", ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip() == (
        f"Error: {toml}:{line}: [signin] public_url must be an "
        f"http:// or https:// address, got {value!r}"
    )
    assert not (workspace / "meetings").exists() or not any((workspace / "meetings").iterdir())
