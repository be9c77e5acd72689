"""Who hears of what at which step: the reminder decision, without the database or the clock.

A scheduling round reads the open items as groups, (plan, unit, due date, kind): the items of a group share
their ladder steps, so a province's tens of thousands of items are a few hundred groups. `decide` tells, for each
reachable person, the strongest step each group reached for them after `since` up to today: one message a day,
and after downtime what was missed at its strongest, not the ladder replayed. The round queues that as a
`ReminderDraft`; the sender renders it when it claims the row and asks `catch_up` whether a liaison who joined
late also hears of the unit's older overdue items.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Mapping, NamedTuple, Protocol, TypeVar

from workflows.calendar import WorkCalendar
from workflows.glossary import MONTHLY_FEEDBACK
from workflows.ladder import AGAIN, BEFORE, DUE, ESCALATED, OVERDUE, Ladder, dues_stepping, steps_between
from workflows.roles import BOTH_LIAISONS, FIRST_LIAISON, LEADER, LIAISON_A, LIAISONS

STRENGTH = (BEFORE, DUE, AGAIN, OVERDUE, ESCALATED)     # weakest first


class Person(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def role(self) -> str: ...


P = TypeVar("P", bound=Person)


class Group(NamedTuple):
    """Items of one plan due on one day, of one kind: the person's unit is the rest of the key."""
    plan_id: int
    due: date
    kind: str


class Remind(NamedTuple):
    """One group in one person's message: the strongest ladder step it reached, and its plan's ladder's leader
    threshold (the message names it)."""
    step: str               # before, due, again, overdue, escalated
    on: date
    overdue_leader: int     # working days overdue before the leader hears

    @property
    def strength(self) -> int:
        return STRENGTH.index(self.step)


@dataclass(frozen=True)
class PlanGroups:
    """A plan's open groups with a step in the round's window, as (unit id, due, kind), and its ladder."""
    plan_id: int
    ladder: Ladder
    groups: list[tuple[int, date, str]]


@dataclass(frozen=True)
class Reminder:
    """What one person hears today: each group at its strongest step."""
    person: Person
    groups: dict[Group, Remind]


def audience(unit_people: list[P], who: str) -> list[P]:
    """Of a unit's reachable people, those a step of the ladder is for: liaison A (B standing in when A is missing
    or unreachable), both liaisons, or the leader."""
    if who == LEADER:
        return [p for p in unit_people if p.role == LEADER]
    found = [p for p in unit_people if p.role in LIAISONS]
    if who == BOTH_LIAISONS:
        return found
    return [p for p in found if p.role == LIAISON_A] or found[:1]


def week_readers(reachable: Mapping[int, list[P]], units: Iterable[int]) -> list[P]:
    """Whom a week's notes go to: as reminders do, liaison A of each unit with something due in it (B standing in)."""
    return [person for unit_id in units for person in audience(reachable.get(unit_id, []), FIRST_LIAISON)]


def dues_to_read(since: date, today: date, calendar: WorkCalendar, ladder: Ladder, older: Iterable[date]) -> set[date]:
    """The due dates a round reads a plan's groups for: those whose ladder steps in the window, and of the `older`
    open items' dates (before `ladder.window_start`) those chased again in it."""
    return (dues_stepping(since, today, calendar, ladder) |
            {due for due in older if steps_between(due, since, today, calendar, ladder)})


def decide(plans: Iterable[PlanGroups], reachable: Mapping[int, list[P]], since: date, today: date,
           calendar: WorkCalendar) -> dict[int, Reminder]:
    """person id → what they hear of after `since` up to today, for the open `plans` and the people each unit can
    reach (`reachable`: unit id → people). The groups of a due date share their steps: worked out once a date."""
    heard: dict[int, dict[Group, Remind]] = defaultdict(dict)
    persons: dict[int, P] = {}
    told: dict[tuple[int, str], list[P]] = {}
    for plan in plans:
        stepped: dict[tuple[date, str], list[tuple[str, Remind]]] = {}
        for unit_id, due, kind in plan.groups:
            if (due, kind) not in stepped:
                stepped[due, kind] = [(step.audience, Remind(step.kind, step.on, plan.ladder.overdue_leader))
                                      for step in steps_between(due, since, today, calendar, plan.ladder, kind)]
            group = Group(plan.plan_id, due, kind)
            for who, remind in stepped[due, kind]:
                if (unit_id, who) not in told:
                    told[unit_id, who] = audience(reachable.get(unit_id, []), who)
                for person in told[unit_id, who]:
                    persons[person.id] = person
                    known = heard[person.id].get(group)
                    if known is None or remind.strength >= known.strength:
                        heard[person.id][group] = remind
    return {person_id: Reminder(persons[person_id], groups) for person_id, groups in heard.items()}


def catch_up(due: date, kind: str, joined: date, today: date, calendar: WorkCalendar, ladder: Ladder) -> Remind | None:
    """For a liaison who joined late, an overdue item of their unit they were not chased about since joining (its
    steps all came before): listed in their first reminder, rather than at the next chase again a week later.
    A month's feedback round before they joined is past, and nothing not yet overdue is caught up."""
    if due >= today or kind == MONTHLY_FEEDBACK:
        return None
    if steps_between(due, joined - timedelta(days=1), today - timedelta(days=1), calendar, ladder, kind):
        return None
    return Remind(AGAIN, today, ladder.overdue_leader)


def strongest(groups: Iterable[Remind]) -> Remind:
    return max(groups, key=lambda remind: remind.strength)
