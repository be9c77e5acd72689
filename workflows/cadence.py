"""The cadence reports as data: the 月反馈 roll-up and the 季度通报 ranking, from plain facts about items.

Rules (issue 6 defaults): an item is done on time when its accepted submission
was made by its due date; a unit's on-time rate is over the items due in the
period; a unit is named in the quarterly circulation when any item due in the
quarter was not done on time; 约谈 comes from being named in two circulations
or ranking last. An item the office put on hold (an approved difficulty) is
counted as blocked, neither overdue nor late, until the unit resumes it.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from workflows.item_state import ACCEPTED, BLOCKED, HELD, WAIVED, ItemState

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
        return self.state != HELD and ItemState(self.state, self.due, self.due).is_overdue(day)

    @property
    def blocked(self) -> bool:
        return self.state in (BLOCKED, HELD)

    @property
    def counted(self) -> bool:
        """Whether it counts in rankings and scores: not waived, not on an approved hold."""
        return self.state not in (WAIVED, HELD)


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


def _by_unit(facts: list[ItemFact]) -> dict[str, list[ItemFact]]:
    """Each unit's facts, units by name: one pass over a province's 50,000 facts, not one per unit."""
    grouped = defaultdict(list)
    for f in facts:
        grouped[f.unit].append(f)
    return dict(sorted(grouped.items()))


def monthly_rollup(facts: list[ItemFact], first: date, last: date) -> list[UnitMonth]:
    rows = []
    for unit, mine in _by_unit(facts).items():
        feedback = [f for f in mine if f.kind == FEEDBACK and f.due and first <= f.due <= last]
        rows.append(UnitMonth(
            unit=unit,
            answered=any(f.submitted_on is not None for f in feedback),
            done=sum(1 for f in mine if f.state == ACCEPTED and f.submitted_on and first <= f.submitted_on <= last),
            overdue=sum(1 for f in mine if f.kind != FEEDBACK and f.overdue_on(last)),
            blocked=sum(1 for f in mine if f.blocked)))
    return rows


def quarterly_ranking(facts: list[ItemFact], first: date, last: date) -> list[UnitQuarter]:
    """Units with items due in the period, by on-time rate, best first; ties by name so the order is stable."""
    rows = []
    for unit, mine in _by_unit(facts).items():
        due = [f for f in mine if f.due and first <= f.due <= last and f.counted]
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


@dataclass(frozen=True)
class ScoreRules:
    """年底考评 points; Yongning weighted 政务公开 at 4 points of the county's 效能目标."""
    base: float = 100
    per_late_item: float = 2
    per_return: float = 1
    per_circulation: float = 5
    per_missed_feedback: float = 2
    weight: float = 4


@dataclass(frozen=True)
class Deduction:
    unit: str
    reason: str
    seq: str
    due: date | None
    points: float


@dataclass(frozen=True)
class UnitScore:
    unit: str
    score: float
    weighted: float
    deductions: tuple[Deduction, ...]


def _deductions(unit: str, facts: list[ItemFact], year_end: date, named_in: list[str], rules: ScoreRules):
    for f in facts:
        if f.kind == FEEDBACK and f.due and f.due <= year_end and f.submitted_on is None:
            yield Deduction(unit, "未按时月反馈", "月反馈", f.due, rules.per_missed_feedback)
        elif f.kind != FEEDBACK and f.due and f.due <= year_end and not f.on_time() and f.counted:
            yield Deduction(unit, "未按时完成", f.seq, f.due, rules.per_late_item)
        for _ in range(f.returns):
            yield Deduction(unit, "提交被退回", f.seq, f.due, rules.per_return)
    for quarter in named_in:
        yield Deduction(unit, f"{quarter}被通报", "", None, rules.per_circulation)


def year_end_scores(facts: list[ItemFact], year: int, circulations: dict[str, list[str]],
                    rules: ScoreRules = ScoreRules()) -> list[UnitScore]:
    """Every unit's score with each deduction traceable to its item or to a circulation the office sent; best first.

    `circulations`: period → the units named, as approved and sent (drafts never count)."""
    year_end = date(year, 12, 31)
    scores = []
    for unit, mine in _by_unit(facts).items():
        named_in = sorted(q for q, names in circulations.items() if unit in names)
        deductions = tuple(_deductions(unit, mine, year_end, named_in, rules))
        score = max(rules.base - sum(d.points for d in deductions), 0)
        scores.append(UnitScore(unit, score, round(score / rules.base * rules.weight, 2), deductions))
    return sorted(scores, key=lambda s: (-s.score, s.unit))


@dataclass(frozen=True)
class InspectionEntry:
    unit: str
    rate: float
    overdue: int
    blocked: int
    silent: int          # overdue items never even acknowledged


def inspection_list(facts: list[ItemFact], first: date, last: date, size: int = 5) -> list[InspectionEntry]:
    """半年督查: the weakest units of the half-year — lowest on-time rate, then most overdue — for on-site checks."""
    ranking = {r.unit: r for r in quarterly_ranking(facts, first, last)}
    by_unit, entries = _by_unit(facts), []
    for unit, row in ranking.items():
        mine = [f for f in by_unit[unit] if f.kind != FEEDBACK]
        overdue = [f for f in mine if f.overdue_on(last)]
        entries.append(InspectionEntry(unit, row.rate, len(overdue), sum(f.blocked for f in mine),
                                       sum(f.state == "pending" for f in overdue)))
    return sorted(entries, key=lambda e: (e.rate, -e.overdue, e.unit))[:size]
