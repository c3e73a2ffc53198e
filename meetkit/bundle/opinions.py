"""Opinions sent back down (退回意见): the committee's ``committee return`` writes a signed
opinion file, the branch takes it in with ``meetkit receive FILE``; the branch's ledger shows
it until the branch answers with a new bundle of that period.

The file is JSON signed with the committee's Ed25519 key; a branch remembers the first
committee key it receives (``.meetkit/opinions.json``) and refuses an opinion signed by another
under the same committee name. Kept as a file beside the key rather than in the branch's
database: it is a handful of short texts, and the branch's schema stays as it is.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import TYPE_CHECKING

from .. import clock
from ..errors import MeetkitError
from ..files import atomic_write_text
from ..i18n import _
from . import keys

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ..workspace import Workspace

KIND = "meetkit-opinion"
SUFFIX = ".meetkit-opinion"
STATE_FILE = "opinions.json"


def _signed_part(data: dict) -> bytes:
    body = {k: v for k, v in data.items() if k != "signature"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def make(
    key: Ed25519PrivateKey, committee: str, branch: str, period: str, opinion: str, created: str
) -> dict:
    """An opinion file's data, signed with the committee's ``key``."""
    data = {
        "kind": KIND,
        "format": 1,
        "committee": committee,
        "key": keys.public_text(key),
        "branch": branch,
        "period": period,
        "opinion": opinion,
        "created": created,
    }
    data["signature"] = base64.b64encode(keys.sign(key, _signed_part(data))).decode("ascii")
    return data


def write(path: Path, data: dict) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _state(ws: Workspace) -> list[dict]:
    path = ws.state_dir / STATE_FILE
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def _save(ws: Workspace, items: list[dict]) -> None:
    atomic_write_text(
        ws.state_dir / STATE_FILE, json.dumps(items, ensure_ascii=False, indent=1) + "\n"
    )


def receive(ws: Workspace, path: Path) -> tuple[dict, bool]:
    """Take in the opinion file at ``path``: (its entry, whether it was new). One line naming
    the file and why when it is not an opinion for this branch, or not signed by its key."""
    path = Path(path)

    def bad(why: str) -> MeetkitError:
        return MeetkitError(f"{path}: {why}")

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise bad(exc.strerror or str(exc)) from None
    except (ValueError, UnicodeDecodeError):
        raise bad(_("not a meetkit opinion file (not JSON)")) from None
    fields = ("committee", "key", "branch", "period", "opinion", "created", "signature")
    if (
        not isinstance(data, dict)
        or data.get("kind") != KIND
        or not all(isinstance(data.get(f), str) for f in fields)
    ):
        raise bad(_("not a meetkit opinion file"))
    try:
        signature = base64.b64decode(data["signature"], validate=True)
    except ValueError:
        signature = b""
    if not keys.verify(data["key"], signature, _signed_part(data)):
        raise bad(_("the signature does not match: the file was changed after it was signed"))
    if data["branch"] != ws.config.branch:
        raise bad(
            _("the opinion is for branch {to!r}, this workspace is {here!r}").format(
                to=data["branch"], here=ws.config.branch
            )
        )
    items = _state(ws)
    known = next((i for i in items if i["committee"] == data["committee"]), None)
    if known is not None and known["key"] != keys.fingerprint(data["key"]):
        raise bad(
            _(
                "signed by another key than the committee {name!r}'s (fingerprint {known}, "
                "this one {other})"
            ).format(
                name=data["committee"], known=known["key"], other=keys.fingerprint(data["key"])
            )
        )
    same = next(
        (
            i
            for i in items
            if i["committee"] == data["committee"]
            and i["period"] == data["period"]
            and i["created"] == data["created"]
        ),
        None,
    )
    if same is not None:
        return same, False
    entry = {
        "committee": data["committee"],
        "key": keys.fingerprint(data["key"]),
        "period": data["period"],
        "opinion": data["opinion"],
        "created": data["created"],
        "received": clock.now().isoformat(timespec="seconds"),
        "answered": None,
    }
    items.append(entry)
    _save(ws, items)
    return entry, True


def covers(period: str, year: int, quarter: int | None) -> bool:
    """Whether a bundle of ``year`` (and ``quarter``) answers an opinion on ``period``."""
    from .collect import parse_period

    o_year, o_quarter = parse_period(period)
    return o_year == year and (quarter is None or o_quarter == quarter)


def answer(ws: Workspace, year: int, quarter: int | None, bundle: str) -> list[dict]:
    """Mark the open opinions a new bundle answers; the ones marked."""
    items = _state(ws)
    marked = [i for i in items if i["answered"] is None and covers(i["period"], year, quarter)]
    for i in marked:
        i["answered"] = bundle
    if marked:
        _save(ws, items)
    return marked


def open_opinions(ws: Workspace, year: int | None = None) -> list[dict]:
    """The opinions not yet answered by a new bundle (of ``year`` when given)."""
    from .collect import parse_period

    return [
        i
        for i in _state(ws)
        if i["answered"] is None and (year is None or parse_period(i["period"])[0] == year)
    ]
