"""``meetkit committee return``: an opinion back down to a branch (退回), as a signed file the
branch takes in with ``meetkit receive FILE`` (``meetkit.bundle.opinions`` owns the format)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import clock
from ..bundle import opinions
from ..bundle.collect import parse_period, period_name
from ..errors import MeetkitError
from ..files import numbered_sibling
from ..i18n import _

if TYPE_CHECKING:
    from ..committee.workspace import CommitteeWorkspace


def return_opinion(cws: CommitteeWorkspace, branch: str, period: str, opinion: str) -> Path:
    """Write the opinion file for ``branch`` on ``period`` (``2026Q4`` or ``2026``) into
    returns/ and record it; its path."""
    known = cws.branch(branch)
    year, quarter = parse_period(period)
    text = opinion.strip()
    if not text:
        raise MeetkitError(_("--opinion: the opinion is empty"))
    name = period_name(year, quarter)
    now = clock.now()
    data = opinions.make(
        cws.key, cws.config.name, known["name"], name, text, now.isoformat(timespec="seconds")
    )
    from ..bundle.archive import file_name

    path = cws.returns_dir / file_name(known["name"], name).replace(
        ".meetkit-bundle", opinions.SUFFIX
    )
    if path.exists():
        path = numbered_sibling(path)
    opinions.write(path, data)
    cws.store.add_return(known["id"], name, text, now, path.name)
    return path
