"""Plans as offices really publish them: real rows from tests/data/plans, one test per kind of layout.

Each document there comes with its roster and a key of what every row means (see its README).
"""
import json
from datetime import date
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from bench.plan_corpus import CORPUS, score_document
from bot.cli.main import main
from documents.review_xlsx import review_workbook
from importers.plan_file import read_plan_file
from importers.plan_text import PlanTextError
from importers.roster_file import load_roster
from tests.conftest import EXAMPLES, sample_plan, sample_roster
from workflows.check import check_plan
from workflows.deadline import Ongoing, Unstated
from workflows.plan import TABLE
from workflows.table import column_mapping


def checked(name: str, **kw):
    plan = read_plan_file(CORPUS / name, **kw)
    return check_plan(plan, load_roster(CORPUS / (name.rsplit(".", 1)[0] + ".roster.yaml")))


def units(row, role=None) -> set[str]:
    return {a.unit.name for a in row.assignments if role is None or a.role == role}


def dates(row) -> list[date]:
    return sorted(d for r in row.obligation.rules for d in r.dates())


def problems_of(check, row) -> list[str]:
    return [p.message for p in check.problems if p.row == row.obligation.task.row]


@pytest.mark.parametrize("key", sorted(CORPUS.glob("*.key.json")), ids=lambda p: p.name.split(".")[0])
def test_every_published_plan_yields_a_review_workbook_and_no_row_is_silently_wrong(key):
    score = score_document(key)
    assert score.workbook and score.wrong == 0, score.misses


def test_an_excel_ledger_with_merged_task_names_and_section_columns_is_read_by_its_headers_meaning():
    check = checked("gd-wsjkw-2021.xlsx")
    first, budget = check.rows[0], check.rows[5]
    assert first.obligation.task.heading == "做好常态化疫情防控信息发布"          # 工作任务, merged over four rows
    assert check.rows[1].obligation.task.heading == "做好常态化疫情防控信息发布"
    assert units(first) == {"应急处", "监督处", "医政医管处", "疾控处", "基层处"}   # …基层处等按职责分工落实
    assert any("等" in m for m in problems_of(check, first))                      # the open list is said
    assert first.obligation.rules == (Ongoing(),)                                # 长期推进
    assert dates(budget) == [date(2021, 2, 28), date(2021, 8, 31)]   # 2021年2月公布预算信息，2021年8月公布…决算信息
    assert units(check.rows[3]) == {"规划信息处"}                               # 规划信息处(爱卫办): one unit


def test_an_assessment_table_of_indicator_levels_reads_the_last_level_as_the_task_and_stacked_units_apart():
    check = checked("zhoucun-wjj-2021.docx")
    inspection = check.rows[3]
    assert inspection.obligation.task.content.startswith("是否公开2021年本地区对公共场所")
    assert units(inspection) == {"医政医管与疾控监督科", "区卫生健康监督执法大队"}   # two lines of one cell
    assert inspection.obligation.rules == (Unstated(),)                      # 2021年 is a scope, not a deadline
    assert check.plan.year == 2021                                           # 区卫生健康局2021年度…分工


def test_a_gbk_csv_without_a_deadline_column_or_a_year_asks_for_the_year_naming_the_file():
    with pytest.raises(PlanTextError, match="--plan-year") as refused:
        read_plan_file(CORPUS / "jieyang-2018.csv")
    assert "jieyang-2018.csv" in str(refused.value) and "没有找到任务表" not in str(refused.value)
    check = checked("jieyang-2018.csv", year=2018)
    row = check.rows[1]                     # 市法制局牵头,市有关单位,各县(市、区)人民政府(管委会)负责
    assert units(row, "lead") == {"揭阳市法制局"}
    assert {"榕城区人民政府", "普宁市人民政府", "揭阳市财政局"} <= units(row, "responsible")
    assert row.obligation.task.heading == "(一)围绕建设法治政府全面推进政务公开"     # 工作任务 beside 具体要求
    assert any("没有写明完成时限" in m for m in problems_of(check, row))


def test_one_prose_paragraph_closed_by_several_tags_is_several_tasks():
    check = checked("beijing-2019.docx")
    tasks = [r.obligation.task for r in check.rows]
    assert [t.seq for t in tasks[:4]] == ["(一)"] * 4
    assert units(check.rows[0]) == {"北京市规划和自然资源委员会", "北京市住房和城乡建设委员会"}   # …分别负责落实
    assert units(check.rows[1]) == {"北京市发展和改革委员会"}
    assert tasks[4].content.startswith("及时发布2022年北京冬奥会")
    assert dates(check.rows[4]) == []                       # 2022年北京冬奥会 is not a deadline
    assert check.plan.issued == date(2019, 7, 8)


def test_label_lines_under_each_item_give_lead_units_and_a_date_that_goes_on():
    check = checked("beijing-fengong-2016-2020.docx")
    first, third = check.rows[0], check.rows[2]
    assert units(first, "lead") == {"北京市人大常委会法制工作委员会办公室", "北京市人民政府法制办公室"}
    assert dates(first) == [date(2018, 12, 31)]                                          # 2018年底
    assert dates(third) == [date(2017, 12, 31)] and Ongoing() in third.obligation.rules  # …完成并持续落实
    assert "东城区人民政府" in units(third, "responsible")                                 # 各区政府
    assert check.plan.year == 2016                                                        # 分工(2016-2020年)


def test_a_tag_inside_the_sentence_and_one_cut_short_are_both_read():
    check = checked("xicheng-2018.docx")
    first, second = check.rows
    assert units(first, "lead") == {"北京市西城区人民政府办公室", "北京市西城区科学技术和信息化委员会"}
    assert "什刹海街道" in units(first, "responsible")                     # 各街道负责落实
    assert units(second) == {"北京市西城区教育委员会", "北京市西城区环境保护局", "北京市西城区文化委员会",
                             "北京市西城区卫生和计划生育委员会", "北京市西城区城市管理委员会"}   # …等相关部门负责落…
    assert check.plan.doc_number == "西政办发〔2018〕6号"


def test_a_tag_with_its_deadline_gives_both():
    row = checked("mentougou-2023.txt").rows[0]      # (区发改委负责落实,完成时限:2023年10月)
    assert units(row) == {"北京市门头沟区发展和改革委员会"} and dates(row) == [date(2023, 10, 31)]


def test_a_wrapped_pdf_text_with_a_scope_note_and_a_group_named_with_a_comma():
    check = checked("zibo-2025.txt")
    first, second = check.rows[:2]
    assert {"淄博高新技术产业开发区管理委员会", "张店区人民政府", "淄博市司法局"} <= units(first)
    departments = {u.name for u in load_roster(CORPUS / "zibo-2025.roster.yaml").group("市政府各部门、单位")}
    assert units(second) == departments                          # (责任单位:市政府各部门、单位)
    assert (check.plan.year, check.plan.issued) == (2025, date(2025, 5, 28))   # 淄政办字〔2025〕17号


def test_the_notices_own_paragraphs_name_their_doers_as_subjects():
    check = checked("baicheng-2019.txt")
    arrangement, measures = check.rows[:2]
    assert arrangement.obligation.task.seq == "二"                        # 一、总体要求 is not a task
    assert "白城市财政局" in units(arrangement) and "洮北区人民政府" in units(arrangement)   # 各地、各相关部门要…
    assert dates(measures) == [date(2019, 6, 10)]                         # …于6月10日前…公开发布
    assert units(check.rows[2]) == {"白城市政务公开办公室"}                # 市政务公开办将…: a new doer, a new task


def test_a_department_plan_naming_nobody_is_not_given_the_body_it_assists():
    check = checked("bjamr-2021.docx")
    assisting = check.rows[2]
    assert "配合市政务服务局" in assisting.obligation.task.content and units(assisting) == set()
    assert any("没有写明责任单位" in m for m in problems_of(check, assisting))


def test_targets_that_open_with_their_date_and_a_year_from_the_doc_number():
    check = checked("xinxiang-2020.txt")
    assert (check.plan.year, check.plan.issued) == (2020, date(2020, 6, 2))   # 新政办〔2020〕23号, no year in the title
    assert [dates(r) for r in check.rows] == [[date(2020, 12, 31)], [date(2022, 6, 30)]]   # 2020年年底前, 2022年6月底前


def test_a_table_that_stops_after_its_header_still_gives_the_notices_tasks():
    check = checked("haishu-2021.txt")
    assert [r.obligation.task.seq for r in check.rows] == ["一", "二", "三"]
    assert dates(check.rows[1]) == [date(2021, 11, 30)]
    assert review_workbook(check)


def test_the_office_maps_a_column_duban_does_not_know(tmp_path):
    book = load_workbook(CORPUS / "gd-wsjkw-2021.xlsx")
    book.active["E2"] = "办结节点"
    book.save(tmp_path / "台账.xlsx")
    plan = read_plan_file(tmp_path / "台账.xlsx")
    notice = next(p.message for p in plan.problems if p.field == TABLE)
    assert "未识别的列：办结节点" in notice and "--columns 完成时限=办结节点" in notice
    mapped = read_plan_file(tmp_path / "台账.xlsx", columns=column_mapping(["完成时限=办结节点"]))
    assert mapped.tasks[5].deadline_text.startswith("2021年2月公布预算信息")


def test_a_header_over_two_rows_reads_lead_and_helpers_apart(tmp_path):
    document = Document()
    document.add_paragraph("揭阳市2018年政务公开工作任务分工")
    table = document.add_table(rows=3, cols=4)
    for c, text in enumerate(["具体要求", "责任单位", "责任单位", "完成时限"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["具体要求", "牵头单位", "配合单位", "完成时限"]):
        table.cell(1, c).text = text
    for c, text in enumerate(["2. 制定出台涉及公共利益、公众权益的政策文件，要对公开相关信息作出明确规定。",
                              "市法制局", "市有关单位", "2018年底前"]):
        table.cell(2, c).text = text
    document.save(tmp_path / "分工.docx")
    row = check_plan(read_plan_file(tmp_path / "分工.docx"), load_roster(CORPUS / "jieyang-2018.roster.yaml")).rows[0]
    assert units(row, "lead") == {"揭阳市法制局"} and "揭阳市财政局" in units(row, "helper")
    assert dates(row) == [date(2018, 12, 31)]


def test_the_issue_date_is_only_taken_from_where_the_document_states_it(tmp_path):
    csv = "中卫市2022年政务公开工作要点\n序号,具体措施,责任部门,完成时限\n1,公开年度预算,市财政局,2022年3月31日\n"
    (tmp_path / "要点.csv").write_text(csv, encoding="utf-8")
    plan = read_plan_file(tmp_path / "要点.csv")
    assert plan.issued is None and any("没有写明印发日期" in p.message for p in plan.problems)


def test_a_signing_date_that_does_not_exist_is_named_in_chinese_with_file_and_line(tmp_path):
    (tmp_path / "要点.txt").write_text("永宁县2022年政务公开工作要点\n永宁县人民政府办公室\n2022年2月30日印发\n",
                                     encoding="utf-8")
    with pytest.raises(PlanTextError, match="第3行") as refused:
        read_plan_file(tmp_path / "要点.txt")
    assert "要点.txt" in str(refused.value) and "2月没有30日" in str(refused.value)


def test_the_offices_corrected_deadline_replaces_what_the_content_says(tmp_path):
    check = check_plan(sample_plan("yongning-2022"), sample_roster("yongning-2022"))
    book = load_workbook(BytesIO(review_workbook(check)))
    sheet = book.active
    header = [c.value for c in sheet[4]]
    row52 = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "52")
    row52[header.index("完成时限")].value = "2022年6月20日前"        # content: …要于6月15日前报…备案
    book.save(tmp_path / "审核.xlsx")
    corrected = check_plan(read_plan_file(tmp_path / "审核.xlsx"), sample_roster("yongning-2022"))
    assert dates(next(r for r in corrected.rows if r.obligation.task.seq == "52")) == [date(2022, 6, 20)]


def test_a_misprinted_year_is_flagged_not_followed():
    plan = sample_plan("yongning-2022")
    from dataclasses import replace
    plan = replace(plan, tasks=(replace(plan.tasks[0], deadline_text="2012年11月"),))
    check = check_plan(plan, sample_roster("yongning-2022"))
    assert dates(check.rows[0]) == [] and "2012" in check.errors[0].message


def test_a_sentence_in_the_unit_cell_is_flagged_not_guessed():
    from workflows.responsibility import SENTENCE, parse_units
    found, problems = parse_units("各单位要按照本要点要求，结合实际做好本单位政务公开工作，并于每季度末报送进展情况。",
                                  sample_roster("yongning-2022"))
    assert found == [] and [p.message for p in problems] == [SENTENCE]


def test_a_scope_given_once_with_xiatong_widens_the_group_in_later_rows():
    from workflows.responsibility import carried_scopes
    text, scopes = carried_scopes("市政府各部门、单位,各区县政府(含高新区、经济开发区、文昌湖省级旅游度假区管委会,"
                                  "下同)", {})
    later, _ = carried_scopes("各区县政府", scopes)
    assert later == "各区县政府(含高新区、经济开发区、文昌湖省级旅游度假区管委会)"


def test_due_takes_the_unit_as_the_zhongwei_plan_writes_it(capsys):
    status = main(["due", "--plan", str(EXAMPLES / "zhongwei-2022" / "plan.txt"), "--roster",
                   str(EXAMPLES / "zhongwei-2022" / "roster.yaml"), "--unit", "市司法局", "--format", "json"])
    out = capsys.readouterr().out
    assert status == 0 and {i["unit"] for i in json.loads(out)} == {"中卫市司法局"}
