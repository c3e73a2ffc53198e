"""The rules every sign-in route applies, written once: look up the meeting, check the code a
member presents, refuse (storing the attempt, and counting it when it is a guess), and the one
limiter check. Pages and the JSON API both use these; they differ only in how they answer
(an HTML page or ``{"error": ...}``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Response, abort, g, jsonify, render_template, request, session
from flask.typing import ResponseReturnValue

from ..attendance import rules as att
from ..attendance.tokens import TokenError, check_code
from ..i18n import _
from ..members import Ambiguous
from .i18n import words
from .security import address, check_meeting_id, client_keys, device_id
from .site import Cached, site

if TYPE_CHECKING:
    from ..attendance.rules import Result

# Reasons that are guesses: someone trying codes or names. Only these are counted by the
# limiter, and only these are refused by it.
GUESSES = frozenset(
    {
        "forged",
        "expired",
        "revoked",
        "malformed",
        "wrong-meeting",
        "not-yet",
        "not-expected",
        "short-code",
        "admin-token",
    }
)


def find_meeting(
    meeting_id: str, *, uses: str | None = None, its_language: bool = False
) -> Cached | None:
    """The web's one meeting lookup: the meeting (cached: its row, type, expected members,
    printed generation), or None. 404 at once for an id no meeting can have (``../x``).

    ``uses``: a feature the meeting's type must use (``"opinions"``), else None as for no
    meeting, so a page of that feature tells nothing to someone probing ids.
    ``its_language``: the page speaks the meeting's language (``g.lang``), as a member's pages
    do; the admin's pages speak the workspace's."""
    cached = site().meeting(check_meeting_id(meeting_id))
    if cached is None or (uses and not site().workspace.plugins.uses(cached.meeting, uses)):
        return None
    if its_language:
        g.lang = cached.meeting.lang
    return cached


def load_meeting(meeting_id: str, *, its_language: bool = False) -> Cached:
    """``find_meeting``, or 404."""
    cached = find_meeting(meeting_id, its_language=its_language)
    if cached is None:
        abort(404)
    return cached


def verify_code(cached: Cached, code: object) -> str:
    """Check a member's code (printed, compact or projector) for ``cached``'s meeting; its kind,
    or TokenError."""
    if not isinstance(code, str) or not code:
        raise TokenError("malformed", "the sign-in code is not valid")
    return check_code(
        site().workspace.secret,
        code,
        cached.meeting.id,
        window=cached.window,
        generation=cached.generation,
        known=cached.codes,
    )


def wait_seconds() -> int:
    """The limiter check: seconds this client (its address, its device) must wait before
    guessing again; 0 when it may."""
    return site().limiter.retry_after(client_keys())


def limited_name_guess(
    cached: Cached, name: str, member: str | None = None
) -> ResponseReturnValue | None:
    """429 for a client over the limit whose name (or member id) isn't expected (it would be
    one more guess), before anything is written; None otherwise (an expected name is never
    refused here, nor a name several expected members share: that asks which one)."""
    wait = wait_seconds()
    if not wait:
        return None
    try:
        found = att.match_member(cached.expected, name, cached.index, member)
    except Ambiguous:
        return None
    return too_many(wait) if found is None else None


def is_api() -> bool:
    return request.path.startswith("/api/")


def lang() -> str:
    return getattr(g, "lang", None) or site().workspace.config.lang


def too_many(wait: int) -> ResponseReturnValue:
    """The 429 answer."""
    headers = {"Retry-After": str(wait)}
    if is_api():
        return (
            jsonify(
                {
                    "error": _("too many failed attempts; retry in {seconds} s").format(
                        seconds=wait
                    ),
                    "reason": "limited",
                }
            ),
            429,
            headers,
        )
    w = words(lang())
    return (
        render_template(
            "message.html",
            title=w["error"],
            kind="error",
            message=w["too_many"].format(seconds=wait),
        ),
        429,
        headers,
    )


def refuse(
    meeting_id: str | None,
    name: str | None,
    reason: str,
    status: int,
    message: str,
    *,
    page: Callable[[], ResponseReturnValue] | None = None,
    detail: str = "",
    stored: bool = False,
    method: str | None = None,
    **extra: Any,
) -> ResponseReturnValue:
    """Refuse a request: store the attempt (unless ``stored`` already), count it when it is a
    guess, and answer ``status`` with ``message`` (JSON under /api/, else ``page()`` or a
    message page). A guess from a client over the limit answers 429 instead, and is not stored
    again (a flood past the limit writes nothing)."""
    s = site()
    if reason in GUESSES:
        if wait := wait_seconds():
            return too_many(wait)
        s.limiter.count(client_keys())
    if not stored:
        s.workspace.store.record_attempt(
            meeting_id,
            att.clean_text(name or "", att.NAME_MAX),
            at=att.now(),
            outcome="refused",
            reason=f"{reason}: {detail}" if detail else reason,
            method=method or ("api" if is_api() else "web"),
            address=address(),
            device=_device(),
        )
    if is_api():
        return jsonify({"error": message, "reason": reason, **extra}), status
    if page is not None:
        return page()
    w = words(lang())
    return render_template("message.html", title=w["error"], message=message, kind="error"), status


def _device() -> str:
    return session.get("device", "")


def one_person_message(result: Result, w: dict[str, str] | None = None) -> str:
    """The sentence for a second person from the same phone or address: who it signed in, and
    to ask the host."""
    if w is None:
        key = "one-device" if result.status == "one-device" else "one-address"
        return {
            "one-device": _(
                "this phone already signed in {name} at {time}; one phone signs "
                "in one person: ask the host to sign you in"
            ),
            "one-address": _(
                "this network address already signed in {name} at {time}; "
                "one phone signs in one person: ask the host to sign you in"
            ),
        }[key].format(name=result.name, time=result.time)
    key = "device_used" if result.status == "one-device" else "address_used"
    return w[key].format(name=result.name, time=result.time)


def bind_address() -> bool:
    """Whether a member's sign-in binds the network address (``[signin]
    one_member_per_address``, true by default)."""
    return bool(site().workspace.config.one_member_per_address)


def this_phone(admin: bool) -> dict[str, Any]:
    """This request's device and address, and whether a sign-in (member or guest) binds them
    to the person: an admin's binds neither (one rule for the page and the API)."""
    return {
        "device": device_id(),
        "bind_device": not admin,
        "address": address(),
        "bind_address": not admin and bind_address(),
    }


def request_sign_in(
    cached: Cached, name: str, member: str | None, *, admin: bool, method: str
) -> att.Result:
    """Sign ``name`` in from this request's phone (the web form's and the API's one sign-in)."""
    return att.sign_in(
        site().workspace,
        cached.meeting,
        name,
        method=method,
        expected=cached.expected,
        index=cached.index,
        member=member,
        **this_phone(admin),
    )


def json_error(status: int, message: str, **extra: Any) -> tuple[Response, int]:
    """A JSON API error: ``{"error": message, ...}`` with ``status``."""
    return jsonify({"error": message, **extra}), status


def admin_or_error() -> ResponseReturnValue | None:
    """None for the admin (token or cookie); else the 401, or for a wrong token a 403 that
    counts as a guess (every JSON API route the admin alone may call checks this)."""
    from .security import admin_state

    state = admin_state()
    if state == "ok":
        return None
    if state == "wrong":
        return refuse(None, "", "admin-token", 403, _("wrong admin token"))
    return json_error(401, _("admin token required (Authorization: Bearer <token>)"))


# -- JSON bodies -------------------------------------------------------------------------------
MAX_DEPTH = 2  # every body is one flat object; deeper nesting is refused before parsing


def _too_deep(raw: bytes) -> bool:
    """True when arrays and objects nest deeper than MAX_DEPTH: one pass over the bytes,
    before json.loads would recurse into them (thousands of levels raise RecursionError)."""
    if raw.count(b"{") + raw.count(b"[") <= MAX_DEPTH:  # no more openers than that at all
        return False
    depth, in_string, escaped = 0, False, False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def flat_json(*required: str, strings: bool = True) -> tuple[dict[str, Any] | None, str | None]:
    """The JSON body of every route: one flat object whose values are strings or null (any
    scalar with ``strings=False``), with ``required`` keys non-blank strings. (the object,
    None), or (None, why not) for a 400; not JSON: 415 (raised). Nested objects or arrays are
    refused here, never a 500."""
    if not request.is_json:
        abort(415)
    raw = request.get_data(cache=True)  # MAX_CONTENT_LENGTH: 413 before this reads more
    if _too_deep(raw):
        return None, _("the body nests too deeply: send one flat JSON object")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        return None, _("the body must be a JSON object with 'name' (and 'token')")
    for key in required:
        if not isinstance(data.get(key), str) or not data[key].strip():
            return None, _("{key!r} is required (a string)").format(key=key)
    for key, value in data.items():
        if isinstance(value, (dict, list)) or (
            strings and value is not None and not isinstance(value, str)
        ):
            return None, _("{key!r} must be a string").format(key=key)
    return data, None
