"""The sign-in web app (``meetkit serve``): members' pages, the admin dashboard and projector,
and a JSON API for kiosks and mini-programs. ``create_app`` builds it for one workspace."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING, Any

from flask import Flask, g, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from .i18n import words
from .security import MAX_BODY, GuessLimiter, SecureHeaders, SignedCookieSessions, csrf_token
from .site import Cached, Site, log, site  # noqa: F401  (the app's shared state)

if TYPE_CHECKING:
    from ..workspace import Workspace


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
        from ..attendance.tokens import public_url as configured

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
    # The features' pages (the ballots, the opinion page) and other plugins' pages, registered
    # through meetkit_register_routes, on the same app and its safeguards.
    workspace.plugins.call("meetkit_register_routes", app=app, workspace=workspace)
    # Every answer's security headers, as WSGI middleware (Flask's documented way to wrap
    # wsgi_app; its stubs declare wsgi_app a method).
    app.wsgi_app = SecureHeaders(app.wsgi_app)  # type: ignore[method-assign]

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
