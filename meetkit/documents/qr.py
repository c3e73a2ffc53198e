"""The QR code picture (the token inside it is tokens.py's business)."""

from __future__ import annotations

import io
from pathlib import Path

from ..files import atomic_write_bytes


def qr_png_bytes(data: str, box_size: int = 10) -> bytes:
    """A PNG of ``data`` as a QR code, error correction M, quiet zone of 4 modules."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(data)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(out, format="PNG")
    return out.getvalue()


def write_qr_png(data: str, path: Path) -> None:
    atomic_write_bytes(path, qr_png_bytes(data))
