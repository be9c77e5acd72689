"""The cadence reports as data: the 月反馈 roll-up and the 季度通报 ranking, from plain facts about items.

Rules (issue 6 defaults): an item is done on time when its accepted submission
was made by its due date; a unit's on-time rate is over the items due in the
period; a unit is named in the quarterly circulation when any item due in the
quarter was not done on time; 约谈 comes from being named in two circulations
or ranking last.
"""
from dataclasses import dataclass
from datetime import date

from workflows.item_state import ACCEPTED, BLOCKED, WAIVED, ItemState

FEEDBACK = "monthly-feedback"


@dataclass(frozen=True)
class ItemFact:
    unit: str
    seq: str
    kind: str
    due: date | None
    state: str
    submitted_on: date | None      # the last submission's local date
    returns: int = 0

    def on_time(self) -> bool:
        return self.state == ACCEPTED and self.submitted_on is not None and self.due is not None \
            and self.submitted_on <= self.due

    def overdue_on(self, day: date) -> bool:
        return ItemState(self.state, self.due, self.due).is_overdue(day)


@dataclass(frozen=True)
class UnitMonth:
    unit: str
    answered: bool        # the month's feedback round was submitted
    done: int             # items accepted whose submission fell in the month
    overdue: int          # open items past due at the month's end
    blocked: int


@dataclass(frozen=True)
class UnitQuarter:
    unit: str
    due: int
    on_time: int
    late: tuple[str, ...]     # 序号 of items due in the quarter not done on time

    @property
    def rate(self) -> float:
        return self.on_time / self.due if self.due else 1.0


def _units(facts: list[ItemFact]) -> list[str]:
    return sorted({f.unit for f in facts})


def monthly_rollup(facts: list[ItemFact], first: date, last: date) -> list[UnitMonth]:
    rows = []
    for unit in _units(facts):
        mine = [f for f in facts if f.unit == unit]
        feedback = [f for f in mine if f.kind == FEEDBACK and f.due and first <= f.due <= last]
        rows.append(UnitMonth(
            unit=unit,
            answered=any(f.submitted_on is not None for f in feedback),
            done=sum(1 for f in mine if f.state == ACCEPTED and f.submitted_on and first <= f.submitted_on <= last),
            overdue=sum(1 for f in mine if f.kind != FEEDBACK and f.overdue_on(last)),
            blocked=sum(1 for f in mine if f.state == BLOCKED)))
    return rows


def quarterly_ranking(facts: list[ItemFact], first: date, last: date) -> list[UnitQuarter]:
    """Units with items due in the period, by on-time rate, best first; ties by name so the order is stable."""
    rows = []
    for unit in _units(facts):
        due = [f for f in facts if f.unit == unit and f.due and first <= f.due <= last and f.state != WAIVED]
        if not due:
            continue
        late = tuple(f.seq or "月反馈" for f in due if not f.on_time())
        rows.append(UnitQuarter(unit, len(due), len(due) - len(late), late))
    return sorted(rows, key=lambda r: (-r.rate, r.unit))


def circulation_names(ranking: list[UnitQuarter]) -> list[str]:
    """The units the quarterly circulation names: those with an item not done on time."""
    return [r.unit for r in ranking if r.late]


def interview_list(circulations: list[list[str]], ranking: list[UnitQuarter]) -> list[str]:
    """约谈: named in two circulations of the year, or last in the ranking with something late."""
    named = sorted({u for names in circulations for u in names if sum(u in c for c in circulations) >= 2})
    last = [ranking[-1].unit] if ranking and ranking[-1].late else []
    return sorted(set(named) | set(last))
