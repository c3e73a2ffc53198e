"""A meeting's own agenda items (``--item`` / ``--vote``), kept in ``meeting.extra["items"]``:
plain data and the rules on it (the decisions feature tallies them; the agenda places them)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..errors import MeetkitError
from ..i18n import _
from .types import AgendaItem

if TYPE_CHECKING:
    from .meeting import Meeting

TEXT_MAX = 200
# Personnel votes get a printed 表决票 and a 票决情况汇总表 (domain.md).
PERSONNEL = re.compile(
    r"接收|转正|转为.*正式党员|预备党员|预备期|发展.*党员|入党|admit|convert|probation",
    re.IGNORECASE,
)


def clean_item(text: str, option: str) -> str:
    """An item's text on one line, refused when empty or too long."""
    value = re.sub(r"\s+", " ", re.sub(r"[\x00-\x1f\x7f]", " ", str(text or ""))).strip()
    if not value:
        raise MeetkitError(_("{option}: the item's text is empty").format(option=option))
    if len(value) > TEXT_MAX:
        raise MeetkitError(
            _("{option}: the item's text is longer than {n} characters").format(
                option=option, n=TEXT_MAX
            )
        )
    return value


def add_items(extra: dict, items: tuple = (), vote_items: tuple = ()) -> dict:
    """``extra`` with ``--item`` and ``--vote`` texts appended to the meeting's own items (in
    the order given; a text already there is refused)."""
    own = list(extra.get("items", []))
    seen = {i["text"] for i in own}
    for option, texts, votes in (("--item", items, False), ("--vote", vote_items, True)):
        for given in texts:
            # (text, procedure): an item with its procedure (meetkit.development.votes)
            raw, detail = given if isinstance(given, tuple) else (given, "")
            text = clean_item(raw, option)
            if text in seen:
                raise MeetkitError(
                    _("{option}: {text!r} is already on this meeting's agenda").format(
                        option=option, text=text
                    )
                )
            seen.add(text)
            own.append({"text": text, "votes": votes, **({"detail": detail} if detail else {})})
    return {**extra, "items": own}


def own_items(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's own items, as agenda items."""
    return [
        AgendaItem(
            title=i["text"], detail=i.get("detail", ""), votes=bool(i.get("votes")), own=True
        )
        for i in meeting.extra.get("items", [])
    ]


def vote_items(items: list) -> list[tuple[int, AgendaItem]]:
    """(number as printed on the agenda, item) of each vote item."""
    return [(n, item) for n, item in enumerate(items, 1) if item.votes]


def is_personnel(text: str) -> bool:
    """Whether a vote item admits, converts or extends a member (票决 one person at a time)."""
    return bool(PERSONNEL.search(text or ""))
