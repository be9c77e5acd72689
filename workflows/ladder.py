"""The reminder ladder: on which working days an item is brought up, and to whom.

Default (product brief): 7 and 3 days before, the last working day before, the
due day; 1 working day overdue → liaisons A and B; 3 working days overdue → the
unit's leader; then, while it stays open, liaisons A and B again every 7 days
(`repeat_overdue_days`). A step that falls on a rest day moves to the previous
working day while it is before the deadline, to the next one after it; steps
that land on the same day are one step (the latest wins).
"""
from dataclasses import dataclass
from datetime import date, timedelta

from workflows.calendar import WorkCalendar
from workflows.glossary import MONTHLY_FEEDBACK
from workflows.roles import BOTH_LIAISONS, FIRST_LIAISON as LIAISON_A, LEADER

BEFORE, DUE, OVERDUE, ESCALATED, AGAIN = "before", "due", "overdue", "escalated", "again"


@dataclass(frozen=True)
class Ladder:
    days_before: tuple[int, ...] = (7, 3)
    overdue_liaisons: int = 1      # working days overdue → liaisons A and B
    overdue_leader: int = 3        # working days overdue → the unit leader
    repeat_overdue_days: int = 7   # after the leader's step, liaisons A and B are chased again every this many days


@dataclass(frozen=True)
class Step:
    on: date
    kind: str        # before, due, overdue, escalated
    audience: str    # liaison-a, liaisons, leader


def _back(calendar: WorkCalendar, day: date) -> date:
    return calendar.last_workday_on_or_before(day).date


def steps(due: date, calendar: WorkCalendar, ladder: Ladder = Ladder(), kind: str = "") -> list[Step]:
    """The days this item is reminded of, earliest first, one step per day.

    The monthly feedback round (月反馈) is asked for on its day only, with no
    advance reminders; it escalates like any item when skipped."""
    planned = []
    if kind != MONTHLY_FEEDBACK:
        planned = [Step(_back(calendar, due - timedelta(days=n)), BEFORE, LIAISON_A) for n in ladder.days_before]
        planned.append(Step(_back(calendar, due - timedelta(days=1)), BEFORE, LIAISON_A))
    planned.append(Step(_back(calendar, due), DUE, LIAISON_A))
    planned.append(Step(calendar.add_workdays(due, ladder.overdue_liaisons).date, OVERDUE, BOTH_LIAISONS))
    planned.append(Step(calendar.add_workdays(due, ladder.overdue_leader).date, ESCALATED, LEADER))
    by_day: dict[date, Step] = {}
    for step in planned:   # later steps of the list are the stronger ones
        by_day[step.on] = step
    return sorted(by_day.values(), key=lambda s: s.on)


def _repeats(due: date, after: date, today: date, calendar: WorkCalendar, ladder: Ladder) -> list[Step]:
    """The chases again after the leader's step, each moved to the next working day, after `after` up to today:
    found by arithmetic, not by walking from the due date, so a long-overdue item costs a round nothing more."""
    start, every = calendar.add_workdays(due, ladder.overdue_leader).date, ladder.repeat_overdue_days
    first = max(1, (after - start).days // every - LONGEST_BREAK // every - 1)
    days = (calendar.first_workday_on_or_after(start + timedelta(days=every * k)).date
            for k in range(first, (today - start).days // every + 1))
    return [Step(day, AGAIN, BOTH_LIAISONS) for day in dict.fromkeys(days) if after < day <= today]


def step_on(due: date, today: date, calendar: WorkCalendar, ladder: Ladder = Ladder(), kind: str = "") -> Step | None:
    return next((s for s in steps(due, calendar, ladder, kind) if s.on == today), None)


def steps_between(due: date, after: date, today: date, calendar: WorkCalendar, ladder: Ladder = Ladder(),
                  kind: str = "") -> list[Step]:
    """The steps after `after` up to today: one day's step normally, every missed one after downtime."""
    found = [s for s in steps(due, calendar, ladder, kind) if after < s.on <= today]
    if today <= due or kind == MONTHLY_FEEDBACK:     # each month's round asks afresh: an old one is not repeated
        return found
    return found + _repeats(due, after, today, calendar, ladder)


LONGEST_BREAK = 8          # rest days in a row (国庆, 春节 with its weekends)


def window_start(after: date, ladder: Ladder = Ladder()) -> date:
    """The earliest due date whose ladder (the chases again aside) can have a step after `after`."""
    return after - timedelta(days=2 * ladder.overdue_leader + LONGEST_BREAK + 7)


def dues_stepping(after: date, today: date, calendar: WorkCalendar, ladder: Ladder = Ladder()) -> set[date]:
    """The due dates whose items have a step after `after` up to today, of either kind: what a round must read.

    A step is at most the longest lead (plus a break it moves back over) before its due
    date, and at most `overdue_leader` working days after it (a working day is at most a
    break away, hence the generous bound back)."""
    first = window_start(after, ladder)
    last = today + timedelta(days=max(ladder.days_before, default=1) + LONGEST_BREAK)
    candidates = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return {due for due in candidates
            if steps_between(due, after, today, calendar, ladder) or
            steps_between(due, after, today, calendar, ladder, MONTHLY_FEEDBACK)}
