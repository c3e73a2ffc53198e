"""Calendar invitations (RFC 5545 .ics): one meeting (``meetkit share ID --ics``) or the year's
plan (``meetkit plan YEAR``). Written with the ``icalendar`` package, which folds long lines
and escapes text as the RFC asks.

- UID: stable per meeting (its id and a one-way hash of the workspace's secret, which stays
  the same when the folder moves), so a calendar that imports the file again replaces the
  event instead of adding a second one.
- DTSTART/DTEND in ``[meeting] timezone`` (default Asia/Shanghai), with the zone's VTIMEZONE.
- SEQUENCE: how many times ``meetkit update`` changed the meeting; STATUS:CANCELLED once the
  meeting is cancelled (``meetkit cancel``).
- Two reminders (VALARM): the day before and an hour before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from .. import clock
from ..files import atomic_write_bytes
from ..i18n import T_, gettext_for, in_language, pgettext_for
from ..model.meeting import on_day

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from icalendar import Alarm, Calendar, Event

    from ..model.meeting import Meeting
    from ..model.types import MeetingType
    from ..workspace import Workspace

PRODID = "-//meetkit//meetkit//ZH"


def timezone(ws: Workspace) -> ZoneInfo:
    """The workspace's ``[meeting] timezone`` as a ZoneInfo (checked with the file)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(ws.config.setting("meeting", "timezone"))


def duration(ws: Workspace) -> dt.timedelta:
    """``[meeting] duration_minutes`` (default 90): how long an invitation blocks."""
    return dt.timedelta(minutes=ws.config.setting("meeting", "duration_minutes"))


def uid(ws: Workspace, meeting_id: str) -> str:
    """Stable per meeting and per workspace: the same meeting always gets the same UID."""
    where = hashlib.sha256(b"meetkit-calendar:" + ws.secret).hexdigest()[:12]
    return f"{meeting_id}-{where}@meetkit"


def _alarm(before: dt.timedelta, text: str) -> Alarm:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", -before)
    return alarm


def _event(
    ws: Workspace,
    *,
    uid_: str,
    title: str,
    start: dt.datetime,
    end: dt.datetime,
    place: str,
    description: str,
    sequence: int,
    cancelled: bool,
    lang: str,
) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", uid_)
    event.add("dtstamp", clock.utcnow())
    event.add("summary", title)
    event.add("dtstart", start)
    event.add("dtend", end)
    if place:
        event.add("location", place)
    if description:
        event.add("description", description)
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if not cancelled:
        words = in_language(REMINDERS, lang)
        event.add_component(_alarm(dt.timedelta(days=1), words[0].format(title=title)))
        event.add_component(_alarm(dt.timedelta(hours=1), words[1].format(title=title)))
    return event


REMINDERS = (T_("Tomorrow: {title}"), T_("In an hour: {title}"))


def _calendar(ws: Workspace, events: list, name: str) -> Calendar:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cancelled = any(e.get("status") == "CANCELLED" for e in events)
    cal.add("method", "CANCEL" if cancelled and len(events) == 1 else "PUBLISH")
    cal.add("x-wr-calname", name)
    for e in events:
        cal.add_component(e)
    if events:  # the VTIMEZONE of [meeting] timezone, covering just these dates
        first = min(e.decoded("dtstart") for e in events).date() - dt.timedelta(days=1)
        last = max(e.decoded("dtend") for e in events).date() + dt.timedelta(days=1)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal


def meeting_event(ws: Workspace, meeting: Meeting) -> Event:
    """The VEVENT of one stored meeting."""
    from ..documents.context import meeting_title

    tz = timezone(ws)
    lang = meeting.lang or ws.config.lang
    t = ws.plugins.types.get(meeting.type)
    title = meeting_title(ws.config.branch, meeting, t, lang) if t else meeting.id
    start = meeting.start.replace(tzinfo=tz)
    end_time = getattr(meeting, "end_time", None)  # branch docs: minutes --end
    if end_time:
        end = on_day(meeting.date, str(end_time)).replace(tzinfo=tz)
    else:
        end = start + duration(ws)
    return _event(
        ws,
        uid_=uid(ws, meeting.id),
        title=title,
        start=start,
        end=end,
        place=meeting.place,
        description=describe(ws, meeting, t, lang),
        sequence=sequence(ws, meeting),
        cancelled=bool(getattr(meeting, "cancelled_at", None)),
        lang=lang,
    )


def sequence(ws: Workspace, meeting: Meeting) -> int:
    """The invitation's SEQUENCE: one more for every ``meetkit update``, and one more once the
    meeting is cancelled (a cancellation is a revision too, RFC 5545 §3.8.7.4)."""
    return ws.store.revision(meeting.id) + (1 if getattr(meeting, "cancelled_at", None) else 0)


def describe(ws: Workspace, meeting: Meeting, meeting_type: MeetingType | None, lang: str) -> str:
    """The invitation's text: topic, who attends, host, and the reason when cancelled."""
    _ = gettext_for(lang)  # the meeting's language
    pgettext = pgettext_for(lang)
    lines = []
    if getattr(meeting, "cancelled_at", None):
        reason = getattr(meeting, "cancel_reason", "") or ""
        lines.append(
            pgettext("calendar", "Cancelled: {reason}").format(reason=reason)
            if reason
            else pgettext("calendar", "Cancelled")
        )
    if meeting.topic:
        lines.append(pgettext("calendar", "Topic: {topic}").format(topic=meeting.topic))
    if meeting_type is not None:
        who = (
            meeting.group
            if meeting_type.attendees == "group" and meeting.group
            else meeting_type.attendees_text(lang)
        )
        lines.append(_("Attending: {who}").format(who=who))
    if meeting.host:
        lines.append(pgettext("calendar", "Host: {name}").format(name=meeting.host))
    if meeting.lecturer and meeting_type is not None and meeting_type.shows_lecturer:
        lines.append(pgettext("calendar", "Lecturer: {name}").format(name=meeting.lecturer))
    return "\n".join(lines)


def write_meeting(ws: Workspace, meeting: Meeting, path: Path) -> Path:
    """Write ``meeting.ics`` for one meeting, atomically."""
    cal = _calendar(ws, [meeting_event(ws, meeting)], ws.config.branch or "meetkit")
    atomic_write_bytes(Path(path), cal.to_ical())
    return Path(path)


def write_events(ws: Workspace, items: list, path: Path, name: str) -> Path:
    """Write several planned meetings as one calendar. ``items``: dicts with key (a stable id),
    title, start (naive local datetime), place, description, and meeting_id once prepared —
    then the event has the meeting's own UID, so ``share --ics`` later updates it in place."""
    tz = timezone(ws)
    lang = ws.config.lang
    events = [
        _event(
            ws,
            uid_=uid(ws, i.get("meeting_id") or f"plan-{i['key']}"),
            title=i["title"],
            start=i["start"].replace(tzinfo=tz),
            end=i["start"].replace(tzinfo=tz) + duration(ws),
            place=i.get("place", ""),
            description=i.get("description", ""),
            sequence=0,
            cancelled=False,
            lang=lang,
        )
        for i in items
    ]
    atomic_write_bytes(Path(path), _calendar(ws, events, name).to_ical())
    return Path(path)
