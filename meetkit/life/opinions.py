"""Opinions collected before a life meeting (征求意见): from members and the masses through the
public opinion page (``meetkit serve``, ``/o/<id>``) or typed in from paper forms.

The rules live here: which meetings collect them, the categories, the size limits, what a
valid opinion is. SQL stays in meetkit.store; the page is meetkit/life/web.py.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from ..errors import MeetkitError
from ..i18n import LANGS, N_, T_, TP_, _, gettext_for, in_language

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..store.life import Opinion
    from ..workspace import Workspace

TEXT_MAX = 1000  # characters of one opinion
NAME_MAX = 40  # characters of a name (the submitter's, or the member an opinion is about)
# Category key -> words. "member" opinions may name the member they are addressed to.
CATEGORIES = {
    "committee": T_("To the branch committee"),
    "member": T_("To a named member"),
    "style": T_("On work style"),
    "work": T_("On the branch's work"),
    "other": TP_("opinion category", "Other"),
}
# Short words a user may type for a category, besides its key and its words in either language.
_CATEGORY_SHORT = {
    "支部": "committee",
    "班子": "committee",
    "个人": "member",
    "作风": "style",
    "工作": "work",
    "其他": "other",
}
SOURCES = ("web", "paper")
SOURCE_TEXT = {"web": N_("online"), "paper": N_("on paper")}


@cache
def _category_words() -> dict[str, str]:
    """What a user may type for a category: the key or the words in either language."""
    return {
        **{k: k for k in CATEGORIES},
        **{in_language(w, lang): k for k, w in CATEGORIES.items() for lang in LANGS},
        **_CATEGORY_SHORT,
    }


def category_text(key: str, lang: str) -> str:
    return in_language(CATEGORIES.get(key, CATEGORIES["other"]), lang)


def parse_category(value: str | None, where: str = "--category") -> str:
    """A category key from a key or its words; empty means ``other``."""
    text = " ".join((value or "").split())
    if not text:
        return "other"
    words = _category_words()
    key = words.get(text) or words.get(text.casefold())
    if key is None:
        raise MeetkitError(
            _("{where}: unknown category {value!r} (one of: {known})").format(
                where=where, value=text, known=", ".join(CATEGORIES)
            )
        )
    return key


def clean(value: object, limit: int, what: str, where: str) -> str:
    """User text as stored: control characters out, whitespace tidied, at most ``limit``
    characters (longer is refused, never cut: nothing said is lost silently)."""
    text = "".join(
        " " if unicodedata.category(c)[0] == "C" and c not in "\n" else c for c in str(value or "")
    )
    text = "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()
    if len(text) > limit:
        raise MeetkitError(
            _("{where}: the {what} is {n} characters long; at most {limit}").format(
                where=where, what=what, n=len(text), limit=limit
            )
        )
    return text


def life_meeting(ws: Workspace, meeting_id: str) -> Meeting:
    """The stored meeting ``meeting_id``, refused unless it is a life meeting."""
    meeting = ws.meeting(meeting_id)
    if not ws.plugins.uses(meeting, "opinions"):
        raise MeetkitError(
            _(
                "{id} is a {type} meeting; opinions and talks belong to a life "
                "meeting (life or democratic-life)"
            ).format(id=meeting.id, type=meeting.type)
        )
    return meeting


def add(
    ws: Workspace,
    meeting: Meeting,
    text: str,
    category: str | None = None,
    *,
    source: str,
    about: str = "",
    name: str = "",
    where: str = "opinion",
) -> str:
    """Check and store one opinion; returns its key (random: no order of arrival)."""
    body = clean(text, TEXT_MAX, _("opinion"), where)
    if not body:
        raise MeetkitError(_("{where}: the opinion is empty").format(where=where))
    key = parse_category(category, f"{where}: category")
    about = clean(about, NAME_MAX, _("name of the member"), where) if key == "member" else ""
    name = clean(name, NAME_MAX, _("name"), where)
    return ws.store.add_opinion(meeting.id, body, key, source=source, about=about, name=name)


def is_open(ws: Workspace, meeting: Meeting) -> bool:
    page = ws.store.opinion_page(meeting.id)
    return page is not None and page[1] is None


def open_page(ws: Workspace, meeting: Meeting) -> dt.datetime:
    """Open the opinion page (again); returns when it was first opened (the code's start)."""
    ws.store.set_opinion_page(meeting.id, True)
    page = ws.store.opinion_page(meeting.id)
    assert page is not None  # just opened
    return page[0]


def close_page(ws: Workspace, meeting: Meeting) -> None:
    if ws.store.opinion_page(meeting.id) is None:
        raise MeetkitError(
            _("the opinion page of {id} was never opened (`meetkit opinions open {id}`)").format(
                id=meeting.id
            )
        )
    ws.store.set_opinion_page(meeting.id, False)


def as_dict(opinion: Opinion) -> dict:
    """The JSON form `meetkit opinions ID --json` prints."""
    return {
        "id": opinion.key,
        "text": opinion.text,
        "category": opinion.category,
        "source": opinion.source,
        "about": opinion.about or None,
        "name": opinion.name or None,
        "date": opinion.day.isoformat(),
    }


def grouped(opinions: list, lang: str) -> list[dict]:
    """Opinions grouped by category (in CATEGORIES order) for opinions.docx and the report."""
    groups = []
    for key in CATEGORIES:
        found = [o for o in opinions if o.category == key]
        if found:
            groups.append(
                {
                    "key": key,
                    "title": category_text(key, lang),
                    "count": len(found),
                    "rows": [
                        {
                            "no": i,
                            "text": o.text,
                            "about": o.about,
                            "source": _source_text(o.source, lang),
                            "name": o.name or gettext_for(lang)(N_("anonymous")),
                        }
                        for i, o in enumerate(found, 1)
                    ],
                }
            )
    return groups


def _source_text(source: str, lang: str) -> str:
    return gettext_for(lang)(SOURCE_TEXT[source]) if source in SOURCE_TEXT else source
