"""Files built to expand or to mislead are refused in one line naming them, in seconds and bounded memory.

The attack files are made here, never committed: a few KB of zip that declare gigabytes, a sheet whose cells
or merged ranges reach the sheet's far corner, a roster whose nested YAML aliases expand a billion-fold.
"""
import resource
import zipfile

import pytest
from openpyxl import Workbook

from importers.plan_file import read_plan_file
from importers.plan_text import PlanTextError
from importers.roster_file import RosterError, load_roster
from tests.test_plan_formats import excel_plan, word_plan


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rewrite(source, target, member, change):
    """A copy of the Office file `source` with one member's XML changed by `change`."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item)
            copy.writestr(item, change(data) if item.filename == member else data)
    return target


def _refused_quickly(path, says):
    before = _peak_mb()
    with pytest.raises(PlanTextError, match=says) as refused:
        read_plan_file(path)
    assert _peak_mb() - before < 100     # openpyxl took 3.5 GB for the far corner
    assert path.name in str(refused.value) and "\n" not in str(refused.value)


def test_a_sheet_with_a_cell_in_its_far_corner_is_refused_before_openpyxl_fills_it(tmp_path):
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    path = _rewrite(excel_plan(tmp_path / "real.xlsx"), tmp_path / "远角.xlsx", "xl/worksheets/sheet1.xml",
                    lambda xml: xml.replace(b"</sheetData>", far))
    _refused_quickly(path, "超过 5000 行")


def test_a_merged_range_over_200000_rows_is_refused(tmp_path):
    path = _rewrite(excel_plan(tmp_path / "real.xlsx"), tmp_path / "合并.xlsx", "xl/worksheets/sheet1.xml",
                    lambda xml: xml.replace(b'<mergeCell ref="A1:F1"/>', b'<mergeCell ref="A1:Z200000"/>'))
    _refused_quickly(path, "合并单元格超过 5000 行")


def test_a_row_of_more_than_100_columns_is_refused(tmp_path):
    workbook = Workbook()
    workbook.active.append(["序号"] * 101)
    workbook.save(tmp_path / "宽表.xlsx")
    _refused_quickly(tmp_path / "宽表.xlsx", "超过 100 列")


def test_a_word_file_that_expands_past_50_mb_is_refused_from_its_declared_sizes(tmp_path):
    padding = b"<!--" + b" " * (60 * 1024 * 1024) + b"-->"
    path = _rewrite(word_plan(tmp_path / "real.docx"), tmp_path / "膨胀.docx", "word/document.xml",
                    lambda xml: xml.replace(b"<w:body>", b"<w:body>" + padding))
    assert path.stat().st_size < 1024 * 1024
    _refused_quickly(path, "解压后超过 50 MB")


def test_a_word_table_of_more_than_5000_rows_is_refused(tmp_path):
    row = b"<w:tr><w:tc><w:p/></w:tc></w:tr>"
    path = _rewrite(word_plan(tmp_path / "real.docx"), tmp_path / "长表.docx", "word/document.xml",
                    lambda xml: xml.replace(b"</w:tbl>", row * 5001 + b"</w:tbl>", 1))
    _refused_quickly(path, "Word 表格超过 5000 行")


def test_a_word_cell_spanning_a_million_columns_is_refused(tmp_path):
    path = _rewrite(word_plan(tmp_path / "real.docx"), tmp_path / "跨列.docx", "word/document.xml",
                    lambda xml: xml.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="1000000"/>', 1))
    _refused_quickly(path, "超过 100 列")


def test_ordinary_word_and_excel_plans_still_read(tmp_path):
    assert len(read_plan_file(word_plan(tmp_path / "要点.docx")).tasks) == 3
    assert len(read_plan_file(excel_plan(tmp_path / "要点.xlsx")).tasks) == 3


def _roster(tmp_path, text, name="roster.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_roster_of_nested_aliases_is_refused_before_it_expands(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    path = _roster(tmp_path, "\n".join(lines) + "\nunits: *a9\n")
    with pytest.raises(RosterError, match="别名") as refused:
        load_roster(path)
    assert str(path) in str(refused.value)


def test_a_roster_using_an_alias_or_two_still_reads(tmp_path):
    path = _roster(tmp_path, "units:\n  - {name: 县司法局, kind: department, groups: &depts [各部门]}\n"
                             "  - {name: 县财政局, kind: department, groups: *depts}\n")
    assert [u.groups for u in load_roster(path).units] == [("各部门",), ("各部门",)]


@pytest.mark.parametrize("units, says", [
    ("  - {name: 县司法局, kind: department}\n  - "
     "{name: 县司法局, kind: department}\n", r"units\[1\]（县司法局）：单位重复"),
    ("  - {name: '  ', kind: department}\n", r"units\[0\]：每个单位都要有名称（name），不能为空"),
    ("  - {name: 县财政局, kind: department, aliases: 县财政}\n", r"units\[0\]（县财政局）：aliases 应写成列表"),
    ("  - {name: 县财政局, kind: department, groups: 各部门}\n", r"units\[0\]（县财政局）：groups 应写成列表"),
])
def test_a_roster_entry_that_is_duplicated_blank_or_has_aliases_as_a_string_is_refused_by_its_entry(tmp_path, units,
                                                                                                   says):
    path = _roster(tmp_path, "units:\n" + units)
    with pytest.raises(RosterError, match=says) as refused:
        load_roster(path)
    assert str(path) in str(refused.value)


def test_a_roster_workbook_that_expands_past_the_limits_is_refused(tmp_path):
    workbook = Workbook()
    workbook.active.append(["单位名称", "类型", "别名", "所属分组"])
    workbook.active["A6000"] = "县司法局"
    workbook.save(tmp_path / "名册.xlsx")
    with pytest.raises(RosterError, match="名册.xlsx：工作表 sheet1.xml 超过 5000 行"):
        load_roster(tmp_path / "名册.xlsx")


CSV_HEADER = "序号,重点工作,主要内容,量化指标,责任单位,完成时限\n"


@pytest.mark.parametrize("row, says", [
    ('1,公开,"制度\x00文件",查看,县司法局,2022年11月\n', "第 2 行含有空字符（NUL）"),
    ('1,公开,"' + "长" * 200_000 + '",查看,县司法局,2022年11月\n', "第 2 行：单元格过长"),
])
def test_a_csv_cell_the_database_or_the_csv_reader_would_choke_on_is_refused_by_its_line(tmp_path, row, says):
    path = tmp_path / "要点.csv"
    path.write_text(CSV_HEADER + row, encoding="utf-8")
    with pytest.raises(PlanTextError, match=says) as refused:
        read_plan_file(path)
    assert str(refused.value).startswith(str(path))


def test_a_sheet_the_package_keeps_at_an_unusual_path_is_checked_too(tmp_path):
    moved = {"xl/worksheets/sheet1.xml": "xl/elsewhere/data.xml"}
    far = b'<row r="9000"><c r="A9000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    source = excel_plan(tmp_path / "real.xlsx")
    path = tmp_path / "挪走.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item).replace(b"worksheets/sheet1.xml", b"elsewhere/data.xml")
            if item.filename in moved:
                data = data.replace(b"</sheetData>", far)
            copy.writestr(moved.get(item.filename, item.filename), data)
    _refused_quickly(path, "data.xml 超过 5000 行")


def test_a_returned_annual_report_workbook_with_a_cell_in_its_far_corner_is_refused_before_calamine_reads_it(tmp_path):
    from importers.annual_report_file import AnnualWorkbookError, read_annual_workbook
    from tests.test_annual_report_file import _template
    template = tmp_path / "年报.xlsx"
    template.write_bytes(_template())
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    path = _rewrite(template, tmp_path / "远角年报.xlsx", "xl/worksheets/sheet1.xml",
                    lambda xml: xml.replace(b"</sheetData>", far))
    before = _peak_mb()
    with pytest.raises(AnnualWorkbookError, match="《远角年报.xlsx》工作表 sheet1.xml 超过 5000 行"):
        read_annual_workbook(path.read_bytes(), path.name)
    assert _peak_mb() - before < 100
