"""A month's work through the console alone, in headless Chromium (Debian's, through
Playwright): a roster upload, a committee meeting with a vote, a general meeting with a secret
ballot voted from three phones, a life meeting's cycle with the appraisal graded on one page,
minutes, photos, the ledger download; each download opened with python-docx. Every page fits a
390-pixel phone without sideways scrolling.

`meetkit console` itself is started too: it prints the signed-in address, listens on
127.0.0.1 and that address opens the console. The month is served by `meetkit serve
--behind-proxy` (the same console, beside the phone pages), so that each phone can bring an
address of its own (one address signs in one member).

Screenshots (1366 and 390 pixels wide) go to the test's folder; with MEETKIT_SCREENSHOTS=1
they are also copied to docs/console/ for docs/console.md and docs/zh-CN/."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import phone_context, set_public_url

from meetkit.attendance.tokens import rotating_token
from meetkit.workspace import Workspace

DOCS = Path(__file__).resolve().parent.parent / "docs" / "console"
WIDTHS = (1366, 390)


def shoot(page, tmp_path: Path, name: str) -> None:
    """Screenshots of the page at each width; the phone width must not scroll sideways."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        wide = page.evaluate("document.documentElement.scrollWidth")
        inner = page.evaluate("window.innerWidth")
        assert wide <= inner, f"{name} at {width}px scrolls sideways ({wide} > {inner})"
        shot = tmp_path / f"{name}-{width}.png"
        page.screenshot(path=str(shot), full_page=width == 1366)
        if os.environ.get("MEETKIT_SCREENSHOTS") == "1":
            DOCS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, DOCS / shot.name)
    page.set_viewport_size({"width": 1366, "height": 900})


def download(page, selector: str) -> Path:
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path())


def submit(page, selector: str) -> None:
    """Click a form's button and wait for the page it leads to (POST, redirect, GET): on a
    loaded machine the next locator would otherwise still find the old page."""
    with page.expect_navigation():
        page.click(selector)


def flashes(page, expect: str) -> str:
    """The page's flash messages, once one saying ``expect`` arrived (a form's POST, redirect
    and new page take a while on a loaded machine; the old page's flashes don't count)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.locator(".flash", has_text=expect).first.wait_for(timeout=20_000)
    except PlaywrightTimeout:
        pass  # the caller's assertion says what was there instead
    return " ".join(page.locator(".flash").all_inner_texts())


def test_meetkit_console_prints_its_address_and_listens_on_loopback(workspace, browser):
    script = Path(sys.executable).parent / "meetkit"
    proc = subprocess.Popen(
        [str(script), "--workspace", str(workspace), "console", "--no-browser", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()
    try:
        deadline = time.monotonic() + 30
        url = None
        while url is None and time.monotonic() < deadline and proc.poll() is None:
            found = re.search(r"(http://127\.0\.0\.1:\d+/admin\?token=\S+)", "".join(lines))
            url = found.group(1) if found else None
            time.sleep(0.05)
        assert url, "".join(lines)
        assert "console" in "".join(lines).lower() or "工作台" in "".join(lines)
        page = browser.new_page()
        page.goto(url)
        assert page.url.endswith("/admin") and "近期待办" in page.inner_text("h1")
        # Only loopback: the port answers on 127.0.0.1 and not on this machine's LAN address.
        port = int(re.search(r":(\d+)/admin", url).group(1))
        import socket

        from meetkit.attendance.tokens import lan_address

        lan = lan_address()
        if lan and not lan.startswith("127."):
            with socket.socket() as sock, pytest.raises(OSError):
                sock.settimeout(2)
                sock.connect((lan, port))
        page.close()
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_month_of_work_in_the_console(workspace, browser, servers, tmp_path):
    from docx import Document

    server = servers(workspace, extra=("--behind-proxy",))
    set_public_url(workspace, server.base)
    server.start()
    base = server.base
    today = dt.date.today()
    now = dt.datetime.now()
    desk = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = desk.new_page()
    page.goto(f"{base}/admin?token={server.admin}")
    assert "近期待办" in page.inner_text("h1")

    # -- the roster: a bad file refused row by row, then the good one ------------------------
    page.goto(f"{base}/admin/members")
    roster = (workspace / "members.csv").read_text(encoding="utf-8-sig")
    bad = tmp_path / "members.csv"
    bad.write_text(roster + "吴新,unknown,第一党小组,member,\n", encoding="utf-8")
    page.set_input_files("input[name=roster]", str(bad))
    page.click("#upload-button")
    assert "members.csv:" in page.inner_text("#upload-errors")
    assert "吴新" not in (workspace / "members.csv").read_text(encoding="utf-8")
    good = tmp_path / "good" / "members.csv"
    good.parent.mkdir()
    good.write_text(roster + "吴新,full,第二党小组,member,\n", encoding="utf-8")
    page.set_input_files("input[name=roster]", str(good))
    page.click("#upload-button")
    assert "吴新" in page.inner_text("#roster")
    shoot(page, tmp_path, "members")

    # -- a committee meeting with a vote -----------------------------------------------------
    page.goto(f"{base}/admin/meetings/new")
    shoot(page, tmp_path, "new-meeting")
    page.select_option("#f-type", "committee")
    page.click("#pick-type-button")  # the form below now prepares a committee meeting
    page.fill("#f-date", (today + dt.timedelta(days=1)).isoformat())
    page.fill("#f-time", "25:61")  # refused: the form comes back as typed, the field named
    page.fill("#f-place", "党员活动室")
    page.locator("input[name=vote]").first.fill("同意吴新同志按期转正")
    page.click("#prepare-button")
    assert page.locator(".field.wrong #f-time").count() == 1
    assert page.input_value("#f-place") == "党员活动室"
    page.fill("#f-time", "15:00")
    page.click("#prepare-button")
    committee = page.url.rsplit("/", 1)[1]
    assert "committee" in committee
    tally = page.locator("form.tally").first
    expected = len(Workspace(workspace).store.expected_members(committee))
    tally.locator("input[name=for]").fill(str(expected))
    tally.locator("input[name=against]").fill("0")
    tally.locator("input[name=abstain]").fill("0")
    tally.locator("button").click()
    assert "通过" in page.inner_text("#vote-items")

    # -- a general meeting, now, with a secret ballot voted from three phones ----------------
    page.goto(f"{base}/admin/meetings/new")
    page.select_option("#f-type", "general")
    page.click("#pick-type-button")  # the form below now prepares a general meeting
    page.fill("#f-date", today.isoformat())
    page.fill("#f-time", now.strftime("%H:%M"))
    page.locator("input[name=vote]").first.fill("选举出席上级党代会代表")
    page.click("#prepare-button")
    general = page.url.rsplit("/", 1)[1]
    phones = []
    for n, name in enumerate(("王建国", "李秀英", "张伟"), start=2):
        ctx = phone_context(browser, forwarded_for=f"127.0.0.{n}")
        phone = ctx.new_page()
        token = rotating_token(Workspace(workspace).secret, general)
        phone.goto(f"{base}/s/{general}?t={token}")
        phone.fill("#name", name)
        phone.click("#signin-button")
        phone.locator("#result").wait_for()
        phones.append((ctx, phone))
    page.reload()
    page.locator("form[id^=ballot-] button[id^=open-ballot-]").first.click()
    assert "已投票 0 / 3" in page.inner_text("#voted")
    for _ctx, phone in phones:
        phone.locator("#ballot-form").wait_for(timeout=15000)
        phone.check("#choice-0")
        phone.click("#cast-button")
        assert "投票成功" in phone.inner_text("#message")
    # no reload by hand: the meeting page refreshes 已投票 N/M by itself
    page.wait_for_function(
        "() => document.getElementById('voted').textContent.includes('3 / 3')", timeout=15000
    )
    shoot(page, tmp_path, "meeting")
    page.locator("button[id^=close-ballot-]").first.click()
    assert "赞成 3" in flashes(page, "赞成 3")
    for ctx, _phone in phones:
        ctx.close()

    # a guest recorded by mistake, removed after confirming
    page.fill("#add-guest input[name=name]", "走错会场的人")
    page.click("#add-guest button")
    page.locator(".guest-remove summary").first.click()
    page.click("button[data-guest='走错会场的人']")
    assert Workspace(workspace).store.guests(general) == []

    # minutes with the end time; photos; the minutes downloaded and opened
    page.fill("#minutes input[name=end]", (now + dt.timedelta(hours=1)).strftime("%H:%M"))
    page.click("#write-minutes")
    photo = tmp_path / "会场.png"
    from PIL import Image

    Image.new("RGB", (64, 48), (200, 30, 30)).save(photo)
    page.set_input_files("#attachments input[type=file]", str(photo))
    page.click("#attach-button")
    assert "会场.png" in page.inner_text("#documents")
    minutes = download(page, "#documents a[href$='/minutes.docx']")
    text = "\n".join(p.text for p in Document(str(minutes)).paragraphs)
    assert "出席上级党代会代表" in text or "党员大会" in text
    archive = download(page, "#zip-link")
    import zipfile

    assert any(n.endswith("minutes.docx") for n in zipfile.ZipFile(archive).namelist())

    # -- a life meeting's cycle, the appraisal graded on one page -----------------------------
    page.goto(f"{base}/admin/meetings/new")
    page.select_option("#f-type", "life")
    page.click("#pick-type-button")  # the form below now prepares a life meeting
    page.fill("#f-date", (today + dt.timedelta(days=2)).isoformat())
    page.click("#prepare-button")
    life = page.url.rsplit("/", 1)[1]
    page.click("#open-opinions")
    assert "/o/" in flashes(page, "/o/")
    page.fill("#add-opinion textarea[name=text]", "希望多组织实践活动")
    page.click("#add-opinion button")
    page.fill("#add-problem input[name=text]", "学习不够深入")
    submit(page, "#add-problem button")
    page.select_option("#add-talk select[name=a]", label="王建国")
    page.select_option("#add-talk select[name=b]", label="李秀英")
    submit(page, "#add-talk button")
    assert "1" in page.inner_text("#talk-coverage")
    submit(page, "#close-opinions")
    submit(page, "#open-appraisal")
    submit(page, "#close-appraisal")
    selects = page.locator("#appraisal-table select")
    for i in range(selects.count()):
        selects.nth(i).select_option("qualified")
    selects.nth(0).select_option("excellent")
    page.click("#save-grades")
    assert "已保存" in flashes(page, "已保存")
    grades = Workspace(workspace).store.grades(life)
    assert len(grades) == selects.count() and {g["grade"] for g in grades.values()} == {
        "qualified",
        "excellent",
    }
    submit(page, "#write-report")
    shoot(page, tmp_path, "life-meeting")
    report = download(page, "#documents a[href$='/report.docx']")
    assert "\n".join(p.text for p in Document(str(report)).paragraphs).strip()

    # -- the ledger, downloaded and opened ----------------------------------------------------
    page.goto(f"{base}/admin/ledger")
    shoot(page, tmp_path, "ledger")
    ledger = download(page, "#ledger-docx")
    assert "台账" in "\n".join(p.text for p in Document(str(ledger)).paragraphs)

    # -- every other page fits a phone --------------------------------------------------------
    for path, name in (
        ("/admin/", "home"),
        ("/admin/meetings", "meetings"),
        ("/admin/actions", "actions"),
        ("/admin/plan", "plan"),
        ("/admin/settings", "settings"),
        (f"/admin/meetings/{committee}", "committee-meeting"),
    ):
        page.goto(base + path)
        shoot(page, tmp_path, name)
    desk.close()
