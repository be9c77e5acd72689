"""Due items (到期事项): each unit's obligations with their due dates, for a window of days.

Rules are expanded once per row (and unit kind), then handed to every unit the
row assigns: a province's 1,500 units cost one expansion per row, not 1,500.
Every unit with work also owes the monthly feedback round (月反馈), one item a
month covering its ongoing and still-open rows.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from workflows.calendar import Day, WorkCalendar
from workflows.deadline import EVENT, NEEDS_DATE, ONGOING, NeedsDate
from workflows.glossary import FEEDBACK_NAME, MONTHLY_FEEDBACK
from workflows.obligations import Obligation
from workflows.plan import Plan
from workflows.responsibility import Assignment


@dataclass(frozen=True)
class DueItem:
    unit: str
    seq: str
    row: int | None
    kind: str
    due: date | None
    provisional: bool
    deadline_text: str
    role: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Assigned:
    """A row's obligation and the units that answer for it."""
    obligation: Obligation
    assignments: tuple[Assignment, ...]


def _templates(obligation: Obligation, unit_kind: str, issued: date | None) -> list[tuple[str, date | None, str]]:
    """(kind, due, detail) of one row for one kind of unit; dates before the issue date are left out.

    `detail` is the words the rule was read from (the cell, or the span of content)."""
    out, days = [], set()
    for duty in obligation.duties:
        rule = duty.rule
        detail = rule.reason if isinstance(rule, NeedsDate) else duty.words
        if rule.kind in (EVENT, NEEDS_DATE):
            out.append((rule.kind, None, detail))
        elif rule.kind != ONGOING:   # two duties on one day (6月15日前 and 每季度…15日前) are one item
            fresh = [d for d in rule.dates_for(unit_kind) if (issued is None or d >= issued) and d not in days]
            days.update(fresh)
            out += [(rule.kind, d, detail) for d in fresh]
    return out


def _row_items(assigned: Assigned, issued: date | None, covers) -> list[DueItem]:
    task = assigned.obligation.task
    cache: dict[str, list] = {}
    items = []
    for a in assigned.assignments:
        templates = cache.setdefault(a.unit.kind, _templates(assigned.obligation, a.unit.kind, issued))
        items += [DueItem(a.unit.name, task.seq, task.row, kind, due, due is not None and not covers(due.year),
                          task.deadline_text, a.role, detail) for kind, due, detail in templates]
    return items


def feedback_day_of(year: int, month: int, feedback_day: int, calendar: WorkCalendar) -> Day:
    """The month's 月反馈 date: its day, or the last working day before it when that is a rest day (6-25-2022 is a
    Saturday: 6-24); the first working day after when the month has none before it."""
    day = calendar.last_workday_on_or_before(date(year, month, feedback_day))
    if day.date.month == month:
        return day
    return calendar.add_workdays(date(year, month, feedback_day) - timedelta(days=1), 1)


def _feedback_items(plan: Plan, rows: list[DueItem], ongoing_units: set[str], feedback_day: int,
                    calendar: WorkCalendar) -> list[DueItem]:
    """One 月反馈 item per unit and month while the unit has ongoing or still-open rows."""
    year_end = date(plan.year, 12, 31)
    last_open = {unit: year_end for unit in ongoing_units}
    for item in rows:  # an undated item stays open all year
        last_open[item.unit] = max(last_open.get(item.unit, date.min), item.due or year_end)
    days = [feedback_day_of(plan.year, month, feedback_day, calendar) for month in range(1, 13)]
    items = []
    for unit, until in last_open.items():
        for month, (due, provisional) in enumerate(days, start=1):
            if (plan.issued is None or due >= plan.issued) and date(plan.year, month, 1) <= until:
                items.append(DueItem(unit, "", None, MONTHLY_FEEDBACK, due, provisional, FEEDBACK_NAME))
    return items


def due_items(plan: Plan, assigned: list[Assigned], calendar: WorkCalendar, start: date | None = None,
              end: date | None = None, feedback_day: int = 25) -> list[DueItem]:
    """Every unit's due items from start to end (both included); undated items always."""
    rows = [item for a in assigned for item in _row_items(a, plan.issued, calendar.covers)]
    ongoing = {x.unit.name for a in assigned if any(r.kind == ONGOING for r in a.obligation.rules)
               for x in a.assignments}
    items = rows + _feedback_items(plan, rows, ongoing, feedback_day, calendar)
    within = [i for i in items
              if i.due is None or ((start is None or i.due >= start) and (end is None or i.due <= end))]
    return sorted(within, key=lambda i: (i.unit, i.due is None, i.due or date.max, i.row or 0, i.kind))
