"""`meetkit serve` as a real process on 127.0.0.1: the printed QR code decoded with zxing-cpp
and followed like a phone does, the refusals a real server gives, and a crash test (SIGKILL
during a burst of sign-ins loses nothing that was answered with success). ``Server`` and
``Phone`` are in tests/helpers.py."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import queue
import re
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest
from helpers import (
    ADMIN,
    Phone,
    Server,
    csrf,
    free_port,
    loopback,
    prepare_now,
    set_public_url,
    status_of,
)

from meetkit.attendance.tokens import rotating_token
from meetkit.workspace import Workspace


@pytest.fixture
def served(workspace, run, servers):
    """A demo workspace whose QR codes point at a real server on 127.0.0.1, a meeting now."""
    server = servers(workspace)
    set_public_url(workspace, server.base)
    mid = prepare_now(run)
    return workspace, server.start(), mid


def test_serve_prints_the_addresses_like_jupyter(served):
    _root, server, _mid = served
    out = "".join(server.lines)
    assert f"Sign-in address (in the QR codes): {server.base}/" in out
    assert f"{server.base}/admin?token={ADMIN}" in out
    admin = Phone(server.port)
    status, headers, _ = admin.get(f"/admin?token={ADMIN}")
    assert status == 303 and "meetkit_admin" in admin.cookies
    assert admin.get("/admin")[0] == 200
    assert Phone(server.port).get("/admin")[0] == 401


def test_end_to_end_from_the_printed_qr_code(served, zxing):
    from PIL import Image

    root, server, mid = served
    codes = zxing.read_barcodes(Image.open(root / "meetings" / mid / "qr.png"))
    assert len(codes) == 1
    url = urlsplit(codes[0].text)
    assert f"{url.scheme}://{url.netloc}" == server.base and url.path.startswith("/q/")
    assert len(codes[0].text) <= 45

    phone = Phone(server.port)
    status, headers, _ = phone.get(url.path)
    assert status == 303 and headers["location"] == f"/s/{mid}"
    status, _, page = phone.get(f"/s/{mid}")
    assert status == 200 and "王建国" in page and 'name="csrf"' in page
    status, _, html = phone.post_form(f"/s/{mid}", {"csrf": csrf(page), "name": "王建国"})
    assert status == 200 and status_of(html) == "present" and "签到成功" in html

    # The same person again: "already", with the first time; nothing toggles.
    status, _, again = phone.post_form(f"/s/{mid}", {"csrf": csrf(page), "name": "王建国"})
    first = re.search(r"签到时间：(\d\d:\d\d)", html).group(1)
    assert status_of(again) == "already" and f"您已于 {first} 签到" in again
    # A second name from the same phone.
    status, _, html = phone.post_form(f"/s/{mid}", {"csrf": csrf(page), "name": "李秀英"})
    assert status == 409 and "此手机已为 王建国 签到" in html

    # A name not expected, from another phone.
    other = Phone(server.port)
    other.get(url.path)
    _, _, page2 = other.get(f"/s/{mid}")
    status, _, html = other.post_form(f"/s/{mid}", {"csrf": csrf(page2), "name": "冒名者"})
    assert status == 422 and "不在本次会议的应到名单中" in html

    # Forged and expired codes.
    ws = Workspace(root)
    token = url.path.removeprefix("/q/")
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert Phone(server.port).get(f"/q/{forged}")[0] == 403
    status, _, body = Phone(server.port).post_json(
        f"/api/meetings/{mid}/signins", {"token": forged, "name": "李秀英"}
    )
    assert status == 403 and json.loads(body)["reason"] == "forged"
    expired = rotating_token(ws.secret, mid, now=time.time() - 300)
    status, _, html = Phone(server.port).get(f"/s/{mid}?t={expired}")
    assert status == 403 and "已过期" in html
    status, _, body = Phone(server.port).post_json(
        f"/api/meetings/{mid}/signins", {"token": expired, "name": "李秀英"}
    )
    assert status == 403 and json.loads(body)["reason"] == "expired"

    # What the admin sees.
    status, _, body = Phone(server.port).get(
        f"/api/meetings/{mid}/attendance", {"Authorization": f"Bearer {ADMIN}"}
    )
    data = json.loads(body)
    assert status == 200 and data["present"] == ["王建国"] and data["expected"] == 12
    reasons = [a.reason for a in ws.store.attempts(mid)]
    assert "expired" in reasons and "forged" in reasons and "not-expected" in reasons
    assert any(r.startswith("one-device") for r in reasons)


def test_a_kill_during_a_burst_loses_no_answered_sign_in(workspace, run):
    from meetkit.model.meeting import Meeting
    from meetkit.roster import Member
    from meetkit.testing import use_roster

    names = [f"成员{i:04d}" for i in range(1500)]
    use_roster(
        workspace, [Member(name=n, status="full", group="一组", role="member") for n in names]
    )
    ws = Workspace(workspace)
    start = dt.datetime.now() + dt.timedelta(minutes=30)
    mid = ws.store.add_meeting(
        Meeting(id="", type="lesson", date=start.date(), time=start.strftime("%H:%M")), ws.members
    ).id
    token = rotating_token(ws.secret, mid)
    server = Server(workspace).start()
    todo: queue.Queue = queue.Queue()
    for i, name in enumerate(names):
        todo.put((i, name))
    answered: list[str] = []  # names the server answered 201 for
    failed = threading.Event()

    def client():
        while not failed.is_set():
            try:
                i, name = todo.get_nowait()
            except queue.Empty:
                return
            try:  # each member's own phone: its own loopback address
                response = Phone(server.port, loopback(2000 + i)).post_json(
                    f"/api/meetings/{mid}/signins", {"token": token, "name": name}
                )
                body = response.json()
            except (OSError, http.client.HTTPException, ValueError):
                failed.set()  # the server is gone: what was answered is all that counts
                return
            if response.status == 201 and body["name"] == name:
                answered.append(name)

    threads = [threading.Thread(target=client) for _ in range(24)]
    try:
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while len(answered) < 200 and time.monotonic() < deadline:
            time.sleep(0.002)
        server.kill()  # mid-burst
        for t in threads:
            t.join(20)
        assert 200 <= len(answered) < len(names), "the kill did not land during the burst"
        restarted = Server(workspace, port=server.port).start()
        try:
            status, _, body = Phone(restarted.port).get(
                f"/api/meetings/{mid}/attendance", {"Authorization": f"Bearer {ADMIN}"}
            )
        finally:
            restarted.stop()
        present = set(json.loads(body)["present"])
        missing = [n for n in answered if n not in present]
        assert status == 200 and missing == []
    finally:
        failed.set()
        server.stop()


def test_serve_refuses_a_taken_port_and_a_bad_address(served, run):
    _root, server, _mid = served
    taken = run("serve", "--host", "127.0.0.1", "--port", str(server.port), ok=False)
    assert taken.exit_code == 1
    assert (
        taken.output.strip()
        .splitlines()[-1]
        .startswith(f"Error: cannot listen on 127.0.0.1:{server.port}: ")
    )
    bad = run("serve", "--public-url", "192.168.1.20:8750", "--port", str(free_port()), ok=False)
    assert bad.exit_code == 1 and bad.output.strip() == (
        "Error: --public-url: '192.168.1.20:8750' must be an http:// or https:// address"
    )
    script = run("serve", "--public-url", "javascript:alert(1)", ok=False)
    assert script.exit_code == 1 and "must be an http:// or https:// address" in script.output
    nowhere = run("serve", "--host", "nosuch.invalid", "--port", str(free_port()), ok=False)
    assert nowhere.exit_code == 1 and "Traceback" not in nowhere.output
    lines = nowhere.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot listen on nosuch.invalid:")


def test_slow_connections_dont_stop_honest_sign_ins(served):
    """Attack: 520 slow connections (headers trickled) made every honest sign-in time out."""
    root, server, mid = served
    from meetkit.attendance.tokens import compact_code

    slow = []
    try:
        for n in range(520):
            sock = socket.create_connection(
                ("127.0.0.1", server.port),
                timeout=10,
                source_address=(f"127.6.{n // 250}.{n % 250 + 1}", 0),
            )
            sock.send(b"POST /api/meetings/x/signins HTTP/1.1\r\nHost: a\r\nX-Slow: a")
            slow.append(sock)
        time.sleep(0.5)
        code = compact_code(Workspace(root).secret, mid)
        for name in ("王建国", "李秀英", "张伟"):
            t0 = time.monotonic()
            status, _, body = Phone(server.port).post_json(
                f"/api/meetings/{mid}/signins", {"token": code, "name": name}
            )
            assert status == 201 and time.monotonic() - t0 < 2.0
        # They were all still open (none refused, none closed by the server).
        for sock in slow:
            sock.send(b"a")
    finally:
        for sock in slow:
            sock.close()


def test_serve_with_unusable_storage_says_so_in_one_line(workspace, run):
    db = workspace / ".meetkit" / "meetkit.db"
    if db.exists():
        db.unlink()
    db.mkdir()  # not a database file
    result = run("serve", "--host", "127.0.0.1", "--port", str(free_port()), ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "storage" in lines[0], lines


@pytest.mark.parametrize("behind_proxy", [False, True])
def test_forwarded_addresses_count_only_behind_a_proxy(workspace, run, servers, behind_proxy):
    """A proxy (one host) forwards two phones: with --behind-proxy each is its own address;
    without it, a client's X-Forwarded-For is ignored and the proxy's address signs in one."""
    from meetkit.attendance.tokens import rotating_token

    server = servers(workspace, extra=("--behind-proxy",) if behind_proxy else ())
    mid = prepare_now(run)
    server.start()
    token = rotating_token(Workspace(workspace).secret, mid)
    answers = []
    for n, name in enumerate(("王建国", "李秀英")):
        # a fresh cookie jar each time, one source address
        proxy = Phone(server.port, "127.0.0.77")
        status, _headers, text = proxy.post_json(
            f"/api/meetings/{mid}/signins",
            {"token": token, "name": name},
            {"X-Forwarded-For": f"127.0.0.{90 + n}"},
        )
        answers.append((status, json.loads(text).get("reason")))
    if behind_proxy:
        assert [s for s, _ in answers] == [201, 201]
    else:
        assert answers == [(201, None), (409, "one-address")]
