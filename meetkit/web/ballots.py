"""Secret ballots and the democratic appraisal on phones and kiosks.

A phone that signed a member in (its device cookie is bound to that sign-in) votes as that
member: ``/s/<id>/vote`` shows the open ballot or appraisal, and the page the member signed in
on switches to it by itself (static/watch.js polls ``/s/<id>/vote/state``). Kiosks use the JSON
API with the admin token (docs/decisions.md). The choice travels in the POST body, never in an
address, and no request is logged with it; refusals store nothing (they are not guesses, so
the guess limiter leaves them alone).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, abort, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from .. import appraisal as ap
from .. import ballots as bl
from ..meetingtypes import localize
from . import Cached, site
from .i18n import words
from .rules import admin_or_error, json_error
from .security import check_meeting_id, csrf_ok, device_id

if TYPE_CHECKING:
    from ..roster import Member

bp = Blueprint("ballots", __name__)


def _load(meeting_id: str) -> Cached:
    cached = site().meeting(check_meeting_id(meeting_id))
    if cached is None:
        abort(404)
    g.lang = cached.meeting.lang
    return cached


def _message(
    title: str, text: str, status: int, kind: str = "error", **extra: Any
) -> tuple[str, int]:
    return render_template("message.html", title=title, message=text, kind=kind, **extra), status


def _phone_member(cached: Cached) -> Member | None:
    """The expected member this phone signed in, or None."""
    owner = site().workspace.store.device_owner(cached.meeting.id, device_id())
    if owner is None:
        return None
    return next((m for m in cached.expected if ap.member_key(m) == owner.name), None)


def _open_appraisal(cached: Cached) -> dict[str, Any] | None:
    state = site().workspace.store.appraisal(cached.meeting.id)
    return state if state and state["state"] == "open" else None


def _grade_choices(lang: str) -> list[tuple[str, str]]:
    return [(key, localize(ap.GRADE_TEXT[key], lang)) for key in ap.GRADES]


def _appraisal_page(
    cached: Cached, member: Member, status: int = 200, error: str = ""
) -> tuple[str, int]:
    ws = site().workspace
    # Field numbers follow the full list of graded members (the handler reads them so).
    graded = [
        (i, m)
        for i, m in enumerate(ap.graded_members(cached.expected))
        if ap.member_key(m) != ap.member_key(member)
    ]
    state = _open_appraisal(cached) or {"committee": False}
    committee = (
        [(c, localize(ap.COMMITTEE_TEXT[c], g.lang)) for c in ap.COMMITTEE]
        if state["committee"]
        else []
    )
    from .pages import meeting_info

    return render_template(
        "appraisal.html",
        m=meeting_info(cached, g.lang),
        graded=graded,
        grades=_grade_choices(g.lang),
        committee=committee,
        error=error,
        guidance=ap.guidance(ws, len(ap.graded_members(cached.expected)), g.lang),
        values=request.form if request.method == "POST" else {},
    ), status


@bp.get("/s/<meeting_id>/vote/state")
def state(meeting_id: str) -> ResponseReturnValue:
    """What the signed-in page polls: is a ballot or an appraisal open (no counts)."""
    cached = _load(meeting_id)
    ballot = bl.current(site().workspace, cached.meeting)
    return jsonify({"ballot": ballot is not None, "appraisal": _open_appraisal(cached) is not None})


@bp.get("/s/<meeting_id>/vote")
def page(meeting_id: str) -> ResponseReturnValue:
    """The open ballot (or appraisal) for this phone's member."""
    cached = _load(meeting_id)
    w = words(g.lang)
    ws = site().workspace
    member = _phone_member(cached)
    if member is None:
        return _message(w["error"], w["not_signed"], 403)
    ballot = bl.current(ws, cached.meeting)
    from .pages import meeting_info

    if ballot is not None:
        if member not in ws.plugins.meeting_type(cached.meeting.type).passing_rule.entitled(
            [member]
        ):
            return _message(w["error"], w["no_vote"].format(name=member.name), 403)
        if ws.store.has_voted(cached.meeting.id, ballot["text"], ap.member_key(member)):
            return _message(
                w["cast_ok"], w["voted_already"].format(name=member.name), 409, kind="ok"
            )
        return render_template(
            "ballot.html", m=meeting_info(cached, g.lang), ballot=ballot, name=member.name, error=""
        )
    if _open_appraisal(cached) is not None:
        if member.status not in ("full", "probationary"):
            return _message(w["error"], w["no_part"].format(name=member.name), 403)
        if ws.store.has_appraised(cached.meeting.id, ap.member_key(member)):
            return _message(
                w["appraisal_ok"], w["appraised_already"].format(name=member.name), 409, kind="ok"
            )
        return _appraisal_page(cached, member)
    return render_template("waiting.html", m=meeting_info(cached, g.lang), text=w["no_ballot"])


def _refusal_page(w: dict[str, str], exc: bl.Refused, name: str) -> tuple[str, int]:
    text = {
        "already": w["voted_already"],
        "no-vote": w["no_vote"],
        "closed": w["ballot_closed"],
        "not-signed-in": w["not_signed"],
        "bad-choice": w["pick_one"],
    }.get(exc.reason, str(exc))
    status = {"already": 409, "closed": 409, "no-vote": 403, "not-signed-in": 403}.get(
        exc.reason, 422
    )
    return _message(w["refused"], text.format(name=name), status)


@dataclass(frozen=True)
class Voter:
    """Whom a ballot post comes from: the meeting, the page's words and the member this phone
    signed in."""

    cached: Cached
    w: dict[str, str]
    member: Member


def _voter(meeting_id: str) -> Voter | ResponseReturnValue:
    """What both ballot posts check first: the meeting, the form's CSRF token and the member
    this phone signed in. The Voter, or an error page."""
    cached = _load(meeting_id)
    w = words(g.lang)
    if not csrf_ok():
        return _message(w["error"], w["csrf"], 400)
    member = _phone_member(cached)
    if member is None:
        return _message(w["error"], w["not_signed"], 403)
    return Voter(cached, w, member)


@bp.post("/s/<meeting_id>/vote")
def cast(meeting_id: str) -> ResponseReturnValue:
    """Count this phone's member's ballot."""
    voter = _voter(meeting_id)
    if not isinstance(voter, Voter):
        return voter
    cached, w, member = voter.cached, voter.w, voter.member
    try:
        choice = int(request.form.get("choice", ""))
    except ValueError:
        choice = -1
    try:
        bl.cast(site().workspace, cached.meeting, member, choice)
    except bl.Refused as exc:
        return _refusal_page(w, exc, member.name)
    return _message(w["cast_ok"], w["cast_thanks"], 200, kind="ok")


@bp.post("/s/<meeting_id>/appraisal")
def appraise(meeting_id: str) -> ResponseReturnValue:
    """Count this phone's member's appraisal ballot."""
    voter = _voter(meeting_id)
    if not isinstance(voter, Voter):
        return voter
    cached, w, member = voter.cached, voter.w, voter.member
    graded = ap.graded_members(cached.expected)
    grades: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for i, m in enumerate(graded):
        key = ap.member_key(m)
        if request.form.get(f"g{i}"):
            grades[key] = request.form[f"g{i}"]
            reasons[key] = request.form.get(f"r{i}", "")
    try:
        ap.cast_phone(
            site().workspace,
            cached.meeting,
            member,
            grades,
            reasons,
            request.form.get("committee") or None,
        )
    except ap.Refused as exc:
        if exc.reason in ("incomplete", "reason", "not-graded"):
            text = {
                "incomplete": w["grade_all"].format(names=exc.detail),
                "reason": w["need_reason"].format(name=exc.detail),
            }.get(exc.reason, str(exc))
            return _appraisal_page(cached, member, 422, text)
        text = {
            "already": w["appraised_already"],
            "closed": w["appraisal_closed"],
            "not-open": w["appraisal_closed"],
            "no-vote": w["no_part"],
        }.get(exc.reason, str(exc))
        return _message(
            w["refused"],
            text.format(name=member.name),
            409 if exc.reason in ("already", "closed", "not-open") else 403,
        )
    except ap.MeetkitError as exc:  # a grade that isn't one
        return _appraisal_page(cached, member, 422, str(exc))
    return _message(w["appraisal_ok"], w["appraisal_thanks"], 200, kind="ok")


# -- JSON API: the projector's counts and kiosks ----------------------------------------------
_api_error = json_error


def _kiosk_member(cached: Cached, data: dict[str, Any]) -> Member | tuple[Response, int]:
    """The signed-in member a kiosk names (``name`` or ``member`` id), or the error answer."""
    given = data.get("member") or data.get("name")
    if not isinstance(given, str) or not given.strip():
        return _api_error(400, "'name' (or 'member') is required (a string)")
    try:
        member: Member = ap.resolve_member(cached.expected, given.strip(), cached.meeting.id)
    except ap.MeetkitError as exc:
        return _api_error(422, str(exc), reason="not-expected")
    return member


def _json_body() -> dict[str, Any] | tuple[Response, int]:
    """The JSON object posted, or the error answer."""
    if not request.is_json:
        abort(415)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return _api_error(400, "the body must be a JSON object")
    return data


@bp.get("/api/meetings/<meeting_id>/ballot")
def api_ballot(meeting_id: str) -> ResponseReturnValue:
    """(admin) The open ballot and appraisal, counts of ballots only (the projector's
    已投票 N / M)."""
    if (problem := admin_or_error()) is not None:
        return problem
    cached = _load(meeting_id)
    ws = site().workspace
    ballot = bl.current(ws, cached.meeting)
    state = ws.store.appraisal(cached.meeting.id)
    signed = {s.name for s in ws.store.signins(cached.meeting.id)}
    taking_part = sum(
        1
        for m in cached.expected
        if m.status in ("full", "probationary") and ap.member_key(m) in signed
    )
    return jsonify(
        {
            "meeting": cached.meeting.id,
            "ballot": None
            if ballot is None
            else {
                "item": ballot["item"],
                "text": ballot["text"],
                "choices": ballot["choices"],
                "cast": ballot["cast"],
                "voters": ballot["voters"],
            },
            "appraisal": None
            if state is None
            else {"state": state["state"], "ballots": state["ballots"], "voters": taking_part},
        }
    )


@dataclass(frozen=True)
class Kiosk:
    """A kiosk's post: the meeting, the JSON body and the signed-in member it names."""

    cached: Cached
    data: dict[str, Any]
    member: Member


def _kiosk(meeting_id: str) -> Kiosk | ResponseReturnValue:
    """What both kiosk posts check first: the admin token, the meeting, the JSON body and the
    signed-in member it names. The Kiosk, or an error answer."""
    if (problem := admin_or_error()) is not None:
        return problem
    cached = _load(meeting_id)
    data = _json_body()
    if isinstance(data, tuple):
        return data
    member = _kiosk_member(cached, data)
    if isinstance(member, tuple):
        return member
    return Kiosk(cached, data, member)


@bp.post("/api/meetings/<meeting_id>/ballot")
def api_cast(meeting_id: str) -> ResponseReturnValue:
    """(admin: a kiosk) Cast the ballot of a signed-in voting member: ``{"name", "choice"}``
    (choice: its index or its word)."""
    kiosk = _kiosk(meeting_id)
    if not isinstance(kiosk, Kiosk):
        return kiosk
    cached, data, member = kiosk.cached, kiosk.data, kiosk.member
    ballot = bl.current(site().workspace, cached.meeting)
    choice = data.get("choice")
    if ballot is not None and isinstance(choice, str):
        choice = ballot["choices"].index(choice) if choice in ballot["choices"] else -1
    if isinstance(choice, bool) or not isinstance(choice, int):
        choice = -1
    try:
        cast_n = bl.cast(site().workspace, cached.meeting, member, choice)
    except bl.Refused as exc:
        status = {"already": 409, "closed": 409, "no-vote": 403, "not-signed-in": 403}.get(
            exc.reason, 422
        )
        return _api_error(status, str(exc), reason=exc.reason)
    return jsonify({"status": "counted", "cast": cast_n})


@bp.post("/api/meetings/<meeting_id>/appraisal")
def api_appraise(meeting_id: str) -> ResponseReturnValue:
    """(admin: a kiosk) Hand in a signed-in member's appraisal ballot: ``{"name", "grades":
    {name or id: grade}, "reasons": {name or id: text}, "committee": choice}``."""
    kiosk = _kiosk(meeting_id)
    if not isinstance(kiosk, Kiosk):
        return kiosk
    cached, data, member = kiosk.cached, kiosk.data, kiosk.member
    ws = site().workspace
    if ap.member_key(member) not in {s.name for s in ws.store.signins(cached.meeting.id)}:
        return _api_error(
            403, f"{member.name} has not signed in to this meeting", reason="not-signed-in"
        )
    raw_grades, raw_reasons = data.get("grades"), data.get("reasons") or {}
    if not isinstance(raw_grades, dict) or not isinstance(raw_reasons, dict):
        return _api_error(400, "'grades' (and 'reasons') must be JSON objects")
    grades: dict[str, str] = {}
    reasons: dict[str, str] = {}
    try:
        for given, grade in raw_grades.items():
            graded = ap.resolve_member(cached.expected, str(given), cached.meeting.id)
            grades[ap.member_key(graded)] = str(grade)
            why = raw_reasons.get(given)
            if why:
                reasons[ap.member_key(graded)] = str(why)
        count = ap.cast_phone(ws, cached.meeting, member, grades, reasons, data.get("committee"))
    except ap.Refused as exc:
        status = {"already": 409, "closed": 409, "not-open": 409, "no-vote": 403}.get(
            exc.reason, 422
        )
        return _api_error(status, str(exc), reason=exc.reason)
    except ap.MeetkitError as exc:
        return _api_error(422, str(exc), reason="invalid")
    return jsonify({"status": "counted", "ballots": count})
