"""Reading a returned annual-report workbook (Duban's template, filled in Excel or WPS) back into figures.

Values are taken as the cells hold them (a formula's last computed value), blanks
and words included: judging them is the checks' job (workflows.annual_checks).
A workbook that is not an annual-report template gives None, so the caller can
treat it as ordinary evidence; one that cannot be opened, or names another unit
or year, is refused with the file named.
"""
from dataclasses import dataclass
from io import BytesIO
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from documents.annual_report_layout import MARK_SHEET, POSITIONS, SHEETS
from workflows.annual_report import AnnualFigures

MAX_BYTES = 5 * 1024 * 1024     # the template is some 15 KB; anything this large is not one


class AnnualWorkbookError(ValueError):
    """A workbook Duban cannot take as the unit's annual report; the message names the file."""


@dataclass(frozen=True)
class Returned:
    unit: str
    year: int
    figures: AnnualFigures


def _value(raw: object) -> object:
    return raw.strip() or None if isinstance(raw, str) else raw


def _grid(sheet) -> dict[str, object]:
    """A sheet's values by coordinate, read in one pass (a read-only sheet re-reads itself for each cell asked)."""
    return {f"{get_column_letter(column)}{row}": value
            for row, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            for column, value in enumerate(values, start=1) if value is not None}


def read_annual_workbook(data: bytes, name: str) -> Returned | None:
    """The figures of a returned template, with the unit and year it was made for; None if it is not one."""
    if len(data) > MAX_BYTES:
        return None
    try:
        book = load_workbook(BytesIO(data), data_only=True, read_only=True)
    except (BadZipFile, KeyError, OSError, ValueError):
        return None
    if MARK_SHEET not in book.sheetnames:
        return None
    missing = [s for s in SHEETS.values() if s not in book.sheetnames]
    if missing:
        raise AnnualWorkbookError(f"《{name}》缺少工作表{'、'.join(missing)}，请用督办发送的模板填写")
    mark = {row[0]: row[1] for row in book[MARK_SHEET].iter_rows(max_col=2, values_only=True) if row[0]}
    unit, year = str(mark.get("单位") or ""), mark.get("年度")
    if not unit or not isinstance(year, int):
        raise AnnualWorkbookError(f"《{name}》的模板信息（隐藏的“{MARK_SHEET}”工作表）被改动，请用督办发送的模板重新填写")
    grids = {table: _grid(book[sheet]) for table, sheet in SHEETS.items()}
    cells = {cell: _value(grids[cell[0]].get(coordinate)) for cell, coordinate in POSITIONS.items()}
    return Returned(unit, year, AnnualFigures(unit, year, cells))
