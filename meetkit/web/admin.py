"""The admin's live sign-in: hand sign-in, leave, guests and closing, the projector page with the
rotating QR code, and its picture. The pages around them (the meetings, a meeting's page) are
the console's (meetkit.console), which shares this module's guard.

Every page needs the admin token: ``/admin?token=...`` (the address ``meetkit serve`` prints)
sets it as a cookie, then the address is cleaned. No token: 401; a wrong one: 403.
"""

from __future__ import annotations

import datetime as dt
import hmac
from typing import TYPE_CHECKING, Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from ..attendance import rules as att
from ..attendance.tokens import ROTATE_EVERY, code_page_url, rotating_token, short_code, signin_url
from ..errors import MeetkitError
from ..model.meeting import time_on_meeting_day
from .i18n import words
from .pages import meeting_info
from .rules import load_meeting, refuse
from .security import ADMIN_COOKIE, address, admin_state, csrf_ok
from .site import Cached, site

if TYPE_CHECKING:
    from ..model.meeting import Meeting

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def guard() -> ResponseReturnValue | None:
    """Token in the address: set the cookie and clean the address. Else the cookie decides."""
    g.lang = site().workspace.config.lang
    w = words(g.lang)
    token = request.args.get("token")
    if token is not None:
        if not hmac.compare_digest(token.encode(), site().admin_token.encode()):
            return refuse(None, "", "admin-token", 403, w["admin_wrong"])
        response = redirect(request.path, 303)
        response.set_cookie(
            ADMIN_COOKIE,
            token,
            httponly=True,
            samesite="Strict",
            secure=site().public_url.startswith("https://"),
        )
        return response
    state = admin_state()
    if state == "ok":
        if request.endpoint == "admin.photos":  # photos from a phone: bigger than a form
            request.max_content_length = PHOTOS_MAX_BODY
            # werkzeug's multipart decoder holds a read chunk (64 KB) under this limit too
            request.max_form_memory_size = 1024 * 1024
        if request.method == "POST" and not csrf_ok():
            return render_template(
                "message.html", title=w["error"], kind="error", message=w["csrf"]
            ), 400
        return None
    if state == "wrong":
        return refuse(None, "", "admin-token", 403, w["admin_wrong"])
    return render_template(
        "message.html", title=w["error"], kind="error", message=w["admin_missing"]
    ), 401


def _load(meeting_id: str) -> Cached:
    return load_meeting(meeting_id)


def _table_context(cached: Cached) -> dict[str, Any]:
    ws = site().workspace
    m = cached.meeting
    summary = att.load(ws, m, g.lang)
    labels = att.statuses(summary, g.lang)
    signins = {s.name: s for s in ws.store.signins(m.id)}  # by member id
    leaves = {lv.name: lv for lv in ws.store.leaves(m.id)}
    rows = []
    for i, member in enumerate(cached.expected, 1):
        s = signins.get(member.id)
        state = (
            s.status
            if s
            else ("leave" if member.id in leaves else "away" if member.away else "absent")
        )
        rows.append(
            {
                "no": i,
                "name": member.label,
                "member": member.id,
                "group": member.group,
                "voting": member.voting,
                "state": state,
                "label": labels.get(member.id, ("", ""))[0],
                "note": labels.get(member.id, ("", ""))[1],
                "method": s.method if s else "",
                "bound": bool(s and s.bound),
                "on_leave": member.id in leaves,
            }
        )
    return {
        "summary": summary,
        "rows": rows,
        "guests": ws.store.guests(m.id),
        "attempts": ws.store.attempts(m.id, 30),
        "statement": att.statement(summary, g.lang),
        "limited": site().limiter.limited(),
        "shared": ws.store.shared_addresses(m.id),
        "address_rule": ws.config.one_member_per_address,
        "behind_proxy": site().behind_proxy,
    }


def _member_id(cached: Cached, name: str) -> str:
    """The id of the expected member ``name`` (a label, name or id) means; else ``name``
    itself (a guest, or someone no longer expected)."""
    try:
        found = att.match_member(cached.expected, name)
    except MeetkitError:
        found = None
    return found.id if found is not None else name


@bp.get("/meetings/<meeting_id>/table")
def table(meeting_id: str) -> ResponseReturnValue:
    """The live part of the meeting page (the page's script fetches it every few seconds)."""
    cached = load_meeting(meeting_id)
    return render_template(
        "admin_table.html", m=meeting_info(cached, g.lang), **_table_context(cached)
    )


def _back(meeting_id: str) -> Response:
    return redirect(url_for("console.meeting", meeting_id=meeting_id), 303)


def _hhmm(meeting: Meeting, value: str) -> dt.datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    return time_on_meeting_day(meeting, value, "time")


@bp.post("/meetings/<meeting_id>/signin")
def signin(meeting_id: str) -> ResponseReturnValue:
    """Sign a member in by hand (from the paper sheet); an optional HH:MM time."""
    cached = load_meeting(meeting_id)
    w = words(g.lang)
    ws = site().workspace
    name = request.form.get("name", "")
    try:
        at = _hhmm(cached.meeting, request.form.get("at", ""))
        result = att.sign_in(
            ws,
            cached.meeting,
            name,
            at=at,
            method="manual",
            address=address(),
            respect_closed=False,
        )
    except MeetkitError as exc:
        flash(str(exc), "error")
        return _back(cached.meeting.id)
    if result.status == "already":
        flash(w["already_at"].format(time=result.time) + f" ({result.name})", "info")
    else:
        flash(f"{result.name}: {w[result.status + '_ok']} {result.time}", "ok")
    return _back(cached.meeting.id)


PHOTOS_AT_ONCE = 10
PHOTOS_MAX_BODY = 25 * 1024 * 1024  # as waitress takes it (server.WAITRESS_OPTIONS)


@bp.post("/meetings/<meeting_id>/photos")
def photos(meeting_id: str) -> ResponseReturnValue:
    """Photos of the meeting from the phone's camera or gallery (meetkit.attachments)."""
    from .. import attachments

    cached = load_meeting(meeting_id)
    w = words(g.lang)
    files = [f for f in request.files.getlist("photo") if f and f.filename][:PHOTOS_AT_ONCE]
    if not files:
        flash(w["no_photo"], "error")
        return _back(cached.meeting.id)
    kept = []
    for f in files:
        name = f.filename or "photo.jpg"
        if not name.lower().endswith(attachments.PHOTO_SUFFIXES):
            flash(w["not_photo"].format(name=name), "error")
            continue
        try:
            kept.append(attachments.add(site().workspace, cached.meeting, name, f.read()))
        except MeetkitError as exc:
            flash(str(exc), "error")
    if kept:
        flash(w["photos_kept"].format(n=len(kept)), "info")
    return _back(cached.meeting.id)


@bp.post("/meetings/<meeting_id>/leave")
def leave(meeting_id: str) -> ResponseReturnValue:
    """Mark a member's leave."""
    cached = load_meeting(meeting_id)
    w = words(g.lang)
    kind = request.form.get("kind", "personal")
    try:
        row = att.record_leave(
            site().workspace,
            cached.meeting,
            request.form.get("name", ""),
            kind=kind,
            reason=request.form.get("reason", ""),
            method="manual",
            address=address(),
        )
    except MeetkitError as exc:
        flash(str(exc), "error")
        return _back(cached.meeting.id)
    flash(f"{row.name}: {w[row.kind]} {row.reason}", "ok")
    return _back(cached.meeting.id)


@bp.post("/meetings/<meeting_id>/guest")
def guest(meeting_id: str) -> ResponseReturnValue:
    """Record a guest sitting in."""
    cached = load_meeting(meeting_id)
    w = words(g.lang)
    try:
        result = att.add_guest(
            site().workspace,
            cached.meeting,
            request.form.get("name", ""),
            request.form.get("note", ""),
            method="manual",
            address=address(),
            respect_closed=False,
        )
    except MeetkitError as exc:
        flash(str(exc), "error")
        return _back(cached.meeting.id)
    flash(f"{result.name}: {w['guest_ok'] if result.status == 'guest' else w['already']}", "ok")
    return _back(cached.meeting.id)


@bp.post("/meetings/<meeting_id>/undo")
def undo(meeting_id: str) -> ResponseReturnValue:
    """Remove a sign-in made by mistake, a leave, or a guest (``what=guest``)."""
    cached = _load(meeting_id)
    w = words(g.lang)
    ws = site().workspace
    name = request.form.get("name", "")
    what = request.form.get("what", "signin")
    if what == "leave":
        done = ws.store.cancel_leave(cached.meeting.id, _member_id(cached, name))
    elif what == "guest":  # a guest recorded by mistake (confirmed on the page)
        done = ws.store.cancel_guest(cached.meeting.id, name, at=att.now(), address=address())
    else:
        done = ws.store.cancel_signin(
            cached.meeting.id, _member_id(cached, name), at=att.now(), address=address()
        )
    flash(w["undone"].format(name=name) if done else w["nothing"], "ok" if done else "info")
    return _back(cached.meeting.id)


@bp.post("/meetings/<meeting_id>/release")
def release(meeting_id: str) -> ResponseReturnValue:
    """Let the phone that signed ``name`` in sign in one more person (the admin's override)."""
    cached = load_meeting(meeting_id)
    w = words(g.lang)
    name = request.form.get("name", "")
    done = site().workspace.store.release_device(cached.meeting.id, _member_id(cached, name))
    flash(w["released"].format(name=name) if done else w["nothing"], "ok" if done else "info")
    return _back(cached.meeting.id)


HANDOVER_MINUTES = 10  # how long a handover code may be scanned


@bp.post("/meetings/<meeting_id>/handover")
def handover(meeting_id: str) -> ResponseReturnValue:
    """Hand a signed-in member's sign-in to a new phone (theirs lost its cookie): first a
    page to confirm, then, confirmed, a one-time code (logged) for the member to scan with
    the new phone. The old phone votes for no one from then on."""
    import hashlib
    import secrets

    cached = load_meeting(meeting_id)
    w = words(g.lang)
    ws = site().workspace
    name = request.form.get("name", "")
    member = _member_id(cached, name)
    if request.form.get("confirm") != "1":
        return render_template(
            "admin_handover.html", m=meeting_info(cached, g.lang), name=name, url=None
        )
    code = secrets.token_urlsafe(18)
    digest = hashlib.sha256(code.encode()).hexdigest()[:40]
    if not ws.store.start_handover(
        cached.meeting.id, member, digest, at=att.now(), address=address()
    ):
        flash(w["nothing"], "info")
        return _back(cached.meeting.id)
    url = site().public_url.rstrip("/") + url_for(
        "ballots.handover", meeting_id=cached.meeting.id, code=code
    )
    import base64

    qr = base64.b64encode(site().qr_png(url)).decode("ascii")
    return render_template(
        "admin_handover.html",
        m=meeting_info(cached, g.lang),
        name=name,
        url=url,
        qr=qr,
        minutes=HANDOVER_MINUTES,
    )


@bp.post("/meetings/<meeting_id>/close")
def close(meeting_id: str) -> ResponseReturnValue:
    """Close sign-in (``reopen=1``: open it again)."""
    cached = load_meeting(meeting_id)
    w = words(g.lang)
    reopen = request.form.get("reopen") == "1"
    site().workspace.store.set_signin_closed(cached.meeting.id, None if reopen else att.now())
    site().forget(cached.meeting.id)
    flash(w["reopened"] if reopen else w["closed_now"], "ok")
    return _back(cached.meeting.id)


@bp.post("/meetings/<meeting_id>/minutes")
def minutes(meeting_id: str) -> ResponseReturnValue:
    """Write minutes.docx and signin.docx with the attendance so far."""
    cached = load_meeting(meeting_id)
    w = words(g.lang)
    ws = site().workspace
    meeting = ws.meeting(cached.meeting.id)
    try:
        from ..documents.minutes import write_minutes

        written = write_minutes(ws, meeting)
    except MeetkitError as exc:
        flash(str(exc), "error")
        return _back(meeting.id)
    for item in written:
        if item.kept:
            flash(w["kept"].format(kept=item.kept.name, new=item.path.name), "info")
        else:
            flash(w["written"].format(file=item.path.name), "ok")
    return _back(meeting.id)


@bp.get("/meetings/<meeting_id>/projector")
def projector(meeting_id: str) -> ResponseReturnValue:
    """The page for the projector: the rotating QR code and live counts."""
    cached = load_meeting(meeting_id, its_language=True)
    s = site()
    summary = att.load(s.workspace, cached.meeting, g.lang)
    return render_template(
        "projector.html",
        m=meeting_info(cached, g.lang),
        summary=summary,
        code=short_code(s.workspace.secret, cached.meeting.id, cached.generation),
        code_url=code_page_url(s.public_url),
        every=ROTATE_EVERY,
    )


@bp.get("/meetings/<meeting_id>/qr.png")
def qr_png(meeting_id: str) -> ResponseReturnValue:
    """The projector's current QR code (a new token every 30 s, each accepted for 90 s)."""
    cached = load_meeting(meeting_id)
    s = site()
    url = signin_url(
        s.public_url, cached.meeting.id, rotating_token(s.workspace.secret, cached.meeting.id)
    )
    return s.qr_png(url), 200, {"Content-Type": "image/png"}
