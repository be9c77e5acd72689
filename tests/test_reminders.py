"""Who hears of what at which step: a day, a plan, people in; the reminders out.

The plan is Yongning 2022 (永宁, issued 2022-05-26) as the roster assigns it; 永宁县司法局 has its liaisons A and
B and its leader, 杨和镇 only liaison B and its leader. Its items due on 2022-11-30 (rows 4, 10, 16, 17 …) are
one group; its 月反馈 of November is due Friday 11-25.
"""
import json
from datetime import date
from typing import NamedTuple

import pytest

from workflows.drafts import ReminderDraft, ReportDraft, WeekDraft
from workflows.due import due_items
from workflows.ladder import Ladder
from workflows.reminders import Group, PlanGroups, Remind, catch_up, decide, dues_to_read, strongest, week_readers

D = date
PLAN = 1
JUDICIAL, YANGHE = 1, 2
UNITS = {"永宁县司法局": JUDICIAL, "杨和镇": YANGHE}


class Contact(NamedTuple):
    id: int
    unit_id: int
    role: str
    name: str


CAST = [Contact(11, JUDICIAL, "liaison-a", "司法局A岗"), Contact(12, JUDICIAL, "liaison-b", "司法局B岗"),
        Contact(13, JUDICIAL, "leader", "司法局领导"),
        Contact(21, YANGHE, "liaison-b", "杨和镇B岗"), Contact(22, YANGHE, "leader", "杨和镇领导")]
ONCE, FEEDBACK, RECURRING = "once", "monthly-feedback", "recurring"


@pytest.fixture(scope="module")
def open_groups(checks, calendar):
    """The two units' groups due from 11-20 on, all open (what fell due before was done)."""
    items = due_items(checks["yongning-2022"].plan, list(checks["yongning-2022"].rows), calendar, start=D(2022, 11, 20))
    return sorted({(UNITS[i.unit], i.due, i.kind) for i in items if i.unit in UNITS and i.due})


def heard(open_groups, calendar, today, since=None, cast=CAST, ladder=Ladder()):
    reachable = {unit: [p for p in cast if p.unit_id == unit] for unit in UNITS.values()}
    decided = decide([PlanGroups(PLAN, ladder, open_groups)], reachable, since or D.fromordinal(today.toordinal() - 1),
                     today, calendar)
    return {r.person.name: {(g.due, g.kind): (remind.step, remind.on) for g, remind in r.groups.items()}
            for r in decided.values()}


@pytest.mark.parametrize("today, since, expected", [
    # 7 days before: liaison A; 杨和镇 has no A, so its B stands in
    (D(2022, 11, 23), None, {"司法局A岗": {(D(2022, 11, 30), ONCE): ("before", D(2022, 11, 23))},
                             "杨和镇B岗": {(D(2022, 11, 30), ONCE): ("before", D(2022, 11, 23))}}),
    # the due day, and the 月反馈 of 11-25 unanswered for 3 working days: the leaders
    (D(2022, 11, 30), None, {"司法局A岗": {(D(2022, 11, 30), ONCE): ("due", D(2022, 11, 30))},
                             "杨和镇B岗": {(D(2022, 11, 30), ONCE): ("due", D(2022, 11, 30))},
                             "司法局领导": {(D(2022, 11, 25), FEEDBACK): ("escalated", D(2022, 11, 30))},
                             "杨和镇领导": {(D(2022, 11, 25), FEEDBACK): ("escalated", D(2022, 11, 30))}}),
    # 1 working day overdue: both liaisons
    (D(2022, 12, 1), None, {"司法局A岗": {(D(2022, 11, 30), ONCE): ("overdue", D(2022, 12, 1))},
                            "司法局B岗": {(D(2022, 11, 30), ONCE): ("overdue", D(2022, 12, 1))},
                            "杨和镇B岗": {(D(2022, 11, 30), ONCE): ("overdue", D(2022, 12, 1))}}),
    # back after four days down (no round 11-30 … 12-02): each hears the strongest step it missed, once
    (D(2022, 12, 5), D(2022, 11, 29), {
        "司法局A岗": {(D(2022, 11, 30), ONCE): ("overdue", D(2022, 12, 1))},
        "司法局B岗": {(D(2022, 11, 30), ONCE): ("overdue", D(2022, 12, 1))},
        "杨和镇B岗": {(D(2022, 11, 30), ONCE): ("overdue", D(2022, 12, 1))},
        "司法局领导": {(D(2022, 11, 30), ONCE): ("escalated", D(2022, 12, 5)),
                   (D(2022, 11, 25), FEEDBACK): ("escalated", D(2022, 11, 30))},
        "杨和镇领导": {(D(2022, 11, 30), ONCE): ("escalated", D(2022, 12, 5)),
                   (D(2022, 11, 25), FEEDBACK): ("escalated", D(2022, 11, 30))}}),
    # a week after the leader's step the liaisons are chased again, in the message that brings row 53's 3 days
    # before (12-15); the old 月反馈 is not chased again
    (D(2022, 12, 12), None, {
        "司法局A岗": {(D(2022, 11, 30), ONCE): ("again", D(2022, 12, 12)),
                   (D(2022, 12, 15), RECURRING): ("before", D(2022, 12, 12))},
        "司法局B岗": {(D(2022, 11, 30), ONCE): ("again", D(2022, 12, 12))},
        "杨和镇B岗": {(D(2022, 11, 30), ONCE): ("again", D(2022, 12, 12)),
                   (D(2022, 12, 15), RECURRING): ("before", D(2022, 12, 12))}}),
    (D(2022, 11, 26), None, {}),      # a Saturday: no step falls on a rest day
])
def test_who_hears_of_what_on_a_day(open_groups, calendar, today, since, expected):
    assert heard(open_groups, calendar, today, since) == expected


def test_a_unit_nobody_of_has_joined_is_told_nothing_and_others_still_are(open_groups, calendar):
    only_judicial = [p for p in CAST if p.unit_id == JUDICIAL]
    assert set(heard(open_groups, calendar, D(2022, 12, 1), cast=only_judicial)) == {"司法局A岗", "司法局B岗"}


def test_a_plan_with_its_own_ladder_names_its_leader_threshold(open_groups, calendar):
    gentle = Ladder(days_before=(14,), overdue_liaisons=2, overdue_leader=5)
    assert heard(open_groups, calendar, D(2022, 11, 16), ladder=gentle)["司法局A岗"] == {
        (D(2022, 11, 30), ONCE): ("before", D(2022, 11, 16))}
    leader = decide([PlanGroups(PLAN, gentle, open_groups)], {JUDICIAL: CAST[:3]}, D(2022, 12, 6), D(2022, 12, 7),
                    calendar)[13]
    assert leader.groups == {Group(PLAN, D(2022, 11, 30), ONCE): Remind("escalated", D(2022, 12, 7), 5)}


def test_the_message_is_as_strong_as_its_strongest_group():
    groups = [Remind("before", D(2022, 12, 12), 3), Remind("again", D(2022, 12, 12), 3)]
    assert strongest(groups).step == "again"


def test_a_round_reads_the_dates_stepping_in_it_and_the_old_ones_chased_again_that_day(calendar):
    dues = dues_to_read(D(2022, 11, 20), D(2022, 11, 21), calendar, Ladder(), older=[D(2022, 6, 15), D(2022, 6, 16)])
    # 6-15's leader step was Monday 6-20, chased again every Monday; 6-16's was a Tuesday
    assert D(2022, 6, 15) in dues and D(2022, 6, 16) not in dues
    assert D(2022, 11, 28) in dues            # 7 days before
    assert D(2022, 11, 16) in dues            # 11-16's leader step: 3 working days overdue on 11-21


@pytest.mark.parametrize("due, kind, joined, today, caught", [
    (D(2022, 11, 30), ONCE, D(2022, 12, 6), D(2022, 12, 8), True),     # its steps all came before they joined
    (D(2022, 11, 30), ONCE, D(2022, 12, 5), D(2022, 12, 8), False),    # the leader's step came on the day they joined
    (D(2022, 11, 25), FEEDBACK, D(2022, 12, 6), D(2022, 12, 8), False),   # last month's 月反馈 is past
    (D(2022, 12, 15), RECURRING, D(2022, 12, 6), D(2022, 12, 8), False),  # not overdue: the ladder brings it
])
def test_a_liaison_who_joined_late_hears_of_the_overdue_items_nobody_told_them_of(calendar, due, kind, joined,
                                                                                   today, caught):
    expected = Remind("again", today, 3) if caught else None
    assert catch_up(due, kind, joined, today, calendar, Ladder()) == expected


def test_the_week_ahead_goes_to_liaison_a_or_b_standing_in(calendar):
    reachable = {unit: [p for p in CAST if p.unit_id == unit] for unit in UNITS.values()}
    assert [p.name for p in week_readers(reachable, [JUDICIAL, YANGHE, 99])] == ["司法局A岗", "杨和镇B岗"]


def test_drafts_read_back_as_queued():
    reminder = ReminderDraft(D(2022, 12, 5), D(2022, 11, 29),
                             {Group(PLAN, D(2022, 11, 30), ONCE): Remind("overdue", D(2022, 12, 1), 3)},
                             week=(D(2022, 12, 5), D(2022, 12, 11)))
    week = WeekDraft(D(2022, 12, 5), D(2022, 12, 11), D(2022, 12, 5))
    report = ReportDraft(PLAN, "quarterly", "2022Q3", ReportDraft.FILE, "（发送原因：……）")
    for draft in (reminder, week, report):
        assert type(draft).of(json.loads(draft.dumps())) == draft


def test_a_reminder_queued_before_the_upgrade_that_named_its_fields_still_reads():
    # as the round before wrote it: each group [plan, due, kind, step, on, overdue_leader], the week [first, last]
    queued = {"kind": "reminder", "today": "2022-12-05", "since": "2022-11-29",
              "groups": [[PLAN, "2022-11-30", ONCE, "overdue", "2022-12-01", 3]], "week": ["2022-12-05", "2022-12-11"]}
    assert ReminderDraft.of(queued) == ReminderDraft(
        D(2022, 12, 5), D(2022, 11, 29), {Group(PLAN, D(2022, 11, 30), ONCE): Remind("overdue", D(2022, 12, 1), 3)},
        week=(D(2022, 12, 5), D(2022, 12, 11)))
