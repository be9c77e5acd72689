"""Last year's plan as this year's template: the deadlines move a year, the documents a task names do not."""
from datetime import date

from tests.conftest import sample_plan, sample_roster
from workflows.check import check_plan
from workflows.due import due_items
from workflows.rollover import roll_plan


def test_the_yongning_plan_rolled_into_2023_keeps_every_deadline_one_year_on(calendar):
    plan = sample_plan("yongning-2022")
    rolled = roll_plan(plan, 2023)
    assert rolled.title == plan.title.replace("2022", "2023") and rolled.issued == date(2023, 5, 26)
    assert rolled.doc_number == ""                                   # the old 文号 belongs to the old plan
    row = next(t for t in rolled.tasks if "2022 年版" in t.content or "2022年版" in t.content)
    assert "2022" in row.content                                     # 《…（2022年版）》 names a document
    roster = sample_roster("yongning-2022")
    before = {(i.unit, i.row, i.kind, i.due) for i in due_items(plan, list(check_plan(plan, roster).rows), calendar)}
    after = {(i.unit, i.row, i.kind, i.due) for i in due_items(rolled, list(check_plan(rolled, roster).rows), calendar)}
    assert len(after) == len(before)
    once = {(u, r): d for u, r, k, d in before if k == "once" and d}
    for unit, row_, kind, due in after:
        if kind == "once" and due:
            old = once[(unit, row_)]
            assert due.year == old.year + 1 and (due - old.replace(year=old.year + 1)).days in range(-4, 5)


def test_29_february_is_not_moved_silently():
    from dataclasses import replace
    plan = sample_plan("yongning-2022")
    leap = replace(plan, year=2024, tasks=(replace(plan.tasks[0], deadline_text="2024年2月29日前"),))
    assert roll_plan(leap, 2025).tasks[0].deadline_text == "2025年2月29日前"   # left for the plan check to report
