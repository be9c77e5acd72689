"""The official working-day calendar (State Council holiday schedule, 调休 included).

A calendar is data plus one precedence rule: an adjusted working day (调休)
beats a weekend, a holiday beats a weekday. Each year's data comes from a
`YearSchedule`; a year with none is computed Monday–Friday and every answer
that touched it says `provisional=True`, so nothing downstream can mistake a
guess for the official schedule.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, NamedTuple

from workflows.errors import InputError


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule: rest days off weekends, worked weekend days."""
    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str


class Day(NamedTuple):
    """A computed date and whether a year without official data was involved."""
    date: date
    provisional: bool


@dataclass(frozen=True)
class WorkCalendar:
    schedules: dict[int, YearSchedule] = field(default_factory=dict)

    @classmethod
    def from_schedules(cls, *layers: Iterable[YearSchedule]) -> "WorkCalendar":
        """Later layers win, a whole year at a time (a local file over the package)."""
        merged: dict[int, YearSchedule] = {}
        for layer in layers:
            merged.update({s.year: s for s in layer})
        return cls(merged)

    def covers(self, year: int) -> bool:
        return year in self.schedules

    def source(self, year: int) -> str | None:
        schedule = self.schedules.get(year)
        return schedule.source if schedule else None

    def is_workday(self, day: date) -> bool:
        schedule = self.schedules.get(day.year)
        if schedule and day in schedule.workdays:
            return True
        if schedule and day in schedule.holidays:
            return False
        return day.weekday() < 5

    def provisional(self, start: date, end: date) -> bool:
        """True when any year from start to end has no official schedule."""
        low, high = sorted((start.year, end.year))
        return any(not self.covers(y) for y in range(low, high + 1))

    def add_workdays(self, start: date, n: int) -> Day:
        """The n-th working day after start; start itself is never counted."""
        if n < 1:
            raise InputError(f"要加的工作日数应至少为 1，不能是 {n}")
        day = start
        while n:
            day += timedelta(days=1)
            n -= self.is_workday(day)
        return Day(day, self.provisional(start, day))

    def add_days(self, start: date, n: int) -> Day:
        day = start + timedelta(days=n)
        return Day(day, self.provisional(start, day))

    def first_workday_on_or_after(self, day: date) -> Day:
        found = day
        while not self.is_workday(found):
            found += timedelta(days=1)
        return Day(found, self.provisional(day, found))

    def last_workday_on_or_before(self, day: date) -> Day:
        found = day
        while not self.is_workday(found):
            found -= timedelta(days=1)
        return Day(found, self.provisional(found, day))
