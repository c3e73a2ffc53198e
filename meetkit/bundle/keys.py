"""The signing keys: a branch's (``.meetkit/branch-key``) and a committee's, Ed25519 through the
``cryptography`` package. The private key is a PEM file of mode 0600, made on first use (by
``meetkit init``, or by the first ``meetkit bundle``/``meetkit key`` of a workspace made before
keys existed). Only this module imports ``cryptography``."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MeetkitError
from ..files import atomic_write_bytes
from ..i18n import _

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_FILE = "branch-key"


def key_path(state_dir: Path) -> Path:
    return Path(state_dir) / KEY_FILE


def ensure_key(path: Path) -> Ed25519PrivateKey:
    """The private key kept at ``path``, made (mode 0600) when there is none yet."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = Path(path)
    if path.exists():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (ValueError, TypeError):
            raise MeetkitError(
                _("{path}: not a meetkit signing key; move it away to make a new one").format(
                    path=path
                )
            ) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise MeetkitError(
                _("{path}: not an Ed25519 key; move it away to make a new one").format(path=path)
            )
        return key
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, pem, mode=0o600)
    os.chmod(path, 0o600)
    return key


def public_text(key: Ed25519PrivateKey) -> str:
    """The public half of a private key as base64 text (what bundles and KEYFILEs carry)."""
    from cryptography.hazmat.primitives import serialization

    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def fingerprint(public: str) -> str:
    """A public key's fingerprint: the first 128 bits of the SHA-256 of its raw bytes, in eight
    groups of four hex digits (read aloud over the phone to check a key)."""
    digest = hashlib.sha256(base64.b64decode(public)).hexdigest()[:32]
    return ":".join(digest[i : i + 4] for i in range(0, 32, 4))


def sign(key: Ed25519PrivateKey, data: bytes) -> bytes:
    return key.sign(data)


def verify(public: str, signature: bytes, data: bytes) -> bool:
    """Whether ``signature`` is ``public``'s over ``data``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public, validate=True)).verify(
            signature, data
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def read_public(path: Path) -> str:
    """A KEYFILE (``meetkit key --public`` writes one): the base64 public key, or a PEM public
    key; an error naming the file otherwise."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        data = Path(path).read_bytes().strip()
    except OSError as exc:
        raise MeetkitError(f"{path}: {exc.strerror}") from None
    try:
        if data.startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(data)
            if not isinstance(key, Ed25519PublicKey):
                raise ValueError
            raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            return base64.b64encode(raw).decode("ascii")
        raw = base64.b64decode(data, validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
        return base64.b64encode(raw).decode("ascii")
    except ValueError:
        raise MeetkitError(
            _("{path}: not a public key (expected what `meetkit key --public` writes)").format(
                path=path
            )
        ) from None
