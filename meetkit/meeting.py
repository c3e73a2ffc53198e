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
    created_at: str = ""
    signin_closed_at: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def start(self) -> dt.datetime:
        """Start as a naive local datetime."""
        hour, minute = map(int, self.time.split(":"))
        return dt.datetime.combine(self.date, dt.time(hour, minute))

    def as_dict(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        return data
