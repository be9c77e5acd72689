"""Plans from the files offices actually have: Word and Excel tables, GBK CSV — and every bad file refused plainly.

The fixtures are built here with python-docx and openpyxl from the sample plans' rows,
with the title above the table, merged cells, section rows and notes below, as offices make them.
"""
from datetime import date, datetime

import pytest
from docx import Document
from openpyxl import Workbook

from importers.plan_file import MAX_BYTES, read_plan_file
from importers.plan_text import PlanTextError
from tests.conftest import sample_roster
from workflows.check import check_plan

HEADER = ["序号", "重点工作", "主要内容", "量化指标", "责任单位", "完成时限"]
SECTION = "一、聚焦重点领域，多方面深化信息公开"
ROW1 = ["1", "加强涉及市场主体的信息公开", "抓紧建立市场主体反映投资和工程建设项目审批问题的办理和反馈机制",
        "制定相关文件建立相关机制", "县审批局、商投局", "2022年11月"]
ROW2 = ["2", "", "加大受疫情影响重的餐饮、住宿、零售、文化、旅游、客运等行业帮扶政策的公开力度",
        "查看政府网站发布信息", "各行业主管部门", "2022年11月"]
ROW52 = ["52", "强化交账意识压实工作责任", "各单位政务公开工作要点要于6月15日前报县人民政府政务公开办公室备案",
         "依据工作要点发布专项检查情况", "各乡镇（街道）、各部门（单位）", "2022年6月"]
TITLE = ["永宁县人民政府办公室文件", "永政办发〔2022〕53号", "永宁县2022年政务公开工作要点"]


def word_plan(path):
    document = Document()
    for line in TITLE:
        document.add_paragraph(line)
    table = document.add_table(rows=5, cols=6)
    for c, text in enumerate(HEADER):
        table.cell(0, c).text = text
    table.cell(1, 0).merge(table.cell(1, 5)).text = SECTION          # a section row across the table
    for r, row in ((2, ROW1), (3, ROW2), (4, ROW52)):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(2, 1).merge(table.cell(3, 1))                          # 重点工作 spans rows 1 and 2
    document.add_paragraph("注：各单位于每月25日前报送进展。")
    document.add_paragraph("永宁县人民政府办公室 2022年5月26日印发")
    document.save(path)
    return path


def excel_plan(path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["永宁县2022年政务公开工作要点任务分解表"])
    sheet.merge_cells("A1:F1")
    sheet.append(HEADER)
    sheet.append([SECTION] + [None] * 5)
    sheet.merge_cells("A3:F3")
    sheet.append([1, ROW1[1], ROW1[2], ROW1[3], ROW1[4], ROW1[5]])   # 序号 stored as a number
    sheet.append([2, None, ROW2[2], ROW2[3], ROW2[4], ROW2[5]])
    sheet.merge_cells("B4:B5")
    sheet.append([52, ROW52[1], ROW52[2], ROW52[3], ROW52[4], datetime(2022, 6, 15)])   # an Excel date
    sheet.append(["注：本表由县政务公开办制作"])
    workbook.save(path)
    return path


def check(path, **kw):
    plan = read_plan_file(path, **kw)
    return plan, check_plan(plan, sample_roster("yongning-2022"))


def test_a_word_document_with_merged_cells_and_a_section_row(tmp_path):
    plan, checked = check(word_plan(tmp_path / "要点.docx"))
    assert (plan.title, plan.doc_number, plan.issued) == ("永宁县2022年政务公开工作要点", "永政办发〔2022〕53号",
                                                          date(2022, 5, 26))
    assert [t.seq for t in plan.tasks] == ["1", "2", "52"]
    assert plan.tasks[1].heading == "加强涉及市场主体的信息公开"        # the merged 重点工作
    assert plan.tasks[0].section == SECTION
    assert checked.errors == ()
    assert [d.rule.dates() for d in checked.rows[2].obligation.duties] == [(date(2022, 6, 15),)]


def test_an_excel_sheet_with_title_rows_numbers_dates_and_notes(tmp_path):
    plan, checked = check(excel_plan(tmp_path / "要点.xlsx"), year=2022, issued=date(2022, 5, 26))
    assert [t.seq for t in plan.tasks] == ["1", "2", "52"]
    assert plan.tasks[1].heading == "加强涉及市场主体的信息公开"
    assert plan.tasks[2].deadline_text == "2022年6月15日"
    assert checked.errors == ()


def test_a_gbk_csv_with_lead_and_helper_columns_and_an_unknown_column(tmp_path):
    rows = ["序号,重点任务,具体措施,牵头单位,配合单位,量化指标,完成时限,备注,督办层级",
            "2,加强涉及市场主体信息公开,持续深化“放管服”改革,市审批服务管理局,其他部门,查看网站发布信息,2022年10月底,重点督办,市级"]
    path = tmp_path / "任务分工.csv"
    path.write_bytes("\n".join(["中卫市2022年政务公开工作要点", *rows]).encode("gbk"))
    plan = read_plan_file(path, issued=date(2022, 5, 25))
    task = plan.tasks[0]
    assert (task.units_text, task.notes) == ("市审批服务管理局牵头，其他部门配合", "重点督办；督办层级：市级")
    roles = {a.unit.name: a.role for a in check_plan(plan, sample_roster("zhongwei-2022")).rows[0].assignments}
    assert roles["中卫市审批服务管理局"] == "lead" and roles["中卫市财政局"] == "helper"


def test_the_format_is_told_by_content_not_by_the_name(tmp_path):
    misnamed = tmp_path / "plan.txt"
    misnamed.write_bytes(word_plan(tmp_path / "real.docx").read_bytes())
    assert len(read_plan_file(misnamed).tasks) == 3


@pytest.mark.parametrize("name, content, says", [
    ("empty.txt", b"", "空的"),
    ("prose.txt", "永宁县2022年政务公开工作要点\n一、总体要求\n做好公开。".encode(), "表头"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "另存为 .docx"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "损坏"),
    ("strange.csv", b"\xff\xfe\xff\xff\x80\x80", "编码"),
])
def test_a_bad_file_is_refused_with_its_name_and_what_to_do(tmp_path, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(PlanTextError, match=says) as refused:
        read_plan_file(path)
    assert name in str(refused.value)


def test_a_word_file_whose_table_has_no_recognisable_header_is_refused(tmp_path):
    document = Document()
    document.add_paragraph("永宁县2022年政务公开工作要点")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "说明"
    document.save(tmp_path / "plain.docx")
    with pytest.raises(PlanTextError, match="没有找到任务表"):
        read_plan_file(tmp_path / "plain.docx")


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    big = tmp_path / "huge.txt"
    big.write_bytes(b"x" * (MAX_BYTES + 1))
    with pytest.raises(PlanTextError, match="MB"):
        read_plan_file(big)


def test_a_plan_without_a_table_gives_candidate_tasks_to_confirm_never_final_ones(tmp_path):
    from tests.conftest import EXAMPLES
    body = (EXAMPLES / "yongning-2022" / "plan.txt").read_text(encoding="utf-8").split("附件：")[0]
    path = tmp_path / "要点正文.txt"
    path.write_text(body, encoding="utf-8")
    plan = read_plan_file(path)
    assert plan.problems[0].severity == "error" and "候选任务" in plan.problems[0].message
    judicial = next(t for t in plan.tasks if t.heading == "抓好行政规范性文件公开")
    assert (judicial.seq, judicial.units_text, judicial.deadline_text) == ("4", "县司法局", "文件公开后3个工作日内")
    assert judicial.section.startswith("（二）强民心")


def test_a_damaged_workbook_inside_a_valid_zip_is_refused(tmp_path):
    import zipfile
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-a-workbook")
    with pytest.raises(PlanTextError, match="损坏"):
        read_plan_file(path)


def test_the_office_overrides_issuer_and_number_where_the_document_is_silent(tmp_path):
    plan = read_plan_file(word_plan(tmp_path / "要点.docx"), issuer="永宁县人民政府政务公开办公室",
                          doc_number="永公开〔2022〕1号")
    assert (plan.issuer, plan.doc_number) == ("永宁县人民政府政务公开办公室", "永公开〔2022〕1号")
