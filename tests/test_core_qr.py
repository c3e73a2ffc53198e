"""The sign-in QR code, read by a real decoder (zxing-cpp) from qr.png and from the picture inside
signin.docx: its address, and a token that verifies only for its meeting and inside its window."""
from __future__ import annotations

import datetime as dt
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from core_helpers import all_text, docx_images, make_workspace, mk, open_docx, squeeze
from PIL import Image

from meetkit import tokens
from meetkit.tokens import TokenError, make_token, verify_token
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


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["t"][0]


def test_qr_png_and_docx_picture_hold_the_signin_address(meeting, zxing):
    root, meeting_id, folder = meeting
    from_png = decode(zxing, (folder / "qr.png").read_bytes())
    pictures = docx_images(folder / "signin.docx")
    assert pictures, "signin.docx holds no picture"
    from_docx = decode(zxing, pictures[0])
    assert from_png == from_docx
    assert from_png.startswith(f"{PUBLIC_URL}/s/{meeting_id}?t=")
    parts = urlsplit(from_png)
    assert parts.path == f"/branch-1/s/{meeting_id}" and list(parse_qs(parts.query)) == ["t"]
    # The address and short code are printed too, for those who type.
    text = squeeze(all_text(open_docx(folder / "signin.docx")))
    assert from_png in text
    secret = Workspace(root).secret
    assert tokens.short_code(secret, meeting_id) in text


def test_token_window(meeting, zxing):
    root, meeting_id, folder = meeting
    token = token_of(decode(zxing, (folder / "qr.png").read_bytes()))
    secret = Workspace(root).secret
    start = dt.datetime(2026, 12, 1, 14, 0)
    opens = (start - dt.timedelta(hours=1)).timestamp()
    closes = dt.datetime(2026, 12, 1, 23, 59, 59).timestamp()

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


def test_forged_tokens_fail(meeting, zxing):
    root, meeting_id, folder = meeting
    token = token_of(decode(zxing, (folder / "qr.png").read_bytes()))
    secret = Workspace(root).secret
    now = dt.datetime(2026, 12, 1, 14, 0).timestamp()
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
    for junk in ("", "abc", "a.b.c", "!!!.???"):
        with pytest.raises(TokenError):
            verify_token(secret, junk, meeting_id, now=now)


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
    assert (parts.scheme, parts.port, parts.path) == ("http", 8750, "/s/2026-12-01-lesson")
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
    token = token_of(decode(zxing, (one / "meetings/2026-12-01-lesson/qr.png").read_bytes()))
    now = dt.datetime(2026, 12, 1, 19, 30).timestamp()
    verify_token(Workspace(one).secret, token, "2026-12-01-lesson", now=now)
    with pytest.raises(TokenError):
        verify_token(Workspace(two).secret, token, "2026-12-01-lesson", now=now)
