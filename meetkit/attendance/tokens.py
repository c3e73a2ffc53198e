"""The sign-in code formats, the only place that knows them.

Three codes open a meeting's sign-in page, all signed with the workspace's secret
(``.meetkit/secret``, mode 0600):

- the **printed code** (sign-in sheet, ``qr.png``) is compact: the QR holds
  ``{public_url}/q/{code}`` where ``code`` is 12 characters of HMAC-SHA256(secret,
  ``q|meeting id|generation``) (60 bits), short enough for a QR of version 3-4. It names no
  meeting: the server finds the meeting whose code it is. It is accepted from
  ``[signin] printed_opens_minutes`` before the start to ``printed_closes_minutes`` after, and
  only for the meeting's current *generation* (``meetkit signin-code reissue`` moves to the
  next one; earlier codes are refused as ``revoked``);
- the **long token** ``base64url(meeting_id|not_before|not_after|kind) .
  base64url(HMAC[:16])`` carries its own window: ``r`` for the projector's rotating code
  (valid about 90 seconds), ``p``/``p<generation>`` for codes printed by earlier versions
  (``/s/{meeting_id}?t={token}`` links keep working, within the printed window above);
- the **short code**, 6 characters typed at ``/c``, valid like the printed code.

A fourth, the **opinion code** (a long token of kind ``o``, valid a year from when the page
was opened), opens a life meeting's opinion page ``{public_url}/o/{meeting_id}?t={token}``: it
never signs anyone in, and a sign-in code never opens the opinion page.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ..config import Config

from .. import clock
from ..errors import MeetkitError
from ..i18n import _

PRINTED, ROTATING, OPINIONS = "p", "r", "o"
SIGNIN_KINDS = (PRINTED, ROTATING)
ROTATE_EVERY = 30  # seconds between projector codes
ROTATING_VALID = 90  # seconds a projector code is accepted


class TokenError(Exception):
    """A token that doesn't verify; ``reason`` is one of forged, expired, not-yet, wrong-meeting,
    malformed, revoked."""

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
            raise MeetkitError(
                _("{path}: sign-in secret is too short; delete it to make a new one").format(
                    path=path
                )
            )
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


def make_token(
    secret: bytes, meeting_id: str, not_before: int, not_after: int, kind: str = PRINTED
) -> str:
    """A signed token for ``meeting_id`` valid from ``not_before`` to ``not_after`` (Unix s)."""
    payload = f"{meeting_id}|{int(not_before)}|{int(not_after)}|{kind}".encode()
    return f"{_b64(payload)}.{_sign(secret, payload)}"


def verify_token(
    secret: bytes,
    token: str,
    meeting_id: str,
    now: float | None = None,
    kinds: tuple = SIGNIN_KINDS,
) -> Token:
    """Check signature, meeting, kind (``kinds``: sign-in codes by default) and window; return
    the Token or raise TokenError."""
    now = clock.epoch() if now is None else now
    try:
        payload_b64, sig = token.split(".")
        payload = _unb64(payload_b64)
        mid, not_before, not_after, kind = payload.decode("utf-8").split("|")
        nb, na = int(not_before), int(not_after)
    except (ValueError, UnicodeDecodeError):
        raise TokenError("malformed", "the sign-in code is not valid") from None
    if not hmac.compare_digest(sig, _sign(secret, payload)):
        raise TokenError("forged", "the sign-in code is not valid")
    if mid != meeting_id:
        raise TokenError("wrong-meeting", "the sign-in code is for another meeting")
    if kind[:1] not in kinds:  # "p3": a printed code of generation 3
        raise TokenError("forged", "the sign-in code is not valid")
    if now < nb:
        raise TokenError("not-yet", "sign-in has not opened yet")
    if now > na:
        raise TokenError("expired", "the sign-in code has expired")
    return Token(mid, nb, na, kind)


def printed_window(
    start: dt.datetime, opens_minutes: int = 30, closes_minutes: int = 180
) -> tuple[int, int]:
    """From ``opens_minutes`` before the (local, naive) start to ``closes_minutes`` after."""
    begin = start - dt.timedelta(minutes=opens_minutes)
    end = start + dt.timedelta(minutes=closes_minutes)
    return int(begin.timestamp()), int(end.timestamp())


def config_window(config: Config, start: dt.datetime) -> tuple[int, int]:
    """The printed window of a meeting starting at ``start``, from ``[signin]``."""
    return printed_window(start, config.printed_opens_minutes, config.printed_closes_minutes)


def printed_token(
    secret: bytes,
    meeting_id: str,
    start: dt.datetime,
    generation: int = 0,
    opens_minutes: int = 30,
    closes_minutes: int = 180,
) -> str:
    """A long-form printed token (what sheets printed before the compact code held)."""
    kind = PRINTED if not generation else f"{PRINTED}{generation}"
    return make_token(
        secret, meeting_id, *printed_window(start, opens_minutes, closes_minutes), kind=kind
    )


def rotating_token(secret: bytes, meeting_id: str, now: float | None = None) -> str:
    """The projector's current token: a new one every 30 s, each accepted for 90 s."""
    now = clock.epoch() if now is None else now
    slot = int(now) - int(now) % ROTATE_EVERY
    return make_token(secret, meeting_id, slot - 5, slot + ROTATING_VALID, kind=ROTATING)


def opinion_token(secret: bytes, meeting_id: str, opened: dt.datetime) -> str:
    """The code of a life meeting's opinion page: valid from when it was opened for a year
    (closing the page is a stored state, checked on every request, not the token's)."""
    start = int(opened.timestamp())
    return make_token(secret, meeting_id, start - 60, start + 366 * 86400, kind=OPINIONS)


def verify_opinion_token(
    secret: bytes, token: str, meeting_id: str, now: float | None = None
) -> Token:
    """Check an opinion page code (see ``verify_token``)."""
    return verify_token(secret, token, meeting_id, now, kinds=(OPINIONS,))


def opinion_url(public_url: str, meeting_id: str, token: str) -> str:
    """The address the opinion QR code holds."""
    return f"{public_url.rstrip('/')}/o/{quote(meeting_id)}?t={token}"


def signin_url(public_url: str, meeting_id: str, token: str) -> str:
    """The long address of a token (the projector's QR code)."""
    return f"{public_url.rstrip('/')}/s/{quote(meeting_id)}?t={token}"


ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed
COMPACT_LENGTH = 12


def _code(secret: bytes, message: str, length: int) -> str:
    digest = hmac.new(secret, message.encode("utf-8"), hashlib.sha256).digest()
    # 5 bits per character from the digest's bits (not bytes mod 32: no bias, all 8 bits used)
    bits = int.from_bytes(digest[:8], "big")
    return "".join(ALPHABET[(bits >> (59 - 5 * i)) & 31] for i in range(length))


def compact_code(secret: bytes, meeting_id: str, generation: int = 0) -> str:
    """The printed code of a meeting: 12 characters, in ``{public_url}/q/{code}``."""
    return _code(secret, f"q|{meeting_id}|{generation}", COMPACT_LENGTH)


def short_url(public_url: str, code: str) -> str:
    """The address the printed QR code holds (about 40 characters)."""
    return f"{public_url.rstrip('/')}/q/{code}"


def code_page_url(public_url: str) -> str:
    """The page where the 6-character short code is typed."""
    return f"{public_url.rstrip('/')}/c"


def short_code(secret: bytes, meeting_id: str, generation: int = 0) -> str:
    """Six characters a member can type at ``/c`` instead of scanning (no 0/O, 1/I)."""
    if generation:
        return _code(secret, f"short|{meeting_id}|{generation}", 6)
    digest = hmac.new(secret, f"short|{meeting_id}".encode(), hashlib.sha256).digest()
    return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:6])  # as printed before 0.2


def normal_code(typed: str) -> str:
    """A typed or scanned short or compact code, without spaces, upper case."""
    return "".join(str(typed).split()).upper()[: COMPACT_LENGTH + 4]


def which_generation(
    secret: bytes,
    meeting_id: str,
    code: str,
    generation: int,
    make: Callable[[bytes, str, int], str] = compact_code,
    known: Sequence[str] = (),
) -> int | None:
    """The generation ``code`` (a compact or short code, normalised) belongs to, from
    ``generation`` down to 0, or None when it isn't this meeting's. ``known``: the codes of
    generations 0 to ``generation`` made already (``compact_codes``), else each is made."""
    for g in range(generation, -1, -1):
        made = known[g] if len(known) > generation else make(secret, meeting_id, g)
        if hmac.compare_digest(made, code):
            return g
    return None


def compact_codes(secret: bytes, meeting_id: str, generation: int) -> tuple[str, ...]:
    """The printed codes of generations 0 to ``generation``, to check codes against without
    an HMAC each (the server keeps them with the meeting: ``check_code(known=...)``)."""
    return tuple(compact_code(secret, meeting_id, g) for g in range(generation + 1))


def check_code(
    secret: bytes,
    code: str,
    meeting_id: str,
    *,
    window: tuple[int, int],
    generation: int = 0,
    now: float | None = None,
    known: Sequence[str] = (),
) -> str:
    """Check a code a member presents for ``meeting_id`` (a compact printed code or a long
    token); return its kind (``p`` printed, ``r`` rotating) or raise TokenError.

    ``window`` is the meeting's printed window (``config_window``): printed codes, long or
    compact, are accepted only inside it and only for the current ``generation``. ``known``:
    the meeting's ``compact_codes`` up to ``generation``, when the caller keeps them."""
    now = clock.epoch() if now is None else now
    code = str(code)[:400]
    if len(code) == COMPACT_LENGTH and "." not in code:
        found = which_generation(secret, meeting_id, normal_code(code), generation, known=known)
        if found is None:
            raise TokenError("forged", "the sign-in code is not valid")
        kind = PRINTED
    else:
        token = verify_token(secret, code, meeting_id, now)
        kind = token.kind[:1]
        if kind != PRINTED:
            return kind
        try:
            found = int(token.kind[1:] or 0)
        except ValueError:
            raise TokenError("malformed", "the sign-in code is not valid") from None
    if found != generation:
        raise TokenError("revoked", "this sign-in code was replaced; scan the new one")
    if now < window[0]:
        raise TokenError("not-yet", "sign-in has not opened yet")
    if now > window[1]:
        raise TokenError("expired", "the sign-in code has expired")
    return kind


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


def public_url(config: Config) -> str:
    """``[signin] public_url`` (checked to be http(s) when read), else
    ``http://<LAN address>:<port>``."""
    if config.public_url:
        return config.public_url
    return f"http://{lan_address()}:{config.port}"
