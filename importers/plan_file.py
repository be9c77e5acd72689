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
from importers.office_tables import docx_content, xlsx_content
from importers.plan_text import PlanTextError, assemble, metadata, read_plan_text, tasks_from_cells
from workflows.plan import Plan

MAX_BYTES = 20 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # old binary Office, and password-protected Office files


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):   # Excel on Chinese Windows saves CSV as GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanTextError("文件编码无法识别：请另存为 UTF-8 或 GBK 编码")


def _from_tables(lines: list[str], tables: list[list[list[str]]], year, issued) -> Plan:
    for rows in tables:
        try:
            return assemble(metadata(lines), tasks_from_cells(rows), year, issued)
        except PlanTextError:
            continue
    raise PlanTextError("文件中没有找到任务表（表头应包含「序号」「完成时限」等列）")


def _office(data: bytes, year, issued) -> Plan:
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
    try:
        content = reader(data)
    except Exception as error:   # python-docx and openpyxl raise many kinds for a damaged part
        raise PlanTextError(f"文件已损坏，无法读取（{error.__class__.__name__}）")
    return _from_tables(*content, year, issued)


def _csv(text: str, year, issued) -> Plan:
    rows = list(csv.reader(io.StringIO(text)))
    lines = [" ".join(row) for row in rows]
    return assemble(metadata(lines), tasks_from_cells(rows), year, issued)


def read_plan_bytes(data: bytes, name: str, year: int | None = None, issued: date | None = None,
                    issuer: str | None = None, doc_number: str | None = None) -> Plan:
    """The plan in a file's bytes; the arguments, when given, override what the document states."""
    plan = _read(data, name, year, issued)
    return replace(plan, issuer=issuer or plan.issuer, doc_number=doc_number or plan.doc_number)


def _read(data: bytes, name: str, year: int | None, issued: date | None) -> Plan:
    if not data.strip():
        raise PlanTextError("文件是空的")
    if len(data) > MAX_BYTES:
        raise PlanTextError(f"文件超过 {MAX_BYTES // 1024 // 1024} MB：请只保留任务表后再导入")
    if data.startswith(_OLE):
        raise PlanTextError("这是旧版 Word/Excel 文件（.doc/.xls）或带密码的文件：请去掉密码，另存为 .docx 或 .xlsx 后再导入")
    if data.startswith(b"PK"):
        return _office(data, year, issued)
    text = _decode(data)
    header_with_commas = any("序号" in line and "," in line for line in text.splitlines())
    if name.lower().endswith(".csv") or (header_with_commas and "\t" not in text):
        return _csv(text, year, issued)
    return read_plan_text(text, year, issued)


def read_plan_file(path: Path, year: int | None = None, issued: date | None = None,
                   issuer: str | None = None, doc_number: str | None = None) -> Plan:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise PlanTextError(f"{path}: 无法读取：{unreadable.reason(error)}")
    try:
        return read_plan_bytes(data, Path(path).name, year, issued, issuer, doc_number)
    except PlanTextError as error:
        raise PlanTextError(f"{path}: {error}")
