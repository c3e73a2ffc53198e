"""Attendance on a workspace: load a meeting's summary, sign a member in, add a guest,
record a leave (the rules in ``counting``, the rows in the store)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import clock
from ..errors import MeetkitError
from ..i18n import _
from ..model.meeting import iso_moment
from ..model.member import shown as _shown

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..roster import Member
    from ..store.attendance import LeaveRow


from .counting import (
    KINDS,
    NAME_MAX,
    AlreadySignedIn,
    AttendanceWorkspace,
    IsMember,
    MeetingCancelled,
    NotExpected,
    SigninClosed,
    clean_text,
    match_member,
    members_a_guest_would_take,
    refuse_if_cancelled,
    status_at,
    summarize,
)


# -- working on a workspace ------------------------------------------------------------------
@dataclass(frozen=True)
class Result:
    """The answer to one sign-in: ``status`` present, late, already, guest, one-device or
    one-address."""

    status: str
    name: str  # as shown: the label where the name is shared
    at: dt.datetime
    member: str | None = None  # the member's id (None for a guest)

    @property
    def time(self) -> str:
        return self.at.strftime("%H:%M")

    def as_dict(self) -> dict:
        out = {"status": self.status, "name": self.name, "at": iso_moment(self.at)}
        if self.member is not None:
            out["member"] = self.member
        return out


def now() -> dt.datetime:
    return clock.now()


def load(ws: AttendanceWorkspace, meeting: Meeting, lang: str | None = None) -> dict:
    """The attendance summary of a stored meeting."""
    store = ws.store
    return summarize(
        meeting,
        ws.plugins.meeting_type(meeting.type),
        store.expected_members(meeting.id),
        store.signins(meeting.id),
        store.leaves(meeting.id),
        store.guests(meeting.id),
        grace_minutes=ws.config.late_grace_minutes,
        lang=lang,
        exclude_away=ws.config.exclude_away,
    )


def shown_name(expected: list, ident: str) -> str:
    """What to call the person a stored row names by ``ident``: an expected member's label,
    else ``ident`` itself (a guest's name, or a name from before member ids)."""
    return next((_shown(m) for m in expected if m.id == ident), ident)


def expected_member(
    ws: AttendanceWorkspace,
    meeting: Meeting,
    name: str,
    expected: list | None = None,
    index: dict | None = None,
    member: str | None = None,
) -> Member:
    """The expected member meant by ``member`` (an id) or ``name``; NotExpected when nobody,
    ``members.Ambiguous`` (with the candidates) when several share the name."""
    expected = ws.store.expected_members(meeting.id) if expected is None else expected
    found = match_member(expected, name, index, member)
    if found is None:
        from ..members import Unknown

        shown = clean_text(member or name, NAME_MAX)
        hint = ""
        try:
            from ..members import find

            find(expected, shown)
        except Unknown as exc:
            hint = str(exc).partition(";")[2]
        except MeetkitError:
            pass
        raise NotExpected(
            _("{name!r} is not on the list of members expected at {meeting}").format(
                name=shown, meeting=meeting.id
            )
            + (f";{hint}" if hint else "")
        )
    return found


def sign_in(
    ws: AttendanceWorkspace,
    meeting: Meeting,
    name: str,
    *,
    at: dt.datetime | None = None,
    method: str,
    device: str = "",
    bind_device: bool = False,
    address: str = "",
    bind_address: bool = False,
    respect_closed: bool = True,
    expected: list | None = None,
    index: dict | None = None,
    member: str | None = None,
) -> Result:
    """Sign an expected member in (``member``: their id, else ``name``); a repeat answers
    ``already``. Refused attempts are stored with their reason before NotExpected,
    Ambiguous or SigninClosed is raised."""
    at = at or now()
    store = ws.store
    try:
        refuse_if_cancelled(meeting)
        if respect_closed and meeting.signin_closed_at:
            raise SigninClosed(_("sign-in for {meeting} is closed").format(meeting=meeting.id))
        found = expected_member(ws, meeting, name, expected, index, member)
    except MeetkitError as exc:
        from ..members import Ambiguous  # only for a refusal (each import costs a sign-in)

        reason = (
            "cancelled"
            if isinstance(exc, MeetingCancelled)
            else "closed"
            if isinstance(exc, SigninClosed)
            else "ambiguous"
            if isinstance(exc, Ambiguous)
            else "not-expected"
        )
        store.record_attempt(
            meeting.id,
            clean_text(member or name, NAME_MAX),
            at=at,
            outcome="refused",
            reason=reason,
            method=method,
            address=address,
            device=device,
        )
        raise
    outcome = store.sign_in(
        meeting.id,
        found.id,
        at=at,
        status=status_at(meeting, at, ws.config.late_grace_minutes),
        method=method,
        device=device,
        bind_device=bind_device,
        address=address,
        bind_address=bind_address,
    )
    if outcome.status in ("one-device", "one-address"):  # name: whom it signed in before
        expected = ws.store.expected_members(meeting.id) if expected is None else expected
        return Result(outcome.status, shown_name(expected, outcome.name), outcome.at)
    return Result(outcome.status, _shown(found), outcome.at, found.id)


def add_guest(
    ws: AttendanceWorkspace,
    meeting: Meeting,
    name: str,
    note: str = "",
    *,
    at: dt.datetime | None = None,
    method: str,
    device: str = "",
    bind_device: bool = False,
    address: str = "",
    bind_address: bool = False,
    respect_closed: bool = True,
    expected: list | None = None,
) -> Result:
    """Record someone sitting in (列席); a member of the expected list is told to sign in."""
    at = at or now()
    name = clean_text(name, NAME_MAX)
    if not name:
        raise MeetkitError(_("a guest needs a name"))
    cancelled = bool(getattr(meeting, "cancelled_at", None))
    if cancelled or (respect_closed and meeting.signin_closed_at):
        ws.store.record_attempt(
            meeting.id,
            name,
            at=at,
            outcome="refused",
            reason="cancelled" if cancelled else "closed",
            method=method,
            address=address,
            device=device,
        )
        refuse_if_cancelled(meeting)
        raise SigninClosed(_("sign-in for {meeting} is closed").format(meeting=meeting.id))
    expected = ws.store.expected_members(meeting.id) if expected is None else expected
    # A member's name, label or id, however typed, is never a guest: they sign in as
    # themselves, so no guest ever holds a member's ballot.
    taken = members_a_guest_would_take(expected, name)
    if taken:
        shown = "、".join(_shown(m) for m in taken)
        raise IsMember(
            _("Are you {name}? Please choose your name from the list").format(name=shown),
            [_shown(m) for m in taken],
        )
    outcome = ws.store.add_guest(
        meeting.id,
        name,
        at=at,
        note=clean_text(note),
        method=method,
        device=device,
        bind_device=bind_device,
        address=address,
        bind_address=bind_address,
    )
    if outcome.status in (
        "one-device",
        "one-address",
    ):  # whom it signed in: a member's id, or a guest
        return Result(outcome.status, shown_name(expected, outcome.name), outcome.at)
    return Result(outcome.status, outcome.name, outcome.at)


def record_leave(
    ws: AttendanceWorkspace,
    meeting: Meeting,
    name: str,
    *,
    kind: str,
    reason: str,
    method: str,
    address: str = "",
    device: str = "",
    member: str | None = None,
) -> LeaveRow:
    """Record an expected member's leave (sick, personal or official); ``member`` (an id)
    or ``name`` says who. The row returned shows the member's label as ``name``."""
    import dataclasses

    if kind not in KINDS:
        raise MeetkitError(
            _("leave kind {kind!r} is not one of {kinds}").format(kind=kind, kinds=", ".join(KINDS))
        )
    refuse_if_cancelled(meeting)
    found = expected_member(ws, meeting, name, member=member)
    done = {s.name: s for s in ws.store.signins(meeting.id)}.get(found.id)
    if done is not None:
        raise AlreadySignedIn(
            _("{name} already signed in at {time}; leave not recorded").format(
                name=_shown(found), time=done.at.strftime("%H:%M")
            )
        )
    row = ws.store.record_leave(
        meeting.id,
        found.id,
        kind=kind,
        reason=clean_text(reason),
        at=now(),
        method=method,
        address=address,
        device=device,
    )
    return dataclasses.replace(row, name=_shown(found))
