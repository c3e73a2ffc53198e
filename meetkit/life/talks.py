"""Heart-to-heart talks (谈心谈话) before a life meeting, and the coverage the rules ask for:
the secretary with every committee member, committee members with each other, and every
member with at least one committee member (domain.md, "Heart-to-heart talks")."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING

from ..errors import MeetkitError
from ..i18n import T_, _, in_language
from ..model.member import shown

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..model.member import Named
    from ..roster import Member
    from ..workspace import Workspace

KINDS = ("secretary-committee", "committee-committee", "committee-member", "member-member")
KIND_TEXT = {
    "secretary-committee": T_("secretary and committee member"),
    "committee-committee": T_("between committee members"),
    "committee-member": T_("committee member and member"),
    "member-member": T_("between members"),
}
TOPIC_MAX, NOTE_MAX = 200, 2000


def member_id(member: Named) -> str:
    """The id a talk stores for a member (the name until members have ids)."""
    return getattr(member, "id", None) or member.name


# How a member is shown (model.member.shown).
label = shown


def secretary_of(ws: Workspace, people: list) -> Member | None:
    """The secretary among ``people``: meetkit.toml's, else the roster's role."""
    named = ws.config.secretary
    return next((m for m in people if named and m.name == named), None) or next(
        (m for m in people if m.role == "secretary"), None
    )


def find(people: list, name: str, where: str) -> Member:
    """The member ``name`` means (a label such as 张伟（第二党小组）, an id or a name), by the
    one resolver every command uses (meetkit.members.find): an ambiguous bare name is refused
    with the candidates listed."""
    from ..members import find as resolve

    return resolve(people, " ".join((name or "").split()), where=where)


def kind(a: Member, b: Member, secretary: Member | None) -> str:
    """The kind of a talk between ``a`` and ``b``."""
    sec = secretary is not None and member_id(secretary) in (member_id(a), member_id(b))
    if a.committee and b.committee:
        return "secretary-committee" if sec else "committee-committee"
    if a.committee or b.committee:
        return "committee-member"
    return "member-member"


def add(
    ws: Workspace,
    meeting: Meeting,
    a_name: str,
    b_name: str,
    date: str | None = None,
    topic: str = "",
    note: str = "",
) -> int:
    """Check and store a talk of ``meeting``; returns its id."""
    from ..followup.actions import parse_due
    from .opinions import clean

    people = ws.store.expected_members(meeting.id)
    a = find(people, a_name, "A")
    b = find(people, b_name, "B")
    if member_id(a) == member_id(b):
        raise MeetkitError(
            _("{name} cannot hold a heart-to-heart talk with themselves").format(name=label(a))
        )
    day = parse_due(date, "--date") if date else None
    return ws.store.add_talk(
        meeting.id,
        member_id(a),
        member_id(b),
        day,
        clean(topic, TOPIC_MAX, _("topic"), "--topic"),
        clean(note, NOTE_MAX, _("note"), "--note"),
    )


def coverage(ws: Workspace, meeting: Meeting) -> dict:
    """``talks`` held (each ``a``, ``b``, ``date``, ``kind``, ``topic``, ``note``) and the
    ``missing`` pairs: [secretary, committee member], [committee member, committee member], and
    [member, None] for a member no committee member has talked with yet."""
    people = ws.store.expected_members(meeting.id)
    by_id = {member_id(m): m for m in people}
    secretary = secretary_of(ws, people)
    held, pairs = [], set()
    for t in ws.store.talks(meeting.id):
        a, b = by_id.get(t.a), by_id.get(t.b)
        held.append(
            {
                "id": t.id,
                "a": label(a) if a else t.a,
                "b": label(b) if b else t.b,
                "date": t.date.isoformat() if t.date else None,
                "kind": kind(a, b, secretary) if a and b else "member-member",
                "topic": t.topic,
                "note": t.note,
            }
        )
        pairs.add(frozenset((t.a, t.b)))
    committee = [m for m in people if m.committee]
    # [label, label], or [label, None] for a member nobody of the committee talked with
    missing: list[list[str | None]] = []
    if secretary is not None:
        missing += [
            [label(secretary), label(m)]
            for m in committee
            if m is not secretary and frozenset((member_id(secretary), member_id(m))) not in pairs
        ]
    others = [m for m in committee if m is not secretary]
    missing += [
        [label(x), label(y)]
        for x, y in itertools.combinations(others, 2)
        if frozenset((member_id(x), member_id(y))) not in pairs
    ]
    talked = {
        i
        for p in pairs
        for i in p
        if any(member_id(c) in p and member_id(c) != i for c in committee)
    }
    missing += [[label(m), None] for m in people if not m.committee and member_id(m) not in talked]
    members_total = sum(1 for m in people if not m.committee)
    return {
        "talks": held,
        "missing": missing,
        "members_covered": members_total - sum(1 for p in missing if p[1] is None),
        "members_total": members_total,
    }


def rows(ws: Workspace, meeting: Meeting, lang: str) -> list[dict]:
    """The talks as talks.docx prints them: one form each."""
    from ..documents.context import long_date

    out = []
    for i, t in enumerate(coverage(ws, meeting)["talks"], 1):
        day = t["date"]
        out.append(
            {
                "no": i,
                "a": t["a"],
                "b": t["b"],
                "kind": kind_text(t["kind"], lang),
                "date": long_date(dt.date.fromisoformat(day), lang) if day else "",
                "topic": t["topic"],
                "note": t["note"],
            }
        )
    return out


def kind_text(kind: str, lang: str) -> str:
    """A talk's kind in words (书记与支委谈话 …), in ``lang``."""
    return in_language(KIND_TEXT[kind], lang) if kind in KIND_TEXT else kind
