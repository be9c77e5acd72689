"""Reading a plan from whatever file the office has: Word, Excel, CSV or text, told apart by content.

Every failure is a `PlanTextError` naming the file and what to do; nothing is
read half-way into the store, since a plan is only stored once fully read.
"""
import csv
import io
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from importers import unreadable
from importers.archive_limits import check_archive
from importers.plan_text import PlanTextError, assemble, metadata, read_plan_text, suggestions, tasks_from_cells
from workflows.plan import Plan
from workflows.table import is_header

MAX_BYTES = 20 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # old binary Office, and password-protected Office files


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):   # Excel on Chinese Windows saves CSV as GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanTextError("文件编码无法识别：请另存为 UTF-8 或 GBK 编码")


NO_TABLE = "文件中没有找到任务表（表头应包含「序号」「完成时限」等列），正文中也没有编号的任务段落"


def _lone_cells(tables: list[list[list[str]]]) -> list[str]:
    """A sheet's lines that can state the title, 文号 or signing date: rows holding one text, never a task row."""
    return [next(c for c in row if c.strip()) for rows in tables for row in rows
            if len({c for c in row if c.strip()}) == 1]


def _from_tables(lines: list[str], tables: list[list[list[str]]], year, issued, columns) -> Plan:
    """The first table with a header; with none, the document's numbered paragraphs as candidates."""
    meta = metadata(lines)
    for rows in tables:
        try:
            tasks, problems = tasks_from_cells(rows, columns)
        except PlanTextError:
            continue
        return assemble(meta, tasks, year, issued, problems)
    return suggestions(lines, meta, year, issued, NO_TABLE)


def _office(data: bytes, year, issued, columns) -> Plan:
    from importers.office_tables import docx_content, xlsx_content    # python-docx and openpyxl: for these files only
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        raise PlanTextError("文件已损坏，无法打开")
    if "word/document.xml" in names:
        reader = docx_content
    elif "xl/workbook.xml" in names:
        reader = xlsx_content
    else:
        raise PlanTextError("不是 Word（.docx）或 Excel（.xlsx）文件")
    check_archive(data, PlanTextError)
    try:
        lines, tables = reader(data)
    except Exception as error:   # python-docx and openpyxl raise many kinds for a damaged part
        raise PlanTextError(f"文件已损坏，无法读取（{error.__class__.__name__}）")
    return _from_tables(lines if reader is docx_content else _lone_cells(tables), tables, year, issued, columns)


def _csv(text: str, year, issued, columns) -> Plan:
    reader = csv.reader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error:   # a cell past the csv module's 131,072 characters: no plan's cell is that long
        raise PlanTextError(f"第 {reader.line_num} 行：单元格过长（超过 {csv.field_size_limit():,} 字符），不像任务表")
    tasks, problems = tasks_from_cells(rows, columns)
    return assemble(metadata(_lone_cells([rows])), tasks, year, issued, problems)


def read_plan_bytes(data: bytes, name: str, year: int | None = None, issued: date | None = None,
                    issuer: str | None = None, doc_number: str | None = None, columns: dict | None = None) -> Plan:
    """The plan in a file's bytes; the arguments, when given, override what the document states.
    `columns` maps headers Duban does not know to its fields (`workflows.table.column_mapping`)."""
    plan = _read(data, name, year, issued, columns)
    return replace(plan, issuer=issuer or plan.issuer, doc_number=doc_number or plan.doc_number)


def _read(data: bytes, name: str, year: int | None, issued: date | None, columns) -> Plan:
    if not data.strip():
        raise PlanTextError("文件是空的")
    if len(data) > MAX_BYTES:
        raise PlanTextError(f"文件超过 {MAX_BYTES // 1024 // 1024} MB：请只保留任务表后再导入")
    if data.startswith(_OLE):
        raise PlanTextError("这是旧版 Word/Excel 文件（.doc/.xls）或带密码的文件："
                            "请去掉密码，另存为 .docx 或 .xlsx 后再导入")
    if data.startswith(b"PK"):
        return _office(data, year, issued, columns)
    text = _decode(data)
    if (nul := text.find("\0")) >= 0:   # PostgreSQL stores no NUL; in a plan it means a binary file
        line = text.count("\n", 0, nul) + 1
        raise PlanTextError(f"第 {line} 行含有空字符（NUL）：请另存为纯文本或 CSV 后再导入")
    header_with_commas = any(is_header(line.split(",")) for line in text.splitlines()[:40])
    if name.lower().endswith(".csv") or (header_with_commas and "\t" not in text):
        return _csv(text, year, issued, columns)
    return read_plan_text(text, year, issued, columns)


def read_plan_file(path: Path, year: int | None = None, issued: date | None = None,
                   issuer: str | None = None, doc_number: str | None = None, columns: dict | None = None) -> Plan:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise PlanTextError(f"{path}: 无法读取：{unreadable.reason(error)}")
    try:
        return read_plan_bytes(data, Path(path).name, year, issued, issuer, doc_number, columns)
    except PlanTextError as error:
        raise PlanTextError(f"{path}: {error}")
