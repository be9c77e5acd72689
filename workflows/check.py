"""Checking a plan against its roster: every row with its units and rules, and every problem.

This is what `duban plan check` shows the office and what `duban due` expands.
"""
from dataclasses import dataclass

from workflows.due import Assigned
from workflows.obligations import obligation_of
from workflows.plan import ERROR, Plan, Problem
from workflows.responsibility import carried_scopes, parse_units
from workflows.roster import Roster


@dataclass(frozen=True)
class PlanCheck:
    plan: Plan
    rows: tuple[Assigned, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == ERROR)


def check_plan(plan: Plan, roster: Roster | None) -> PlanCheck:
    """Without a roster, units are left as written and not checked."""
    rows, problems, scopes = [], list(plan.problems), {}
    for task in plan.tasks:
        obligation, rule_problems = obligation_of(task, plan.year, plan.issued)
        units_text, scopes = carried_scopes(task.units_text, scopes)
        assignments, unit_problems = parse_units(units_text, roster, task.row) if roster else ([], [])
        rows.append(Assigned(obligation, tuple(assignments)))
        problems += unit_problems + rule_problems
    return PlanCheck(plan, tuple(rows), tuple(sorted(problems, key=lambda p: (p.row, p.severity != ERROR))))
