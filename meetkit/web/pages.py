"""Members' pages: the sign-in page a QR code opens (with leave and guest forms beside it),
``/q/<code>`` (the printed QR's short address) and ``/c`` where the short code can be typed
instead of scanning.

A valid code in the address (``/q/<code>``, ``/s/<id>?t=...``) gives this browser a ticket for
the meeting, kept in its signed session cookie for a quarter of an hour, and the page moves to ``/s/<id>``: the
address a member might forward then holds no code, and a rotating code that expires while the
member types is no problem.

Over 400 lines because the sign-in page's three forms (sign in, leave, guest) and its two ways
in (scanned, typed) share one ticket and one set of refusals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from .. import clock
from ..attendance import rules as att
from ..attendance.tokens import (
    TokenError,
    compact_code,
    config_window,
    normal_code,
    short_code,
    which_generation,
)
from ..documents.context import long_date, meeting_title, weekday
from ..members import Ambiguous
from ..model.member import shown
from .i18n import words
from .rules import (
    limited_name_guess,
    load_meeting,
    one_person_message,
    refuse,
    request_sign_in,
    this_phone,
    too_many,
    verify_code,
    wait_seconds,
)
from .security import address, csrf_ok, device_id, is_admin
from .site import Cached, site

if TYPE_CHECKING:
    from ..model.meeting import Meeting

bp = Blueprint("pages", __name__)
TICKET_SECONDS = 15 * 60
METHOD = "web"


class MeetingInfo(TypedDict):
    """What the pages show of a meeting (the templates' ``m``)."""

    id: str
    title: str
    topic: str
    date: str
    weekday: str
    time: str
    place: str
    closed: bool


def meeting_info(cached: Cached, lang: str) -> MeetingInfo:
    """Title, date, time and place of a meeting, in ``lang``."""
    m, ws = cached.meeting, site().workspace
    return {
        "id": m.id,
        "title": meeting_title(ws.config.branch, m, cached.meeting_type, lang),
        "topic": m.topic,
        "date": long_date(m.date, lang),
        "weekday": weekday(m.date, lang),
        "time": m.time,
        "place": m.place,
        "closed": bool(m.signin_closed_at),
    }


def message(
    title: str, text: str, status: int, kind: str = "error", **extra: Any
) -> tuple[str, int]:
    return render_template("message.html", title=title, message=text, kind=kind, **extra), status


def _ticket(value: object) -> tuple[float, int]:
    """(expiry, printed generation) of a ticket; a bare expiry is a ticket from before
    tickets kept their generation (generation 0)."""
    if isinstance(value, list) and len(value) == 2:
        return float(value[0]), int(value[1])
    return float(value or 0) if isinstance(value, int | float) else 0.0, 0


def _ticket_state(cached: Cached) -> str:
    """``ok``, ``none`` (no ticket, or expired) or ``revoked``: the ticket was given before
    `meetkit signin-code reissue` replaced the printed code, so it is refused as the old
    code itself is."""
    expiry, generation = _ticket((session.get("tickets") or {}).get(cached.meeting.id))
    if expiry <= clock.epoch():
        return "none"
    return "revoked" if generation < cached.generation else "ok"


def _ticket_ok(cached: Cached) -> bool:
    return _ticket_state(cached) == "ok"


def _give_ticket(meeting_id: str, generation: int | None = None) -> None:
    if generation is None:
        generation = site().workspace.store.printed_generation(meeting_id)
    now = clock.epoch()
    tickets = {k: v for k, v in (session.get("tickets") or {}).items() if _ticket(v)[0] > now}
    tickets[meeting_id] = [int(now) + TICKET_SECONDS, generation]
    session["tickets"] = dict(sorted(tickets.items(), key=lambda kv: _ticket(kv[1])[0])[-5:])
    session.permanent = True


def _token_error(reason: str, w: dict[str, str]) -> str:
    return w.get(
        {"expired": "expired", "not-yet": "not_yet", "forged": "forged", "revoked": "revoked"}.get(
            reason, "scan_again"
        ),
        w["scan_again"],
    )


def _form_page(
    cached: Cached,
    status: int = 200,
    error: str = "",
    choices: Sequence[dict[str, str]] = (),
    **values: str,
) -> tuple[str, int]:
    ws = site().workspace
    return render_template(
        "signin.html",
        m=meeting_info(cached, g.lang),
        names=[shown(m) for m in cached.expected],
        error=error,
        choices=choices,
        kinds=att.KINDS,
        values=values,
        grace=ws.config.late_grace_minutes,
    ), status


@bp.get("/")
def home() -> ResponseReturnValue:
    """The bare address: point members at the code page."""
    return redirect(url_for("pages.code"), 302)


@bp.get("/s/<meeting_id>")
def signin_page(meeting_id: str) -> ResponseReturnValue:
    """The page a QR code opens."""
    cached = load_meeting(meeting_id, its_language=True)
    w = words(g.lang)
    token = request.args.get("t")
    if token is not None:
        try:
            verify_code(cached, token)
        except TokenError as exc:
            return refuse(cached.meeting.id, "", exc.reason, 403, _token_error(exc.reason, w))
        _give_ticket(cached.meeting.id, cached.generation)
        device_id()
        return redirect(url_for("pages.signin_page", meeting_id=cached.meeting.id), 303)
    state = _ticket_state(cached)
    if state == "revoked":
        return refuse(cached.meeting.id, "", "revoked", 403, _token_error("revoked", w))
    if state != "ok":
        return message(w["error"], w["scan_again"], 403)
    owner = site().workspace.store.device_owner(cached.meeting.id, device_id())
    if owner is not None and not is_admin():
        return render_template(
            "result.html",
            m=meeting_info(cached, g.lang),
            status="already",
            name=att.shown_name(cached.expected, owner.name),
            time=owner.at.strftime("%H:%M"),
        )
    if cached.meeting.signin_closed_at or getattr(cached.meeting, "cancelled_at", None):
        return message(w["error"], w["closed"], 409)
    return _form_page(cached)


def _post_preamble(meeting_id: str) -> Cached | ResponseReturnValue:
    """Checks every form post shares; returns the meeting, or the answer refusing the post."""
    cached = load_meeting(meeting_id, its_language=True)
    w = words(g.lang)
    if not csrf_ok():
        return message(w["error"], w["csrf"], 400)
    if not _ticket_ok(cached):
        try:
            verify_code(cached, request.form.get("t", ""))
        except TokenError as exc:
            if _ticket_state(cached) == "revoked" and not request.form.get("t"):
                exc.reason = "revoked"
            return refuse(
                cached.meeting.id,
                request.form.get("name", ""),
                exc.reason,
                403,
                _token_error(exc.reason, w),
            )
    return cached


@bp.post("/s/<meeting_id>")
def signin_post(meeting_id: str) -> ResponseReturnValue:
    """Sign the named member in."""
    cached = _post_preamble(meeting_id)
    if not isinstance(cached, Cached):
        return cached
    w = words(g.lang)
    name = att.clean_text(
        request.form.get("name", "") or request.form.get("pick", ""), att.NAME_MAX + 1
    )
    member = att.clean_text(request.form.get("member", ""), 120) or None
    if not name and not member:
        return _form_page(cached, 422, w["name_required"])
    admin = is_admin()
    if not admin and (page := limited_name_guess(cached, name, member)) is not None:
        return page
    try:
        result = request_sign_in(cached, name, member, admin=admin, method=METHOD)
    except att.SigninClosed:
        return message(w["error"], w["closed"], 409)
    except Ambiguous as exc:  # two members share the name: ask which one, by their labels
        return _form_page(
            cached,
            409,
            w["which_one"].format(count=len(exc.candidates), name=name),
            choices=exc.candidates,
            name=name,
        )
    except att.NotExpected:
        text = w["not_expected"].format(name=name)
        return refuse(
            cached.meeting.id,
            name,
            "not-expected",
            422,
            text,
            stored=True,
            page=lambda: _form_page(cached, 422, text, guest=name),
        )
    if result.status in ("one-device", "one-address"):
        return message(w["error"], one_person_message(result, w), 409)
    return render_template(
        "result.html",
        m=meeting_info(cached, g.lang),
        status=result.status,
        name=result.name,
        time=result.time,
        admin=admin,
    )


@bp.post("/s/<meeting_id>/leave")
def leave_post(meeting_id: str) -> ResponseReturnValue:
    """Record a member's leave request."""
    cached = _post_preamble(meeting_id)
    if not isinstance(cached, Cached):
        return cached
    w = words(g.lang)
    name = att.clean_text(request.form.get("name", ""), att.NAME_MAX + 1)
    kind = request.form.get("kind", "personal")
    reason = request.form.get("reason", "")
    if not name:
        return _form_page(cached, 422, w["name_required"])
    if kind not in att.KINDS:
        abort(400)
    try:
        row = att.record_leave(
            site().workspace,
            cached.meeting,
            name,
            kind=kind,
            reason=reason,
            method=METHOD,
            address=address(),
            device=device_id(),
        )
    except att.NotExpected:
        text = w["not_expected"].format(name=name)
        return refuse(
            cached.meeting.id,
            name,
            "not-expected",
            422,
            text,
            detail="leave",
            page=lambda: _form_page(cached, 422, text),
        )
    except Ambiguous as exc:
        return _form_page(
            cached,
            409,
            w["which_one"].format(count=len(exc.candidates), name=name)
            + " "
            + "、".join(c["label"] for c in exc.candidates),
        )
    except att.AlreadySignedIn:
        done = {s.name: s for s in site().workspace.store.signins(cached.meeting.id)}
        hit = att.match_member(cached.expected, name)
        at = done[hit.id].at.strftime("%H:%M") if hit and hit.id in done else ""
        return message(w["leave"], w["already_signed_leave"].format(name=name, time=at), 409)
    return render_template(
        "result.html",
        m=meeting_info(cached, g.lang),
        status="leave",
        name=row.name,
        kind=w[row.kind],
        reason=row.reason,
    )


@bp.post("/s/<meeting_id>/guest")
def guest_post(meeting_id: str) -> ResponseReturnValue:
    """Record someone sitting in (列席)."""
    cached = _post_preamble(meeting_id)
    if not isinstance(cached, Cached):
        return cached
    w = words(g.lang)
    name = att.clean_text(request.form.get("name", ""), att.NAME_MAX)
    if not name:
        return _form_page(cached, 422, w["name_required"])
    try:
        result = att.add_guest(
            site().workspace,
            cached.meeting,
            name,
            request.form.get("note", ""),
            method=METHOD,
            expected=cached.expected,
            **this_phone(is_admin()),
        )
    except att.SigninClosed:
        return message(w["error"], w["closed"], 409)
    except att.IsMember as exc:
        taken = "、".join(exc.labels) or name
        return _form_page(cached, 422, w["is_member"].format(name=taken), name=name)
    if result.status in ("one-device", "one-address"):
        return message(w["error"], one_person_message(result, w), 409)
    return render_template(
        "result.html",
        m=meeting_info(cached, g.lang),
        status="guest" if result.status == "guest" else "already",
        name=result.name,
        time=result.time,
    )


@bp.get("/q/<code>")
def printed(code: str) -> ResponseReturnValue:
    """The address the printed QR code holds: find the meeting whose code it is."""
    g.lang = site().workspace.config.lang
    w = words(g.lang)
    found, reason = _meeting_for_code(normal_code(code)[:20], compact_code)
    if found is None:
        return refuse(None, "", reason, 403, _token_error(reason, w))
    g.lang = found.lang
    _give_ticket(found.id)
    device_id()
    return redirect(url_for("pages.signin_page", meeting_id=found.id), 303)


@bp.route("/c", methods=["GET", "POST"])
def code() -> ResponseReturnValue:
    """Type the short code instead of scanning; it works while the printed code does."""
    g.lang = site().workspace.config.lang
    w = words(g.lang)
    if request.method == "GET":
        return render_template("code.html", error="")
    # Six characters can be guessed: a client over the limit is refused before its code is
    # looked at (a right guess included).
    if wait := wait_seconds():
        return too_many(wait)
    if not csrf_ok():
        return message(w["error"], w["csrf"], 400)
    typed = normal_code(request.form.get("code", ""))
    found, reason = _meeting_for_code(typed, short_code) if len(typed) == 6 else (None, "forged")
    if found is None:
        return refuse(
            None,
            "",
            "short-code",
            400,
            w["code_bad"],
            detail=f"{typed!r} {reason}",
            page=lambda: (render_template("code.html", error=w["code_bad"]), 400),
        )
    _give_ticket(found.id)
    device_id()
    return redirect(url_for("pages.signin_page", meeting_id=found.id), 303)


def _meeting_for_code(
    typed: str, make: Callable[[bytes, str, int], str]
) -> tuple[Meeting, str] | tuple[None, str]:
    """(the meeting whose printed code (``make``: compact_code or short_code) is ``typed`` and
    valid now, None) or (None, the reason it isn't: forged, revoked, not-yet, expired)."""
    ws = site().workspace
    config = ws.config
    now = clock.epoch()
    today = clock.today()
    reach = 1 + max(config.printed_opens_minutes, config.printed_closes_minutes) // 1440
    generations = ws.store.printed_generations()
    meetings = ws.store.list_meetings(year=today.year)
    if today.month == 1 or today.month == 12:
        meetings += ws.store.list_meetings(year=today.year + (1 if today.month == 12 else -1))
    for m in meetings:
        if abs((m.date - today).days) > reach:
            continue
        current = generations.get(m.id, 0)
        found = which_generation(ws.secret, m.id, typed, current, make)
        if found is None:
            continue
        if found != current:
            return None, "revoked"
        begin, end = config_window(config, m.start)
        if now < begin:
            return None, "not-yet"
        if now > end:
            return None, "expired"
        return m, ""
    return None, "forged"
