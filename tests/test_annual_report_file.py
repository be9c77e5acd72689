"""The annual report's template and the workbook a unit sends back: written, filled in, read."""
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from documents.annual_report_layout import POSITIONS, where
from documents.annual_report_xlsx import template_workbook
from importers.annual_report_file import AnnualWorkbookError, read_annual_workbook
from tests.annual_figures import UNIT, carried_out, fill, figures
from workflows.annual_report import CARRIED_IN, CELLS, FEES, NATURAL, T2, T3, TOTAL, carried_forward


def _template(last=None) -> bytes:
    return template_workbook(carried_forward(last, UNIT, 2022), last)


def test_the_template_names_the_unit_and_year_and_holds_tables_two_three_and_four():
    book = load_workbook(BytesIO(_template()))
    assert book.sheetnames[:3] == ["表二", "表三", "表四"]
    for name in ("表二", "表三", "表四"):
        assert book[name]["A1"].value == "永宁县司法局2022年度政府信息公开工作年度报告"
    assert book["表三"]["A6"].value == "一、本年新收政府信息公开申请数量"
    assert book["表三"]["A35"].value == "四、结转下年度继续办理"
    assert book["督办"].sheet_state == "hidden"


def test_every_figure_cell_takes_numbers_only():
    book = load_workbook(BytesIO(_template()))
    covered = {}
    for sheet in ("表二", "表三", "表四"):
        for rule in book[sheet].data_validations.dataValidation:
            for cells in rule.sqref.ranges:
                for row in book[sheet][cells.coord] if ":" in cells.coord else [[book[sheet][cells.coord]]]:
                    for cell in row:
                        covered[f"{sheet}!{cell.coordinate}"] = (rule.type, rule.operator, rule.formula1)
    assert {where(c) for c in CELLS} == set(covered)
    assert covered[where((T3, "本年新收", NATURAL))] == ("whole", "greaterThanOrEqual", "0")
    assert covered[where((T2, "行政事业性收费", FEES))] == ("decimal", "greaterThanOrEqual", "0")


def test_last_years_open_applications_and_documents_in_force_are_filled_in():
    last = figures(year=2021, cells=carried_out(1))
    book = load_workbook(BytesIO(_template(last)))
    sheet = book["表三"]
    assert sheet[POSITIONS[(T3, CARRIED_IN, NATURAL)]].value == 1
    assert sheet[POSITIONS[(T3, CARRIED_IN, TOTAL)]].value == 1
    assert sheet[POSITIONS[(T3, "本年新收", NATURAL)]].value is None      # the rest is the unit's to fill
    assert "2021年现行有效件数：规章 0 件，行政规范性文件 12 件" in book["表二"]["A3"].value


def test_a_filled_template_reads_back_as_the_figures_typed_in():
    returned = read_annual_workbook(fill(_template(), figures()), "司法局年报.xlsx")
    assert (returned.unit, returned.year) == (UNIT, 2022)
    assert dict(returned.figures.cells) == dict(figures().cells)


def test_blanks_and_words_are_read_as_they_stand_for_the_checks_to_name():
    typed = figures(cells={(T3, "本年新收", NATURAL): None, (T3, "本年新收", TOTAL): " 无 "})
    cells = read_annual_workbook(fill(_template(), typed), "x.xlsx").figures.cells
    assert cells[(T3, "本年新收", NATURAL)] is None and cells[(T3, "本年新收", TOTAL)] == "无"


def test_a_workbook_that_is_not_a_template_is_left_as_ordinary_evidence():
    book, out = Workbook(), BytesIO()
    book.active.append(["台账"])
    book.save(out)
    assert read_annual_workbook(out.getvalue(), "台账.xlsx") is None
    assert read_annual_workbook(b"PK\x03\x04 broken", "坏文件.xlsx") is None


def test_a_template_missing_a_table_is_refused_naming_the_file():
    book = load_workbook(BytesIO(_template()))
    del book["表四"]
    out = BytesIO()
    book.save(out)
    with pytest.raises(AnnualWorkbookError, match="《司法局年报.xlsx》缺少工作表表四"):
        read_annual_workbook(out.getvalue(), "司法局年报.xlsx")
