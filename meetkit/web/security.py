"""What keeps the sign-in server safe: meeting ids checked before use, CSRF tokens on forms,
the admin token, a limit on guesses per device and address, and response headers."""

from __future__ import annotations

import base64
import email.utils
import hmac
import re
import secrets
import threading
import time
import zlib
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask, Request, Response, abort, current_app, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import URLSafeTimedSerializer

from .. import clock

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

# YYYY-MM-DD-type[-n]: what MeetingStore.add_meeting makes, and nothing that could be a path.
MEETING_ID = re.compile(r"\d{4}-\d{2}-\d{2}-[a-z0-9][a-z0-9-]{0,58}")
ADMIN_COOKIE = "meetkit_admin"
MAX_BODY = 16 * 1024  # bytes: a sign-in is a name and a token


def check_meeting_id(meeting_id: str) -> str:
    """404 unless ``meeting_id`` looks like a meeting id (never ``../x``, never very long)."""
    if (
        not isinstance(meeting_id, str)
        or len(meeting_id) > 80
        or not MEETING_ID.fullmatch(meeting_id)
    ):
        abort(404)
    return meeting_id


# -- CSRF ----------------------------------------------------------------------------------
def csrf_token() -> str:
    """This session's form token (made on first use)."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(24)
    return token


def csrf_ok() -> bool:
    """True when the submitted form carries this session's token."""
    sent = request.form.get("csrf", "")
    token = session.get("csrf", "")
    return bool(token) and hmac.compare_digest(sent.encode(), token.encode())


def device_id() -> str:
    """A random id for this browser, kept in its (signed) session cookie."""
    device = session.get("device")
    if not device:
        device = session["device"] = secrets.token_urlsafe(16)
        session.permanent = True
    return device


# -- the admin ----------------------------------------------------------------------------
def token_state(sent: str | None, token: str) -> str:
    """``ok``, ``missing`` (nothing sent: 401) or ``wrong`` (403), compared in constant time."""
    if not sent:
        return "missing"
    return "ok" if hmac.compare_digest(sent.encode(), token.encode()) else "wrong"


def admin_state() -> str:
    """The admin token of this request (``Authorization: Bearer`` or the cookie): see
    ``token_state``."""
    environ = request.environ
    auth = environ.get("HTTP_AUTHORIZATION", "")
    if auth.startswith("Bearer "):
        sent: str | None = auth[7:].strip()
    else:  # the cookie; no Cookie header (a phone's first request): nothing to parse
        sent = request.cookies.get(ADMIN_COOKIE) if "HTTP_COOKIE" in environ else None
    return token_state(sent, current_app.config["MEETKIT_ADMIN_TOKEN"])


def is_admin() -> bool:
    return admin_state() == "ok"


# -- guesses --------------------------------------------------------------------------------
class GuessLimiter:
    """At most ``limit`` guesses per client key (``a:<address>``, ``d:<device>``) in ``window``
    seconds. Only guesses are counted (a forged, expired or revoked code, a name not expected,
    a wrong short code or admin token), and only guesses are refused: an honest request never
    reaches it (see ``meetkit.web.rules.refuse``)."""

    def __init__(self, limit: int = 30, window: float = 300.0, max_keys: int = 10000):
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._guesses: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _wait(self, key: str, now: float) -> int:
        times = self._guesses.get(key)
        if not times:
            return 0
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) < self.limit:
            return 0
        return max(1, int(times[0] + self.window - now) + 1)

    def retry_after(self, keys: Iterable[str], now: float | None = None) -> int:
        """Seconds before any of ``keys`` may guess again (0: not limited)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            return max((self._wait(k, now) for k in keys), default=0)

    def count(self, keys: Iterable[str], now: float | None = None) -> None:
        """Count one guess against each of ``keys``."""
        now = time.monotonic() if now is None else now
        with self._lock:
            for key in keys:
                if key not in self._guesses and len(self._guesses) >= self.max_keys:
                    self._prune(now)
                times = self._guesses.setdefault(key, deque())
                times.append(now)
                while len(times) > self.limit:
                    times.popleft()

    def limited(self, now: float | None = None) -> list[tuple[str, int]]:
        """The addresses limited now, with the seconds left (for the dashboard)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            return sorted(
                (key[2:], wait)
                for key in list(self._guesses)
                if key.startswith("a:") and (wait := self._wait(key, now))
            )

    def _prune(self, now: float) -> None:
        for key in [k for k, t in self._guesses.items() if not t or t[-1] <= now - self.window]:
            del self._guesses[key]
        while len(self._guesses) >= self.max_keys:  # still full: forget the oldest
            del self._guesses[next(iter(self._guesses))]


def address() -> str:
    """The client's address: the connection's, or with ``meetkit serve --behind-proxy`` the
    one the proxy put in X-Forwarded-For (werkzeug's ProxyFix sets it as remote_addr)."""
    return request.remote_addr or ""


def client_keys() -> tuple[str, ...]:
    """What the limiter counts for this request: its address and, when it has one, its
    device cookie (clearing the cookie only leaves the address)."""
    device = session.get("device")
    return (f"a:{address()}", f"d:{device}") if device else (f"a:{address()}",)


CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


_SECURE = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
)
_NO_STORE = (*_SECURE, ("Cache-Control", "no-store"))


class SecureHeaders:
    """WSGI middleware around the app: headers on every answer (pages, the API, errors): no
    framing, no sniffing, no referrer (the token is in URLs), and no caching but for
    /static/. A header the view set itself is kept. Added to the header list the app hands
    to the server, constant and checked once here, instead of through werkzeug's Headers for
    each response (a sign-in's answer, bench/signin_load.py)."""

    def __init__(self, app: WSGIApplication):
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        wanted = _SECURE if environ.get("PATH_INFO", "").startswith("/static/") else _NO_STORE

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            present = {name.lower() for name, _ in headers}
            headers.extend(h for h in wanted if h[0].lower() not in present)
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


class SignedCookieSessions(SecureCookieSessionInterface):
    """Flask's own signed-cookie sessions: the same cookie, in the same format, read by
    Flask's code. Shortcuts, all for the request every phone sends first:

    - no Cookie header: an empty session at once (nothing to read or verify);
    - a small flat session (strings, numbers, booleans: a device id, a CSRF token) is signed
      here in one pass, as itsdangerous would: the app's JSON, zlib when it is shorter (tried
      from 256 bytes), URL-safe base64, a timestamp, HMAC-SHA1 with the key derived from the
      secret key and the salt once (the HMAC keyed once and copied for each signature);
    - its Set-Cookie header is written as werkzeug's ``dump_cookie`` writes it.

    Flask's ``save_session`` and itsdangerous took about a sixth of a sign-in's CPU
    (bench/signin_load.py). Anything else (the tickets' dict) goes through Flask. The signing
    serializer (for reading) is built once, and again when the secret key or its fallbacks
    change."""

    _built: tuple[tuple, URLSafeTimedSerializer | None] | None = None
    _derived: tuple[str | bytes, hmac.HMAC] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        built = self._built
        if built is None or built[0] != keys:
            built = self._built = (keys, super().get_signing_serializer(app))
        return built[1]

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and "HTTP_COOKIE" not in request.environ:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if not (
            app.secret_key
            and session
            and self.should_set_cookie(app, session)
            and all(type(v) in _FLAT for v in session.values())
        ):
            super().save_session(app, session, response)
            return
        if "Vary" in response.headers:
            response.vary.add("Cookie")
        else:
            response.headers["Vary"] = "Cookie"
        lifetime = int(app.permanent_session_lifetime.total_seconds())
        expires = int(clock.epoch()) + lifetime if session.permanent else None
        name, value = self.get_cookie_name(app), self._signed(app, dict(session))
        domain, path = self.get_cookie_domain(app), self.get_cookie_path(app)
        secure, httponly = self.get_cookie_secure(app), self.get_cookie_httponly(app)
        partitioned, samesite = self.get_cookie_partitioned(app), self.get_cookie_samesite(app)
        plain = path == "/" and name.isascii() and name.isidentifier() and len(value) < 3800
        if domain or partitioned or samesite not in (None, "Lax", "Strict", "None") or not plain:
            response.set_cookie(  # what werkzeug has more to say about: it says it
                name,
                value,
                expires=expires,
                httponly=httponly,
                domain=domain,
                path=path,
                secure=secure,
                partitioned=partitioned,
                samesite=samesite,
            )
            return
        # werkzeug's dump_cookie for this cookie (tests/test_web_app.py compares the two): a
        # name and a value of URL-safe base64 and dots need no quoting; attributes in its order.
        parts = [f"{name}={value}"]
        if expires is not None:
            parts.append(f"Expires={_http_date(expires)}")
        if secure:
            parts.append("Secure")
        if httponly:
            parts.append("HttpOnly")
        parts.append(f"Path={path}")
        if samesite:
            parts.append(f"SameSite={samesite}")
        response.headers.add("Set-Cookie", "; ".join(parts))

    def _signed(self, app: Flask, data: dict) -> str:
        """``URLSafeTimedSerializer.dumps(data)`` with Flask's settings (see the class)."""
        key = app.secret_key
        assert key is not None  # save_session checked it
        derived = self._derived
        if derived is None or derived[0] != key:
            # The key derived from the secret key and the salt, as an HMAC keyed with it once:
            # each signature copies it (keying an HMAC cost more than the copy, cold).
            secret = key.encode() if isinstance(key, str) else key
            signing = hmac.digest(secret, self.salt.encode(), "sha1")
            derived = self._derived = (key, hmac.new(signing, digestmod="sha1"))
        payload = app.json.dumps(data, separators=(",", ":")).encode()
        compressed = zlib.compress(payload) if len(payload) >= _COMPRESS_FROM else payload
        if len(compressed) < len(payload) - 1:
            value = b"." + _b64(compressed)
        else:
            value = _b64(payload)
        value += b"." + _b64(int(clock.epoch()).to_bytes(8, "big").lstrip(b"\0"))
        mac = derived[1].copy()
        mac.update(value)
        return (value + b"." + _b64(mac.digest())).decode("ascii")


# Shorter payloads are not offered to zlib: a device id and a CSRF token are random text it
# never shortens, and setting up a compressor cost ~150 us of CPU a sign-in (cold, as each
# phone's request finds the core). Both forms are valid cookies to every reader.
_COMPRESS_FROM = 256

# What a session value may be for SignedCookieSessions to sign it itself: Flask's tagged JSON
# writes these as plain JSON (bool is checked by type: True is not tagged).
_FLAT = (str, int, float, bool, type(None))


_DATE: list[tuple[int, str]] = [(0, "")]


def _http_date(when: int) -> str:
    """``werkzeug.http.http_date(when)``, kept for the second it names (a busy minute sets
    a hundred cookies a second)."""
    last = _DATE[0]
    if last[0] != when:
        last = _DATE[0] = (when, email.utils.formatdate(when, usegmt=True))
    return last[1]


def _b64(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")
