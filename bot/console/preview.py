"""A report's file shown in the page before it is downloaded: a workbook's first sheet, a document's text."""
import io
from typing import NamedTuple

import docx
from docx.table import Table
from openpyxl import load_workbook

PREVIEW_ROWS = 60
PREVIEWED = (".xlsx", ".docx")      # files whose contents a page shows; a report's chart is shown as itself


class Preview(NamedTuple):
    kind: str                           # table, text, image, none
    rows: tuple[tuple[str, ...], ...] = ()
    more: int = 0                       # rows (or paragraphs) left out


def _cell(value) -> str:
    if isinstance(value, float) and 0 <= value <= 1:
        return f"{value:.0%}"
    return "" if value is None else str(value)


def _workbook(data: bytes) -> Preview:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = [tuple(_cell(v) for v in row) for row in book.worksheets[0].iter_rows(values_only=True)
            if any(v is not None for v in row)]
    book.close()
    return Preview("table", tuple(rows[:PREVIEW_ROWS]), max(len(rows) - PREVIEW_ROWS, 0))


def _document(data: bytes) -> Preview:
    """Its paragraphs and tables in their order, a table's rows as lines of cells joined by tabs."""
    lines = []
    for block in docx.Document(io.BytesIO(data)).iter_inner_content():
        if isinstance(block, Table):
            lines += ["\t".join(cell.text for cell in row.cells) for row in block.rows]
        elif block.text.strip():
            lines.append(block.text)
    return Preview("text", tuple((line,) for line in lines[:PREVIEW_ROWS * 2]), max(len(lines) - PREVIEW_ROWS * 2, 0))


def preview(name: str, data: bytes) -> Preview:
    """What the page shows of the file; "unreadable" for a workbook or document that will not open (a unit's
    evidence may be anything under its name)."""
    if not data:
        return Preview("none")
    try:
        if name.endswith(".xlsx"):
            return _workbook(data)
        if name.endswith(".docx"):
            return _document(data)
    except Exception:      # openpyxl and python-docx raise many kinds for a damaged file
        return Preview("unreadable")
    return Preview("image" if name.endswith(".png") else "none")
