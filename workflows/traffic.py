"""Traffic lights for items and units, and the two kinds of lateness the escalation ladder separates.

Red: overdue. Yellow: due within 3 working days, or returned by the office.
Green: on track, submitted or closed. Blocked items, and those the office put
on hold, are shown apart, whatever their date; a held item is not late. A late
item is either *silent* (not even acknowledged) or *behind* (answered, not
done): the office chases the two differently.
"""
from datetime import date
from typing import Callable

from workflows.calendar import WorkCalendar
from workflows.item_state import BLOCKED, HELD, OPEN, PENDING, RETURNED, ItemState

RED, YELLOW, GREEN, BLOCKED_LIGHT = "red", "yellow", "green", "blocked"
SILENT, BEHIND = "silent", "behind"
SOON_WORKDAYS = 3
_SEVERITY = (GREEN, YELLOW, RED)


def lights_on(today: date, calendar: WorkCalendar) -> Callable[[ItemState], str]:
    """The light of any item on `today`. Due within SOON_WORKDAYS working days means due before the next working
    day after them, found once: a province's digest lights some 50,000 items."""
    soon_ends = calendar.add_workdays(today, SOON_WORKDAYS + 1).date

    def light(item: ItemState) -> str:
        if item.state in (BLOCKED, HELD):
            return BLOCKED_LIGHT
        if item.is_overdue(today):
            return RED
        if item.state == RETURNED:
            return YELLOW
        if item.state in OPEN and item.due is not None and item.due < soon_ends:
            return YELLOW
        return GREEN
    return light


def item_light(item: ItemState, today: date, calendar: WorkCalendar) -> str:
    return lights_on(today, calendar)(item)


def lateness(item: ItemState, today: date) -> str | None:
    """silent, behind, or None when the item is not late."""
    if not item.is_overdue(today) or item.state == HELD:
        return None
    return SILENT if item.state == PENDING else BEHIND


def unit_light(lights: list[str]) -> str:
    """The worst light of a unit's items; blocked items do not colour the unit, they are listed apart."""
    coloured = [light for light in lights if light in _SEVERITY]
    return max(coloured, key=_SEVERITY.index, default=GREEN)
