"""Members' pages: the sign-in page a QR code opens (with leave and guest forms beside it), and
``/c`` where the short code can be typed instead of scanning.

A valid code in the address (``/s/<id>?t=...``) gives this browser a ticket for the meeting, kept
in its signed session cookie for a quarter of an hour, and the page moves to ``/s/<id>``: the
address a member might forward then holds no code, and a rotating code that expires while the
member types is no problem.
"""
from __future__ import annotations

import datetime as dt
import time

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from .. import attendance as att
from ..members import Ambiguous
from ..context import long_date, meeting_title, weekday
from ..tokens import TokenError, printed_window, short_code, verify_token
from . import site
from .i18n import words
from .security import address, check_meeting_id, csrf_ok, device_id, is_admin

bp = Blueprint("pages", __name__)
TICKET_SECONDS = 15 * 60
METHOD = "web"


def meeting_info(cached, lang: str) -> dict:
    """Title, date, time and place of a meeting, in ``lang``."""
    m, ws = cached.meeting, site().workspace
    return {"id": m.id, "title": meeting_title(ws.config.branch, m, cached.meeting_type, lang),
            "topic": m.topic, "date": long_date(m.date, lang),
            "weekday": weekday(m.date, lang), "time": m.time, "place": m.place,
            "closed": bool(m.signin_closed_at)}


def message(title: str, text: str, status: int, kind: str = "error", **extra):
    return render_template("message.html", title=title, message=text, kind=kind,
                           **extra), status


def _too_many():
    wait = site().limiter.retry_after(address())
    if wait:
        w = words(getattr(g, "lang", "zh-CN"))
        page = message(w["error"], w["too_many"].format(seconds=wait), 429)
        return page[0], 429, {"Retry-After": str(wait)}
    return None


def _failed(meeting_id, name: str, reason: str) -> None:
    """Store a refused attempt and count it against the address."""
    site().limiter.fail(address())
    site().workspace.store.record_attempt(
        meeting_id, att.clean_text(name, att.NAME_MAX), at=att.now().isoformat(),
        outcome="refused", reason=reason, method=METHOD, address=address(),
        device=session.get("device", ""))


def _ticket_ok(meeting_id: str) -> bool:
    tickets = session.get("tickets") or {}
    return float(tickets.get(meeting_id, 0)) > time.time()


def _give_ticket(meeting_id: str) -> None:
    tickets = {k: v for k, v in (session.get("tickets") or {}).items() if v > time.time()}
    tickets[meeting_id] = int(time.time()) + TICKET_SECONDS
    session["tickets"] = dict(sorted(tickets.items(), key=lambda kv: kv[1])[-5:])
    session.permanent = True


def _token_error(exc: TokenError, w: dict) -> str:
    return w.get({"expired": "expired", "not-yet": "not_yet", "forged": "forged"}
                 .get(exc.reason, "scan_again"), w["scan_again"])


def _load(meeting_id: str):
    cached = site().meeting(check_meeting_id(meeting_id))
    if cached is None:
        abort(404)
    g.lang = cached.meeting.lang
    return cached


def _form_page(cached, status: int = 200, error: str = "", choices=(), **values):
    ws = site().workspace
    return render_template("signin.html", m=meeting_info(cached, g.lang),
                           names=[getattr(m, "label", m.name) for m in cached.expected],
                           error=error, choices=choices,
                           kinds=att.KINDS, values=values,
                           grace=ws.config.late_grace_minutes), status


@bp.get("/")
def home():
    """The bare address: point members at the code page."""
    return redirect(url_for("pages.code"), 302)


@bp.get("/s/<meeting_id>")
def signin_page(meeting_id):
    """The page a QR code opens."""
    cached = _load(meeting_id)
    w = words(g.lang)
    token = request.args.get("t")
    if token is not None:
        if (page := _too_many()) is not None:
            return page
        try:
            verify_token(site().workspace.secret, token[:400], cached.meeting.id)
        except TokenError as exc:
            _failed(cached.meeting.id, "", f"token {exc.reason}")
            return message(w["error"], _token_error(exc, w), 403)
        _give_ticket(cached.meeting.id)
        device_id()
        return redirect(url_for("pages.signin_page", meeting_id=cached.meeting.id), 303)
    if not _ticket_ok(cached.meeting.id):
        return message(w["error"], w["scan_again"], 403)
    owner = site().workspace.store.device_owner(cached.meeting.id, device_id())
    if owner is not None and not is_admin():
        return render_template("result.html", m=meeting_info(cached, g.lang), status="already",
                               name=att.shown_name(cached.expected, owner.name),
                               time=owner.at[11:16])
    if cached.meeting.signin_closed_at:
        return message(w["error"], w["closed"], 409)
    return _form_page(cached)


def _post_preamble(meeting_id: str):
    """Checks every form post shares; returns (cached, None) or (None, response)."""
    cached = _load(meeting_id)
    w = words(g.lang)
    if (page := _too_many()) is not None:
        return None, page
    if not csrf_ok():
        return None, message(w["error"], w["csrf"], 400)
    if not _ticket_ok(cached.meeting.id):
        token = request.form.get("t", "")
        try:
            verify_token(site().workspace.secret, token[:400], cached.meeting.id)
        except TokenError as exc:
            _failed(cached.meeting.id, request.form.get("name", ""), f"token {exc.reason}")
            return None, message(w["error"], _token_error(exc, w), 403)
    return cached, None


@bp.post("/s/<meeting_id>")
def signin_post(meeting_id):
    """Sign the named member in."""
    cached, page = _post_preamble(meeting_id)
    if page is not None:
        return page
    w = words(g.lang)
    name = att.clean_text(request.form.get("name", "") or request.form.get("pick", ""),
                          att.NAME_MAX + 1)
    member = att.clean_text(request.form.get("member", ""), 120) or None
    if not name and not member:
        return _form_page(cached, 422, w["name_required"])
    admin = is_admin()
    try:
        result = att.sign_in(site().workspace, cached.meeting, name, method=METHOD,
                             device=device_id(), bind_device=not admin, address=address(),
                             expected=cached.expected, index=cached.index, member=member)
    except att.SigninClosed:
        return message(w["error"], w["closed"], 409)
    except Ambiguous as exc:  # two members share the name: ask which one, by their labels
        return _form_page(cached, 409, w["which_one"].format(count=len(exc.candidates),
                                                             name=name),
                          choices=exc.candidates, name=name)
    except att.NotExpected:
        site().limiter.fail(address())
        return _form_page(cached, 422, w["not_expected"].format(name=name), guest=name)
    if result.status == "device-used":
        site().limiter.fail(address())
        return message(w["error"], w["device_used"].format(name=result.name,
                                                           time=result.time), 409)
    return render_template("result.html", m=meeting_info(cached, g.lang), status=result.status,
                           name=result.name, time=result.time, admin=admin)


@bp.post("/s/<meeting_id>/leave")
def leave_post(meeting_id):
    """Record a member's leave request."""
    cached, page = _post_preamble(meeting_id)
    if page is not None:
        return page
    w = words(g.lang)
    name = att.clean_text(request.form.get("name", ""), att.NAME_MAX + 1)
    kind = request.form.get("kind", "personal")
    reason = request.form.get("reason", "")
    if not name:
        return _form_page(cached, 422, w["name_required"])
    if kind not in att.KINDS:
        abort(400)
    try:
        row = att.record_leave(site().workspace, cached.meeting, name, kind=kind, reason=reason,
                               method=METHOD, address=address(), device=device_id())
    except att.NotExpected:
        _failed(cached.meeting.id, name, "leave: not-expected")
        return _form_page(cached, 422, w["not_expected"].format(name=name))
    except Ambiguous as exc:
        return _form_page(cached, 409, w["which_one"].format(count=len(exc.candidates),
                                                             name=name) + " "
                          + "、".join(c["label"] for c in exc.candidates))
    except att.AlreadySignedIn:
        done = {s.name: s for s in site().workspace.store.signins(cached.meeting.id)}
        hit = att.match_member(cached.expected, name)
        at = done[hit.id].at[11:16] if hit and hit.id in done else ""
        return message(w["leave"], w["already_signed_leave"].format(name=name, time=at), 409)
    return render_template("result.html", m=meeting_info(cached, g.lang), status="leave",
                           name=row.name, kind=w[row.kind], reason=row.reason)


@bp.post("/s/<meeting_id>/guest")
def guest_post(meeting_id):
    """Record someone sitting in (列席)."""
    cached, page = _post_preamble(meeting_id)
    if page is not None:
        return page
    w = words(g.lang)
    name = att.clean_text(request.form.get("name", ""), att.NAME_MAX)
    if not name:
        return _form_page(cached, 422, w["name_required"])
    try:
        result = att.add_guest(site().workspace, cached.meeting, name,
                               request.form.get("note", ""), method=METHOD, device=device_id(),
                               bind_device=not is_admin(), address=address(),
                               expected=cached.expected)
    except att.SigninClosed:
        return message(w["error"], w["closed"], 409)
    except att.IsMember:
        return _form_page(cached, 422, w["is_member"].format(name=name), name=name)
    if result.status == "device-used":
        site().limiter.fail(address())
        return message(w["error"], w["device_used"].format(name=result.name,
                                                           time=result.time), 409)
    return render_template("result.html", m=meeting_info(cached, g.lang),
                           status="guest" if result.status == "guest" else "already",
                           name=result.name, time=result.time)


@bp.route("/c", methods=["GET", "POST"])
def code():
    """Type the short code instead of scanning; it works while the printed code does."""
    g.lang = site().workspace.config.lang
    w = words(g.lang)
    if request.method == "GET":
        return render_template("code.html", error="")
    if (page := _too_many()) is not None:
        return page
    if not csrf_ok():
        return message(w["error"], w["csrf"], 400)
    typed = "".join(request.form.get("code", "").split()).upper()[:12]
    found = _meeting_for_code(typed) if len(typed) == 6 else None
    if found is None:
        _failed(None, "", f"short code {typed!r} not valid now")
        return render_template("code.html", error=w["code_bad"]), 400
    _give_ticket(found)
    device_id()
    return redirect(url_for("pages.signin_page", meeting_id=found), 303)


def _meeting_for_code(typed: str):
    """The meeting whose short code is ``typed`` and whose printed code is valid now."""
    import hmac

    ws = site().workspace
    now = time.time()
    today = dt.date.today()
    for m in ws.store.list_meetings(year=today.year) + (
            ws.store.list_meetings(year=today.year - 1) if today.month == 1 else []):
        if abs((m.date - today).days) > 1:
            continue
        begin, end = printed_window(m.start)
        if begin <= now <= end and hmac.compare_digest(short_code(ws.secret, m.id), typed):
            return m.id
    return None
