"""The sign-in token format, the only place that knows it.

A QR code holds ``{public_url}/s/{meeting_id}?t={token}``. The token is
``base64url(meeting_id|not_before|not_after|kind) . base64url(HMAC-SHA256(secret, payload)[:16])``:
it names the meeting and carries its validity window (Unix seconds), signed with the
workspace's secret (``.meetkit/secret``, mode 0600). ``kind`` is ``p`` for the printed code
(valid from an hour before the start to the end of that day) or ``r`` for the projector's
rotating code (valid about 90 seconds).
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .errors import MeetkitError
from .i18n import _

PRINTED, ROTATING = "p", "r"
ROTATE_EVERY = 30  # seconds between projector codes
ROTATING_VALID = 90  # seconds a projector code is accepted


class TokenError(Exception):
    """A token that doesn't verify; ``reason`` is one of forged, expired, not-yet, wrong-meeting,
    malformed."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Token:
    meeting_id: str
    not_before: int
    not_after: int
    kind: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_secret(path: Path, create: bool = True) -> bytes:
    """The workspace secret; created (32 random bytes, mode 0600) when missing."""
    path = Path(path)
    if path.exists():
        data = path.read_bytes().strip()
        if len(data) < 32:
            raise MeetkitError(_("{path}: sign-in secret is too short; delete it to make a new "
                                 "one").format(path=path))
        return data
    if not create:
        raise MeetkitError(_("{path}: sign-in secret missing").format(path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    data = secrets.token_hex(32).encode("ascii")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data + b"\n")
    os.chmod(path, 0o600)
    return data


def _sign(secret: bytes, payload: bytes) -> str:
    return _b64(hmac.new(secret, payload, hashlib.sha256).digest()[:16])


def make_token(secret: bytes, meeting_id: str, not_before: int, not_after: int,
               kind: str = PRINTED) -> str:
    """A signed token for ``meeting_id`` valid from ``not_before`` to ``not_after`` (Unix s)."""
    payload = f"{meeting_id}|{int(not_before)}|{int(not_after)}|{kind}".encode("utf-8")
    return f"{_b64(payload)}.{_sign(secret, payload)}"


def verify_token(secret: bytes, token: str, meeting_id: str, now: float | None = None) -> Token:
    """Check signature, meeting and window; return the Token or raise TokenError."""
    now = time.time() if now is None else now
    try:
        payload_b64, sig = token.split(".")
        payload = _unb64(payload_b64)
        mid, nb, na, kind = payload.decode("utf-8").split("|")
        nb, na = int(nb), int(na)
    except (ValueError, UnicodeDecodeError):
        raise TokenError("malformed", "the sign-in code is not valid") from None
    if not hmac.compare_digest(sig, _sign(secret, payload)):
        raise TokenError("forged", "the sign-in code is not valid")
    if mid != meeting_id:
        raise TokenError("wrong-meeting", "the sign-in code is for another meeting")
    if now < nb:
        raise TokenError("not-yet", "sign-in has not opened yet")
    if now > na:
        raise TokenError("expired", "the sign-in code has expired")
    return Token(mid, nb, na, kind)


def printed_window(start: dt.datetime) -> tuple[int, int]:
    """From one hour before the (local, naive) start until the end of that day."""
    begin = start - dt.timedelta(hours=1)
    end = dt.datetime.combine(start.date(), dt.time(23, 59, 59))
    return int(begin.timestamp()), int(end.timestamp())


def printed_token(secret: bytes, meeting_id: str, start: dt.datetime) -> str:
    """The token printed on the sign-in sheet."""
    return make_token(secret, meeting_id, *printed_window(start), kind=PRINTED)


def rotating_token(secret: bytes, meeting_id: str, now: float | None = None) -> str:
    """The projector's current token: a new one every 30 s, each accepted for 90 s."""
    now = time.time() if now is None else now
    slot = int(now) - int(now) % ROTATE_EVERY
    return make_token(secret, meeting_id, slot - 5, slot + ROTATING_VALID, kind=ROTATING)


def signin_url(public_url: str, meeting_id: str, token: str) -> str:
    """The address a QR code holds."""
    return f"{public_url.rstrip('/')}/s/{quote(meeting_id)}?t={token}"


def short_code(secret: bytes, meeting_id: str) -> str:
    """Six characters a member can type at ``/c`` instead of scanning (no 0/O, 1/I)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    digest = hmac.new(secret, f"short|{meeting_id}".encode("utf-8"), hashlib.sha256).digest()
    return "".join(alphabet[b % len(alphabet)] for b in digest[:6])


def lan_address() -> str:
    """This machine's LAN address (no packet is sent), or 127.0.0.1."""
    import socket

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.connect(("192.0.2.1", 9))  # TEST-NET: picks the outgoing interface, sends nothing
        return sock.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        sock.close()


def public_url(config) -> str:
    """``[signin] public_url``, else ``http://<LAN address>:<port>``."""
    if config.public_url:
        return config.public_url
    return f"http://{lan_address()}:{config.port}"
