"""A meeting's details, as stored and as plugins see them (plain data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field


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
        hour, minute = map(int, self.time.split(":"))
        return dt.datetime.combine(self.date, dt.time(hour, minute))

    def as_dict(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data["created_at"] = iso_moment(self.created_at) or ""  # "": not stored yet
        data["signin_closed_at"] = iso_moment(self.signin_closed_at)
        data["cancelled_at"] = iso_moment(self.cancelled_at)
        data["cancelled"] = self.cancelled
        return data


def iso_moment(value: dt.datetime | None) -> str | None:
    """A stored moment as the ISO text JSON shows ("2026-12-01T19:05:00"), None as None."""
    return value.isoformat(timespec="seconds") if value is not None else None
