"""Last year's plan as this year's template: every year its deadlines and title name moves by the same step.

Offices start a new year from the old plan. Only the title and the 完成时限
column move; a year inside a task's content (《…（2022年版）》) names a document
and stays. The document number belongs to the old plan, so the rolled plan has
none until the office gives it one. A date that does not exist in the new year
(2月29日) is not moved silently: the plan check reports its row.
"""
import re
from dataclasses import replace
from datetime import date

from workflows.plan import Plan

_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def _shift(text: str, years: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group(1)) + years), text)


def _moved(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:           # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def roll_plan(plan: Plan, year: int) -> Plan:
    years = year - plan.year
    if years == 0:
        return plan
    tasks = tuple(replace(t, deadline_text=_shift(t.deadline_text, years)) for t in plan.tasks)
    return replace(plan, year=year, issued=_moved(plan.issued, years), title=_shift(plan.title, years),
                   doc_number="", tasks=tasks)
