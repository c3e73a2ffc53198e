"""The JSON API, for kiosks and mini-programs (see docs/signin.md).

Members (with a sign-in token from a QR code): ``POST /api/meetings/<id>/signins`` (answered by
``signin_api`` in front of Flask, for speed), ``.../leaves``, ``.../guests``. The admin (``Authorization: Bearer <admin token>``, or the admin cookie):
``GET /api/meetings``, ``GET /api/meetings/<id>/attendance``, ``GET /api/meetings/<id>/live``;
the admin may also sign in without a token (a kiosk). Errors are 4xx with ``{"error": ...}``.
Bodies must be JSON (``Content-Type: application/json``): a browser cannot send that across
sites without asking first, which keeps forged cross-site posts out.
"""
from __future__ import annotations

import time

from flask import Blueprint, abort, jsonify, request

from .. import attendance as att
from ..members import Ambiguous
from ..tokens import ROTATE_EVERY, TokenError, verify_token
from . import site
from .security import address, admin_state, check_meeting_id

bp = Blueprint("api", __name__, url_prefix="/api")
METHOD = "api"


def error(status: int, message: str, **extra):
    return jsonify({"error": message, **extra}), status


def _meeting(meeting_id: str):
    cached = site().meeting(check_meeting_id(meeting_id))
    if cached is None:
        abort(404)
    return cached


def _admin_or_error():
    state = admin_state()
    if state == "ok":
        return None
    if state == "wrong":
        site().limiter.fail(address())
        return error(403, "wrong admin token")
    return error(401, "admin token required (Authorization: Bearer <token>)")


def _body(*required: str):
    """The JSON object posted, or an error response."""
    if not request.is_json:
        abort(415)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return None, error(400, "the body must be a JSON object")
    for key in required:
        if not isinstance(data.get(key), str) or not data[key].strip():
            return None, error(400, f"{key!r} is required (a string)")
    for key, value in data.items():
        if value is not None and not isinstance(value, str):
            return None, error(400, f"{key!r} must be a string")
    return data, None


def _refused(meeting_id, name: str, why: str, status: int, message: str, **extra):
    """Store the refused attempt, count it against the address, answer with the error."""
    site().limiter.fail(address())
    site().workspace.store.record_attempt(meeting_id, att.clean_text(name, att.NAME_MAX),
                                          at=att.now().isoformat(), outcome="refused",
                                          reason=why, method=METHOD, address=address())
    return error(status, message, **extra)


def _member_preamble(meeting_id: str, *fields: str):
    """Rate limit, meeting, body and token (the admin needs none): (cached, data, error)."""
    wait = site().limiter.retry_after(address())
    if wait:
        response = error(429, f"too many failed attempts; retry in {wait} s")
        return None, None, (*response, {"Retry-After": str(wait)})
    cached = _meeting(meeting_id)
    admin = admin_state() == "ok"
    data, problem = _body(*fields)
    if problem is not None:
        site().limiter.fail(address())
        return None, None, problem
    if not admin:
        token = data.get("token")
        if not isinstance(token, str) or not token:
            return None, None, _refused(cached.meeting.id, data.get("name") or "",
                                        "token missing", 400, "'token' is required")
        try:
            verify_token(site().workspace.secret, token[:400], cached.meeting.id)
        except TokenError as exc:
            return None, None, _refused(cached.meeting.id, data.get("name") or "",
                                        f"token {exc.reason}", 403, str(exc), reason=exc.reason)
    return cached, data, None


@bp.get("/ping")
def ping():
    """Liveness: ``{"ok": true}``."""
    return jsonify({"ok": True})


@bp.post("/meetings/<meeting_id>/leaves")
def leaves(meeting_id):
    """``{"token", "name", "kind": "sick"|"personal"|"official", "reason"}`` -> 201."""
    cached, data, problem = _member_preamble(meeting_id)
    if problem is not None:
        return problem
    if not (data.get("name") or "").strip() and not (data.get("member") or "").strip():
        return error(400, "'name' or 'member' is required (a string)")
    kind = data.get("kind") or "personal"
    if kind not in att.KINDS:
        return error(400, f"'kind' must be one of {', '.join(att.KINDS)}")
    try:
        row = att.record_leave(site().workspace, cached.meeting, data.get("name") or "",
                               kind=kind, reason=data.get("reason") or "", method=METHOD,
                               address=address(), member=(data.get("member") or "")[:120] or None)
    except att.NotExpected as exc:
        site().limiter.fail(address())
        return error(422, str(exc))
    except Ambiguous as exc:
        return error(409, str(exc), candidates=exc.candidates)
    except att.AlreadySignedIn as exc:
        return error(409, str(exc))
    return jsonify({"status": "leave", "name": row.name, "kind": row.kind,
                    "reason": row.reason, "at": row.at}), 201


@bp.post("/meetings/<meeting_id>/guests")
def guests(meeting_id):
    """``{"token", "name", "note"}`` -> 201 ``{"status": "guest", ...}`` (200 ``already``)."""
    cached, data, problem = _member_preamble(meeting_id, "name")
    if problem is not None:
        return problem
    try:
        result = att.add_guest(site().workspace, cached.meeting, data["name"],
                               data.get("note") or "", method=METHOD, address=address(),
                               expected=cached.expected)
    except att.SigninClosed as exc:
        return error(409, str(exc))
    except att.IsMember as exc:
        return error(422, str(exc))
    return jsonify(result.as_dict()), 200 if result.status == "already" else 201


@bp.get("/meetings")
def meetings():
    """(admin) The meetings, by date."""
    if (problem := _admin_or_error()) is not None:
        return problem
    ws = site().workspace
    return jsonify([{"id": m.id, "type": m.type, "date": m.date.isoformat(), "time": m.time,
                     "topic": m.topic, "place": m.place, "closed_at": m.signin_closed_at}
                    for m in ws.store.list_meetings()])


@bp.get("/meetings/<meeting_id>/attendance")
def attendance(meeting_id):
    """(admin) The same object as ``meetkit attendance ID --json``."""
    if (problem := _admin_or_error()) is not None:
        return problem
    cached = _meeting(meeting_id)
    return jsonify(att.load(site().workspace, cached.meeting))


@bp.get("/meetings/<meeting_id>/live")
def live(meeting_id):
    """(admin) What the projector shows: counts, quorum, and which QR code is current."""
    if (problem := _admin_or_error()) is not None:
        return problem
    cached = _meeting(meeting_id)
    summary = att.load(site().workspace, cached.meeting)
    now = int(time.time())
    slot = now - now % ROTATE_EVERY
    return jsonify({
        "meeting": summary["meeting"], "expected": summary["expected"],
        "attended": summary["attended"], "late": len(summary["late"]),
        "leave": len(summary["leave"]), "guests": len(summary["guests"]),
        "quorum": summary["quorum"], "closed": bool(summary["closed_at"]),
        "slot": slot, "next_in": slot + ROTATE_EVERY - now,
        "qr": f"/admin/meetings/{cached.meeting.id}/qr.png?slot={slot}",
    })
