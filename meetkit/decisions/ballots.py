"""Secret ballots by phone on a vote item: open, cast, close.

A ballot is open on one item at a time per meeting. Each voting member signed in casts one
ballot; the store keeps who has voted and, apart, one counter per choice (docs/decisions.md says
what that hides). Closing stores the counters as the item's tally (method ``ballot``); a closed
ballot never reopens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from ..errors import MeetkitError
from ..i18n import TP_, _, in_language
from .votes import member_key, should_attend

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..model.types import AgendaItem
    from ..roster import Member
    from ..workspace import Workspace

# A secret ballot's words unless --choices says otherwise (TP_: "For" is not only a vote's).
DEFAULT_CHOICES = (
    TP_("ballot choice", "For"),
    TP_("ballot choice", "Against"),
    TP_("ballot choice", "Abstain"),
)


class Refused(MeetkitError):
    """A ballot refused; ``reason`` is a short key for the pages and the API."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def parse_choices(value: str | None, lang: str) -> list[str]:
    """``--choices 赞成,反对,弃权``: two or three words, in the order for, against, abstain."""
    if value is None:
        return list(in_language(DEFAULT_CHOICES, lang))
    words = [w.strip() for w in value.replace("，", ",").split(",") if w.strip()]
    if not 2 <= len(words) <= 3 or len(set(words)) != len(words) or any(len(w) > 20 for w in words):
        raise MeetkitError(
            _(
                "--choices: give two or three different words, comma-separated, "
                "in the order for, against, abstain (e.g. 赞成,反对,弃权)"
            )
        )
    return words


def _item(ws: Workspace, meeting: Meeting, given: str) -> tuple[int, AgendaItem]:
    from ..model.agenda import agenda_items
    from .votes import find_item

    items = agenda_items(ws, meeting, ws.plugins.meeting_type(meeting.type))
    return find_item(items, given, meeting.id)


def open_ballot(ws: Workspace, meeting: Meeting, item: str, choices: str | None = None) -> dict:
    """Open a secret ballot on vote item ``item`` (number or text)."""
    number, found = _item(ws, meeting, item)
    words = parse_choices(choices, meeting.lang)
    existing = {b["item"]: b for b in ws.store.ballots(meeting.id)}
    if found.title in existing:
        state = existing[found.title]["state"]
        raise MeetkitError(
            _("{meeting}: the ballot on item {n} is already {state}{hint}").format(
                meeting=meeting.id,
                n=number,
                state=_(state),
                hint="" if state == "open" else _(" (a closed ballot can't be reopened)"),
            )
        )
    other = [b for b in existing.values() if b["state"] == "open"]
    if other:
        raise MeetkitError(
            _("{meeting}: close the open ballot ({text}) first").format(
                meeting=meeting.id, text=other[0]["item"]
            )
        )
    if ws.store.votes(meeting.id).get(found.title):
        raise MeetkitError(
            _(
                "{meeting}: item {n} already has a tally; a ballot would replace "
                "it. Enter it again with `meetkit vote` instead"
            ).format(meeting=meeting.id, n=number)
        )
    try:
        ws.store.open_ballot(meeting.id, found.title, words)
    except IntegrityError:
        raise MeetkitError(
            _("{meeting}: the ballot on item {n} is already open").format(
                meeting=meeting.id, n=number
            )
        ) from None
    return {"item": number, "text": found.title, "choices": words}


def close_ballot(ws: Workspace, meeting: Meeting, item: str) -> dict:
    """Close the ballot and store its tally as the item's vote. Returns the votes result."""
    from ..store.decisions import NotOpen
    from .votes import results

    number, found = _item(ws, meeting, item)
    try:
        ws.store.close_ballot(meeting.id, found.title)
    except NotOpen:
        known = {b["item"]: b for b in ws.store.ballots(meeting.id)}
        if found.title in known:
            raise MeetkitError(
                _("{meeting}: the ballot on item {n} is already closed").format(
                    meeting=meeting.id, n=number
                )
            ) from None
        raise MeetkitError(
            _("{meeting}: no ballot was opened on item {n}").format(meeting=meeting.id, n=number)
        ) from None
    return next(r for r in results(ws, meeting) if r["text"] == found.title)


def current(ws: Workspace, meeting: Meeting) -> dict | None:
    """The open ballot of a meeting: item number, text, choices, cast, and ``voters`` (voting
    members signed in: the M of 已投票 N / M). None when none is open."""
    from ..model.agenda import agenda_items
    from .votes import vote_items

    open_ = [b for b in ws.store.ballots(meeting.id) if b["state"] == "open"]
    if not open_:
        return None
    ballot = open_[0]
    meeting_type = ws.plugins.meeting_type(meeting.type)
    items = agenda_items(ws, meeting, meeting_type)
    number = next((n for n, i in vote_items(items) if i.title == ballot["item"]), None)
    return {
        "item": number,
        "text": ballot["item"],
        "choices": ballot["choices"],
        "cast": ballot["cast"],
        "voters": voters_present(ws, meeting),
    }


def voters_present(ws: Workspace, meeting: Meeting) -> int:
    """The voting members signed in (the M of 已投票 N / M, and the most ballots there can be,
    phone and paper together)."""
    meeting_type = ws.plugins.meeting_type(meeting.type)
    signed = {s.name for s in ws.store.signins(meeting.id)}
    return sum(
        1
        for m in meeting_type.passing_rule.entitled(
            should_attend(ws, ws.store.expected_members(meeting.id), meeting)
        )
        if member_key(m) in signed
    )


def enter_paper(ws: Workspace, meeting: Meeting, item: str, counts: list[int]) -> dict:
    """The tellers' paper totals for the ballot on ``item`` [for, against, abstain] (again to
    correct them). Refused when they would exceed the voting members present less the phone
    ballots. Returns {"item", "text", "paper", "phone" (None while open), "cast"}."""
    from ..store.decisions import NotOpen, TooMany

    number, found = _item(ws, meeting, item)
    known = {b["item"]: b for b in ws.store.ballots(meeting.id)}
    if found.title not in known:
        raise MeetkitError(
            _(
                "{meeting}: no ballot was opened on item {n}; paper ballots join a secret "
                "ballot (`meetkit ballot open {meeting} {n}`), else record the tally with "
                "`meetkit vote`"
            ).format(meeting=meeting.id, n=number)
        )
    choices = known[found.title]["choices"]
    if any(n < 0 for n in counts):
        raise MeetkitError(_("paper ballots: the totals can't be negative"))
    if len(choices) < 3 and counts[2]:
        raise MeetkitError(
            _("{meeting}: item {n}'s ballot has no abstain choice").format(
                meeting=meeting.id, n=number
            )
        )
    present = voters_present(ws, meeting)
    try:
        ws.store.set_ballot_paper(meeting.id, found.title, counts, present)
    except TooMany as exc:
        room, cast = exc.args
        raise MeetkitError(
            _(
                "{meeting}: {total} paper ballots, but only {room} voting members present "
                "haven't voted by phone ({present} present, {cast} phone ballots)"
            ).format(meeting=meeting.id, total=sum(counts), room=room, present=present, cast=cast)
        ) from None
    except NotOpen:  # gone meanwhile
        raise MeetkitError(
            _("{meeting}: no ballot was opened on item {n}").format(meeting=meeting.id, n=number)
        ) from None
    state = {b["item"]: b for b in ws.store.ballots(meeting.id)}[found.title]
    return {
        "item": number,
        "text": found.title,
        "paper": counts,
        "phone": ws.store.ballot_phone_counts(meeting.id, found.title)
        if state["state"] == "closed"
        else None,
        "cast": state["cast"],
    }


def cast(ws: Workspace, meeting: Meeting, member: Member, choice: int) -> int:
    """Count ``member``'s ballot (a signed-in voting member); returns ballots cast so far."""
    from ..store.decisions import AlreadyVoted, NotOpen

    ballot = current(ws, meeting)
    if ballot is None:
        raise Refused(_("{meeting}: no ballot is open").format(meeting=meeting.id), "closed")
    if member is None:
        raise Refused(_("sign in to the meeting first"), "not-signed-in")
    signed = {s.name for s in ws.store.signins(meeting.id)}  # member ids
    if member_key(member) not in signed:
        raise Refused(
            _("{name} has not signed in to this meeting").format(name=member.name), "not-signed-in"
        )
    meeting_type = ws.plugins.meeting_type(meeting.type)
    if member not in meeting_type.passing_rule.entitled([member]):
        raise Refused(
            _(
                "{name} has no vote (probationary members and members under 留党察看 don't vote)"
            ).format(name=member.name),
            "no-vote",
        )
    paper = ws.store.ballot_paper(meeting.id, ballot["text"])
    if paper and ballot["cast"] + sum(paper) >= ballot["voters"]:
        raise Refused(
            _(
                "every voting member present has voted, on paper or by phone; "
                "ask the tellers if you haven't"
            ),
            "full",
        )
    if not isinstance(choice, int) or not 0 <= choice < len(ballot["choices"]):
        raise Refused(
            _("pick one of {choices}").format(choices=", ".join(ballot["choices"])), "bad-choice"
        )
    try:
        return ws.store.cast_ballot(meeting.id, ballot["text"], member_key(member), choice)
    except AlreadyVoted:
        raise Refused(_("{name} has already voted").format(name=member.name), "already") from None
    except NotOpen:
        raise Refused(_("the ballot is closed"), "closed") from None
