"""A meeting's details, as stored and as plugins see them (plain data)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import MeetkitError
from ..i18n import _


@dataclass
class Meeting:
    """One meeting: its type, when and where, who runs it. ``id`` is ``YYYY-MM-DD-TYPE[-N]``."""

    id: str
    type: str
    date: dt.date
    time: str
    place: str = ""
    topic: str = ""
    host: str = ""
    recorder: str = ""
    lecturer: str = ""
    group: str = ""
    lang: str = "zh-CN"
    number: int = 1
    folder: str = ""
    seq: int = 0
    # When it was prepared and when sign-in was closed: naive local time, to the second
    created_at: dt.datetime | None = None
    signin_closed_at: dt.datetime | None = None
    # When the meeting ended, HH:MM (``meetkit minutes --end``); None: not recorded
    end_time: str | None = None
    # A cancelled meeting stays listed, stamped 已取消 on its documents, and takes no sign-ins
    cancelled_at: dt.datetime | None = None
    cancel_reason: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def cancelled(self) -> bool:
        """True once the meeting was called off (``meetkit cancel``)."""
        return self.cancelled_at is not None

    @property
    def start(self) -> dt.datetime:
        """Start as a naive local datetime."""
        return on_day(self.date, self.time)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data["created_at"] = iso_moment(self.created_at) or ""  # "": not stored yet
        data["signin_closed_at"] = iso_moment(self.signin_closed_at)
        data["cancelled_at"] = iso_moment(self.cancelled_at)
        data["cancelled"] = self.cancelled
        return data


def meeting_json(meeting: Meeting, root: Path) -> dict:
    """A meeting as JSON gives it, the one shape: ``meetkit list --json``, ``meetkit show
    --json`` (which adds who is expected and the documents) and the admin API's ``GET
    /api/meetings``. Every field of the meeting but its plugins' ``extra``; dates and moments
    as ISO text (``created_at`` "" until stored); ``cancelled``; ``folder``, the meeting's
    folder under the workspace ``root``; and ``closed_at``, the API's name for
    ``signin_closed_at`` (kept for those who read it)."""
    data = meeting.as_dict()
    data.pop("extra", None)
    data["folder"] = str(root / meeting.folder)
    data["closed_at"] = data["signin_closed_at"]
    return data


def iso_moment(value: dt.datetime | None) -> str | None:
    """A stored moment as the ISO text JSON shows ("2026-12-01T19:05:00"), None as None."""
    return value.isoformat(timespec="seconds") if value is not None else None


def parse_time(value: str, option: str = "--time") -> str:
    """``value`` as HH:MM (``7:30`` -> ``07:30``); MeetkitError "<option>: '…' is not a time"
    else."""
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", value or "")
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise MeetkitError(
            _("{option}: {value!r} is not a time (HH:MM)").format(option=option, value=value)
        )
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def on_day(day: dt.date, hhmm: str) -> dt.datetime:
    """``hhmm`` (HH:MM, as stored) on ``day``: a naive local moment."""
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute))


def time_on_meeting_day(meeting: Meeting, value: str, option: str) -> dt.datetime:
    """A time typed as HH:MM (checked, ``option`` named in the error) on the meeting's day:
    ``meetkit signin --at``, the admin page's time of a hand sign-in."""
    return on_day(meeting.date, parse_time(value, option))
