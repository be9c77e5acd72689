"""Reading a plan from plain text: the layouts PDF extraction and copy-paste produce.

Two layouts are known. Tab-separated rows (one line per row, as copied from a
Word table) are read cell by cell. PDF text puts each cell's lines one after the
other (序号, then 重点工作 broken over lines, 主要内容, 量化指标, 责任单位,
完成时限), so a row is cut out between two sequence numbers and its cells are
told apart by line width, column breaks and the words that open them.
"""
import re
from collections import Counter
from dataclasses import replace
from datetime import date

from importers.aligned_text import aligned_rows, is_aligned_header
from importers.pdf_rows import row_cells
from workflows.errors import InputError
from workflows.plan import ERROR, ISSUED, NOTICE, TABLE, Plan, Problem, Task
from workflows.prose import prose_tasks
from workflows.table import (
    field_of, header_fields, header_problems, is_header, merged_header, missing_cells, task_from_cells,
)
from workflows.text import normalise

_SECTION = re.compile(r"^[一二三四五六七八九十]+、")
_PAGE_NUMBER = re.compile(r"^[—–\-－]+\d+[—–\-－]+$")
_TABLE_END = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日印发$|^抄送|^注[:：]|^备注[:：])")
_SEQ_LINE = re.compile(r"^\s*(\d{1,3})(?:\s+(\S.*))?$")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,10}〔(?P<y>\d{4})〕\d{1,4}号")
_TITLE = re.compile(r"^(?P<a>[^\d《》“”]{0,30}?)(?P<y>\d{4})年(?P<b>[^\d《》“”]*?)政务公开工作要点(?:任务.*)?$")
_TITLE_WORDS = re.compile(r"政务公开|工作要点|任务分工|分工方案|任务清单|责任清单|重点任务|台账|任务分解|实施方案")
_TITLE_YEAR = re.compile(r"(?<!\d)(?P<y>\d{4})(?:[-—–~至]\d{4})?年")
_ISSUED = re.compile(r"^(?P<issuer>[^\d，,。：:；;]{0,40}?)"
                     r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?P<printed>印发)?$")
_ISSUER_END = re.compile(r"(办公室|办公厅|人民政府|委员会|领导小组|局|厅|办)$")
_DEADLINE_YEAR = re.compile(r"(?<!\d)(\d{4})年")


class PlanTextError(InputError):
    """The document holds no task table Duban can find, or cannot be read; the message says which."""


SUGGESTED = ("本计划没有任务表：以下 {count} 条是从正文编号段落中提取的候选任务，未保存。"
             "请用 duban plan export 导出候选表，核对责任单位和完成时限后，导入该表")
NO_HEADER = "找不到任务表的表头（应包含「序号」「完成时限」或「主要内容」「责任单位」「完成时限」等列）"
NO_YEAR = "找到了任务，但文中没有写明计划年度（标题、文号、落款日期和完成时限中都没有年份）：请用 --plan-year 指定"


def _title(flat: list[str], meta: dict) -> None:
    for line in flat[:40]:
        title = _TITLE.match(line)
        if title:
            meta.update(title=line, year=int(title["y"]), issuer=title["a"] or title["b"])
            return
    for line in flat[:40]:   # …年政务公开任务分解责任清单, 关于印发…分工方案的通知, 重点任务分工(2016-2020年)
        year = _TITLE_YEAR.search(line)
        if year and _TITLE_WORDS.search(line) and len(line) <= 70 and not re.search(r"[，,。；;：:]", line):
            meta.update(title=line, year=int(year["y"]))
            return


def _signed(flat: list[str], raw: list[str]) -> tuple[date, str] | None:
    """The signing date: a line holding only the date (the issuer above it), or `…年…月…日印发`."""
    signed = None
    for i, line in enumerate(flat):
        found = _ISSUED.match(line)
        if not found or "\t" in raw[i]:
            continue
        printed, prefix = bool(found["printed"]), found["issuer"]
        if not printed and prefix and not _ISSUER_END.search(prefix):
            continue
        try:
            day = date(int(found["y"]), int(found["m"]), int(found["d"]))
        except ValueError:
            raise PlanTextError(f"第{i + 1}行：日期「{raw[i].strip()}」不存在"
                                f"（{found['y']}年{found['m']}月没有{found['d']}日）")
        if printed or signed is None:
            signed = (day, prefix or next((p for p in reversed(flat[:i]) if p), ""))
    return signed


def metadata(lines: list[str]) -> dict:
    """Issuer, year, issue date (印发日期), 文号 and title, as the document's own lines state them.

    The year comes from the title, else the 文号 (〔2022〕), else the signing date; the issue date
    only from a signing line, never from a row that happens to end in a date."""
    flat = [normalise(line) for line in lines]
    meta = {"doc_number": "", "title": "", "year": None, "issued": None, "issuer": ""}
    numbers = (_DOC_NUMBER.match(line) for line in flat[:40])
    number = next((n for n in numbers if n), None)
    meta["doc_number"] = number.group() if number else ""
    _title(flat, meta)
    signed = _signed(flat, lines)
    if signed:
        meta["issued"], meta["issuer"] = signed[0], signed[1] or meta["issuer"]
    if meta["year"] is None:
        meta["year"] = int(number["y"]) if number else (signed[0].year if signed else None)
    return meta


def _header_index(lines: list[str], columns) -> int:
    for i, line in enumerate(lines):
        if is_header(line.split("\t") if "\t" in line else line.split(), columns):
            return i
    raise PlanTextError(NO_HEADER)


def _header_like(cells: list[str], columns) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(len(normalise(c)) <= 16 for c in filled) and any(field_of(c, columns) for c in filled)


def _table_header(rows: list[list[str]], columns) -> tuple[int, list[str]]:
    """(index of the first data row, the header): a header over two rows, or merged cells, read as one."""
    start = next((i for i, cells in enumerate(rows) if is_header(cells, columns)), None)
    if start is None:
        raise PlanTextError(NO_HEADER)
    header = [c.strip() for c in rows[start]]
    if start > 0 and _header_like(rows[start - 1], columns) and len({c for c in rows[start - 1] if c.strip()}) > 1:
        header = merged_header([c.strip() for c in rows[start - 1]], header, columns)
    if start + 1 < len(rows) and _header_like(rows[start + 1], columns):
        return start + 2, merged_header(header, [c.strip() for c in rows[start + 1]], columns)
    return start + 1, header


def tasks_from_cells(rows: list[list[str]], columns: dict | None = None) -> tuple[list[Task], list[Problem]]:
    """Tasks of a table given as rows of cells (tab text, CSV, Word, Excel), from its header row on,
    and a notice naming the columns understood and not.

    A row whose cells all hold one text is a section row spanning the table
    (一、聚焦重点领域…); a row opening with 抄送, 注： or an 印发 date ends the table.
    """
    first, header = _table_header(rows, columns)
    fields = header_fields(header, columns)
    tasks, heading, section = [], "", ""
    for cells in rows[first:]:
        filled = [c.strip() for c in cells if c and c.strip()]
        if not filled:
            continue
        if _TABLE_END.search(normalise(filled[0])):
            break
        if len(set(filled)) == 1:   # one text across the row (merged), or a lone line: not a task
            section = filled[0] if _SECTION.match(filled[0]) or len(filled) > 1 else section
            continue
        padded = list(cells) + [""] * (len(header) - len(cells))
        task = task_from_cells(len(tasks) + 1, header, fields, padded, heading, section)
        heading = task.heading
        tasks.append(task)
    return tasks, header_problems(header, fields)


def _layout_blocks(lines: list[str]) -> list[tuple[str, str, str, list[str]]]:
    """(seq, section, text after seq, lines) per row; a row starts at the line holding the next number."""
    blocks: list[tuple[str, str, str, list[str]]] = []
    section, expected = "", 1
    for line in lines:
        flat = normalise(line)
        if not flat or _PAGE_NUMBER.match(flat):
            continue
        if _TABLE_END.search(flat):
            break
        if _SECTION.match(flat):
            section = line.strip()
            continue
        seq = _SEQ_LINE.match(line)
        if seq and int(seq[1]) in (expected, expected - 1):
            blocks.append((seq[1], section, seq[2] or "", []))
            expected = int(seq[1]) + 1
        elif blocks:
            blocks[-1][3].append(line.strip())
    return blocks


def _layout_rows(lines: list[str], header: list[str]) -> list[Task]:
    fields = header_fields(header)
    tasks, heading = [], ""
    for seq, section, after_seq, block in _layout_blocks(lines):
        cells = row_cells(after_seq, block, has_metric="metric" in fields)
        cells["seq"] = seq
        ordered = [cells.get(f or "", "") for f in fields]
        task = task_from_cells(len(tasks) + 1, header, fields, ordered, heading, section)
        heading = task.heading
        tasks.append(task)
    return tasks


def read_plan_text(text: str, year: int | None = None, issued: date | None = None,
                   columns: dict | None = None) -> Plan:
    """The plan in `text`; `year` and `issued` override what the document states."""
    lines = text.splitlines()
    meta = metadata(lines)
    try:
        start = _header_index(lines, columns)
    except PlanTextError:
        return suggestions(lines, meta, year, issued, NO_HEADER)
    header_line, problems = lines[start], []
    if "\t" in header_line:
        tasks, problems = tasks_from_cells([line.split("\t") for line in lines[start:]], columns)
    elif is_aligned_header(header_line):
        tasks, problems = tasks_from_cells(aligned_rows(lines[start:]), columns)
    else:
        tasks = _layout_rows(lines[start + 1:], header_line.split())
    return assemble(meta, tasks, year, issued, problems)


def suggestions(lines: list[str], meta: dict, year: int | None, issued: date | None, refusal: str) -> Plan:
    """No table: the numbered paragraphs as candidate tasks, with an error so they are confirmed, not stored."""
    tasks = prose_tasks(lines)
    if not tasks:
        raise PlanTextError(refusal)
    plan = assemble(meta, tasks, year, issued)
    confirm = Problem(0, TABLE, ERROR, SUGGESTED.format(count=len(tasks)))
    return replace(plan, problems=(confirm, *plan.problems))


def _year_of_deadlines(tasks: list[Task]) -> int | None:
    years = Counter(int(y) for t in tasks for y in _DEADLINE_YEAR.findall(normalise(t.deadline_text)))
    return max(years, key=lambda y: (years[y], -y)) if years else None


def assemble(meta: dict, tasks: list[Task], year: int | None, issued: date | None,
             problems: list[Problem] = ()) -> Plan:
    """The plan from what the document states (`metadata`) and its tasks; arguments override the document."""
    problems = list(problems) + [p for t in tasks for p in missing_cells(t)]
    plan_year = year or meta["year"] or _year_of_deadlines(tasks)
    if plan_year is None:
        raise PlanTextError(NO_YEAR)
    if issued is None and meta["issued"] is None:
        problems.append(Problem(0, ISSUED, NOTICE,
                                "文中没有写明印发日期：所有日期都会生成，按印发日期起算的期限需指定 --issued"))
    return Plan(issuer=meta["issuer"], year=plan_year, issued=issued or meta["issued"],
                doc_number=meta["doc_number"], title=meta["title"], tasks=tuple(tasks), problems=tuple(problems))
