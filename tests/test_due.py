"""Each unit's due items from the sample plans, checked by hand against the documents."""
from dataclasses import replace
from datetime import date

import pytest

from tests.conftest import SAMPLES, sample_plan, sample_roster
from workflows.check import check_plan
from workflows.due import due_items, feedback_day_of

D = date


def items_of(check, calendar, unit, **window):
    return [i for i in due_items(check.plan, list(check.rows), calendar, **window) if i.unit == unit]


def dated(items, row):
    return [i.due for i in items if i.row == row]


@pytest.mark.parametrize("sample", SAMPLES)
def test_every_sample_plan_checks_without_errors_against_its_roster(checks, sample):
    assert checks[sample].errors == ()


def test_yongning_judicial_bureau_owes_what_the_plan_says(checks, calendar):
    items = items_of(checks["yongning-2022"], calendar, "永宁县司法局")
    assert dated(items, 17) == [D(2022, 11, 30)]                 # named: 县司法局, 2022年11月
    assert dated(items, 52) == [D(2022, 6, 15)]                  # column 2022年6月, content 6月15日前: precise wins
    # 按照要求 → 每季度最后1个月15日前; 03-15 is before the issue date 2022-05-26, so not generated
    assert dated(items, 53) == [D(2022, 6, 15), D(2022, 9, 15), D(2022, 12, 15)]
    assert dated(items, 54) == [D(2023, 1, 31)]                  # 政府信息公开工作年度报告: 1月31日 next year
    assert dated(items, 39) == [D(2022, 6, 30), D(2022, 12, 31)]  # 长期坚持, content 每半年报送
    assert dated(items, 28) == [D(2022, 9, 30)]                  # 2022 年 9月, via 各部门（单位）
    assert dated(items, 27) == []                                # 各行业主管部门: not this bureau, says the roster
    assert [(i.kind, i.detail) for i in items if i.row == 18 and i.due is None] == [("event", "文件公开后3个工作日内")]


def test_monthly_feedback_runs_from_the_issue_date_to_december(checks, calendar):
    items = items_of(checks["yongning-2022"], calendar, "杨和镇")
    feedback = [i.due for i in items if i.kind == "monthly-feedback"]
    # issued 2022-05-26: May's round (05-25) is already past; June to December remain, each on the 25th or the
    # last working day before it
    assert feedback == [D(2022, 6, 24),    # 6-25 is a Saturday
                        D(2022, 7, 25), D(2022, 8, 25),
                        D(2022, 9, 23),    # 9-25 is a Sunday
                        D(2022, 10, 25), D(2022, 11, 25),
                        D(2022, 12, 23)]   # 12-25 is a Sunday


def test_the_past_quarter_is_reported_not_generated(checks):
    notices = [p for p in checks["yongning-2022"].problems if p.row == 53]
    assert [p.severity for p in notices] == ["notice"] and "2022-03-15" in notices[0].message


def test_zhongwei_district_gets_dates_from_cells_and_from_content(checks, calendar):
    items = items_of(checks["zhongwei-2022"], calendar, "沙坡头区")
    assert dated(items, 1) == [D(2022, 10, 31)]                  # 2022年10月底
    assert dated(items, 31) == [D(2022, 5, 31)]                  # 2022年5月底, after the issue date 05-25
    assert dated(items, 41) == [D(2022, 6, 10), D(2022, 9, 10), D(2022, 12, 10)]   # 序号40: 分别于…前
    assert dated(items, 35) == [D(2022, 6, 30), D(2022, 12, 31)]  # 序号34: 每半年报送
    assert [i.kind for i in items if i.row == 5] == ["needs-date"]  # 根据政策时限及时推进
    assert not any(i.row == 15 for i in items)                    # 序号15 is 市政府办公室 alone


def test_a_lead_and_its_helpers_each_get_the_item_with_their_role(checks, calendar):
    items = due_items(checks["zhongwei-2022"].plan, list(checks["zhongwei-2022"].rows), calendar)
    roles = {(i.unit, i.role) for i in items if i.row == 2}
    assert ("中卫市审批服务管理局", "lead") in roles and ("中卫市财政局", "helper") in roles


def test_a_ledger_without_issue_date_generates_all_and_asks_for_relative_dates(checks, calendar):
    items = items_of(checks["xingqing-xinfang-2022"], calendar, "办公室")
    assert dated(items, 13) == [D(2022, 11, 30), None]           # 每年11月底前 + 文件公开后3个工作日内
    assert [i.kind for i in items if i.row == 17] == ["needs-date"]   # 于30日内 of an unknown date
    assert len([i for i in items if i.kind == "monthly-feedback"]) == 12


def test_a_window_keeps_dated_items_inside_it_and_every_undated_item(checks, calendar):
    items = items_of(checks["yongning-2022"], calendar, "永宁县司法局", start=D(2022, 9, 1), end=D(2022, 9, 30))
    assert [(i.due, i.row) for i in items] == [
        (D(2022, 9, 15), 53), (D(2022, 9, 23), None), (D(2022, 9, 30), 28), (None, 18)]   # 月反馈: 9-25 a Sunday


def test_a_window_includes_the_items_due_on_its_first_and_last_day(checks, calendar):
    # row 53, 每季度最后1个月15日前: the window from one quarter's 15th to the next holds both, not the third
    items = items_of(checks["yongning-2022"], calendar, "永宁县司法局", start=D(2022, 6, 15), end=D(2022, 9, 15))
    assert dated(items, 53) == [D(2022, 6, 15), D(2022, 9, 15)]


def test_a_plan_year_the_calendar_does_not_know_marks_every_date_provisional(calendar):
    # last year's table reused for 2027, whose holiday schedule the calendar does not have
    plan = replace(sample_plan("yongning-2022"), year=2027, issued=D(2027, 5, 26))
    check = check_plan(plan, sample_roster("yongning-2022"))
    items = [i for i in due_items(check.plan, list(check.rows), calendar) if i.due]
    assert {i.row for i in items} >= {53, 54, None}
    assert all(i.provisional for i in items)


@pytest.mark.parametrize("year, month, day, expected", [
    (2022, 6, 25, D(2022, 6, 24)),       # Saturday → Friday
    (2023, 1, 25, D(2023, 1, 20)),       # 春节 2023-01-21…27 → the Friday before it
    (2022, 10, 1, D(2022, 10, 8)),       # 国庆: nothing before it in October → the first working day (调休 Saturday)
])
def test_the_monthly_feedback_falls_on_a_working_day_in_its_month(calendar, year, month, day, expected):
    assert feedback_day_of(year, month, day, calendar).date == expected
