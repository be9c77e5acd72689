"""The audit trail's anchor printed on a file the office keeps: a workbook's last sheet of its own (the data sheets
keep their rows) and the first sheet's printed footer, or the last paragraph of a Word document.

Filed outside the database, each copy lets `duban audit verify --against 'N:HASH'`
prove later that the trail still holds everything up to that moment.
"""
from io import BytesIO

from docx import Document
from openpyxl import load_workbook

from documents.sheets import workbook_bytes

LABEL = "留痕锚点（核验：duban audit verify --against）："
SHEET = "留痕锚点"


def with_anchor(file_name: str, data: bytes, anchor: str) -> bytes:
    """The file with the anchor written in; a file of another kind (a chart) unchanged."""
    if file_name.endswith(".xlsx"):
        book = load_workbook(BytesIO(data))
        book.worksheets[0].oddFooter.left.text = LABEL + anchor
        book.create_sheet(SHEET).append([LABEL + anchor])
        return workbook_bytes(book)
    if file_name.endswith(".docx"):
        document = Document(BytesIO(data))
        document.add_paragraph(LABEL + anchor)
        out = BytesIO()
        document.save(out)
        return out.getvalue()
    return data
