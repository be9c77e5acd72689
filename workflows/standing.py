"""Who stands where, and who is named: the 季度通报 ranking, 约谈 and the 半年督查 picks, by rules the office sets.

Every report looks at its period from one day, `seen`: the day after the
period's end, or the day it is asked if that is earlier (the report is then
provisional). A deadline counts once its day has passed (due < seen).

- Ranking: by on-time rate. Units with the same rate share a rank (并列第N);
  within a tie they are listed by their overdue working days, then name, which
  decides nothing.
- Naming: a unit is named when one of its items is late by more than
  `overdue_workdays` working days, or when `late_items` of its items are late.
  An approved extension moves the due date; an item on an approved hold is not
  counted. Each named unit carries the items and days that put it there.
- 约谈: named in `interview_circulations` circulations of the year, or last in
  the ranking with an on-time rate under `interview_rate`. A tie for last is
  broken by the most overdue working days; units still tied are all listed.
- 半年督查: the `inspection_size` weakest units (rate, then items overdue, then
  overdue working days); every unit tied with the last one picked is picked too.
"""
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction
from typing import Callable

from workflows.cadence import FEEDBACK, ItemFact, by_unit
from workflows.calendar import WorkCalendar


@dataclass(frozen=True)
class NamingRules:
    overdue_workdays: int = 5
    late_items: int = 3
    interview_circulations: int = 2
    interview_rate: float = 0.6
    inspection_size: int = 5


@dataclass(frozen=True)
class AsOf:
    """The day a report looks from; provisional when its period has not ended."""
    seen: date
    provisional: bool


def as_of(last: date, today: date) -> AsOf:
    return AsOf(min(last + timedelta(days=1), today), today <= last)


@dataclass(frozen=True)
class LateItem:
    seq: str               # 序号, or 月反馈 / 整改N
    due: date
    workdays: int          # working days late: to the submission, or to the report's day while still open


@dataclass(frozen=True)
class UnitStanding:
    unit: str
    due: int
    on_time: int
    late: tuple[LateItem, ...]
    rank: int = 0
    tied: bool = False
    named: bool = False

    @property
    def rate(self) -> float:
        return self.on_time / self.due if self.due else 1.0

    @property
    def overdue_workdays(self) -> int:
        return sum(item.workdays for item in self.late)

    @property
    def behind(self) -> tuple[LateItem, ...]:
        """The late items past their day by a working day or more: what can name a unit (one done after the
        period, or due on its last day, is late but 0 working days behind as of the period's end)."""
        return tuple(item for item in self.late if item.workdays)


def workdays_counter(calendar: WorkCalendar, start: date, end: date) -> Callable[[date, date], int]:
    """Working days after `a` up to `b`, from a table built once: a province has 50,000 items to measure."""
    ordinal, count, day = {}, 0, start
    while day <= end:
        count += calendar.is_workday(day)
        ordinal[day] = count
        day += timedelta(days=1)

    def between(a: date, b: date) -> int:
        return max(ordinal.get(b, count) - ordinal.get(a, 0), 0) if b > a else 0
    return between


def _late(f: ItemFact, seen: date, between) -> LateItem | None:
    if f.on_time():
        return None
    done = f.submitted_on if f.submitted_on and f.state in ("submitted", "accepted") else None
    until = min(done, seen - timedelta(days=1)) if done else seen - timedelta(days=1)
    return LateItem(f.seq or "月反馈", f.due, between(f.due, until))


def standings(facts: list[ItemFact], first: date, when: AsOf, calendar: WorkCalendar,
              rules: NamingRules = NamingRules()) -> list[UnitStanding]:
    """Every unit with a deadline passed in the period, ranked, the named ones marked."""
    between = workdays_counter(calendar, first - timedelta(days=1), when.seen)
    rows = []
    for unit, mine in by_unit(facts).items():
        due = [f for f in mine if f.due and first <= f.due < when.seen and f.counted]
        if due:
            late = tuple(x for x in (_late(f, when.seen, between) for f in due) if x)
            row = UnitStanding(unit, len(due), len(due) - len(late), late)
            named = len(row.behind) >= rules.late_items or any(x.workdays > rules.overdue_workdays for x in late)
            rows.append(replace(row, named=named))
    return _ranked(rows)


def _ratio(row: UnitStanding) -> Fraction:
    return Fraction(row.on_time, row.due)


def _ranked(rows: list[UnitStanding]) -> list[UnitStanding]:
    rows = sorted(rows, key=lambda r: (-_ratio(r), r.overdue_workdays, r.unit))
    counts: dict[Fraction, int] = {}
    for r in rows:
        counts[_ratio(r)] = counts.get(_ratio(r), 0) + 1
    ranked, rank = [], 0
    for place, r in enumerate(rows, start=1):
        if place == 1 or _ratio(r) != _ratio(rows[place - 2]):
            rank = place
        ranked.append(UnitStanding(r.unit, r.due, r.on_time, r.late, rank, counts[_ratio(r)] > 1, r.named))
    return ranked


@dataclass(frozen=True)
class Interview:
    unit: str
    circulations: tuple[str, ...]       # the periods it was named in
    last: bool                          # last in the ranking, under the rate


def interviews(circulations: dict[str, list[str]], ranking: list[UnitStanding],
               rules: NamingRules = NamingRules()) -> list[Interview]:
    """约谈, with the reason for each unit; `circulations` is period → units named (the draft's own included)."""
    times = {}
    for period, units in sorted(circulations.items()):
        for unit in units:
            times.setdefault(unit, []).append(period)
    last = set(_last(ranking, rules))
    picked = {u for u, periods in times.items() if len(periods) >= rules.interview_circulations} | last
    return [Interview(u, tuple(times.get(u, ())), u in last) for u in sorted(picked)]


def _last(ranking: list[UnitStanding], rules: NamingRules) -> list[str]:
    bottom = [r for r in ranking if r.rank == ranking[-1].rank and r.rate < rules.interview_rate] if ranking else []
    worst = max((r.overdue_workdays for r in bottom), default=0)
    return [r.unit for r in bottom if r.overdue_workdays == worst]


@dataclass(frozen=True)
class InspectionEntry:
    unit: str
    due: int
    on_time: int
    overdue: tuple[ItemFact, ...]       # open past their date on the report's day, blocked and held apart
    blocked: tuple[ItemFact, ...]       # blocked, or held by the office
    overdue_workdays: int

    @property
    def rate(self) -> float:
        return self.on_time / self.due

    @property
    def silent(self) -> int:
        """Overdue items never even acknowledged."""
        return sum(f.state == "pending" for f in self.overdue)


def inspection_list(facts: list[ItemFact], first: date, when: AsOf, calendar: WorkCalendar,
                    rules: NamingRules = NamingRules()) -> list[InspectionEntry]:
    """半年督查: the weakest units, weakest first; a tie at the cut takes every tied unit."""
    grouped = by_unit(facts)
    entries = []
    for row in standings(facts, first, when, calendar, rules):
        mine = [f for f in grouped[row.unit] if f.kind != FEEDBACK and f.counted and f.due and f.due < when.seen]
        overdue = tuple(f for f in mine if f.overdue_on(when.seen) and not f.blocked)
        blocked = tuple(f for f in grouped[row.unit] if f.blocked)
        entries.append(InspectionEntry(row.unit, row.due, row.on_time, overdue, blocked, row.overdue_workdays))

    def weakness(e: InspectionEntry):
        return Fraction(e.on_time, e.due), -len(e.overdue), -e.overdue_workdays
    entries.sort(key=lambda e: (weakness(e), e.unit))
    if len(entries) <= rules.inspection_size:
        return entries
    cut = weakness(entries[rules.inspection_size - 1])
    return [e for e in entries if weakness(e) <= cut]
