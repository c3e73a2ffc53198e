"""The one place meetkit reads the clock.

Every "now" and "today" in meetkit comes from here, so a test (time-machine, libfaketime) or a
caller that passes its own moment decides what time it is, and nothing else reads the system
clock behind their back. Moments are naive local time to the second, as every timestamp column
stores them; ``epoch()`` is the Unix time tokens and cookies expire by.
"""

from __future__ import annotations

import datetime as dt
import time


def now() -> dt.datetime:
    """The current moment: naive local time, to the second."""
    return dt.datetime.now().replace(microsecond=0)


def today() -> dt.date:
    """Today's date, local time."""
    return dt.date.today()


def utcnow() -> dt.datetime:
    """The current moment in UTC, aware, to the second (calendar stamps)."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def epoch() -> float:
    """Seconds since the Unix epoch (token and ticket expiry)."""
    return time.time()
