"""The shape every Duban workbook shares, and the one place its cells are written.

Title lines, a bold header row frozen under them with an autofilter and
repeated on every printed page (A4, landscape, one page wide), a CJK font (宋体)
for every cell, set column widths. Values keep their types: a date is a date
cell shown as 2022-11-30, a number a number, a rate a number shown as 80% (so
0% sorts before 100%). Text is always text: a cell from a user's file or reply
that starts with "=" is written as the characters typed, never as a live formula
(`=cmd|' /C calc'!A0` would otherwise run when the file is opened).
"""
from datetime import date, datetime
from io import BytesIO
from math import ceil
from typing import Sequence
from unicodedata import east_asian_width

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "宋体"
BODY, HEADER, TITLE = Font(name=FONT_NAME, size=11), Font(name=FONT_NAME, size=11, bold=True), \
    Font(name=FONT_NAME, size=14, bold=True)
DATE_FORMAT, PERCENT_FORMAT = "yyyy-mm-dd", "0%"
LINE_HEIGHT = 14.5                  # points: one line of 11 pt 宋体
WRAPPED = Alignment(wrap_text=True, vertical="top")


class Percent(float):
    """A rate written as a number cell formatted 0%."""


def new_workbook() -> Workbook:
    """A workbook whose default font is 宋体: every cell without a style of its own shows it. (openpyxl has no
    setting for the default font; its list of fonts is replaced while the workbook is empty. Setting a font on
    each cell instead made a province's 270,000-cell score table take 20 s.)"""
    book = Workbook()
    book._fonts = IndexedList([BODY])
    return book


def add_table(book: Workbook, name: str, columns: Sequence[str], widths: Sequence[int] = (),
              titles: Sequence[str] = ()) -> Worksheet:
    """A sheet (the workbook's first, while it still has openpyxl's default name) with title lines, then the header."""
    sheet = book.active if book.active.title == "Sheet" else book.create_sheet()
    sheet.title = name
    for line in titles:
        add_row(sheet, [line], TITLE if line == titles[0] else BODY)
    add_row(sheet, list(columns), HEADER)
    header = sheet.max_row
    sheet.freeze_panes = f"A{header + 1}"
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.orientation, sheet.page_setup.paperSize = "landscape", sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for index in range(1, len(columns) + 1):
        width = widths[index - 1] if index <= len(widths) else max(10, 2 * len(columns[index - 1]) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def add_row(sheet: Worksheet, values: Sequence, font: Font = BODY) -> None:
    """Append one row; every cell Duban writes goes through here. (Appended as cells: asking a sheet for its
    `max_row` scans every cell, which made a province's 30,000-row sheet take a minute.)"""
    cells = []
    for value in values:
        cell = Cell(sheet, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"           # the text typed, not a formula
        elif isinstance(value, Percent):
            cell.number_format = PERCENT_FORMAT
        elif isinstance(value, date) and not isinstance(value, datetime):
            cell.number_format = DATE_FORMAT
        if font is not BODY:
            cell.font = font
        cells.append(cell)
    sheet.append(cells)


def wrap_rows(sheet: Worksheet, first_row: int) -> None:
    """Wrap long cells, and make each row tall enough for its wrapped lines: neither openpyxl nor LibreOffice fits
    a row's height to wrapped text on opening, so without it the lines print over the next row."""
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    for row in sheet.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            cell.alignment = WRAPPED
            if isinstance(cell.value, str) and len(cell.value) * 1.75 > widths.get(cell.column_letter, 10):
                lines = max(lines, _wrapped_lines(cell.value, widths.get(cell.column_letter, 10)))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = lines * LINE_HEIGHT


def _wrapped_lines(text: str, width: float) -> int:
    """How many lines a cell `width` characters wide shows `text` in. A CJK character of 宋体 takes 1.75 widths and
    any other 1.2, as lines break between words (measured on LibreOffice's rendering); rounding up leaves a row a
    little tall rather than overprinted."""
    return sum(max(1, ceil(sum(1.75 if east_asian_width(ch) in "WF" else 1.2 for ch in line) / width))
               for line in text.split("\n"))


def _filter(sheet: Worksheet) -> None:
    """The autofilter over the header and every row under it, set once the rows are in."""
    header = int(sheet.freeze_panes[1:]) - 1
    sheet.auto_filter.ref = f"A{header}:{get_column_letter(sheet.max_column)}{max(sheet.max_row, header)}"


def workbook_bytes(book: Workbook) -> bytes:
    for sheet in book.worksheets:
        if sheet.freeze_panes:
            _filter(sheet)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
