"""The JSON API, for kiosks and mini-programs (see docs/signin.md).

Members (with a sign-in code: the printed compact code, or the ``t=`` of a QR code):
``POST /api/meetings/<id>/signins``, ``.../leaves``, ``.../guests``. The admin
(``Authorization: Bearer <admin token>``, or the admin cookie): ``GET /api/meetings``,
``GET /api/meetings/<id>/attendance``, ``GET /api/meetings/<id>/live``; the admin may also
sign in without a code, and anyone (a kiosk). Errors are ``{"error": ..., "reason": ...}``.
Bodies must be JSON (``Content-Type: application/json``): a browser cannot send that across
sites without asking first, which keeps forged cross-site posts out.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, jsonify
from flask.typing import ResponseReturnValue

from .. import clock
from ..attendance import rules as att
from ..attendance.tokens import ROTATE_EVERY, TokenError
from ..i18n import _
from ..members import Ambiguous
from ..model.meeting import iso_moment, meeting_json
from .rules import (
    admin_or_error,
    flat_json,
    json_error,
    limited_name_guess,
    load_meeting,
    one_person_message,
    refuse,
    request_sign_in,
    this_phone,
    verify_code,
)
from .security import address, admin_state
from .site import Cached, site

bp = Blueprint("api", __name__, url_prefix="/api")
METHOD = "api"


error = json_error


# A body that passed ``_body``: one flat object whose values are strings or null.
Body = dict[str, str | None]


def _body(*required: str) -> Body | tuple[Response, int]:
    """The JSON object posted (``required`` keys non-blank strings), or a 400 answer (415
    raised)."""
    data, problem = flat_json(*required)
    if problem is not None or data is None:
        return jsonify({"error": problem, "reason": "bad-request"}), 400
    return data


def _who(data: Body) -> tuple[Response, int] | None:
    """A 400 answer unless the body names someone: ``name``, or ``member`` (an id)."""
    if (data.get("name") or "").strip() or (data.get("member") or "").strip():
        return None
    return jsonify(
        {"error": _("'name' or 'member' is required (a string)"), "reason": "bad-request"}
    ), 400


@dataclass(frozen=True)
class Call:
    """A member's call that passed the checks: the meeting, its body, and whether the admin
    made it."""

    cached: Cached
    data: Body
    admin: bool


def _member(meeting_id: str, *fields: str) -> Call | ResponseReturnValue:
    """What every member's call checks first: the meeting, the body, and the code (the admin
    needs none). Returns the Call, or an error answer."""
    cached = load_meeting(meeting_id)
    data = _body(*fields)
    if isinstance(data, tuple):
        return data
    state = admin_state()
    if state == "wrong":
        return refuse(
            cached.meeting.id, data.get("name"), "admin-token", 403, _("wrong admin token")
        )
    if state == "ok":
        return Call(cached, data, True)
    token = data.get("token")
    if not token:
        return refuse(
            cached.meeting.id, data.get("name"), "no-token", 400, _("'token' is required")
        )
    try:
        verify_code(cached, token)
    except TokenError as exc:
        return refuse(cached.meeting.id, data.get("name"), exc.reason, 403, str(exc))
    return Call(cached, data, False)


@bp.get("/ping")
def ping() -> ResponseReturnValue:
    """Liveness: ``{"ok": true}``."""
    return jsonify({"ok": True})


@bp.post("/meetings/<meeting_id>/signins")
def signins(meeting_id: str) -> ResponseReturnValue:
    """``{"token", "name"}`` -> 201 ``{"status": "present"|"late", "name", "at"}``, 200
    ``already``; a second person from one device or address 409 (``one-device`` /
    ``one-address``)."""
    call = _member(meeting_id)
    if not isinstance(call, Call):
        return call
    cached, data, admin = call.cached, call.data, call.admin
    problem: ResponseReturnValue | None = _who(data)
    member = data.get("member") or None
    if problem is None and not admin:
        problem = limited_name_guess(cached, data.get("name") or "", member)
    if problem is not None:
        return problem
    try:
        result = request_sign_in(cached, data.get("name") or "", member, admin=admin, method=METHOD)
    except att.SigninClosed as exc:
        return error(409, str(exc), reason="closed")
    except att.NotExpected as exc:
        return refuse(
            cached.meeting.id,
            data.get("name") or member,
            "not-expected",
            422,
            str(exc),
            stored=True,
        )
    except Ambiguous as exc:  # send it again with "member": one of the candidates' ids
        return error(409, str(exc), reason="ambiguous", candidates=exc.candidates)
    if result.status in ("one-device", "one-address"):
        return error(409, one_person_message(result), reason=result.status, name=result.name)
    return jsonify(result.as_dict()), 200 if result.status == "already" else 201


@bp.post("/meetings/<meeting_id>/leaves")
def leaves(meeting_id: str) -> ResponseReturnValue:
    """``{"token", "name", "kind": "sick"|"personal"|"official", "reason"}`` -> 201."""
    call = _member(meeting_id)
    if not isinstance(call, Call):
        return call
    cached, data = call.cached, call.data
    if (problem := _who(data)) is not None:
        return problem
    kind = data.get("kind") or "personal"
    if kind not in att.KINDS:
        return error(400, _("'kind' must be one of {kinds}").format(kinds=", ".join(att.KINDS)))
    try:
        row = att.record_leave(
            site().workspace,
            cached.meeting,
            data.get("name") or "",
            kind=kind,
            reason=data.get("reason") or "",
            method=METHOD,
            address=address(),
            member=(data.get("member") or "")[:120] or None,
        )
    except att.NotExpected as exc:
        return refuse(
            cached.meeting.id,
            data.get("name") or data.get("member") or "",
            "not-expected",
            422,
            str(exc),
        )
    except Ambiguous as exc:  # send it again with "member": one of the candidates' ids
        return error(409, str(exc), reason="ambiguous", candidates=exc.candidates)
    except att.AlreadySignedIn as exc:
        return error(409, str(exc))
    return jsonify(
        {
            "status": "leave",
            "name": row.name,
            "kind": row.kind,
            "reason": row.reason,
            "at": iso_moment(row.at),
        }
    ), 201


@bp.post("/meetings/<meeting_id>/guests")
def guests(meeting_id: str) -> ResponseReturnValue:
    """``{"token", "name", "note"}`` -> 201 ``{"status": "guest", ...}`` (200 ``already``)."""
    call = _member(meeting_id, "name")
    if not isinstance(call, Call):
        return call
    cached, data, admin = call.cached, call.data, call.admin
    try:
        result = att.add_guest(
            site().workspace,
            cached.meeting,
            data["name"] or "",  # never empty: _body requires it
            data.get("note") or "",
            method=METHOD,
            expected=cached.expected,
            **this_phone(admin),
        )
    except att.SigninClosed as exc:
        return error(409, str(exc), reason="closed")
    except att.IsMember as exc:
        return error(422, str(exc), reason="is-member")
    if result.status in ("one-device", "one-address"):
        return error(409, one_person_message(result), reason=result.status, name=result.name)
    return jsonify(result.as_dict()), 200 if result.status == "already" else 201


@bp.get("/meetings")
def meetings() -> ResponseReturnValue:
    """(admin) The meetings, by date."""
    if (problem := admin_or_error()) is not None:
        return problem
    ws = site().workspace
    return jsonify([meeting_json(m, ws.root) for m in ws.store.list_meetings()])


@bp.get("/meetings/<meeting_id>/attendance")
def attendance(meeting_id: str) -> ResponseReturnValue:
    """(admin) The same object as ``meetkit attendance ID --json``."""
    if (problem := admin_or_error()) is not None:
        return problem
    cached = load_meeting(meeting_id)
    return jsonify(att.load(site().workspace, cached.meeting))


@bp.get("/meetings/<meeting_id>/live")
def live(meeting_id: str) -> ResponseReturnValue:
    """(admin) What the projector shows: counts, quorum, and which QR code is current."""
    if (problem := admin_or_error()) is not None:
        return problem
    cached = load_meeting(meeting_id)
    summary = att.load(site().workspace, cached.meeting)
    now = int(clock.epoch())
    slot = now - now % ROTATE_EVERY
    return jsonify(
        {
            "meeting": summary["meeting"],
            "expected": summary["expected"],
            "attended": summary["attended"],
            "late": len(summary["late"]),
            "leave": summary["leave_count"],
            "absent": summary["absent_count"],
            "guests": len(summary["guests"]),
            "quorum": summary["quorum"],
            "closed": bool(summary["closed_at"]),
            "slot": slot,
            "next_in": slot + ROTATE_EVERY - now,
            "qr": f"/admin/meetings/{cached.meeting.id}/qr.png?slot={slot}",
        }
    )
