"""Where each cell of the annual report's tables sits in Duban's workbook: one sheet a table, as printed.

The template (documents.annual_report_xlsx) is written from this layout and a
returned workbook (importers.annual_report_file) read back through it, so a
check's finding can name the cells (表三!D9) the liaison has to correct.

    表二  a header row per block of rows with the same columns, 信息内容 in A, figures from B
    表三  applicants in B (自然人) … H (总计); a row per result, group headings between them
    表四  one row of 15: 行政复议, then 行政诉讼 未经复议直接起诉 and 复议后起诉, 5 columns each
"""
from openpyxl.utils import get_column_letter

from workflows.annual_report import (RESULT_GROUPS, T2, T3, T4, TABLE2, TABLE3_COLUMNS, TABLE3_ROWS, TABLE4_COLUMNS,
                                     TABLE4_ROWS, Cell)

SHEETS = {T2: "表二", T3: "表三", T4: "表四"}
MARK_SHEET = "督办"           # hidden: the unit and year the template was made for
FIRST_ROW = 4                 # rows 1–3: the title, the table's heading, how to fill it in
RESULTS_HEADING = "三、本年度办理结果"


def _table2() -> tuple[dict[Cell, str], list[tuple[int, tuple[str, ...]]], dict[int, str]]:
    positions, headers, labels, row, columns_before = {}, [], {}, FIRST_ROW, None
    for name, columns in TABLE2:
        if columns != columns_before:
            headers.append((row, ("信息内容", *columns)))
            row, columns_before = row + 1, columns
        labels[row] = name
        positions.update({(T2, name, c): f"{get_column_letter(i)}{row}" for i, c in enumerate(columns, start=2)})
        row += 1
    return positions, headers, labels


def _table3() -> tuple[dict[Cell, str], dict[int, str]]:
    positions, labels, row = {}, {}, FIRST_ROW + 2      # two header rows: applicants, then 法人或其他组织's kinds
    for key, label in TABLE3_ROWS:
        heading = RESULTS_HEADING if key == "予以公开" else RESULT_GROUPS.get(key)
        if heading:
            labels[row], row = heading, row + 1
        labels[row] = label
        positions.update({(T3, key, c): f"{get_column_letter(i)}{row}" for i, c in enumerate(TABLE3_COLUMNS, start=2)})
        row += 1
    return positions, labels


def _table4() -> dict[Cell, str]:
    row = FIRST_ROW + 3          # headers: 行政复议 / 行政诉讼; its two kinds; the five outcomes
    return {(T4, name, c): f"{get_column_letter(1 + n * len(TABLE4_COLUMNS) + i)}{row}"
            for n, name in enumerate(TABLE4_ROWS) for i, c in enumerate(TABLE4_COLUMNS)}


TABLE2_POSITIONS, TABLE2_HEADERS, TABLE2_LABELS = _table2()
TABLE3_POSITIONS, TABLE3_LABELS = _table3()
POSITIONS: dict[Cell, str] = {**TABLE2_POSITIONS, **TABLE3_POSITIONS, **_table4()}


def where(cell: Cell) -> str:
    """The cell as the liaison finds it: 表三!D9."""
    return f"{SHEETS[cell[0]]}!{POSITIONS[cell]}"
