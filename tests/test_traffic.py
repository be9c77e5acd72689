"""Traffic lights: what the office sees at a glance for each item and unit."""
from datetime import date

import pytest

from workflows.item_state import ItemState
from workflows.traffic import item_light, lateness, unit_light

DUE = date(2022, 9, 30)   # Friday before National Day


def item(state, due=DUE):
    return ItemState(state, due, due)


@pytest.mark.parametrize("state, today, light", [
    ("pending", date(2022, 9, 20), "green"),       # 8 working days ahead
    ("pending", date(2022, 9, 27), "yellow"),      # 3 working days ahead: 09-28, 09-29, 09-30
    ("in_progress", date(2022, 9, 30), "yellow"),  # due today
    ("pending", date(2022, 10, 1), "red"),         # overdue (a holiday, still overdue)
    ("returned", date(2022, 9, 20), "yellow"),     # returned by the office
    ("blocked", date(2022, 10, 10), "blocked"),    # shown apart whatever the date
    ("held", date(2022, 10, 10), "blocked"),       # on hold with the office's approval: apart too
    ("submitted", date(2022, 10, 10), "green"),    # waiting for verification is not late
    ("accepted", date(2022, 10, 10), "green"),
])
def test_each_item_gets_one_light(calendar, state, today, light):
    assert item_light(item(state), today, calendar) == light


def test_yellow_counts_working_days_not_calendar_days(calendar):
    # due Sunday 2022-10-09 (a 调休 working day): from 09-29 the working days are 09-30, 10-08, 10-09
    assert item_light(item("pending", date(2022, 10, 9)), date(2022, 9, 29), calendar) == "yellow"
    assert item_light(item("pending", date(2022, 10, 9)), date(2022, 9, 28), calendar) == "green"


def test_late_items_are_silent_or_behind():
    assert lateness(item("pending"), date(2022, 10, 8)) == "silent"
    assert lateness(item("acknowledged"), date(2022, 10, 8)) == "behind"
    assert lateness(item("returned"), date(2022, 10, 8)) == "behind"
    assert lateness(item("pending"), DUE) is None
    assert lateness(item("held"), date(2022, 10, 8)) is None     # the office approved the difficulty


def test_a_unit_shows_its_worst_light_and_blocked_items_apart():
    assert unit_light(["green", "yellow", "green"]) == "yellow"
    assert unit_light(["green", "red", "blocked"]) == "red"
    assert unit_light(["blocked"]) == "green"
    assert unit_light([]) == "green"
