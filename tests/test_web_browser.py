"""A real browser: headless Chromium (Debian's, driven by Playwright; no browser download) on a
phone-sized screen signs in through the page and sees the result; the projector page shows a
QR code a phone can read, and live counts.

Screenshots go to the test's temporary folder; with MEETKIT_SCREENSHOTS=1 they are also copied
to docs/img/signin.png and docs/img/projector.png for the README."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import ADMIN, Phone, csrf, phone_context, prepare_now, set_public_url

from meetkit.attendance.tokens import rotating_token
from meetkit.workspace import Workspace

DOCS_IMG = Path(__file__).resolve().parent.parent / "docs" / "img"
# The address phones would use on the room's Wi-Fi: what the projector shows and its QR code
# holds (the tests follow only the path, to the real server on 127.0.0.1).
LAN = "http://192.168.1.20:8750"


@pytest.fixture
def served(workspace, run, servers):
    server = servers(workspace, extra=("--public-url", LAN))
    set_public_url(workspace, LAN)
    mid = prepare_now(run)
    return workspace, server.start(), mid


def keep(path: Path, name: str) -> None:
    if os.environ.get("MEETKIT_SCREENSHOTS") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS_IMG / name)


def test_a_phone_signs_in_through_the_page(served, browser, tmp_path):
    from PIL import Image

    root, server, mid = served
    ws = Workspace(root)
    phone = phone_context(browser, device_scale_factor=2)
    page = phone.new_page()
    url = f"{server.base}/s/{mid}?t={rotating_token(ws.secret, mid)}"
    page.goto(url)
    assert urlsplit(page.url).path == f"/s/{mid}" and not urlsplit(page.url).query
    assert "示例社区第一党支部" in page.inner_text("h1")
    shot = tmp_path / "signin.png"
    page.screenshot(path=str(shot))
    assert Image.open(shot).size == (780, 1688)
    keep(shot, "signin.png")

    page.fill("#name", "李秀英")
    page.click("#signin-button")
    result = page.locator("#result")
    result.wait_for()
    assert result.get_attribute("data-status") == "present"
    text = result.inner_text()
    assert "签到成功" in text and "李秀英" in text and "签到时间" in text
    assert [s.name for s in ws.store.signins(mid)] == ["李秀英"]
    # The page uses no framework and no inline script (the CSP would block one anyway): only
    # static/watch.js, which turns the page into a secret ballot when one opens.
    assert page.evaluate("[...document.scripts].map(s => new URL(s.src).pathname)") == [
        "/static/watch.js"
    ]

    # Scanning again from the same phone shows who it signed in; the printed sheet's short
    # address (what its QR holds) opens the same page.
    page.goto(url)
    assert page.locator("#result").get_attribute("data-status") == "already"
    from meetkit.attendance.tokens import compact_code

    page.goto(f"{server.base}/q/{compact_code(ws.secret, mid)}")
    assert urlsplit(page.url).path == f"/s/{mid}"
    assert page.locator("#result").get_attribute("data-status") == "already"
    phone.close()


def test_the_projector_page_shows_a_readable_code_and_live_counts(served, browser, tmp_path, zxing):
    from PIL import Image

    root, server, mid = served
    screen = browser.new_context(viewport={"width": 1280, "height": 720})
    page = screen.new_page()
    page.goto(f"{server.base}/admin?token={ADMIN}")
    page.goto(f"{server.base}/admin/meetings/{mid}/projector")
    page.wait_for_function("() => document.getElementById('qr').naturalWidth > 0")
    assert page.inner_text("#attended") == "0"
    shot = tmp_path / "projector.png"
    page.screenshot(path=str(shot))
    # A phone's camera sees what is on the screen: decode the screenshot itself.
    codes = zxing.read_barcodes(Image.open(shot))
    assert len(codes) == 1 and codes[0].text.startswith(f"{LAN}/s/{mid}?t=")
    assert f"{LAN}/c" in page.inner_text(".alt")
    keep(shot, "projector.png")

    # Someone signs in with that code; the page updates itself (it polls every 3 s).
    phone = Phone(server.port)
    phone.get(urlsplit(codes[0].text)._replace(scheme="", netloc="").geturl())
    html = phone.get(f"/s/{mid}")[2]
    assert phone.post_form(f"/s/{mid}", {"csrf": csrf(html), "name": "王建国"})[0] == 200
    page.wait_for_function(
        "() => document.getElementById('attended').textContent === '1'", timeout=10000
    )
    assert "尚未达到法定人数" in page.inner_text("#quorum")
    screen.close()
