"""China's working days (工作日): public holidays and 调休 working days.

The official arrangement for a year is published by the State Council's General Office each
autumn; the maintained ``chinesecalendar`` package (import name ``chinese_calendar``) carries it
for every year it knows. For a year it does not know yet, :func:`provisional` is True and the
days are counted from weekends plus the holidays fixed by date in the 全国年节及纪念日放假办法
(2024 revision): 元旦 1 January, 劳动节 1-2 May, 国庆节 1-3 October. The lunar holidays (春节, 清明,
端午, 中秋) and every 调休 are missing from that fallback, so whoever shows a date counted this way
must say it is provisional (暂定). This module holds no user-facing words: callers label.

The package is imported on first use, not at import time, so ``meetkit --help`` stays lean.
"""

from __future__ import annotations

import datetime as dt
import functools

# Holidays fixed by date (month, day) in the 2024 revision of the 放假办法; used only for years the
# package does not know.
FIXED_HOLIDAYS: tuple[tuple[int, int], ...] = ((1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3))


@functools.lru_cache(maxsize=64)
def provisional(year: int) -> bool:
    """True when the package does not know ``year``'s official holidays and 调休 days."""
    import chinese_calendar

    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return True
    return False


def is_workday(day: dt.date) -> bool:
    """Whether ``day`` is a working day in China (a 调休 Saturday or Sunday is one)."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if provisional(day.year):
        return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS
    import chinese_calendar

    return bool(chinese_calendar.is_workday(day))


def is_provisional(*days: dt.date) -> bool:
    """True when any of ``days`` falls in a year counted provisionally."""
    return any(provisional(d.year) for d in days)


def add_workdays(day: dt.date, n: int) -> dt.date:
    """The date ``n`` working days after ``day`` (before it when ``n`` is negative).

    ``day`` itself is not counted: ``add_workdays(friday, 1)`` is the next working day. With
    ``n == 0`` the answer is ``day`` if it is a working day, else the next working day.
    """
    step = 1 if n >= 0 else -1
    current = day
    if n == 0:
        while not is_workday(current):
            current += dt.timedelta(days=1)
        return current
    remaining = abs(n)
    while remaining:
        current += dt.timedelta(days=step)
        if is_workday(current):
            remaining -= 1
    return current


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days from ``start`` to ``end``, both included (0 when ``end`` is before ``start``).

    A publicity period (公示) from Monday to Friday of an ordinary week is five working days.
    """
    count = 0
    current = start
    while current <= end:
        if is_workday(current):
            count += 1
        current += dt.timedelta(days=1)
    return count


def workdays_in(start: dt.date, end: dt.date) -> list[dt.date]:
    """The working days from ``start`` to ``end``, both included."""
    days = []
    current = start
    while current <= end:
        if is_workday(current):
            days.append(current)
        current += dt.timedelta(days=1)
    return days


def public_holiday(day: dt.date) -> bool:
    """Whether ``day`` is a public holiday (国庆, 春节 …), not merely a weekend: a day of rest
    that is not an ordinary Saturday or Sunday, or one inside a holiday of several days."""
    if is_workday(day):
        return False
    if day.weekday() < 5:
        return True
    # a weekend day inside a holiday: a day of rest on the other side of it is a weekday
    near = [day + dt.timedelta(days=d) for d in (-2, -1, 1, 2)]
    return any(not is_workday(n) and n.weekday() < 5 for n in near)
