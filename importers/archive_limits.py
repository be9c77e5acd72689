"""Refusing Office files that would expand beyond what a plan or a roster can be, before anything expands them.

A .docx or .xlsx is a zip: a few KB can declare gigabytes, and a sheet can name
cell XFD1048576 or merge A1:Z200000, which openpyxl fills cell by cell. So the
declared size of every member is added up first (zipfile never returns more
than a member declares), then every XML part is streamed through expat, 64 KB
at a time and no tree built: a workbook's for the real last row and column and
the merged ranges, a Word document's for each table's rows and spanned columns.
Every part, not only the usual paths: the package's relations may put a sheet
anywhere.
"""
import io
import re
import zipfile
from xml.parsers import expat
from workflows.errors import InputError

MAX_EXPANDED = 50 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 100
_CELL = re.compile(r"([A-Z]{1,3})(\d+)")


class ArchiveRefused(InputError):
    """The archive expands beyond the limits; the message says which limit, in Chinese."""


def check_archive(data: bytes, error=ArchiveRefused) -> None:
    """Raise `error` (the caller's kind, naming what is too big) when the Office file `data` is beyond the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile:
        return   # the reader says it is damaged, in its own words
    if sum(member.file_size for member in members) > MAX_EXPANDED:
        raise error(f"文件解压后超过 {MAX_EXPANDED // 1024 // 1024} MB：请删去多余的行、列和内容后再发送")
    for member in members:
        if member.filename.endswith(".xml") and member.filename.startswith("xl/"):
            _check_sheet(archive, member, error)
        elif member.filename.endswith(".xml") and member.filename.startswith("word/"):
            _check_word(archive, member, error)


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _number(text: str | None, otherwise: int) -> int:
    return int(text) if text and text.isdigit() else otherwise


def _position(reference: str) -> tuple[int, int]:
    match = _CELL.fullmatch(reference.replace("$", ""))
    return (int(match[2]), _column(match[1])) if match else (0, 0)


def _too_big(rows: int, columns: int, error, where: str):
    if rows > MAX_ROWS:
        raise error(f"{where}超过 {MAX_ROWS} 行：请删去多余的行、列和内容后再发送")
    if columns > MAX_COLUMNS:
        raise error(f"{where}超过 {MAX_COLUMNS} 列：请删去多余的行、列和内容后再发送")


def _starts(archive: zipfile.ZipFile, member: zipfile.ZipInfo, error):
    """(local tag, attributes) of each element as expat meets it; no tree is built."""
    found: list[tuple[str, dict]] = []
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = lambda tag, attributes: found.append(
        (tag.rpartition("}")[2], {k.rpartition("}")[2]: v for k, v in attributes.items()}))
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(1 << 16):
                parser.Parse(chunk, False)
                yield from found
                found.clear()
            parser.Parse(b"", True)
    except (zipfile.BadZipFile, expat.ExpatError, ValueError) as damaged:
        raise error(f"文件已损坏，无法读取（{damaged.__class__.__name__}）")


def _check_sheet(archive, member, error) -> None:
    """Rows and cells without an `r` follow the previous one, as openpyxl places them."""
    where = f"工作表 {member.filename.rpartition('/')[2]} "
    row = column = 0
    for tag, attributes in _starts(archive, member, error):
        if tag == "c":
            reference = attributes.get("r")
            row, column = _position(reference) if reference else (row, column + 1)
            _too_big(row, column, error, where)
        elif tag == "row":
            row, column = _number(attributes.get("r"), row + 1), 0
            _too_big(row, 0, error, where)
        elif tag == "mergeCell":
            for corner in attributes.get("ref", "").split(":"):
                _too_big(*_position(corner), error, where + "的合并单元格")


def _check_word(archive, member, error) -> None:
    """Each table's rows, and its columns counted with their spans, as python-docx lays out a row's cells."""
    rows = columns = 0
    for tag, attributes in _starts(archive, member, error):
        if tag == "tbl":
            rows = 0
        elif tag == "tr":
            rows, columns = rows + 1, 0
        elif tag == "tc":
            columns += 1
        elif tag == "gridSpan":
            columns += _number(attributes.get("val"), 1) - 1
        _too_big(rows, columns, error, "Word 表格")
