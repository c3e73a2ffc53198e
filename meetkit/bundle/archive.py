"""The bundle file format, written and read here only.

A bundle is a zip: the JSON files of ``collect.contents`` (and ``documents/<id>/minutes.pdf``
with ``--with-documents``), ``manifest.json`` naming the branch, the period, meetkit's version
and database schema, when it was made, the branch's public key and the SHA-256 of every other
file, and ``manifest.sig``, the branch key's Ed25519 signature over ``manifest.json``'s bytes.
Reading checks all of it and refuses a bad bundle with one line naming the file and why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MeetkitError
from ..files import atomic_write_bytes
from ..i18n import _
from . import keys

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

FORMAT = 1  # the bundle format this meetkit writes and reads; a newer one is refused
KIND = "meetkit-bundle"
SUFFIX = ".meetkit-bundle"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"


class BadBundle(MeetkitError):
    """A bundle refused on import: one line, naming the file and why."""


def file_name(branch: str, period: str) -> str:
    """``<branch>-<period>.meetkit-bundle``, the branch's name kept (Chinese included) but
    without characters a file system refuses."""
    safe = re.sub(r'[\\/:*?"<>|\s]+', "-", branch.strip()).strip("-.") or "branch"
    return f"{safe}-{period}{SUFFIX}"


def to_json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def build(files: dict[str, bytes], manifest: dict, key: Ed25519PrivateKey) -> tuple[bytes, dict]:
    """The bundle's bytes and its manifest: ``manifest`` completed with the public key and
    every file's SHA-256, signed with ``key``."""
    manifest = dict(manifest)
    manifest["format"] = FORMAT
    manifest["kind"] = KIND
    manifest["key"] = keys.public_text(key)
    manifest["files"] = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    raw = to_json(manifest)
    stamp = dt.datetime.fromisoformat(manifest["created"]).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [(MANIFEST, raw), (SIGNATURE, keys.sign(key, raw)), *files.items()]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buffer.getvalue(), manifest


def write(path: Path, files: dict[str, bytes], manifest: dict, key: Ed25519PrivateKey) -> dict:
    """Write a bundle atomically to ``path``; its manifest."""
    data, manifest = build(files, manifest, key)
    atomic_write_bytes(Path(path), data)
    return manifest


@dataclass
class Bundle:
    """A bundle that passed every check."""

    path: Path
    manifest: dict
    files: dict  # name -> bytes
    digest: str  # SHA-256 of manifest.json: the same bundle twice has the same digest

    @property
    def period(self) -> str:
        return self.manifest["period"]

    @property
    def branch(self) -> str:
        return self.manifest["branch"]["name"]

    def json(self, name: str) -> Any:  # the parsed JSON document
        return json.loads(self.files[name])


def read(path: Path, known_schemas: frozenset[str] | None = None) -> Bundle:
    """Open and check a bundle: a zip with a manifest of this format, a good signature by the
    key it names, every file present with its SHA-256 and nothing else; from a meetkit whose
    schema this one knows (``known_schemas``). BadBundle otherwise."""
    path = Path(path)

    def bad(why: str) -> BadBundle:
        return BadBundle(f"{path}: {why}")

    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            if len(set(names)) != len(names):
                raise bad(_("a file appears twice in the bundle"))
            if MANIFEST not in names or SIGNATURE not in names:
                raise bad(_("not a meetkit bundle (no {name})").format(name=MANIFEST))
            contents = {name: z.read(name) for name in names}
    except FileNotFoundError:
        raise bad(_("no such file")) from None
    except IsADirectoryError:
        raise bad(_("is a folder, not a bundle")) from None
    except zipfile.BadZipFile as exc:
        raise bad(_("damaged or not a meetkit bundle ({why})").format(why=exc)) from None
    except (OSError, zipfile.LargeZipFile, zlib.error, EOFError, ValueError) as exc:
        raise bad(_("damaged or not a meetkit bundle ({why})").format(why=exc)) from None
    raw = contents.pop(MANIFEST)
    signature = contents.pop(SIGNATURE)
    try:
        manifest = json.loads(raw)
        if not isinstance(manifest, dict) or manifest.get("kind") != KIND:
            raise ValueError
        fmt = int(manifest["format"])
    except (ValueError, KeyError, TypeError):
        raise bad(_("{name} is not a meetkit bundle's manifest").format(name=MANIFEST)) from None
    if fmt > FORMAT:
        raise bad(
            _(
                "made by a newer meetkit ({version}, bundle format {format}); upgrade meetkit "
                "(pip install -U meetkit) to import it"
            ).format(version=manifest.get("meetkit", "?"), format=fmt)
        )
    public = manifest.get("key")
    if not isinstance(public, str) or not keys.verify(public, signature, raw):
        raise bad(_("the signature does not match: the bundle was changed after it was signed"))
    try:
        listed = dict(manifest["files"])
        for field in ("period", "created", "schema"):
            if not isinstance(manifest[field], str):
                raise ValueError
        if not isinstance(manifest["branch"]["name"], str) or not manifest["branch"]["name"]:
            raise ValueError
    except (KeyError, TypeError, ValueError):
        raise bad(_("{name} lacks a field meetkit needs").format(name=MANIFEST)) from None
    if known_schemas is not None and manifest["schema"] not in known_schemas:
        raise bad(
            _(
                "made by a newer meetkit ({version}, database schema {schema}); upgrade meetkit "
                "(pip install -U meetkit) to import it"
            ).format(version=manifest.get("meetkit", "?"), schema=manifest["schema"])
        )
    for name, digest in listed.items():
        if name not in contents:
            raise bad(_("{name} is listed in the manifest but missing").format(name=name))
        if hashlib.sha256(contents[name]).hexdigest() != digest:
            raise bad(
                _("{name}: its SHA-256 differs from the manifest's (changed after signing)").format(
                    name=name
                )
            )
    extra = sorted(set(contents) - set(listed))
    if extra:
        raise bad(_("{name} is not listed in the manifest").format(name=extra[0]))
    return Bundle(path, manifest, contents, hashlib.sha256(raw).hexdigest())


def known_schemas() -> frozenset[str]:
    """Every database schema revision this meetkit knows (its Alembic history)."""
    from alembic.script import ScriptDirectory

    from ..store.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(s.revision for s in script.walk_revisions())
