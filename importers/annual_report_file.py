"""Reading a returned annual-report workbook (Duban's template, filled in Excel or WPS) back into figures.

Values are taken as the cells hold them (a formula's last computed value), blanks
and words included: judging them is the checks' job (workflows.annual_checks).
A workbook that is not an annual-report template gives None, so the caller can
treat it as ordinary evidence; one that cannot be opened, or names another unit
or year, is refused with the file named.
"""
from dataclasses import dataclass
from io import BytesIO

from openpyxl.utils.cell import coordinate_to_tuple
from python_calamine import CalamineError, CalamineWorkbook

from documents.annual_report_layout import MARK_SHEET, POSITIONS, SHEETS
from importers.archive_limits import check_archive
from workflows.annual_report import AnnualFigures
from workflows.errors import InputError

MAX_BYTES = 5 * 1024 * 1024     # the template is some 10 KB; anything this large is not one


class AnnualWorkbookError(InputError):
    """A workbook Duban cannot take as the unit's annual report; the message names the file."""


@dataclass(frozen=True)
class Returned:
    unit: str
    year: int
    figures: AnnualFigures


def _value(raw: object) -> object:
    return raw.strip() or None if isinstance(raw, str) else raw


def _grid(book: CalamineWorkbook, sheet: str) -> list[list]:
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)     # row 1 is rows[0], as in Excel


def _at(grid: list[list], coordinate: str) -> object:
    row, column = coordinate_to_tuple(coordinate)
    return grid[row - 1][column - 1] if row <= len(grid) and column <= len(grid[row - 1]) else None


def _mark(book: CalamineWorkbook, name: str) -> tuple[str, int]:
    mark = {row[0]: row[1] for row in _grid(book, MARK_SHEET) if len(row) > 1 and row[0]}
    unit, year = str(mark.get("单位") or "").strip(), mark.get("年度")
    if not unit or not isinstance(year, (int, float)) or not float(year).is_integer():
        raise AnnualWorkbookError(f"《{name}》的模板信息（隐藏的“{MARK_SHEET}”工作表）被改动，"
                                  "请用督办发送的模板重新填写")
    return unit, int(year)


def read_annual_workbook(data: bytes, name: str) -> Returned | None:
    """The figures of a returned template, with the unit and year it was made for; None if it is not one.

    Read with calamine: openpyxl took 50 ms a workbook, parsing styles and validations nobody reads here."""
    if len(data) > MAX_BYTES:
        return None
    check_archive(data, lambda refusal: AnnualWorkbookError(f"《{name}》{refusal}"))
    try:
        book = CalamineWorkbook.from_filelike(BytesIO(data))
    except CalamineError:
        return None
    if MARK_SHEET not in book.sheet_names:
        return None
    missing = [s for s in SHEETS.values() if s not in book.sheet_names]
    if missing:
        raise AnnualWorkbookError(f"《{name}》缺少工作表{'、'.join(missing)}，请用督办发送的模板填写")
    unit, year = _mark(book, name)
    grids = {table: _grid(book, sheet) for table, sheet in SHEETS.items()}
    cells = {cell: _value(_at(grids[cell[0]], coordinate)) for cell, coordinate in POSITIONS.items()}
    return Returned(unit, year, AnnualFigures(unit, year, cells))
