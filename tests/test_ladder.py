"""The reminder ladder on the official calendar: never on a holiday, never twice a day."""
from datetime import date

from workflows.ladder import Ladder, step_on, steps, steps_between

D = date


def test_the_default_ladder_for_a_due_date_in_an_ordinary_week(calendar):
    # Yongning row 17, due Wednesday 2022-11-30
    assert [(s.on, s.kind, s.audience) for s in steps(D(2022, 11, 30), calendar)] == [
        (D(2022, 11, 23), "before", "liaison-a"),    # 7 days before
        (D(2022, 11, 25), "before", "liaison-a"),    # 3 days before falls on Sunday 11-27: Friday
        (D(2022, 11, 29), "before", "liaison-a"),    # the last working day before
        (D(2022, 11, 30), "due", "liaison-a"),
        (D(2022, 12, 1), "overdue", "liaisons"),     # 1 working day overdue: A and B
        (D(2022, 12, 5), "escalated", "leader"),     # 3 working days overdue (over a weekend)
    ]


def test_steps_around_national_day_move_off_the_holiday(calendar):
    # 序号40 of Zhongwei style: due Friday 2022-09-30, the eve of National Day
    assert [(s.on, s.kind) for s in steps(D(2022, 9, 30), calendar)] == [
        (D(2022, 9, 23), "before"), (D(2022, 9, 27), "before"), (D(2022, 9, 29), "before"),
        (D(2022, 9, 30), "due"),
        (D(2022, 10, 8), "overdue"),      # first working day after: the 调休 Saturday
        (D(2022, 10, 10), "escalated"),   # 3rd working day: 10-08, 10-09 (调休), 10-10
    ]


def test_a_deadline_on_a_holiday_is_reminded_on_the_working_day_before(calendar):
    # due Monday 2022-10-03, inside the National Day holiday
    due_steps = [s for s in steps(D(2022, 10, 3), calendar) if s.kind == "due"]
    assert [s.on for s in due_steps] == [D(2022, 9, 30)]


def test_only_one_step_a_day(calendar):
    days = [s.on for s in steps(D(2022, 10, 3), calendar)]
    assert len(days) == len(set(days))
    assert step_on(D(2022, 11, 30), D(2022, 11, 24), calendar) is None
    assert step_on(D(2022, 11, 30), D(2022, 12, 1), calendar).audience == "liaisons"


def test_a_plan_may_configure_its_own_ladder(calendar):
    gentle = Ladder(days_before=(14,), overdue_liaisons=2, overdue_leader=5)
    assert [s.on for s in steps(D(2022, 11, 30), calendar, gentle)][:1] == [D(2022, 11, 16)]


def test_the_monthly_feedback_round_is_asked_on_its_day_only(calendar):
    # 2022-09-25 is a Sunday: asked on Friday 09-23, overdue from the next working day
    assert [(s.on, s.kind) for s in steps(D(2022, 9, 25), calendar, kind="monthly-feedback")] == [
        (D(2022, 9, 23), "due"), (D(2022, 9, 26), "overdue"), (D(2022, 9, 28), "escalated")]


def test_an_item_still_open_after_the_leaders_step_is_chased_again_every_week(calendar):
    # row 17, due Wednesday 2022-11-30; the leader heard on Monday 12-05
    again = [(s.on, s.kind, s.audience) for s in steps_between(D(2022, 11, 30), D(2022, 12, 5), D(2023, 1, 3), calendar)
             if s.kind == "again"]
    assert again == [(D(2022, 12, 12), "again", "liaisons"), (D(2022, 12, 19), "again", "liaisons"),
                     (D(2022, 12, 26), "again", "liaisons"),
                     (D(2023, 1, 3), "again", "liaisons")]     # 01-02 is the New Year holiday: the next working day


def test_a_long_overdue_item_is_chased_again_on_its_weekday_and_not_in_between(calendar):
    assert [s.on for s in steps_between(D(2022, 6, 15), D(2022, 11, 20), D(2022, 11, 25), calendar)] == [
        D(2022, 11, 21)]     # 6-15's leader step was Monday 6-20; every 7 days since is a Monday
    fortnightly = Ladder(repeat_overdue_days=14)     # 6-20 + 14 × 11 = 11-21, then 12-05
    assert [s.on for s in steps_between(D(2022, 6, 15), D(2022, 11, 21), D(2022, 12, 5), calendar, fortnightly)] == [
        D(2022, 12, 5)]


def test_an_old_monthly_feedback_is_not_chased_again(calendar):
    assert steps_between(D(2022, 6, 24), D(2022, 7, 10), D(2022, 12, 31), calendar, kind="monthly-feedback") == []
