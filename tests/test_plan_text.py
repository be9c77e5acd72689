"""Reading the sample plans' task tables as they are: PDF text, tab-separated, a bureau ledger."""
from datetime import date

import pytest

from importers.plan_text import PlanTextError, read_plan_text
from tests.conftest import sample_plan


@pytest.fixture(scope="module")
def yongning():
    return sample_plan("yongning-2022")


@pytest.fixture(scope="module")
def zhongwei():
    return sample_plan("zhongwei-2022")


@pytest.fixture(scope="module")
def xingqing():
    return sample_plan("xingqing-xinfang-2022")


def test_every_row_of_each_sample_table_is_read(yongning, zhongwei, xingqing):
    assert [t.seq for t in yongning.tasks] == [str(n) for n in range(1, 55)]
    assert len(zhongwei.tasks) == 44
    assert [t.seq for t in xingqing.tasks] == [str(n) for n in range(1, 18)]


def test_the_document_states_issuer_year_issue_date_and_number(yongning, zhongwei, xingqing):
    assert (yongning.issuer, yongning.year, yongning.issued, yongning.doc_number) == (
        "永宁县人民政府办公室", 2022, date(2022, 5, 26), "永政办发〔2022〕53号")
    # 印发日期 is the printing line (5月25日印发), not the signature date (5月24日)
    assert (zhongwei.issuer, zhongwei.issued, zhongwei.doc_number) == (
        "中卫市人民政府办公室", date(2022, 5, 25), "卫政办发〔2022〕49号")
    assert (xingqing.issuer, xingqing.year, xingqing.issued) == ("银川市兴庆区信访局", 2022, None)


def test_a_pdf_row_broken_over_many_lines_comes_back_whole(yongning):
    row = yongning.tasks[0]
    assert row.heading == "加强涉及市场主体的信息公开"
    assert row.content == ("抓紧建立市场主体反映投资和工程建设项目审批问题的办理和反馈机制，"
                           "及时回应和解决“堵点”问题，持续优化投资和建设环境")
    assert row.metric == "制定相关文件建立相关机制"
    assert row.units_text == "县审批局、商投局"
    assert row.deadline_text == "2022年11月"
    assert row.section == "一、聚焦重点领域，多方面深化信息公开"


@pytest.mark.parametrize("row, heading, content_end, metric, units, deadline", [
    # row 2: heading cell merged with row 1; metric and units share a line
    (2, "加强涉及市场主体的信息公开", "促进稳就业和消费恢复", "查看政府网站发布信息", "各行业主管部门", "2022年11月"),
    # row 8: content and metric share a line
    (8, "抓好疫情防控信息公开", "确保指令保持一致", "依据实际掌握情况", "县卫健局、县应对新冠肺炎疫情防控指挥部办公室",
     "2022年11月"),
    # row 37: a two-character last content line is still content
    (37, "强化公开平台管理", "网民留言办理答复", "查看政府网站留言办理情况", "各乡镇（街道）、各部门（单位）",
     "长期坚持"),
    # row 41: metric, units and deadline on one line
    (41, "强化公开平台管理", "拓宽政务服务公开平台", "依据实际开展情况", "县审批局", "2022年6月"),
    # row 48: after the page number line — 24 —
    (48, "强化舆论引导压实主体责任", "营造良好政策环境和发展氛围", "依据实际掌握情况", "各乡镇（街道）、各部门（单位）",
     "2022年11月"),
    # row 49: a unit name broken across lines
    (49, "强化监督问效压实考核责任", "依纪依法严肃追究责任", "依据实际掌握情况", "县人民政府政务公开办公室",
     "2022年11月"),
    (53, "强化交账意识压实工作责任", "报送县人民政府政务公开办公室", "依据资料报送情况",
     "各乡镇（街道）、各部门（单位）", "按照要求"),
])
def test_yongning_rows_keep_their_cells_apart(yongning, row, heading, content_end, metric, units, deadline):
    task = yongning.tasks[row - 1]
    assert (task.heading, task.metric, task.units_text, task.deadline_text) == (heading, metric, units, deadline)
    assert task.content.endswith(content_end)


def test_tab_separated_rows_fill_merged_headings_and_keep_repeated_numbers(zhongwei):
    assert zhongwei.tasks[1].heading == "加强涉及市场主体信息公开"   # empty cell: same as above
    assert [t.row for t in zhongwei.tasks if t.seq == "33"] == [33, 34]
    last = zhongwei.tasks[-1]
    assert (last.seq, last.units_text, last.metric, last.deadline_text) == (
        "43", "各县（区），市政府办公室", "依据实际开展情况", "全年持续推进")


def test_the_ledger_without_a_metric_column_reads_heading_content_and_sections(xingqing):
    first, eighth, last = xingqing.tasks[0], xingqing.tasks[7], xingqing.tasks[-1]
    assert first.heading.startswith("认真贯彻落实中央") and first.heading.endswith("胜利召开。")
    assert first.content.startswith("以习近平新时代") and first.units_text == "办公室、接访大厅"
    assert eighth.heading == "抓好《信访工作条例》宣传解读" and eighth.units_text == "办公室、接访大厅"
    assert xingqing.tasks[13].content.endswith("营造良好政策环境和发展氛围。")   # a lone 。 line
    assert (last.units_text, last.deadline_text, last.metric) == ("办公室", "全年", "")


def test_a_text_without_a_task_table_is_refused_plainly():
    with pytest.raises(PlanTextError, match="表头"):
        read_plan_text("永宁县2022年政务公开工作要点\n一、总体要求\n")


def test_year_and_issue_date_can_be_overridden(xingqing):
    text = "2022年银川市兴庆区信访局政务公开工作要点任务落实台账\n序号 重点工作 主要内容 责任科室 完成时限\n"
    plan = read_plan_text(text, year=2023, issued=date(2023, 3, 1))
    assert (plan.year, plan.issued) == (2023, date(2023, 3, 1))


def aligned(cells_by_row: list[list[str]], widths: list[int]) -> str:
    """A table printed the way `pdftotext -layout` does: wrapped cells side by side, padded with spaces."""
    from workflows.text import display_width

    def wrap(text, width):
        lines, line = [], ""
        for char in text:
            if display_width(line + char) > width:
                lines.append(line)
                line = ""
            line += char
        return lines + [line]

    out = []
    for cells in cells_by_row:
        wrapped = [wrap(c, w) for c, w in zip(cells, widths)]
        for i in range(max(map(len, wrapped))):
            parts = [(w[i] if i < len(w) else "") for w in wrapped]
            out.append("".join(p + " " * (width + 2 - display_width(p)) for p, width in zip(parts, widths)).rstrip())
    return "\n".join(out)


def test_a_table_printed_with_aligned_columns_is_read_cell_by_cell(zhongwei):
    rows = [["序号", "重点任务", "具体措施", "责任部门", "量化指标", "完成时限"]]
    rows += [[t.seq, t.heading if t.row in (1, 5) else "", t.content, t.units_text, t.metric, t.deadline_text]
             for t in zhongwei.tasks[:7]]
    text = "中卫市2022年政务公开工作要点\n" + aligned(rows, [4, 16, 40, 22, 12, 20]) + "\n抄送：市委办公室"
    plan = read_plan_text(text, issued=date(2022, 5, 25))
    assert [(t.seq, t.heading, t.content, t.units_text, t.deadline_text) for t in plan.tasks] == [
        (t.seq, t.heading, t.content, t.units_text, t.deadline_text) for t in zhongwei.tasks[:7]]
