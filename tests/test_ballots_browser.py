"""Ballot and appraisal pages in headless Chromium (Debian's, through Playwright): two phones
(separate browser contexts, so separate cookies; each its own loopback address, forwarded to
`meetkit serve --behind-proxy` as a proxy on the room's network would), a probationary member,
a repeat and a closed ballot. The page a member signed in on turns into the ballot by itself."""

from __future__ import annotations

import json

import pytest
from helpers import phone_context, prepare_now, set_public_url
from test_ballots import admin_json

from meetkit.attendance.tokens import rotating_token
from meetkit.workspace import Workspace


@pytest.fixture
def served(workspace, run, servers):
    server = servers(workspace, extra=("--behind-proxy",))
    set_public_url(workspace, server.base)
    mid = prepare_now(run, "life")
    run("update", mid, "--vote", "讨论周敏同志预备党员转正问题")
    return workspace, server.start(), mid


PHONES = iter(range(2, 250))


def phone_signed_in(browser, server, mid, name):
    context = phone_context(browser, forwarded_for=f"127.0.0.{next(PHONES)}")
    page = context.new_page()
    token = rotating_token(Workspace(server.root).secret, mid)
    page.goto(f"{server.base}/s/{mid}?t={token}")
    page.fill("#name", name)
    page.click("#signin-button")
    if not page.locator("#result").count():
        raise AssertionError(page.inner_text("body"))
    return context, page


def item_number(run, mid, text):
    return next(
        r["item"] for r in json.loads(run("votes", mid, "--json").output) if r["text"] == text
    )


def test_the_signed_in_page_turns_into_the_ballot(served, browser, run):
    root, server, mid = served
    a_ctx, a = phone_signed_in(browser, server, mid, "王建国")
    b_ctx, b = phone_signed_in(browser, server, mid, "李秀英")
    p_ctx, p = phone_signed_in(browser, server, mid, "赵磊")  # probationary
    n = item_number(run, mid, "讨论周敏同志预备党员转正问题")
    run("ballot", "open", mid, str(n))
    # No reload by hand: each page polls and switches to the ballot.
    a.locator("#ballot-form").wait_for(timeout=15000)
    b.locator("#ballot-form").wait_for(timeout=15000)
    assert "讨论周敏同志预备党员转正问题" in a.inner_text("#ballot-text")
    # The probationary member's phone is told why it can't vote.
    p.wait_for_url(f"**/s/{mid}/vote", timeout=15000)
    assert "没有表决权" in p.inner_text("#message")

    a.check("#choice-0")
    a.click("#cast-button")
    assert "投票成功" in a.inner_text("#message")
    # A repeat from the same phone.
    a.goto(f"{server.base}/s/{mid}/vote")
    assert "已经投过票" in a.inner_text("#message")
    # The projector shows the count of ballots only.
    screen = browser.new_context(viewport={"width": 1280, "height": 720})
    projector = screen.new_page()
    projector.goto(f"{server.base}/admin?token={server.admin}")
    projector.goto(f"{server.base}/admin/meetings/{mid}/projector")
    projector.wait_for_function(
        "() => !document.getElementById('ballot-count').hidden", timeout=10000
    )
    assert projector.inner_text("#ballot-count") == "已投票 1 / 2"

    run("ballot", "close", mid, str(n))
    b.check("#choice-1")
    b.click("#cast-button")  # the form was shown before the close
    assert "投票已结束" in b.inner_text("#message")
    status, data = admin_json(server.port, "GET", f"/api/meetings/{mid}/ballot")
    assert status == 200 and data["ballot"] is None
    row = next(r for r in json.loads(run("votes", mid, "--json").output) if r["item"] == n)
    assert (row["for"], row["against"], row["abstain"], row["method"]) == (1, 0, 0, "ballot")
    for ctx in (a_ctx, b_ctx, p_ctx, screen):
        ctx.close()


def test_the_appraisal_on_two_phones(served, browser, run):
    root, server, mid = served
    a_ctx, a = phone_signed_in(browser, server, mid, "王建国")
    p_ctx, p = phone_signed_in(browser, server, mid, "孙婷")  # probationary: grades, not graded
    run("appraisal", "open", mid)
    a.locator("#appraisal-form").wait_for(timeout=15000)
    p.locator("#appraisal-form").wait_for(timeout=15000)
    a_names = a.locator("fieldset.graded legend").all_inner_texts()
    p_names = p.locator("fieldset.graded legend").all_inner_texts()
    assert "王建国" not in a_names and len(a_names) == 9  # every full member but themselves
    assert len(p_names) == 10 and "孙婷" not in p_names and "赵磊" not in p_names
    assert "1/3" in a.inner_text("#guidance")

    # 不合格 without a reason is sent back with the choices kept.
    # (王建国 is the first full member: his phone's fieldsets are numbered 1 to 9.)
    # Every grade is required: the browser itself won't send an incomplete ballot (the
    # server refuses one too: test_appraisal.py).
    for i in range(1, 10):
        a.locator(f"#graded-{i} input[value='qualified']").check()
    a.locator("#graded-1 input[value='unqualified']").check()
    a.click("#appraisal-button")
    assert "需填写理由" in a.inner_text("#error") and "李秀英" in a.inner_text("#error")
    assert a.locator("#graded-2 input[value='qualified']").is_checked()
    a.fill("#graded-1 input[name='r1']", "长期不参加组织生活")
    a.locator("#graded-1 input[value='unqualified']").check()
    a.click("#appraisal-button")
    assert "测评票已提交" in a.inner_text("#message")
    a.goto(f"{server.base}/s/{mid}/vote")
    assert "已提交过测评票" in a.inner_text("#message")

    run("appraisal", "close", mid)
    for i in range(10):
        p.locator(f"#graded-{i} input[value='excellent']").check()  # form shown before close
    p.click("#appraisal-button")
    assert "测评已结束" in p.inner_text("#message")
    data = json.loads(run("appraisal", mid, "--json").output)
    assert data["ballots"] == 1 and data["reasons"] == {"李秀英": ["长期不参加组织生活"]}
    for ctx in (a_ctx, p_ctx):
        ctx.close()
