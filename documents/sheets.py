"""The shape every Duban workbook shares: title lines, a bold header row, set column widths, wrapped cells."""
from io import BytesIO
from typing import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet


def add_table(book: Workbook, name: str, columns: Sequence[str], widths: Sequence[int] = (),
              titles: Sequence[str] = ()) -> Worksheet:
    """A sheet (the workbook's first, while it still has openpyxl's default name) with title lines, then the header."""
    sheet = book.active if book.active.title == "Sheet" else book.create_sheet()
    sheet.title = name
    for line in titles:
        sheet.append([line])
    if titles:
        sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(columns))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def wrap_rows(sheet: Worksheet, first_row: int) -> None:
    for row in sheet.iter_rows(min_row=first_row):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def workbook_bytes(book: Workbook) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()
