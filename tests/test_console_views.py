"""What the console's 总览 reads: each unit's light, counts and rates, and the cadence's next dates (Yongning)."""
from datetime import date

import pytest
from sqlmodel import Session

from store import queries
from store.console_views import GREY, cadence, unit_summaries
from tests.bot_harness import SHANGHAI
from tests.console_sample import JUDICIAL, TODAY, WANGYUAN, YANGHE, yongning_week


@pytest.fixture
def county(engine, calendar):
    yongning_week(engine, calendar)
    with Session(engine) as session:
        plan_id = queries.latest_plan_id(session)
        yield {u.name: u for u in unit_summaries(session, plan_id, 2022, TODAY, calendar, SHANGHAI)}, \
            cadence(session, plan_id, TODAY, calendar)


def test_a_unit_that_answered_everything_is_yellow_when_its_feedback_is_due_this_week(county):
    units, _ = county
    judicial = units[JUDICIAL]
    assert judicial.light == "yellow"           # the 11月 feedback round, due Friday 25th
    assert (judicial.overdue, judicial.due_soon, judicial.awaiting) == (0, 1, 2)
    assert judicial.due == 12 and judicial.closed == 12 and judicial.on_time == 11     # 46 was two days late
    assert judicial.on_time_rate == pytest.approx(11 / 12) and judicial.closed_rate == 1.0
    assert judicial.groups == ("各部门（单位）",)


def test_a_silent_township_is_red_and_its_held_item_is_neither_overdue_nor_counted(county):
    units, _ = county
    yanghe = units[YANGHE]
    assert yanghe.light == "red"
    assert yanghe.overdue == 9                  # 11 items due before today: 52 done, 40 on hold
    assert (yanghe.due, yanghe.on_time, yanghe.closed) == (10, 0, 1)
    assert yanghe.open == 36 and yanghe.awaiting == 0
    assert "各乡镇" in yanghe.groups and yanghe.kind == "township"


def test_a_unit_nobody_joined_is_grey_whatever_its_items_say(county):
    units, _ = county
    assert units[WANGYUAN].light == GREY and units[WANGYUAN].overdue > 0
    assert units[WANGYUAN].on_time_rate == 0.0


def test_the_cadence_dates_are_the_next_feedback_round_weekly_digest_and_circulation(county):
    _, dates = county
    assert dates.feedback == date(2022, 11, 25)
    assert dates.weekly == date(2022, 11, 28)
    assert dates.circulation == date(2023, 1, 3)       # 1 and 2 January 2023 are the New Year holiday
