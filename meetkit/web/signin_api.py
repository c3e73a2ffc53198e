"""``POST /api/meetings/<id>/signins``: the one request a meeting's opening minutes are made of,
answered in plain WSGI in front of Flask (Flask's per-request work would cost as much as the
sign-in itself). Same rules as the rest of the app: meeting id checked, JSON only, body bounded,
token verified (the admin needs none: a kiosk), failures limited per address, every attempt
stored, the sign-in committed before the answer.

Request ``{"token": "...", "name": "..."}``; answers 201 ``{"status": "present"|"late",
"name", "at"}``, 200 ``{"status": "already", ...}`` (the first time), or 4xx ``{"error": ...}``.
"""
from __future__ import annotations

import json
import time
from http.cookies import CookieError, SimpleCookie

from .. import attendance as att
from ..members import Ambiguous
from ..tokens import TokenError, verify_token
from .security import ADMIN_COOKIE, MAX_BODY, MEETING_ID, token_state

PREFIX, SUFFIX = "/api/meetings/", "/signins"
REASONS = {200: "200 OK", 201: "201 Created", 400: "400 Bad Request", 401: "401 Unauthorized",
           403: "403 Forbidden", 404: "404 Not Found", 409: "409 Conflict",
           413: "413 Request Entity Too Large", 415: "415 Unsupported Media Type",
           422: "422 Unprocessable Entity", 429: "429 Too Many Requests"}
# A JSON answer needs no page policies (CSP, framing, referrer): every header costs waitress
# some work on the busiest request there is.
HEADERS = [("Content-Type", "application/json"), ("Cache-Control", "no-store"),
           ("X-Content-Type-Options", "nosniff")]
METHOD = "api"


class SigninEndpoint:
    """WSGI middleware: answers the sign-in API itself, hands every other request to ``app``."""

    def __init__(self, app, site):
        self.app = app
        self.site = site
        self._verified: dict = {}  # (token, meeting id) -> Token: every phone scans the same one

    def _verify(self, token: str, meeting_id: str) -> None:
        """verify_token, remembering good tokens (the signature is checked once per token;
        the window every time)."""
        known = self._verified.get((token, meeting_id))
        now = time.time()
        if known is not None and known.not_before <= now <= known.not_after:
            return
        checked = verify_token(self.site.workspace.secret, token, meeting_id, now)
        if len(self._verified) > 64:
            self._verified.clear()
        self._verified[(token, meeting_id)] = checked

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not (path.startswith(PREFIX) and path.endswith(SUFFIX)
                and environ.get("REQUEST_METHOD") == "POST"):
            return self.app(environ, start_response)
        status, data, extra = self.handle(environ, path[len(PREFIX):-len(SUFFIX)])
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        start_response(REASONS[status], HEADERS + extra + [("Content-Length", str(len(body)))])
        return [body]

    def handle(self, environ, meeting_id: str) -> tuple[int, dict, list]:
        """(HTTP status, JSON object, extra headers) for one sign-in request."""
        site = self.site
        address = environ.get("REMOTE_ADDR", "")
        wait = site.limiter.retry_after(address)
        if wait:
            return 429, {"error": f"too many failed attempts; retry in {wait} s"}, \
                [("Retry-After", str(wait))]
        if len(meeting_id) > 80 or not MEETING_ID.fullmatch(meeting_id):
            return 404, {"error": "not found"}, []
        cached = site.meeting(meeting_id)
        if cached is None:
            return 404, {"error": "not found"}, []
        if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
            return self._refused(cached, "", address, "not JSON", 415,
                                 "send JSON (Content-Type: application/json)")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length > MAX_BODY:
            return self._refused(cached, "", address, "body too large", 413,
                                 "request body too large")
        raw = environ["wsgi.input"].read(length if length >= 0 else MAX_BODY + 1)
        if len(raw) > MAX_BODY:
            return self._refused(cached, "", address, "body too large", 413,
                                 "request body too large")
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            data = None
        name = data.get("name") if isinstance(data, dict) else None
        member = data.get("member") if isinstance(data, dict) else None
        if member is not None and (not isinstance(member, str) or not member.strip()):
            return self._refused(cached, "", address, "bad request: member", 400,
                                 "'member' must be a member's id (a string)")
        if not member and (not isinstance(name, str) or not name.strip()):
            return self._refused(cached, "", address, "bad request: no name", 400,
                                 "the body must be a JSON object with 'name' or 'member' "
                                 "(and 'token')")
        name = name if isinstance(name, str) else ""
        admin = token_state(_sent_token(environ), site.admin_token)
        if admin == "wrong":
            return self._refused(cached, name, address, "admin token wrong", 403,
                                 "wrong admin token")
        if admin != "ok":
            token = data.get("token")
            if not isinstance(token, str) or not token:
                return self._refused(cached, name, address, "token missing", 400,
                                     "'token' is required")
            try:
                self._verify(token[:400], cached.meeting.id)
            except TokenError as exc:
                return self._refused(cached, name, address, f"token {exc.reason}", 403,
                                     str(exc), reason=exc.reason)
        try:
            result = att.sign_in(site.workspace, cached.meeting, name, method=METHOD,
                                 address=address, expected=cached.expected, index=cached.index,
                                 member=member[:120] if member else None)
        except att.SigninClosed as exc:
            return 409, {"error": str(exc)}, []
        except Ambiguous as exc:  # send it again with "member": one of the candidates' ids
            return 409, {"error": str(exc), "candidates": exc.candidates}, []
        except att.NotExpected as exc:
            site.limiter.fail(address)
            return 422, {"error": str(exc)}, []
        return (200 if result.status == "already" else 201), result.as_dict(), []

    def _refused(self, cached, name, address, why, status, message, **extra):
        site = self.site
        site.limiter.fail(address)
        site.workspace.store.record_attempt(
            cached.meeting.id, att.clean_text(name, att.NAME_MAX), at=att.now().isoformat(),
            outcome="refused", reason=why, method=METHOD, address=address)
        return status, {"error": message, **extra}, []


def _sent_token(environ) -> str | None:
    """The admin token sent as ``Authorization: Bearer`` or as the admin cookie."""
    auth = environ.get("HTTP_AUTHORIZATION", "")
    if auth.startswith("Bearer "):
        return auth[7:].strip()
    cookie = environ.get("HTTP_COOKIE")
    if cookie and ADMIN_COOKIE in cookie:
        try:
            morsel = SimpleCookie(cookie).get(ADMIN_COOKIE)
        except CookieError:
            return None
        return morsel.value if morsel else None
    return None
