"""``meetkit committee import``: bundles in. Each is read and checked by
``meetkit.bundle.archive`` (signature, every hash, a schema this meetkit knows), then by branch:
a new name registers the bundle's key (its fingerprint is printed); a known name with another
key is refused. The same bundle twice changes nothing; a newer bundle of the same branch and
period replaces the older one; an older one is turned away. Each bundle is stored in one
transaction, so a refused bundle leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import clock
from ..bundle import archive, keys
from ..bundle.collect import parse_period, period_dates
from ..i18n import _

if TYPE_CHECKING:
    from ..committee.workspace import CommitteeWorkspace

# What a meeting row of meetings.json must hold for the roll-up (the rest is shown as is).
NEEDED = {"id": str, "type": str, "date": str}


@dataclass
class Outcome:
    path: Path
    status: str  # imported | replaced | unchanged | older | refused
    message: str
    registered: str = ""  # the fingerprint, when this bundle registered its branch
    branch: str = ""


def _meeting_rows(bundle: archive.Bundle, first: dt.date, last: dt.date) -> list[dict]:
    def bad(why: str) -> archive.BadBundle:
        return archive.BadBundle(f"{bundle.path}: meetings.json: {why}")

    try:
        items = bundle.json("meetings.json")
    except (KeyError, ValueError):
        raise bad(_("missing or not JSON")) from None
    if not isinstance(items, list):
        raise bad(_("not a list of meetings"))
    rows = []
    for n, m in enumerate(items, 1):
        if not isinstance(m, dict) or not all(isinstance(m.get(k), t) for k, t in NEEDED.items()):
            raise bad(_("meeting {n} lacks its id, type or date").format(n=n))
        try:
            date = dt.date.fromisoformat(m["date"])
        except ValueError:
            raise bad(
                _("meeting {n}: {date!r} is not a date").format(n=n, date=m["date"])
            ) from None
        if not first <= date <= last:
            raise bad(
                _("meeting {id} ({date}) is outside the bundle's period").format(
                    id=m["id"], date=m["date"]
                )
            )
        try:
            expected = int(m.get("expected") or 0)
            attended = int(m.get("attended") or 0)
        except (TypeError, ValueError):
            raise bad(_("meeting {id}: counts are not numbers").format(id=m["id"])) from None
        rows.append(
            {
                "meeting_id": m["id"][:80],
                "year": date.year,
                "date": date,
                "type": m["type"][:60],
                "group_name": str(m.get("group") or ""),
                "cancelled": bool(m.get("cancelled")),
                "known": bool(m.get("known")),
                "expected": expected,
                "attended": attended,
                "details": json.dumps(m, ensure_ascii=False),
            }
        )
    return rows


def import_one(cws: CommitteeWorkspace, bundle: archive.Bundle) -> Outcome:
    """Store one checked bundle (see the module's docstring)."""
    store = cws.store
    m = bundle.manifest
    name = bundle.branch
    public = m["key"]
    fingerprint = keys.fingerprint(public)
    try:
        year, quarter = parse_period(m["period"], "manifest.json period")
    except Exception as exc:  # MeetkitError: said with the bundle's name
        raise archive.BadBundle(f"{bundle.path}: {exc}") from None
    first, last = period_dates(year, quarter)
    try:
        created = dt.datetime.fromisoformat(m["created"]).replace(microsecond=0)
        branch_info = bundle.json("branch.json")
        key_items = bundle.json("ledger.json")
    except (KeyError, ValueError):
        raise archive.BadBundle(
            f"{bundle.path}: " + _("branch.json or ledger.json is missing or not JSON")
        ) from None
    rows = _meeting_rows(bundle, first, last)
    branch = store.branch(name)
    registered = ""
    if branch is not None and branch["public_key"] != public:
        raise archive.BadBundle(
            f"{bundle.path}: "
            + _(
                "signed by another key than branch {name!r}'s (registered {known}, this one "
                "{other}); refused"
            ).format(name=name, known=branch["fingerprint"], other=fingerprint)
        )
    before = store.bundle(branch["id"], m["period"]) if branch is not None else None
    if before is not None:
        if before["digest"] == bundle.digest:
            return Outcome(
                bundle.path,
                "unchanged",
                _("{file}: already imported ({branch}, {period}); nothing changed").format(
                    file=bundle.path.name, branch=name, period=m["period"]
                ),
            )
        if before["created"] >= created:
            return Outcome(
                bundle.path,
                "older",
                _(
                    "{file}: not newer than the bundle of {branch}, {period} already imported "
                    "(made {when}); kept that one"
                ).format(
                    file=bundle.path.name,
                    branch=name,
                    period=m["period"],
                    when=before["created"].isoformat(sep=" "),
                ),
            )
    if branch is None:
        branch_id = store.add_branch(name, public, fingerprint, clock.now())
        registered = fingerprint
    else:
        branch_id = branch["id"]
    store.put_bundle(
        branch_id,
        {
            "period": m["period"],
            "year": year,
            "quarter": quarter,
            "created": created,
            "digest": bundle.digest,
            "meetkit": str(m.get("meetkit", ""))[:40],
            "schema": m["schema"][:60],
            "file": bundle.path.name,
            "imported_at": clock.now(),
            "branch_info": json.dumps(branch_info, ensure_ascii=False),
            "key_items": json.dumps(key_items, ensure_ascii=False),
        },
        rows,
        first,
        last,
    )
    _keep_minutes(cws, name, bundle)
    status = "replaced" if before is not None else "imported"
    message = (
        _("{file}: replaced the older bundle of {branch}, {period} ({n} meetings)")
        if before is not None
        else _("{file}: imported {branch}, {period} ({n} meetings)")
    ).format(file=bundle.path.name, branch=name, period=m["period"], n=len(rows))
    return Outcome(bundle.path, status, message, registered, name)


def _keep_minutes(cws: CommitteeWorkspace, branch: str, bundle: archive.Bundle) -> None:
    """The minutes a bundle carried (``--with-documents``), kept for the console:
    documents/<branch>/<meeting id>/minutes.pdf."""
    from ..files import atomic_write_bytes

    for name, data in bundle.files.items():
        parts = name.split("/")
        if len(parts) == 3 and parts[0] == "documents" and parts[2] == "minutes.pdf":
            if safe_id(parts[1]):
                atomic_write_bytes(documents_dir(cws, branch) / parts[1] / "minutes.pdf", data)


def import_file(cws: CommitteeWorkspace, path: Path, schemas: frozenset[str]) -> Outcome:
    """Read, check and store one bundle file; a refused one is an Outcome with one line."""
    try:
        return import_one(cws, archive.read(path, schemas))
    except archive.BadBundle as exc:
        return Outcome(Path(path), "refused", str(exc))


def add_branch(cws: CommitteeWorkspace, name: str, keyfile: Path) -> tuple[str, bool]:
    """Register a branch's key before its first bundle: (fingerprint, whether it was new).
    A name already known with another key is refused."""
    from ..errors import MeetkitError

    public = keys.read_public(keyfile)
    fingerprint = keys.fingerprint(public)
    known = cws.store.branch(name)
    if known is not None:
        if known["public_key"] == public:
            return fingerprint, False
        raise MeetkitError(
            _(
                "branch {name!r} is registered with another key (fingerprint {known}); "
                "refused {file} ({other})"
            ).format(name=name, known=known["fingerprint"], file=keyfile, other=fingerprint)
        )
    if not name.strip():
        raise MeetkitError(_("NAME: a branch needs a name"))
    cws.store.add_branch(name, public, fingerprint, clock.now())
    return fingerprint, True


def documents_dir(cws: CommitteeWorkspace, branch: str) -> Path:
    """Where the minutes a branch's bundles carried are kept: documents/<branch>/<id>/."""
    from ..bundle.archive import file_name

    return cws.root / "documents" / file_name(branch, "x")[: -len("-x.meetkit-bundle")]


def safe_id(meeting_id: str) -> bool:
    """A meeting id as meetkit makes them (YYYY-MM-DD-type[-n]): never a path."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}-[a-z0-9-]{1,60}", meeting_id):
        return False
    try:
        dt.date.fromisoformat(meeting_id[:10])
    except ValueError:
        return False
    return True
