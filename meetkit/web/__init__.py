"""The sign-in web app (``meetkit serve``): members' pages, the admin dashboard and projector,
and a JSON API for kiosks and mini-programs. ``create_app`` builds it for one workspace."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import hmac
import logging
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import Flask, g, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from .i18n import words
from .security import MAX_BODY, GuessLimiter, SignedCookieSessions, csrf_token, secure_headers

if TYPE_CHECKING:
    from ..meeting import Meeting
    from ..meetingtypes import MeetingType
    from ..roster import Member
    from ..workspace import Workspace

log = logging.getLogger("meetkit.web")

CACHE_SECONDS = 2.0  # how long a meeting and its expected list are reused between requests


@dataclass
class Cached:
    meeting: Meeting
    meeting_type: MeetingType
    expected: list[Member]
    index: dict[str, Member]  # by name, for the names no other expected member shares
    loaded: float
    generation: int = 0  # the printed code's generation (reissued codes revoke earlier ones)
    window: tuple[int, int] = (0, 0)  # when the printed code is accepted (Unix seconds)


@dataclass
class Site:
    """What every request shares: the workspace, the admin token, the public address, the
    limiter, and a short-lived cache of meetings (read on every sign-in)."""

    workspace: Workspace
    admin_token: str
    public_url: str
    limiter: GuessLimiter
    behind_proxy: bool = False
    _cache: dict[str, Cached] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _reload: threading.Lock = field(default_factory=threading.Lock)
    _qr: dict[str, bytes] = field(default_factory=dict)

    def meeting(self, meeting_id: str) -> Cached | None:
        """The meeting, its type and expected members; None when there is no such meeting."""
        hit = self._cache.get(meeting_id)
        if hit is not None and time.monotonic() - hit.loaded < CACHE_SECONDS:
            return hit
        # One thread reloads; the others wait for it instead of all reading the same rows
        # (a room of phones arrives at once, and a meeting may expect hundreds of members).
        with self._reload:
            hit = self._cache.get(meeting_id)
            now = time.monotonic()
            if hit is not None and now - hit.loaded < CACHE_SECONDS:
                return hit
            ws = self.workspace
            meeting = ws.store.get_meeting(meeting_id)
            if meeting is None:
                self._cache.pop(meeting_id, None)
                return None
            from ..tokens import config_window

            # `meetkit signin-code reissue` runs in another process: read the generation on
            # every reload, so a revoked code stops working within CACHE_SECONDS.
            generation = ws.store.printed_generation(meeting_id)
            window = config_window(ws.config, meeting.start)
            if hit is not None and hit.meeting == meeting:
                # Unchanged meeting, unchanged snapshot: `update` rewrites who is expected
                # only together with the meeting's own row (its party group).
                hit = Cached(
                    meeting, hit.meeting_type, hit.expected, hit.index, now, generation, window
                )
            else:
                expected = ws.store.expected_members(meeting_id)
                # Only names no other expected member shares: a shared one must be asked.
                names = [m.name for m in expected]
                hit = Cached(
                    meeting,
                    ws.plugins.meeting_type(meeting.type),
                    expected,
                    {m.name: m for m in expected if names.count(m.name) == 1},
                    now,
                    generation,
                    window,
                )
            with self._lock:
                if len(self._cache) > 200:
                    self._cache.clear()
                self._cache[meeting_id] = hit
            return hit

    def forget(self, meeting_id: str) -> None:
        """Drop a meeting from the cache after the admin changed it."""
        self._cache.pop(meeting_id, None)

    def qr_png(self, url: str) -> bytes:
        """The QR picture of ``url`` (a few are kept: each projector code is shown 30 s)."""
        png = self._qr.get(url)
        if png is None:
            from ..qrimage import qr_png_bytes

            png = qr_png_bytes(url, box_size=12)
            with self._lock:
                if len(self._qr) > 20:
                    self._qr.clear()
                self._qr[url] = png
        return png


def site() -> Site:
    from flask import current_app

    return current_app.extensions["meetkit"]


class MeetkitJSON(DefaultJSONProvider):
    """Flask's JSON with Chinese as it is (not \\u escapes) and keys in the order written."""

    ensure_ascii = False
    sort_keys = False


def create_app(
    workspace: Workspace,
    admin_token: str | None = None,
    public_url: str | None = None,
    limiter: GuessLimiter | None = None,
    behind_proxy: bool = False,
) -> Flask:
    """The Flask app serving ``workspace``. ``admin_token`` opens the admin pages (a random one
    when None); ``public_url`` is the address put in QR codes (default: from meetkit.toml);
    ``behind_proxy`` trusts one reverse proxy's X-Forwarded-For/-Proto (werkzeug's ProxyFix)."""
    app = Flask(__name__)
    secret = workspace.secret
    app.config.update(
        # Derived from the workspace secret: sessions (and so the one-phone-one-person rule)
        # survive a restart of the server.
        SECRET_KEY=hmac.new(secret, b"meetkit web session", hashlib.sha256).hexdigest(),
        SESSION_COOKIE_NAME="meetkit",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(days=7),
        MAX_CONTENT_LENGTH=MAX_BODY,
        MAX_FORM_MEMORY_SIZE=MAX_BODY,
        MEETKIT_ADMIN_TOKEN=admin_token or secrets.token_urlsafe(24),
        JSON_AS_ASCII=False,
    )
    app.json = MeetkitJSON(app)
    app.session_interface = SignedCookieSessions()
    if public_url is None:
        from ..tokens import public_url as configured

        public_url = configured(workspace.config)
    app.config["SESSION_COOKIE_SECURE"] = public_url.startswith("https://")
    app.extensions["meetkit"] = Site(
        workspace,
        app.config["MEETKIT_ADMIN_TOKEN"],
        public_url.rstrip("/"),
        limiter or GuessLimiter(),
        behind_proxy,
    )
    # Load what every request needs now, not on the first sign-in.
    workspace.store, workspace.plugins.types, workspace.config  # noqa: B018
    if behind_proxy:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Flask's documented way to add WSGI middleware; its stubs declare wsgi_app a method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]

    from . import admin, api, pages

    app.register_blueprint(pages.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
    from . import ballots

    app.register_blueprint(ballots.bp)

    from . import opinions

    app.register_blueprint(opinions.bp)
    app.after_request(secure_headers)

    @app.context_processor
    def _globals() -> dict[str, Any]:
        lang = getattr(g, "lang", None) or workspace.config.lang
        return {
            "w": words(lang),
            "lang": lang,
            "csrf_token": csrf_token,
            "branch": workspace.config.branch,
        }

    app.register_error_handler(Exception, _error)
    return app


MESSAGES = {
    400: "bad request",
    404: "not found",
    405: "method not allowed",
    413: "request body too large",
    415: "send JSON (Content-Type: application/json)",
    500: "internal error",
    503: "the database is busy; retry in a few seconds",
    507: "the server's disk is full",
}


def storage_problem(exc: BaseException) -> int | None:
    """503 for a database lock held too long, 507 for a full disk, else None."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    if (
        isinstance(exc, OSError)
        and exc.errno == errno.ENOSPC
        or "disk is full" in text
        or "no space left" in text
    ):
        return 507
    if any(
        word in text
        for word in ("database is locked", "database is busy", "lock timeout", "statement timeout")
    ):
        return 503
    return None


def _error(exc: BaseException) -> ResponseReturnValue:
    """Every error answers in the request's kind (JSON under /api/, else a page) and logs one
    line, never a traceback page: HTTP errors as they are, storage errors 503 (with
    Retry-After) or 507, anything else 500."""
    headers: dict[str, str] = {}
    if isinstance(exc, HTTPException):
        code = exc.code or 500
        if code >= 500:
            log.error("%s %s: %s", request.method, request.path, exc)
    else:
        code = storage_problem(exc) or 500
        first = " ".join(str(exc).split())[:300]
        log.error("%s %s: %d %s: %s", request.method, request.path, code, type(exc).__name__, first)
        if code == 503:
            headers["Retry-After"] = "5"
    if request.path.startswith("/api/"):
        return jsonify({"error": MESSAGES.get(code, "error")}), code, headers
    from .rules import lang

    w = words(lang())
    return (
        render_template(
            "message.html",
            title=w["error"],
            message=w.get(f"err_{code}", w["err_500"]),
            kind="error",
        ),
        code,
        headers,
    )
