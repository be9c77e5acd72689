"""Tables out of Word and Excel files, as rows of cell texts, plus the document's own lines.

Word: every table of the body in order; a merged cell repeats its text in each
cell it covers (python-docx does that), so a full-width section row reads as
one text across the row. Excel: merged ranges are filled from their top-left
cell, dates become 2022年11月30日, whole numbers lose their `.0`.
"""
import io
from datetime import date, datetime

from docx import Document
from openpyxl import load_workbook


def docx_content(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """(the paragraphs' lines, the tables' rows)."""
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return lines, tables


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_rows(sheet) -> list[list[str]]:
    rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        top_left = rows[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                rows[r][c] = top_left
    return rows


def xlsx_content(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """(the lines of every sheet, each sheet's rows); merged cells need the full workbook, not read-only mode."""
    workbook = load_workbook(io.BytesIO(data), data_only=True)
    tables = [_sheet_rows(sheet) for sheet in workbook.worksheets]
    lines = [" ".join(c for c in row if c) for rows in tables for row in rows]
    return lines, tables
