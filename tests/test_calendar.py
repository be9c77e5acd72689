"""The working-day calendar: the State Council's schedule with 调休, and honesty about unknown years."""
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from importers.calendar_data import CalendarFileError, load_calendar

D = date


@pytest.mark.parametrize("day, is_workday", [
    (D(2022, 9, 30), True),    # Friday before National Day
    (D(2022, 10, 1), False),   # National Day
    (D(2022, 10, 3), False),   # National Day holiday, a Monday
    (D(2022, 10, 7), False),   # last day of the National Day holiday, a Friday
    (D(2022, 10, 8), True),    # Saturday worked in lieu (调休)
    (D(2022, 10, 9), True),    # Sunday worked in lieu (调休)
    (D(2026, 2, 14), True),    # Saturday worked before Spring Festival (调休)
    (D(2026, 2, 16), False),   # Spring Festival eve, a Monday
    (D(2026, 2, 23), False),   # last day of the Spring Festival holiday, a Monday
    (D(2026, 2, 24), True),    # first working day after Spring Festival
    (D(2026, 2, 28), True),    # Saturday worked after Spring Festival (调休)
    (D(2027, 1, 1), True),     # 2027 not yet known: weekends-only, so New Year reads as a Friday at work
])
def test_official_schedule_decides_working_days(calendar, day, is_workday):
    assert calendar.is_workday(day) is is_workday


@pytest.mark.parametrize("start, n, expected", [
    (D(2022, 9, 29), 3, D(2022, 10, 9)),    # over National Day 2022, two 调休 days count
    (D(2023, 9, 27), 3, D(2023, 10, 8)),    # over Mid-Autumn + National Day 2023
    (D(2026, 2, 12), 3, D(2026, 2, 24)),    # over Spring Festival 2026, 02-14 worked
    (D(2023, 4, 26), 10, D(2023, 5, 12)),   # over Labour Day 2023
    (D(2022, 10, 1), 1, D(2022, 10, 8)),    # a start on a holiday is not day 0
])
def test_working_days_after_a_date_skip_holidays_and_count_adjusted_days(calendar, start, n, expected):
    assert calendar.add_workdays(start, n) == (expected, False)


def test_a_year_without_official_data_is_computed_but_marked_provisional(calendar):
    assert calendar.add_workdays(D(2026, 12, 30), 3) == (D(2027, 1, 4), True)
    assert calendar.add_days(D(2027, 3, 1), 10) == (D(2027, 3, 11), True)
    assert not calendar.covers(2027) and calendar.covers(2026)


def test_calendar_days_and_last_working_day(calendar):
    assert calendar.add_days(D(2022, 5, 26), 30) == (D(2022, 6, 25), False)
    assert calendar.last_workday_on_or_before(D(2022, 10, 7)) == (D(2022, 9, 30), False)  # National Day
    assert calendar.last_workday_on_or_before(D(2022, 10, 8)) == (D(2022, 10, 8), False)  # 调休 Saturday


def test_a_local_file_adds_next_years_schedule_and_wins_over_the_package(tmp_path):
    local = tmp_path / "calendar.yaml"
    local.write_text("2027:\n  source: 测试通知\n  holidays: [2027-01-01, 2027-02-06..2027-02-08]\n"
                     "  workdays: [2027-02-14]\n2022:\n  source: 改过的2022\n  holidays: []\n  workdays: []\n",
                     encoding="utf-8")
    calendar = load_calendar(local)
    assert calendar.covers(2027) and calendar.source(2027) == "测试通知"
    assert not calendar.is_workday(D(2027, 1, 1))
    assert not calendar.is_workday(D(2027, 2, 8))
    assert calendar.is_workday(D(2027, 2, 14))      # a Sunday worked in lieu
    assert calendar.is_workday(D(2022, 10, 3))      # the file replaced 2022 entirely
    assert calendar.add_workdays(D(2026, 12, 31), 1) == (D(2027, 1, 4), False)


@pytest.mark.parametrize("content, fault", [
    ("2027:\n  holidays: [2027-01-01]\n", "source"),
    ("2027:\n  source: x\n  holidays: [2027-13-01]\n", "2027-13-01"),
    ("2027:\n  source: x\n  holidays: [2026-12-31]\n", "不在 2027 年内"),
])
def test_a_bad_calendar_file_is_refused_naming_the_entry(tmp_path, content, fault):
    local = tmp_path / "calendar.yaml"
    local.write_text(content, encoding="utf-8")
    with pytest.raises(CalendarFileError, match=fault):
        load_calendar(local)


days = st.dates(min_value=D(2004, 1, 1), max_value=D(2028, 12, 31))


@given(start=days, n=st.integers(min_value=1, max_value=40))
def test_n_working_days_after_any_date_lands_on_a_working_day_after_it(calendar, start, n):
    result = calendar.add_workdays(start, n).date
    assert calendar.is_workday(result)
    assert result > start
    counted = sum(calendar.is_workday(start + timedelta(days=i)) for i in range(1, (result - start).days + 1))
    assert counted == n


@given(start=days, n=st.integers(min_value=1, max_value=40))
def test_more_working_days_land_later(calendar, start, n):
    assert calendar.add_workdays(start, n + 1).date > calendar.add_workdays(start, n).date
