"""Secret ballots and the democratic appraisal on the members' own phones.

A phone that signed a member in as that member (its device cookie bound to the member's
sign-in; never a guest's phone) votes as that member: ``/s/<id>/vote`` shows the open ballot or
appraisal, and the page the member signed in on switches to it by itself (static/watch.js polls
``/s/<id>/vote/state``). Nobody casts a ballot for someone else: the admin token is refused
(members without a phone vote on paper; docs/decisions.md). The choice travels in the POST body, never in an
address, and no request is logged with it; refusals store nothing (they are not guesses, so
the guess limiter leaves them alone).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Blueprint, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from ..decisions import appraisal as ap
from ..decisions import ballots as bl
from ..model.member import shown
from ..web.i18n import words
from ..web.rules import admin_or_error, flat_json, json_error, load_meeting
from ..web.security import csrf_ok, device_id
from ..web.site import Cached, site

if TYPE_CHECKING:
    from ..roster import Member
    from ..store.decisions import AppraisalState

bp = Blueprint("ballots", __name__)


def _message(
    title: str, text: str, status: int, kind: str = "error", **extra: Any
) -> tuple[str, int]:
    return render_template("message.html", title=title, message=text, kind=kind, **extra), status


def _phone_member(cached: Cached) -> Member | None:
    """The expected member this phone signed in as that member (its device cookie bound to
    the member's sign-in), or None: a guest's phone, whatever name the guest gave, and a
    phone that signed nobody in vote as no one."""
    owner = site().workspace.store.member_of_device(cached.meeting.id, device_id())
    if owner is None:
        return None
    return next((m for m in cached.expected if ap.member_key(m) == owner), None)


def _open_appraisal(cached: Cached) -> AppraisalState | None:
    state = site().workspace.store.appraisal(cached.meeting.id)
    return state if state and state["state"] == "open" else None


def _grade_choices(lang: str) -> list[tuple[str, str]]:
    return [(key, ap.grade_word(key, lang)) for key in ap.GRADES]


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
        [(c, ap.committee_word(c, g.lang)) for c in ap.COMMITTEE] if state["committee"] else []
    )
    from ..web.pages import meeting_info

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
    cached = load_meeting(meeting_id, its_language=True)
    ballot = bl.current(site().workspace, cached.meeting)
    return jsonify({"ballot": ballot is not None, "appraisal": _open_appraisal(cached) is not None})


@bp.get("/s/<meeting_id>/vote")
def page(meeting_id: str) -> ResponseReturnValue:
    """The open ballot (or appraisal) for this phone's member."""
    cached = load_meeting(meeting_id, its_language=True)
    w = words(g.lang)
    ws = site().workspace
    member = _phone_member(cached)
    if member is None:
        return _message(w["error"], w["not_signed"], 403)
    ballot = bl.current(ws, cached.meeting)
    from ..web.pages import meeting_info

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
    cached = load_meeting(meeting_id, its_language=True)
    w = words(g.lang)
    if not csrf_ok():
        return _message(w["error"], w["csrf"], 400)
    member = _phone_member(cached)
    if member is None:
        return _message(w["error"], w["not_signed"], 403)
    return Voter(cached, w, member)


@bp.route("/s/<meeting_id>/handover/<code>", methods=["GET", "POST"])
def handover(meeting_id: str, code: str) -> ResponseReturnValue:
    """A handover code the admin made (admin.handover), scanned by the member's new phone:
    GET asks, POST (with the page's CSRF token) binds the member's sign-in to this phone."""
    import datetime as dt
    import hashlib

    from ..attendance import rules as att
    from ..web.admin import HANDOVER_MINUTES
    from ..web.security import address

    cached = load_meeting(meeting_id, its_language=True)
    w = words(g.lang)
    if request.method == "GET":
        return render_template(
            "handover.html", title=w["handed_title"], code=code[:64], meeting_id=cached.meeting.id
        )
    if not csrf_ok():
        return _message(w["error"], w["csrf"], 400)
    digest = hashlib.sha256(code[:64].encode()).hexdigest()[:40]
    now = att.now()
    outcome, member = site().workspace.store.finish_handover(
        cached.meeting.id,
        digest,
        device_id(),
        at=now,
        not_before=now - dt.timedelta(minutes=HANDOVER_MINUTES),
        address=address(),
    )
    if outcome == "one-device":
        return _message(w["error"], w["handover_taken"], 409)
    if outcome != "done":
        return _message(w["error"], w["handover_bad"], 410)
    name = next((shown(m) for m in cached.expected if ap.member_key(m) == member), member)
    return _message(w["handed_title"], w["handed_ok"].format(name=name), 200, kind="ok")


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


@bp.get("/api/meetings/<meeting_id>/ballot")
def api_ballot(meeting_id: str) -> ResponseReturnValue:
    """(admin) The open ballot and appraisal, counts of ballots only (the projector's
    已投票 N / M)."""
    if (problem := admin_or_error()) is not None:
        return problem
    cached = load_meeting(meeting_id, its_language=True)
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


@bp.post("/api/meetings/<meeting_id>/ballot")
@bp.post("/api/meetings/<meeting_id>/appraisal")
def api_cast(meeting_id: str) -> ResponseReturnValue:
    """Refused, whoever asks, the admin token included: a secret ballot or an appraisal
    ballot is cast only by the member in person, from the phone that signed them in
    (``/s/<id>/vote``), or on paper, whose totals the tellers enter (``meetkit ballot
    paper``, ``meetkit appraisal add``). No one casts a ballot in a member's name."""
    load_meeting(meeting_id, its_language=True)
    if request.is_json and flat_json(strings=False)[0] is None:  # nested: 400 as everywhere
        return _api_error(400, "the body must be one flat JSON object", reason="bad-request")
    return _api_error(
        403,
        "a ballot is cast only by the member, from the phone that signed them in; "
        "enter paper ballots with `meetkit ballot paper` or `meetkit appraisal add`",
        reason="in-person",
    )
