"""Traffic lights for items and units, and the two kinds of lateness the escalation ladder separates.

Red: overdue. Yellow: due within 3 working days, or returned by the office.
Green: on track, submitted or closed. Blocked items, and those the office put
on hold, are shown apart, whatever their date; a held item is not late. A late item is either *silent* (not even acknowledged) or *behind*
(answered, not done): the office chases the two differently.
"""
from datetime import date, timedelta

from workflows.calendar import WorkCalendar
from workflows.item_state import BLOCKED, HELD, OPEN, PENDING, RETURNED, ItemState

RED, YELLOW, GREEN, BLOCKED_LIGHT = "red", "yellow", "green", "blocked"
SILENT, BEHIND = "silent", "behind"
SOON_WORKDAYS = 3
_SEVERITY = (GREEN, YELLOW, RED)


def _workdays_until(calendar: WorkCalendar, today: date, due: date) -> int:
    return sum(calendar.is_workday(today + timedelta(days=i)) for i in range(1, (due - today).days + 1))


def item_light(item: ItemState, today: date, calendar: WorkCalendar) -> str:
    if item.state in (BLOCKED, HELD):
        return BLOCKED_LIGHT
    if item.is_overdue(today):
        return RED
    if item.state == RETURNED:
        return YELLOW
    if item.state in OPEN and item.due is not None and _workdays_until(calendar, today, item.due) <= SOON_WORKDAYS:
        return YELLOW
    return GREEN


def lateness(item: ItemState, today: date) -> str | None:
    """silent, behind, or None when the item is not late."""
    if not item.is_overdue(today) or item.state == HELD:
        return None
    return SILENT if item.state == PENDING else BEHIND


def unit_light(lights: list[str]) -> str:
    """The worst light of a unit's items; blocked items do not colour the unit, they are listed apart."""
    coloured = [light for light in lights if light in _SEVERITY]
    return max(coloured, key=_SEVERITY.index, default=GREEN)
