"""``meetkit bundle``: one period's report bundle, signed with the branch's key."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__, clock
from ..errors import MeetkitError
from ..i18n import _
from . import archive, collect, keys, opinions

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ..workspace import Workspace


def branch_key(ws: Workspace) -> Ed25519PrivateKey:
    """The branch's signing key, made on first use (``.meetkit/branch-key``, mode 0600)."""
    ws.state_dir.mkdir(exist_ok=True)
    return keys.ensure_key(keys.key_path(ws.state_dir))


def make_bundle(
    ws: Workspace,
    year: int,
    quarter: int | None = None,
    out: str | Path | None = None,
    with_documents: bool = False,
) -> tuple[Path, dict, list]:
    """Write the bundle of ``year`` (``quarter``): (its path, its manifest, the returned
    opinions it answers)."""
    from ..store.migrate import HEAD

    if not ws.config.branch:
        raise MeetkitError(
            _("{path}: [branch] name is empty; a bundle names its branch").format(
                path=ws.config_path
            )
        )
    key = branch_key(ws)
    period = collect.period_name(year, quarter)
    with collect.snapshot(ws) as copy:
        data = collect.contents(copy, year, quarter)
        files = {name: archive.to_json(value) for name, value in data.items()}
        if with_documents:
            files.update(collect.minutes_pdfs(ws, data["meetings.json"]))
    fingerprint = keys.fingerprint(keys.public_text(key))
    manifest = {
        "branch": {"id": fingerprint, "name": ws.config.branch},
        "period": period,
        "year": year,
        "quarter": quarter,
        "meetkit": __version__,
        "schema": HEAD,
        "created": clock.now().isoformat(timespec="seconds"),
    }
    path = Path(out) if out else ws.root / archive.file_name(ws.config.branch, period)
    manifest = archive.write(path, files, manifest, key)
    answered = opinions.answer(ws, year, quarter, path.name)
    return path, manifest, answered
