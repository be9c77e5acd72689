"""How long the deadline engine takes for a province: Yongning's 54 rows over 1,500 units.

Run: make bench   (or .venv/bin/python -m bench.expand_province)
Prints the best of five runs: checking the plan, and expanding every unit's due items.
"""
import time
from pathlib import Path

from importers.calendar_data import load_calendar
from importers.plan_text import read_plan_text
from importers.roster_file import load_roster
from workflows.check import check_plan
from workflows.due import due_items
from workflows.roster import Roster, Unit

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "yongning-2022"
UNITS = 1500


def province_roster() -> Roster:
    """The county roster plus enough townships and departments to reach 1,500 units."""
    county = load_roster(EXAMPLE / "roster.yaml")
    extra = UNITS - len(county.units)
    townships = [Unit(f"乡镇{i:04d}", "township", groups=("各乡镇（街道）", "各乡镇")) for i in range(extra // 3)]
    departments = [Unit(f"部门{i:04d}", "department", groups=("各部门（单位）", "各行业主管部门"))
                   for i in range(extra - len(townships))]
    return Roster(county.units + tuple(townships) + tuple(departments), county.group_aliases)


def best_of(runs: int, work) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - start)
    return min(timings), result


def main() -> None:
    plan = read_plan_text((EXAMPLE / "plan.txt").read_text(encoding="utf-8"))
    roster, calendar = province_roster(), load_calendar()
    check_s, check = best_of(5, lambda: check_plan(plan, roster))
    due_s, items = best_of(5, lambda: due_items(plan, list(check.rows), calendar))
    print(f"province: {len(roster.units)} units x {len(plan.tasks)} rows = {len(items)} due items")
    print(f"plan_check: {check_s * 1000:.1f} ms")
    print(f"due_items_whole_year: {due_s * 1000:.1f} ms")


if __name__ == "__main__":
    main()
