"""The public opinion page of a life meeting (征求意见): ``/o/<id>?t=<code>`` shows a form,
``POST /o/<id>`` stores one opinion, ``POST /api/opinions/<id>`` does the same as JSON.

Anyone holding the code may write (members and the masses), so: the code is checked on every
request (a token of its own kind, meetkit.attendance.tokens), the page must be open (`meetkit opinions
open|close`), text and names are bounded (meetkit.life.opinions), submissions are limited per phone
and per address, bad codes count as guesses in the server's limiter (per address and phone), and no
answer ever shows anyone's opinions: the page only thanks.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flask import Blueprint, current_app, g, jsonify, render_template, request, session
from flask.typing import ResponseReturnValue

from ..attendance.tokens import TokenError, verify_opinion_token
from ..errors import MeetkitError
from ..life import opinions as op
from ..web.i18n import opinion_words
from ..web.rules import find_meeting, flat_json
from ..web.security import address, client_keys, csrf_ok, device_id
from ..web.site import site

if TYPE_CHECKING:
    from ..model.meeting import Meeting

bp = Blueprint("opinions", __name__)

PER_PHONE = 5  # opinions a phone may send in WINDOW seconds
PER_ADDRESS = 20  # ... and an address (a few phones behind one Wi-Fi NAT)
WINDOW = 600.0


class SubmitLimiter:
    """At most ``limit`` submissions per key in ``window`` seconds (a sliding window)."""

    def __init__(self, window: float = WINDOW, max_keys: int = 10000):
        self.window, self.max_keys = window, max_keys
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str, limit: int, now: float | None = None) -> int:
        """Seconds until ``key`` may send again (0: go ahead)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._seen.get(key)
            while times and times[0] <= now - self.window:
                times.popleft()
            if not times or len(times) < limit:
                return 0
            return max(1, int(times[0] + self.window - now) + 1)

    def count(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            if key not in self._seen and len(self._seen) >= self.max_keys:
                self._seen.clear()  # a flood of new keys: start again rather than grow
            self._seen.setdefault(key, deque()).append(now)


def _limiter() -> SubmitLimiter:
    ext = current_app.extensions
    if "meetkit_opinions" not in ext:
        ext["meetkit_opinions"] = SubmitLimiter()
    return ext["meetkit_opinions"]


class Refused(Exception):
    """An opinion not taken: HTTP status, the word key and its values."""

    def __init__(self, status: int, key: str, **values: Any):
        super().__init__(key)
        self.status, self.key, self.values = status, key, values


def _meeting(meeting_id: str) -> Meeting:
    """The life meeting of the page, or 404 (the same for every other id: nothing to probe)."""
    cached = find_meeting(meeting_id, uses="opinions", its_language=True)
    if cached is None:
        raise Refused(404, "no_meeting")
    return cached.meeting


def _check(meeting: Meeting, token: str) -> None:
    """The code, then the page's state; a bad code counts as a failed attempt."""
    wait = site().limiter.retry_after(client_keys())
    if wait:
        raise Refused(429, "op_too_many", seconds=wait)
    try:
        verify_opinion_token(site().workspace.secret, (token or "")[:400], meeting.id)
    except TokenError:
        site().limiter.count(client_keys())  # a guess, counted like a forged sign-in code
        raise Refused(403, "op_bad_code") from None
    if not op.is_open(site().workspace, meeting):
        raise Refused(410, "op_closed")


def _store(meeting: Meeting, fields: Mapping[str, Any], phone: str) -> str:
    """Limits, then the opinion itself (meetkit.life.opinions checks sizes and the category)."""
    limiter = _limiter()
    keys = [(f"a:{address()}", PER_ADDRESS)] + ([(f"d:{phone}", PER_PHONE)] if phone else [])
    wait = max(limiter.retry_after(key, limit) for key, limit in keys)
    if wait:
        raise Refused(429, "op_too_many", seconds=wait)
    text = str(fields.get("text") or "")
    if not text.strip():
        raise Refused(400, "op_empty")
    if len(text.strip()) > op.TEXT_MAX:
        raise Refused(400, "op_too_long", n=op.TEXT_MAX, m=len(text.strip()))
    try:
        new_key = op.add(
            site().workspace,
            meeting,
            text,
            fields.get("category") or "other",
            source="web",
            about=str(fields.get("about") or ""),
            name=str(fields.get("name") or ""),
            where="opinion",
        )
    except MeetkitError as exc:
        raise Refused(400, "plain", text=str(exc).split(": ", 1)[-1]) from None
    for key, _limit in keys:
        limiter.count(key)
    return new_key


def _words() -> dict[str, str]:
    return opinion_words(getattr(g, "lang", None) or site().workspace.config.lang)


def _say(refused: Refused) -> str:
    if refused.key == "plain":
        return refused.values["text"]
    return _words()[refused.key].format(**refused.values)


def _page(
    meeting: Meeting,
    token: str,
    error: str = "",
    values: dict[str, str] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    from ..documents.context import meeting_title

    ws = site().workspace
    ow = _words()
    mt = ws.plugins.meeting_type(meeting.type)
    lang = meeting.lang
    return render_template(
        "opinions.html",
        ow=ow,
        meeting_id=meeting.id,
        token=token,
        error=error,
        values=values or {},
        title=meeting_title(ws.config.branch, meeting, mt, lang),
        intro=ow["op_intro"].format(meeting=mt.title(lang)),
        hint=ow["op_text_hint"].format(n=op.TEXT_MAX),
        text_max=op.TEXT_MAX,
        name_max=op.NAME_MAX,
        categories=[(k, op.category_text(k, lang)) for k in op.CATEGORIES],
    ), status


def _message(refused: Refused) -> tuple[str, int, dict[str, str]]:
    ow = _words()
    page = render_template("message.html", title=ow["error"], message=_say(refused), kind="error")
    headers = {"Retry-After": str(refused.values["seconds"])} if refused.status == 429 else {}
    return page, refused.status, headers


@bp.get("/o/<meeting_id>")
def form(meeting_id: str) -> ResponseReturnValue:
    """The form (or why it can't be used)."""
    token = request.args.get("t", "")
    try:
        meeting = _meeting(meeting_id)
        _check(meeting, token)
    except Refused as refused:
        return _message(refused)
    device_id()  # the phone's id for the per-phone limit, in its session cookie
    return _page(meeting, token)


@bp.post("/o/<meeting_id>")
def submit(meeting_id: str) -> ResponseReturnValue:
    """Store the form's opinion; answer with thanks only."""
    token = request.form.get("t", "")
    try:
        meeting = _meeting(meeting_id)
        _check(meeting, token)
    except Refused as refused:
        return _message(refused)
    values = {k: request.form.get(k, "") for k in ("text", "category", "about", "name")}
    if not csrf_ok():
        return _page(meeting, token, _words()["op_csrf"], values, 400)
    try:
        _store(meeting, values, device_id())
    except Refused as refused:
        if refused.status == 429:
            return _message(refused)
        return _page(meeting, token, _say(refused), values, refused.status)
    ow = _words()
    return render_template(
        "message.html", title=ow["op_thanks"], message=ow["op_thanks_more"], kind="ok"
    )


@bp.post("/api/opinions/<meeting_id>")
def api_submit(meeting_id: str) -> ResponseReturnValue:
    """JSON: {"token", "text", "category"?, "about"?, "name"?} -> 201 {"status": "received"}."""
    if not request.is_json:
        return jsonify({"error": "send JSON (Content-Type: application/json)"}), 415
    data, problem = flat_json()
    if data is None:  # nested, not an object, a value that isn't a string: 400, never 500
        return jsonify({"error": "bad-request", "message": problem}), 400
    try:
        meeting = _meeting(meeting_id)
        _check(meeting, str(data.get("token") or ""))
        # Per phone: the server's own signed device cookie, if this client kept one; never a
        # header the client chooses. The per-address limit applies either way.
        _store(meeting, data, str(session.get("device") or ""))
    except Refused as refused:
        body = jsonify(
            {
                "error": refused.key if refused.key != "plain" else "invalid",
                "message": _say(refused),
            }
        )
        headers = {"Retry-After": str(refused.values["seconds"])} if refused.status == 429 else {}
        return body, refused.status, headers
    return jsonify({"status": "received"}), 201
