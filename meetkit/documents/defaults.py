"""Who and when a meeting gets when ``prepare`` is not told: the day (never a public
holiday), the host (the secretary; a group's leader for a group meeting), the recorder (the
organizer, unless they host), the lecturer (the secretary). ``pack.settle`` asks here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import MeetkitError
from ..model.meeting import on_day
from ..model.member import shown

if TYPE_CHECKING:
    from ..config import Config
    from ..model.types import MeetingType
    from ..roster import Member


class RosterSource(Protocol):
    """What ``settle`` reads of a workspace: a Workspace, or a sample's stand-in for one."""

    @property
    def config(self) -> Config: ...

    @property
    def members(self) -> list: ...

    @property
    def roster_path(self) -> Path: ...

    @property
    def root(self) -> Path | None: ...

    def member(self, name: str, option: str) -> Member: ...


def meeting_day(now: dt.datetime, start: str) -> dt.date:
    """Today if the usual start time is still ahead, else tomorrow; never a public holiday."""
    from ..model.workdays import public_holiday

    today = now.date()
    starts = on_day(today, start)
    day = today if now < starts else today + dt.timedelta(days=1)
    while public_holiday(day):  # never a default on 国庆, 春节 …
        day += dt.timedelta(days=1)
    return day


def named(ws: RosterSource, text: str) -> str:
    """A name in meetkit.toml as the roster shows it (checked when the roster was read)."""
    try:
        return shown(ws.member(text, "meetkit.toml"))
    except MeetkitError:
        return text


def secretary(ws: RosterSource) -> str:
    """meetkit.toml's secretary, else the roster's."""
    cfg = ws.config
    if cfg.secretary:
        return named(ws, cfg.secretary)
    return next((shown(m) for m in ws.members if m.role == "secretary"), "")


def _present(expected: list) -> list:
    return [m for m in expected if not m.away] or expected


def host(meeting_type: MeetingType, expected: list, secretary: str) -> str:
    """The secretary; for a group meeting the group's leader (党小组长), else a committee member
    of the group."""
    if meeting_type.attendees != "group":
        return secretary
    present = _present(expected)
    leader = (
        next((m for m in present if m.role == "group-leader"), None)
        or next((m for m in present if m.committee), None)
        or (present[0] if present else None)
    )
    return shown(leader) if leader else secretary


def recorder(ws: RosterSource, meeting_type: MeetingType, expected: list, host: str) -> str:
    """The organizer records, unless they host: then another committee member does. A group
    meeting's minutes are taken by one of the group: the organizer when in it."""
    cfg, members = ws.config, ws.members
    if meeting_type.attendees == "group":
        present = _present(expected)
        organizer = (
            next(
                (
                    shown(m)
                    for m in present
                    if shown(m) == named(ws, cfg.organizer) and shown(m) != host
                ),
                "",
            )
            if cfg.organizer
            else ""
        )
        return organizer or next((shown(m) for m in present if shown(m) != host), host)
    return (
        named(ws, cfg.organizer)
        if cfg.organizer and named(ws, cfg.organizer) != host
        else next(
            (shown(m) for m in members if m.committee and shown(m) != host),
            named(ws, cfg.organizer) if cfg.organizer else "",
        )
    )
