"""Deadline rules: each 完成时限 written in the plans, and the dates it means.

Rows quoted are from the sample plans: Yongning (永宁, issued 2022-05-26),
Zhongwei (中卫, 2022-05-25), Xingqing 信访局 (no issue date stated).
"""
from datetime import date

import pytest

from workflows.deadline import (
    AfterEvent, AfterIssue, AnnualReportStatutory, EachHalfYearEnd, EachQuarterEnd, EachQuarterLastMonthDay,
    FixedDate, FromContent, MonthEnd, NeedsDate, Ongoing, SeveralDates, WithinYear, Yearly,
)
from workflows.deadline_text import parse_deadline, rules_in_content

D = date
ISSUED = D(2022, 5, 26)


@pytest.mark.parametrize("cell, rule, dates", [
    ("2022 年 11\n\n月", MonthEnd(2022, 11), [D(2022, 11, 30)]),               # Yongning row 1, PDF line breaks
    ("2022 年 6月", MonthEnd(2022, 6), [D(2022, 6, 30)]),                       # Yongning row 40
    ("2022年10月底", MonthEnd(2022, 10), [D(2022, 10, 31)]),                    # Zhongwei row 1
    ("2022年10月底前", MonthEnd(2022, 10), [D(2022, 10, 31)]),                  # Zhongwei row 12
    ("9月", MonthEnd(2022, 9), [D(2022, 9, 30)]),
    ("２０２２年９月底", MonthEnd(2022, 9), [D(2022, 9, 30)]),                    # full-width digits
    ("6月15日前", FixedDate(D(2022, 6, 15)), [D(2022, 6, 15)]),
    ("3月31日前", FixedDate(D(2022, 3, 31)), [D(2022, 3, 31)]),
    ("分别于6月10日、9月10日、12月10日前", SeveralDates((D(2022, 6, 10), D(2022, 9, 10), D(2022, 12, 10))),
     [D(2022, 6, 10), D(2022, 9, 10), D(2022, 12, 10)]),
    ("每季度最后1个月15日前", EachQuarterLastMonthDay(2022, 15),
     [D(2022, 3, 15), D(2022, 6, 15), D(2022, 9, 15), D(2022, 12, 15)]),
    ("每季度最后一个月十日前", EachQuarterLastMonthDay(2022, 10),
     [D(2022, 3, 10), D(2022, 6, 10), D(2022, 9, 10), D(2022, 12, 10)]),
    ("按季度", EachQuarterEnd(2022), [D(2022, 3, 31), D(2022, 6, 30), D(2022, 9, 30), D(2022, 12, 31)]),
    ("每半年报送", EachHalfYearEnd(2022), [D(2022, 6, 30), D(2022, 12, 31)]),
    ("每年11月底前", Yearly(2022, 11), [D(2022, 11, 30)]),
    ("每年9月", Yearly(2022, 9), [D(2022, 9, 30)]),
    ("年内", WithinYear(2022), [D(2022, 12, 31)]),
    ("制发后15天内", AfterIssue(15, ISSUED), [D(2022, 6, 10)]),
    ("于30日内", AfterIssue(30, ISSUED), [D(2022, 6, 25)]),
])
def test_dated_cells_mean_these_dates(cell, rule, dates):
    parsed = parse_deadline(cell, 2022, ISSUED)
    assert parsed == rule
    assert list(parsed.dates()) == dates


@pytest.mark.parametrize("cell, rule", [
    ("长期坚持", Ongoing()),                 # Yongning row 29
    ("全年持续推进", Ongoing()),             # Zhongwei row 26
    ("全年", Ongoing()),                     # Xingqing row 2
    ("按照要求", FromContent()),             # Yongning rows 53 and 54
    ("文件公开后3个工作日内", AfterEvent("文件公开", 3, True)),
    ("决策出台后10个工作日内", AfterEvent("决策出台", 10, True)),
])
def test_undated_cells_say_why_they_have_no_date(cell, rule):
    parsed = parse_deadline(cell, 2022, ISSUED)
    assert parsed == rule
    assert parsed.dates() == ()


def test_a_policy_dependent_timeline_asks_the_office_for_a_date():
    rule = parse_deadline("根据政策时限及时推进", 2022, ISSUED)   # Zhongwei row 5
    assert isinstance(rule, NeedsDate) and rule.dates() == ()


def test_counting_from_an_unknown_issue_date_asks_for_the_date_instead_of_guessing():
    assert isinstance(parse_deadline("于30日内", 2022, None), NeedsDate)


@pytest.mark.parametrize("cell", ["明年春天", "尽快", ""])
def test_text_no_rule_understands_gives_no_rule(cell):
    assert parse_deadline(cell, 2022, ISSUED) is None


@pytest.mark.parametrize("cell", ["2月30日前", "2022年13月", "每季度最后1个月31日前"])
def test_a_day_that_does_not_exist_is_refused(cell):
    with pytest.raises(ValueError):
        parse_deadline(cell, 2022, ISSUED)


@pytest.mark.parametrize("content, rules", [
    # Yongning row 52 (column 2022年6月)
    ("各单位政务公开工作要点要于 6月 15 日前报县人民政府政务公开办公室备案", [FixedDate(D(2022, 6, 15))]),
    # Yongning row 53 (column 按照要求)
    ("本要点落实情况要于每季度最后 1个月 15日前报送县人民政府政务公开办公室", [EachQuarterLastMonthDay(2022, 15)]),
    # Yongning row 54 (column 按照要求)
    ("落实本要点进展情况纳入政府信息公开工作年度报告，及时公布、接受监督", [AnnualReportStatutory(2022)]),
    # Yongning row 39 (column 长期坚持)
    ("常态开展政府系统网络工作群清理，每半年报送清理报表", [EachHalfYearEnd(2022)]),
    # Yongning row 18 (column 2022年11月)
    ("政策图解要在文件公开后 3个工作日内上网发布", [AfterEvent("文件公开", 3, True)]),
    # Zhongwei row 40 (column 全年持续推进): the single dates inside 分别于 are not read twice
    ("逐项推动落实，分别于6月10日、9月10日、12月10日前报送工作进展情况。",
     [SeveralDates((D(2022, 6, 10), D(2022, 9, 10), D(2022, 12, 10)))]),
    # Xingqing row 13 (column 全年)
    ("每年11月底前系统梳理、先行提出清理建议……政策图解要在文件公开后3个工作日内上网发布。",
     [Yearly(2022, 11), AfterEvent("文件公开", 3, True)]),
    # Yongning row 44 (column 2022年11月)
    ("自 2022 年起每年年底前在村务公开平台以行政村为单位集中公布当年发放结果", [Yearly(2022, 12, 31)]),
    # Yongning row 46: 9月 as the 政府开放月 is not a deadline
    ("将 9月确定为全县政府开放月", []),
])
def test_duties_with_their_own_dates_are_found_in_the_content(content, rules):
    assert [rule for rule, _ in rules_in_content(content, 2022, ISSUED)] == rules


def test_the_annual_report_is_due_by_law_january_31_or_march_31_for_a_government():
    rule = AnnualReportStatutory(2022)
    assert rule.dates_for("department") == (D(2023, 1, 31),)
    assert rule.dates_for("township") == (D(2023, 1, 31),)
    assert rule.dates_for("district") == (D(2023, 3, 31),)


def test_an_event_relative_duty_falls_due_counting_official_working_days(calendar):
    # Yongning row 18: 政策图解要在文件公开后3个工作日内上网发布; the file published on Thursday 2022-09-29
    rule = AfterEvent("文件公开", 3, True)
    assert rule.due_after(D(2022, 9, 29), calendar) == (D(2022, 10, 9), False)   # over National Day, 调休 Sunday
    assert AfterEvent("决策出台", 10, True).due_after(D(2023, 4, 26), calendar) == (D(2023, 5, 12), False)
    assert AfterEvent("方案印发", 15, False).due_after(D(2022, 9, 29), calendar) == (D(2022, 10, 14), False)


@pytest.mark.parametrize("cell, rules", [
    ("长期推进", [Ongoing()]),                                                   # 广东省卫健委 2021, row 1
    ("2018年底", [WithinYear(2018)]),                                            # 北京 分工(2016-2020年), item 1
    ("2017年底前完成并持续落实", [WithinYear(2017), Ongoing()]),                   # item 3: a date, then ongoing
    ("2021年2月公布预算信息,2021年8月公布上年度决算信息", [MonthEnd(2021, 2), MonthEnd(2021, 8)]),   # 广东, row 6
    ("2022.6.30", [FixedDate(D(2022, 6, 30))]),                                  # as typed into Excel or WPS
    ("2022-06", [MonthEnd(2022, 6)]),
    ("上半年", [MonthEnd(2022, 6)]),
    ("2022年第三季度末", [MonthEnd(2022, 9)]),
    ("2022年6月底前、11月底前", [MonthEnd(2022, 6), MonthEnd(2022, 11)]),      # two deadlines in one cell
    ("适时", None),                                                              # no date: said, not guessed
])
def test_deadline_cells_as_offices_write_them(cell, rules):
    from workflows.deadline_text import parse_deadline_cell
    assert parse_deadline_cell(cell, 2022) == rules
