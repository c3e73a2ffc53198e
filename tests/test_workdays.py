"""China's working days (meetkit.model.workdays) against the published 2026 arrangement that the
chinesecalendar package carries, and the provisional fallback for a year it does not know."""

import datetime as dt

import chinese_calendar
import pytest

from meetkit.model import workdays

D = dt.date.fromisoformat


def test_labour_day_2026_is_five_days_off():
    # 国办发明电〔2025〕7号: 劳动节 2026-05-01 to 05-05 off, Saturday 05-09 worked instead.
    for day in range(1, 6):
        assert not workdays.is_workday(dt.date(2026, 5, day))
    assert workdays.is_workday(D("2026-04-30"))
    assert workdays.is_workday(D("2026-05-06"))


def test_a_tiaoxiu_saturday_is_a_working_day():
    saturday = D("2026-05-09")
    assert saturday.weekday() == 5
    assert workdays.is_workday(saturday)
    # an ordinary Saturday is not
    assert not workdays.is_workday(D("2026-05-16"))


def test_counting_over_the_holiday():
    # A publicity from 04-29 to 05-07 spans nine calendar days but only four working days.
    assert workdays.workdays_between(D("2026-04-29"), D("2026-05-07")) == 4
    assert workdays.workdays_between(D("2026-05-11"), D("2026-05-15")) == 5
    assert workdays.workdays_between(D("2026-05-15"), D("2026-05-11")) == 0
    assert workdays.workdays_in(D("2026-04-30"), D("2026-05-09")) == [
        D("2026-04-30"),
        D("2026-05-06"),
        D("2026-05-07"),
        D("2026-05-08"),
        D("2026-05-09"),
    ]


def test_add_workdays_skips_holidays_and_counts_tiaoxiu():
    # Five working days after Thursday 04-30: 05-06, 05-07, 05-08, 05-09 (调休), 05-11.
    assert workdays.add_workdays(D("2026-04-30"), 5) == D("2026-05-11")
    assert workdays.add_workdays(D("2026-05-06"), -1) == D("2026-04-30")
    assert workdays.add_workdays(D("2026-05-02"), 0) == D("2026-05-06")
    assert workdays.add_workdays(D("2026-05-06"), 0) == D("2026-05-06")


def test_known_years_are_not_provisional():
    assert not workdays.provisional(2026)
    assert not workdays.is_provisional(D("2025-10-01"), D("2026-05-01"))


def test_an_unpublished_year_is_provisional_and_falls_back():
    # Find the first year the installed package does not know, whatever its version.
    year = 2026
    while True:
        try:
            chinese_calendar.is_workday(dt.date(year, 1, 1))
        except NotImplementedError:
            break
        year += 1
    assert workdays.provisional(year)
    assert workdays.is_provisional(dt.date(year, 3, 1))
    # weekends off, the fixed-date holidays off, an ordinary weekday worked
    assert not workdays.is_workday(dt.date(year, 1, 1))
    assert not workdays.is_workday(dt.date(year, 5, 2))
    assert not workdays.is_workday(dt.date(year, 10, 3))
    monday = dt.date(year, 6, 1)
    while monday.weekday() != 0:
        monday += dt.timedelta(days=1)
    assert workdays.is_workday(monday)
    assert not workdays.is_workday(monday + dt.timedelta(days=5))
    assert workdays.workdays_between(monday, monday + dt.timedelta(days=6)) == 5


@pytest.mark.parametrize("when", [dt.datetime(2026, 5, 1, 9, 30), D("2026-05-01")])
def test_a_datetime_counts_as_its_date(when):
    assert not workdays.is_workday(when)
