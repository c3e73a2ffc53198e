"""The sign-in QR code, read by a real decoder (zxing-cpp) from qr.png and from the picture inside
signin.docx: a short address (a QR of version 3-4) whose compact code verifies only for its
meeting, its generation and inside its window; long tokens printed before keep working."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlsplit

import pytest
from core_helpers import all_text, docx_images, make_workspace, mk, open_docx, squeeze
from PIL import Image

from meetkit.attendance import tokens
from meetkit.attendance.tokens import (
    TokenError,
    check_code,
    make_token,
    printed_window,
    verify_token,
)
from meetkit.workspace import Workspace

PUBLIC_URL = "https://dangjian.example.org/branch-1"


def decode(zxing, image_bytes: bytes) -> str:
    results = zxing.read_barcodes(Image.open(io.BytesIO(image_bytes)))
    assert len(results) == 1, f"expected one QR code, decoded {len(results)}"
    assert results[0].format == zxing.BarcodeFormat.QRCode
    return results[0].text


@pytest.fixture(scope="module")
def meeting(tmp_path_factory):
    root = make_workspace(tmp_path_factory.mktemp("qr") / "ws", public_url=PUBLIC_URL)
    mk(root, "prepare", "committee", "--no-input", "--date", "2026-12-01", "--time", "14:00")
    return root, "2026-12-01-committee", root / "meetings/2026-12-01-committee"


def code_of(url: str) -> str:
    parts = urlsplit(url)
    assert parts.path.rsplit("/", 2)[-2] == "q" and not parts.query
    return parts.path.rsplit("/", 1)[1]


START = dt.datetime(2026, 12, 1, 14, 0)


def test_qr_png_and_docx_picture_hold_the_short_address(meeting, zxing):
    root, meeting_id, folder = meeting
    from_png = decode(zxing, (folder / "qr.png").read_bytes())
    pictures = docx_images(folder / "signin.docx")
    assert pictures, "signin.docx holds no picture"
    from_docx = decode(zxing, pictures[0])
    assert from_png == from_docx
    code = code_of(from_png)
    assert from_png == f"{PUBLIC_URL}/q/{code}" and len(code) == 12
    # The address and short code are printed too, for those who type.
    text = squeeze(all_text(open_docx(folder / "signin.docx")))
    assert from_png in text
    secret = Workspace(root).secret
    assert tokens.short_code(secret, meeting_id) in text


def test_a_lan_address_fits_a_small_qr(tmp_path, zxing):
    """Issue 13: the long token address made a version-8 QR; the short one is version 3-4."""
    root = make_workspace(tmp_path / "ws", public_url="http://192.168.100.200:8750")
    mk(root, "prepare", "lesson", "--no-input", "--date", "2026-12-01")
    png = (root / "meetings/2026-12-01-lesson/qr.png").read_bytes()
    result = zxing.read_barcodes(Image.open(io.BytesIO(png)))[0]
    assert len(result.text) <= 45, result.text
    assert int(result.extra["Version"]) <= 4


def test_the_printed_code_window(meeting, zxing):
    root, meeting_id, folder = meeting
    code = code_of(decode(zxing, (folder / "qr.png").read_bytes()))
    secret = Workspace(root).secret
    window = printed_window(START, 30, 180)
    opens, closes = window
    assert (opens, closes) == (int(START.timestamp()) - 1800, int(START.timestamp()) + 3 * 3600)
    for now in (opens, START.timestamp(), closes):
        assert check_code(secret, code, meeting_id, window=window, now=now) == tokens.PRINTED
    assert check_code(secret, code.lower(), meeting_id, window=window, now=opens) == "p"
    for now, reason in ((opens - 1, "not-yet"), (closes + 1, "expired")):
        with pytest.raises(TokenError) as err:
            check_code(secret, code, meeting_id, window=window, now=now)
        assert err.value.reason == reason
    with pytest.raises(TokenError) as other_meeting:
        check_code(secret, code, "2026-12-01-general", window=window, now=opens)
    assert other_meeting.value.reason == "forged"
    # Reissued: generation 1 is valid, the printed generation-0 code is revoked.
    with pytest.raises(TokenError) as revoked:
        check_code(secret, code, meeting_id, window=window, generation=1, now=opens)
    assert revoked.value.reason == "revoked"
    new = tokens.compact_code(secret, meeting_id, 1)
    assert new != code
    assert check_code(secret, new, meeting_id, window=window, generation=1, now=opens) == "p"


def test_long_tokens_printed_before_keep_working_inside_the_new_window(meeting):
    root, meeting_id, _folder = meeting
    secret = Workspace(root).secret
    # What sheets printed before held: valid from an hour before to midnight.
    old = make_token(
        secret,
        meeting_id,
        int(START.timestamp()) - 3600,
        int(dt.datetime(2026, 12, 1, 23, 59, 59).timestamp()),
        kind="p",
    )
    window = printed_window(START, 30, 180)
    assert check_code(secret, old, meeting_id, window=window, now=START.timestamp()) == "p"
    with pytest.raises(TokenError) as late:  # 22:00 was in its own window, not the new one
        check_code(
            secret, old, meeting_id, window=window, now=dt.datetime(2026, 12, 1, 22, 0).timestamp()
        )
    assert late.value.reason == "expired"
    with pytest.raises(TokenError) as revoked:
        check_code(secret, old, meeting_id, window=window, generation=2, now=START.timestamp())
    assert revoked.value.reason == "revoked"


def test_token_window(meeting):
    root, meeting_id, folder = meeting
    secret = Workspace(root).secret
    token = tokens.printed_token(secret, meeting_id, START, opens_minutes=60, closes_minutes=600)
    start = START
    opens = (start - dt.timedelta(hours=1)).timestamp()
    closes = (start + dt.timedelta(hours=10)).timestamp()

    for now in (opens, start.timestamp(), start.timestamp() + 3 * 3600, closes):
        checked = verify_token(secret, token, meeting_id, now=now)
        assert checked.meeting_id == meeting_id and checked.kind == tokens.PRINTED
    assert (checked.not_before, checked.not_after) == (int(opens), int(closes))

    with pytest.raises(TokenError) as too_early:
        verify_token(secret, token, meeting_id, now=opens - 1)
    assert too_early.value.reason == "not-yet"
    with pytest.raises(TokenError) as next_day:
        verify_token(secret, token, meeting_id, now=closes + 2)
    assert next_day.value.reason == "expired"
    with pytest.raises(TokenError) as other_meeting:
        verify_token(secret, token, "2026-12-01-general", now=start.timestamp())
    assert other_meeting.value.reason == "wrong-meeting"


def test_forged_tokens_fail(meeting):
    root, meeting_id, folder = meeting
    secret = Workspace(root).secret
    token = tokens.printed_token(secret, meeting_id, START)
    now = START.timestamp()
    payload, sig = token.split(".")

    forged = [
        # another workspace's secret
        make_token(b"x" * 64, meeting_id, int(now) - 10, int(now) + 10),
        # a widened window with the old signature
        make_token(secret, meeting_id, 0, 2**40).split(".")[0] + "." + sig,
        # a flipped signature character
        payload + "." + ("A" if sig[0] != "A" else "B") + sig[1:],
    ]
    for bad in forged:
        with pytest.raises(TokenError) as err:
            verify_token(secret, bad, meeting_id, now=now)
        assert err.value.reason == "forged"
    for junk in ("", "abc", "a.b.c", "!!!.???", "ABCDEFGHJKLM"):
        with pytest.raises(TokenError):
            check_code(secret, junk, meeting_id, window=(0, 2**40), now=now)


def interface_addresses() -> set:
    """The IPv4 address of each of this machine's network interfaces, asked of the kernel
    interface by interface (SIOCGIFADDR): an oracle independent of tokens.lan_address()."""
    import fcntl
    import socket
    import struct

    found = set()
    for _index, name in socket.if_nameindex():
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            packed = fcntl.ioctl(sock.fileno(), 0x8915, struct.pack("256s", name.encode()[:15]))
            found.add(socket.inet_ntoa(packed[20:24]))
        except OSError:
            pass  # an interface without an IPv4 address
        finally:
            sock.close()
    return found


def test_public_url_defaults_to_the_lan_address(tmp_path, zxing):
    """Without [signin] public_url the QR code carries one of this machine's own non-loopback
    addresses (phones can't reach 127.0.0.1), with the configured port."""
    root = make_workspace(tmp_path / "ws")
    mk(root, "prepare", "lesson", "--no-input", "--date", "2026-12-01")
    url = decode(zxing, (root / "meetings/2026-12-01-lesson/qr.png").read_bytes())
    parts = urlsplit(url)
    assert (parts.scheme, parts.port) == ("http", 8750) and parts.path.startswith("/q/")
    lan = {a for a in interface_addresses() if not a.startswith("127.")}
    if lan:
        assert parts.hostname in lan, (parts.hostname, lan)
    else:  # a machine with no network at all: the phone-less fallback
        assert parts.hostname == "127.0.0.1"


def test_lan_address_falls_back_to_loopback_without_a_network(monkeypatch):
    import socket

    class NoNetwork(socket.socket):
        def connect(self, address):
            raise OSError("Network is unreachable")

    monkeypatch.setattr(socket, "socket", NoNetwork)
    assert tokens.lan_address() == "127.0.0.1"


def test_each_workspace_signs_with_its_own_secret(tmp_path, zxing):
    one = make_workspace(tmp_path / "one", public_url=PUBLIC_URL)
    two = make_workspace(tmp_path / "two", public_url=PUBLIC_URL)
    assert Workspace(one).secret != Workspace(two).secret
    mk(one, "prepare", "lesson", "--no-input", "--date", "2026-12-01")
    code = code_of(decode(zxing, (one / "meetings/2026-12-01-lesson/qr.png").read_bytes()))
    now = dt.datetime(2026, 12, 1, 19, 30).timestamp()
    window = (int(now) - 60, int(now) + 60)
    check_code(Workspace(one).secret, code, "2026-12-01-lesson", window=window, now=now)
    with pytest.raises(TokenError):
        check_code(Workspace(two).secret, code, "2026-12-01-lesson", window=window, now=now)
