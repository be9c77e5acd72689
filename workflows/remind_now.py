"""一键催办: a unit's reminder asked for by the office now, out of the ladder's turn.

Each open group is told at the step its date puts it on today (overdue, due today, or before its day), and
the reminder goes to whom the ladder's first step goes: liaison A, B standing in.
"""
from datetime import date
from typing import Iterable, Mapping

from workflows.ladder import BEFORE, DUE, OVERDUE, Ladder
from workflows.reminders import Group, P, Remind, audience
from workflows.roles import FIRST_LIAISON


def step_on(due: date, today: date) -> str:
    return OVERDUE if due < today else DUE if due == today else BEFORE


def asked_now(groups: Iterable[Group], today: date, ladders: Mapping[int, Ladder]) -> dict[Group, Remind]:
    """Each group at the step its date puts it on today, under its plan's ladder."""
    return {g: Remind(step_on(g.due, today), today, ladders[g.plan_id].overdue_leader) for g in groups}


def readers(unit_people: list[P]) -> list[P]:
    """Of the unit's reachable people, whom the reminder goes to."""
    return audience(unit_people, FIRST_LIAISON)
