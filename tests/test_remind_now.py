"""一键催办's decision as a table: the day and the groups in, the step each is told at out (workflows.remind_now)."""
from datetime import date

import pytest

from workflows.ladder import Ladder
from workflows.remind_now import asked_now, readers
from workflows.reminders import Group, Remind

WEDNESDAY = date(2022, 11, 23)
LADDERS = {1: Ladder(), 2: Ladder(overdue_leader=5)}


@pytest.mark.parametrize("plan, due, step", [
    (1, date(2022, 9, 30), "overdue"),       # past its day
    (1, date(2022, 11, 22), "overdue"),      # yesterday
    (1, WEDNESDAY, "due"),
    (1, date(2022, 11, 25), "before"),       # the 月反馈 on Friday
    (2, date(2022, 12, 31), "before"),
])
def test_each_group_is_told_at_the_step_its_date_puts_it_on(plan, due, step):
    group = Group(plan, due, "once")
    assert asked_now([group], WEDNESDAY, LADDERS) == {group: Remind(step, WEDNESDAY, LADDERS[plan].overdue_leader)}


class Person:
    def __init__(self, id, role):
        self.id, self.role, self.unit_id, self.telegram_user_id = id, role, 1, id


@pytest.mark.parametrize("roles, told", [
    (("liaison-a", "liaison-b", "leader"), ["liaison-a"]),
    (("liaison-b", "leader"), ["liaison-b"]),        # B stands in for a missing A
    (("leader",), []),                               # a leader alone is not chased out of turn
    ((), []),
])
def test_the_reminder_goes_to_liaison_a_or_b_standing_in(roles, told):
    assert [p.role for p in readers([Person(n, role) for n, role in enumerate(roles)])] == told
