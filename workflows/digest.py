"""The weekly digest as data: the week ahead, the week behind, and each unit's on-time rate with its change.

A digest for ISO week W is written on W's first working day: it looks ahead at
what falls due in W and back at the week before (what became overdue, what was
done). On-time rates count the items due from the plan year's start up to the
day before the week, so the change since last week is the same rule a week earlier.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, TypeVar

from workflows.cadence import FEEDBACK, ItemFact
from workflows.calendar import WorkCalendar
from workflows.item_state import ACCEPTED, CHASED, OPEN, SUBMITTED, ItemState
from workflows.traffic import lights_on, unit_light

T = TypeVar("T")


@dataclass(frozen=True)
class UnitRate:
    unit: str
    due: int
    on_time: int
    change: float | None        # since last week; None when nothing was due by then

    @property
    def rate(self) -> float:
        return self.on_time / self.due if self.due else 1.0


@dataclass(frozen=True)
class WeeklyDigest:
    first: date
    last: date
    due_this_week: tuple[ItemFact, ...]
    newly_overdue: tuple[ItemFact, ...]
    blocked: tuple[ItemFact, ...]
    newly_done: tuple[ItemFact, ...]
    waiting: tuple[ItemFact, ...]          # submitted, waiting for the office's verification
    open_overdue: tuple[ItemFact, ...]     # every item overdue on the digest's day; blocked and held apart
    rates: tuple[UnitRate, ...]            # lowest first: the units that need attention lead
    lights: dict[str, str]                 # unit → its traffic light on the digest's day

    @property
    def quiet(self) -> bool:
        return not (self.due_this_week or self.newly_overdue or self.blocked or self.newly_done or self.waiting)


def _rate_until(facts: list[ItemFact], start: date, cutoff: date) -> dict[str, tuple[int, int]]:
    rates: dict[str, tuple[int, int]] = {}
    for f in facts:
        if f.due and start <= f.due <= cutoff and f.counted:
            due, on_time = rates.get(f.unit, (0, 0))
            rates[f.unit] = (due + 1, on_time + f.on_time())
    return rates


def unit_rates(facts: list[ItemFact], start: date, cutoff: date) -> list[UnitRate]:
    now, before = _rate_until(facts, start, cutoff), _rate_until(facts, start, cutoff - timedelta(days=7))
    rows = []
    for unit, (due, on_time) in now.items():
        earlier = before.get(unit)
        change = on_time / due - earlier[1] / earlier[0] if earlier else None
        rows.append(UnitRate(unit, due, on_time, change))
    return sorted(rows, key=lambda r: (r.rate, r.unit))


def unit_lights(facts: list[ItemFact], today: date, calendar: WorkCalendar) -> dict[str, str]:
    light = lights_on(today, calendar)
    by_unit: dict[str, list[str]] = {}
    for f in facts:
        by_unit.setdefault(f.unit, []).append(light(ItemState(f.state, f.due, f.due)))
    return {unit: unit_light(lights) for unit, lights in by_unit.items()}


def weekly_digest(facts: list[ItemFact], first: date, year_start: date, calendar: WorkCalendar) -> WeeklyDigest:
    """The digest for the week starting `first` (a Monday)."""
    last, behind = first + timedelta(days=6), first - timedelta(days=7)

    def pick(condition):
        return tuple(sorted((f for f in facts if condition(f)), key=lambda f: (f.due or date.max, f.unit, f.seq)))

    return WeeklyDigest(
        first=first, last=last,
        due_this_week=pick(lambda f: f.due and first <= f.due <= last and f.state in OPEN),
        newly_overdue=pick(lambda f: f.kind != FEEDBACK and f.due and behind <= f.due < first and f.overdue_on(first)),
        blocked=pick(lambda f: f.blocked),
        newly_done=pick(lambda f: f.state == ACCEPTED and f.submitted_on and behind <= f.submitted_on < first),
        waiting=pick(lambda f: f.state == SUBMITTED),
        open_overdue=pick(lambda f: f.overdue_on(first) and not f.blocked),
        rates=tuple(unit_rates(facts, year_start, first - timedelta(days=1))),
        lights=unit_lights(facts, first, calendar))


def week_ahead(items: Iterable[T], first: date, last: date) -> tuple[T, ...]:
    """A unit's note of the week ahead (or the section of it a reminder carries): of its `items` (ItemFact, or the
    bot's item views), those the ladder chases falling due from `first` to `last`, by due date; none → no note."""
    return tuple(sorted((i for i in items if i.due and first <= i.due <= last and i.state in CHASED),
                        key=lambda i: i.due))
