"""The checks reviewers apply to a 政府信息公开工作年度报告's tables: each rule, a figure in, what is named out."""
import pytest

from tests.annual_figures import REVIEW, carried_in, carried_out, figures
from workflows.annual_checks import (carry_over, check_report, conservation, in_force, not_counts,
                                     passes, result_sums, review_totals, row_totals, year_on_year)
from workflows.annual_report import (CARRIED_IN, CARRIED_OUT, CELLS, FEES, IN_FORCE, ISSUED, NATURAL, NEW, REPEALED,
                                     RESULTS_TOTAL, T2, T3, T4, TOTAL, AnnualFigures, carried_forward, compiled)


def test_yongning_2018_in_the_2021_format_passes_every_check():
    before = figures(year=2021, cells={(T2, "行政规范性文件", IN_FORCE): 0})    # the 12 were all new
    assert check_report(figures(), before) == ()


def test_the_issues_example_of_a_broken_conservation_is_named_with_its_numbers():
    # 本年新收 12 + 上年结转 2 ≠ 办理结果总计 13 + 结转下年度 0, in the 自然人 column
    report = figures(cells={(T3, NEW, NATURAL): 12, (T3, CARRIED_IN, NATURAL): 2, (T3, RESULTS_TOTAL, NATURAL): 13})
    found = conservation(report)
    assert [f.text for f in found] == ["表三“自然人”列：本年新收 12 + 上年结转 2 ≠ 办理结果总计 13 + 结转下年度 0"]
    assert found[0].cells == ((T3, NEW, NATURAL), (T3, CARRIED_IN, NATURAL), (T3, RESULTS_TOTAL, NATURAL),
                              (T3, CARRIED_OUT, NATURAL))


@pytest.mark.parametrize("changed, check, expected", [
    # the results add up to more than （七）总计
    ({(T3, "予以公开", NATURAL): 2}, result_sums, ["表三“自然人”列：（一）至（六）各项之和 3 ≠ （七）总计 1"]),
    # a row's total forgets the 法人 columns
    ({(T3, NEW, "商业企业"): 1}, row_totals, ["表三“本年新收”行：自然人与法人或其他组织各列之和 2 ≠ 总计 1"]),
    # 行政复议's outcomes do not add up to its total
    ({(T4, REVIEW, "结果维持"): 1}, review_totals,
     ["表四“行政复议”：结果维持、结果纠正、其他结果、尚未审结之和 2 ≠ 总计 1"]),
    ({(T4, "行政诉讼（复议后起诉）", TOTAL): 3}, review_totals,
     ["表四“行政诉讼（复议后起诉）”：结果维持、结果纠正、其他结果、尚未审结之和 0 ≠ 总计 3"]),
])
def test_each_broken_sum_is_named_once(changed, check, expected):
    assert [f.text for f in check(figures(cells=changed))] == expected
    assert check(figures()) == []


@pytest.mark.parametrize("value, named", [
    (-1, "表三“本年新收”行“自然人”列：“-1”不是不小于0的整数"),
    (1.5, "表三“本年新收”行“自然人”列：“1.5”不是不小于0的整数"),
    ("无", "表三“本年新收”行“自然人”列：“无”不是不小于0的整数"),
    (1.0, None),          # Excel keeps whole numbers as 1.0
])
def test_counts_are_non_negative_whole_numbers(value, named):
    found = not_counts(figures(cells={(T3, NEW, NATURAL): value}))
    assert [f.text for f in found] == ([named] if named else [])


def test_fees_are_amounts_in_wan_yuan_and_may_have_decimals():
    fees = (T2, "行政事业性收费", FEES)
    assert not_counts(figures(cells={fees: 0.35})) == []
    assert [f.cells for f in not_counts(figures(cells={fees: -0.35}))] == [(fees,)]


def test_blank_or_slashed_cells_are_named_per_table_and_do_not_also_break_the_sums():
    report = figures(cells={(T3, NEW, NATURAL): None, (T3, "予以公开", "其他"): "/", (T4, REVIEW, TOTAL): None})
    found = check_report(report)
    assert [f.text for f in found] == ["表三有2个单元格未填（没有的请填0）", "表四有1个单元格未填（没有的请填0）"]
    assert found[0].cells == ((T3, NEW, NATURAL), (T3, "予以公开", "其他"))
    assert not passes(found)


def test_last_years_carry_over_must_be_this_years_brought_forward():
    last = figures(year=2021, cells=carried_out(1))
    assert carry_over(last, figures(cells=carried_in(1))) == []
    found = carry_over(last, figures())
    assert [f.text for f in found] == ["表三“自然人”列：上年结转 0，但2021年报告的结转下年度为 1",
                                       "表三“总计”列：上年结转 0，但2021年报告的结转下年度为 1"]
    assert found[0].cells == ((T3, CARRIED_IN, NATURAL),)


def test_documents_in_force_are_last_years_plus_issued_minus_repealed():
    row = "行政规范性文件"
    last = figures(year=2021)     # 12 in force at the end of 2021
    this = figures(cells={(T2, row, ISSUED): 3, (T2, row, REPEALED): 1, (T2, row, IN_FORCE): 14})
    assert in_force(last, this) == []
    wrong = figures(cells={(T2, row, ISSUED): 3, (T2, row, REPEALED): 1, (T2, row, IN_FORCE): 15})
    assert [f.text for f in in_force(last, wrong)] == [
        "表二“行政规范性文件”：2021年现行有效 12 + 本年制发 3 − 本年废止 1 = 14 ≠ 现行有效 15"]


@pytest.mark.parametrize("issued, warned", [(61, True), (60, False), (3, False), (2, True)])     # last year: 12
def test_a_figure_beyond_five_times_or_below_a_fifth_of_last_years_is_a_question_not_an_error(issued, warned):
    row = "行政规范性文件"
    this = figures(cells={(T2, row, ISSUED): issued, (T2, row, IN_FORCE): 12 + issued})
    found = year_on_year(figures(year=2021), this)
    assert [f.cells for f in found] == ([((T2, row, ISSUED),)] if warned else [])
    assert passes(check_report(this, figures(year=2021)))


def test_the_compiled_tables_are_every_cell_summed():
    a = figures("永宁县司法局", cells={(T2, "行政事业性收费", FEES): 0.1})
    b = figures("永宁县民政局", cells={(T2, "行政事业性收费", FEES): 0.2, (T4, REVIEW, "其他结果"): 2,
                                  (T4, REVIEW, TOTAL): 2})
    total = compiled([a, b], "永宁县人民政府", 2022)
    assert total.value((T3, NEW, TOTAL)) == 2
    assert total.value((T4, REVIEW, TOTAL)) == 3
    assert total.value((T2, "行政事业性收费", FEES)) == 0.3
    assert all(total.value(c) == a.value(c) + b.value(c) for c in CELLS if c[0] != T2 or c[2] != FEES)
    assert check_report(total) == ()


def test_this_years_template_brings_forward_last_years_open_applications():
    brought = carried_forward(figures(year=2021, cells=carried_out(1)), "永宁县司法局", 2022)
    assert brought.value((T3, CARRIED_IN, NATURAL)) == 1 and brought.value((T3, CARRIED_IN, TOTAL)) == 1
    assert carried_forward(None, "永宁县司法局", 2022) == AnnualFigures("永宁县司法局", 2022)
