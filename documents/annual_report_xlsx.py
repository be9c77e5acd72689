"""The annual report's tables as a workbook: the template a unit fills in, and the 本级 tables the office compiles.

Figure cells accept numbers only (Excel's and WPS's data validation: whole numbers
from 0, the fees in 万元 any amount from 0) and are shaded; what Duban knows from
last year's report (上年结转, last year's 现行有效件数) is filled in already.
"""
from collections import defaultdict

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from documents.annual_report_layout import (FIRST_ROW, MARK_SHEET, POSITIONS, SHEETS, TABLE2_HEADERS, TABLE2_LABELS,
                                            TABLE3_LABELS)
from documents.sheets import add_table, workbook_bytes
from workflows.annual_report import (AMOUNTS, IN_FORCE, ORGANISATIONS, T2, T3, T4, TABLE2, TABLE4_COLUMNS,
                                     TABLE4_ROWS, AnnualFigures)
from workflows.annual_rollup import Standing

HEADINGS = {T2: "二、主动公开政府信息情况", T3: "三、收到和处理政府信息公开申请情况",
            T4: "四、政府信息公开行政复议、行政诉讼情况"}
HOW_TO_FILL = "只填数字，没有的填0；请勿增删行列。填好后在督办机器人中把本文件作为年度报告事项的佐证发回。"
SHADE = PatternFill("solid", fgColor="FFF2CC")
BOLD = Font(bold=True)


def title_of(unit: str, year: int) -> str:
    return f"{unit}{year}年度政府信息公开工作年度报告"


def _sheet(book: Workbook, table: str, title: str, widths: tuple[int, ...], note: str) -> Worksheet:
    sheet = book.active if book.active.title == "Sheet" else book.create_sheet()
    sheet.title = SHEETS[table]
    sheet.append([title])
    sheet.append([HEADINGS[table]])
    sheet.append([note])
    sheet["A1"].font, sheet["A2"].font = Font(bold=True, size=14), BOLD
    for n, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + n)].width = width
    return sheet


def _table2(book: Workbook, title: str, last: AnnualFigures | None) -> None:
    note = HOW_TO_FILL
    if last is not None:
        known = "，".join(f"{row} {last.value((T2, row, IN_FORCE))} 件" for row, columns in TABLE2
                         if IN_FORCE in columns and last.value((T2, row, IN_FORCE)) is not None)
        note += f"{last.year}年现行有效件数：{known}（本年现行有效 = 上年 + 本年制发 − 本年废止）。" if known else ""
    sheet = _sheet(book, T2, title, (24, 16, 16, 16), note)
    for row, header in TABLE2_HEADERS:
        for n, text in enumerate(header, start=1):
            sheet.cell(row, n, text).font = BOLD
    for row, label in TABLE2_LABELS.items():
        sheet.cell(row, 1, label)


def _table3(book: Workbook, title: str) -> None:
    sheet = _sheet(book, T3, title, (56, 10, 10, 10, 12, 12, 10, 10), HOW_TO_FILL)
    sheet.cell(FIRST_ROW, 1, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    for column, text in ((2, "自然人"), (3, "法人或其他组织"), (8, "总计")):
        sheet.cell(FIRST_ROW, column, text).font = BOLD
    sheet.merge_cells(start_row=FIRST_ROW, start_column=3, end_row=FIRST_ROW, end_column=7)
    for n, kind in enumerate(ORGANISATIONS, start=3):
        sheet.cell(FIRST_ROW + 1, n, kind).font = BOLD
    for row, label in TABLE3_LABELS.items():
        sheet.cell(row, 1, label).alignment = Alignment(wrap_text=True)


def _table4(book: Workbook, title: str) -> None:
    sheet = _sheet(book, T4, title, (10,) * 15, HOW_TO_FILL)
    width = len(TABLE4_COLUMNS)
    sheet.cell(FIRST_ROW, 1, "行政复议").font = BOLD
    sheet.cell(FIRST_ROW, width + 1, "行政诉讼").font = BOLD
    sheet.merge_cells(start_row=FIRST_ROW, start_column=1, end_row=FIRST_ROW + 1, end_column=width)
    sheet.merge_cells(start_row=FIRST_ROW, start_column=width + 1, end_row=FIRST_ROW, end_column=3 * width)
    for n, name in enumerate(TABLE4_ROWS[1:], start=1):
        sheet.cell(FIRST_ROW + 1, n * width + 1, name.removeprefix("行政诉讼（").removesuffix("）")).font = BOLD
        sheet.merge_cells(start_row=FIRST_ROW + 1, start_column=n * width + 1, end_row=FIRST_ROW + 1,
                          end_column=(n + 1) * width)
    for n in range(len(TABLE4_ROWS)):
        for i, outcome in enumerate(TABLE4_COLUMNS, start=1):
            sheet.cell(FIRST_ROW + 2, n * width + i, outcome).font = BOLD


def _validation(sheet: Worksheet, amount: bool) -> DataValidation:
    kind, error = ("decimal", "只能填不小于0的金额（万元）") if amount else ("whole", "只能填不小于0的整数")
    validation = DataValidation(type=kind, operator="greaterThanOrEqual", formula1="0", showErrorMessage=True,
                                error=error, errorTitle="督办")
    sheet.add_data_validation(validation)
    return validation


def _figures(book: Workbook, figures: AnnualFigures) -> None:
    """Shade every figure cell, let it take numbers only, and write what is known. A validation covers each row's
    run of cells as one range: cell by cell, Excel's file lists 200 ranges that every reading parses again."""
    runs: dict[tuple[str, bool, int], list[str]] = defaultdict(list)
    for cell, coordinate in POSITIONS.items():
        sheet = book[SHEETS[cell[0]]]
        target = sheet[coordinate]
        target.fill, target.value = SHADE, figures.cells.get(cell)
        runs[sheet.title, cell in AMOUNTS, target.row].append(coordinate)
    validations = {}
    for (title, amount, _), coordinates in runs.items():
        if (title, amount) not in validations:
            validations[title, amount] = _validation(book[title], amount)
        validations[title, amount].sqref.add(f"{coordinates[0]}:{coordinates[-1]}")


def _book(figures: AnnualFigures, last: AnnualFigures | None) -> Workbook:
    book = Workbook()
    title = title_of(figures.unit, figures.year)
    _table2(book, title, last)
    _table3(book, title)
    _table4(book, title)
    _figures(book, figures)
    mark = book.create_sheet(MARK_SHEET)
    mark.append(["单位", figures.unit])
    mark.append(["年度", figures.year])
    mark.sheet_state = "hidden"
    return book


def template_workbook(figures: AnnualFigures, last: AnnualFigures | None) -> bytes:
    """The unit's template: its name and year, last year's carry-over and 现行有效件数 when known."""
    return workbook_bytes(_book(figures, last))


def compiled_workbook(figures: AnnualFigures, standings: list[Standing]) -> bytes:
    """The 本级 tables, then who is included and who is missing (报送情况)."""
    book = _book(figures, None)
    sheet = add_table(book, "报送情况", ("单位", "报送情况", "审核", "到期日", "报送日期", "是否计入汇总"),
                      (36, 14, 16, 12, 12, 14), (f"{title_of(figures.unit, figures.year)}：各单位报送情况",))
    for s in standings:
        sheet.append([s.unit, s.status, s.checks, s.due.isoformat() if s.due else "",
                      s.submitted.isoformat() if s.submitted else "", "是" if s.included else "否"])
    return workbook_bytes(book)
