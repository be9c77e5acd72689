"""From a task table's header and cells to `Task` values, whatever the document format.

Columns are mapped by what their header means, not by position: plans call the
same column 重点工作 or 工作任务, 主要内容 or 细化分工, 责任单位 or 责任处室,
完成时限 or 时间节点. A table often has two content columns, a short task name
and the requirement: the first is the row's heading, both are kept. An
assessment table's 一级…五级指标 are headings down to the last, the task.
The office maps a header Duban does not know (`--columns 完成时限=时间节点`).
"""
import re

from workflows.errors import InputError
from workflows.plan import ERROR, ISSUED, NOTICE, TABLE, Problem, Task
from workflows.text import normalise

FIELD_NAMES = {
    "seq": ("序号", "编号"),
    "heading": ("重点工作", "工作项目", "任务类别", "类别", "项目"),
    "content": ("主要内容", "具体措施", "工作任务", "工作内容", "任务内容", "具体要求", "工作要求", "具体内容",
                "细化分工", "任务", "重点任务", "目标", "主要任务", "工作措施", "目标任务", "任务分解",
                "工作事项", "任务事项", "具体事项", "事项"),
    "notes": ("备注", "进展情况", "完成情况"),
    "metric": ("量化指标", "考核指标", "工作标准", "评分标准"),
    "lead": ("牵头单位", "牵头部门", "牵头处室", "牵头科室"),
    "units": ("责任单位", "责任部门", "责任科室", "责任处室", "负责科室", "负责处室", "落实单位", "局内负责处室",
              "责任主体", "实施单位", "承办单位", "责任领导单位"),
    "helpers": ("配合单位", "配合部门", "配合处室", "配合科室", "会办单位", "协办单位"),
    "deadline": ("完成时限", "时间要求", "完成时间", "时限要求", "时限", "时间节点", "公开时限", "完成期限",
                 "时间安排"),
}
LABELS = {"seq": "序号", "heading": "重点工作", "content": "主要内容", "metric": "量化指标", "lead": "牵头单位",
          "units": "责任单位", "helpers": "配合单位", "deadline": "完成时限", "notes": "备注"}
_FIELD_OF_LABEL = {label: field for field, label in LABELS.items()}
FIELD_LABELS = {**LABELS, TABLE: "任务表", ISSUED: "印发日期"}    # a problem's place, as the office reads it
_LEVEL = re.compile(r"^[一二三四五六七八九\d]级指标$")
_BY_LENGTH = sorted(((n, f) for f, names in FIELD_NAMES.items() for n in names if len(n) >= 3),
                    key=lambda x: -len(x[0]))
_UNIT_LINE_END = re.compile(r"(科|处|室|局|委|队|办|中心|政府|街道|镇|乡|院|所|站|会|部|组)$")
_LEADING_NUMBER = re.compile(r"^(\d{1,3})[.．、](?!\d)")

IGNORED_MARK = "【督办】"   # columns Duban wrote into a review workbook: its reading, not the plan's


class ColumnError(InputError):
    """A `--columns` mapping names a field Duban does not have."""


def column_mapping(pairs: list[str]) -> dict[str, str]:
    """`完成时限=时间节点` → {normalised header: field}; the office's word beats the header's meaning."""
    mapping = {}
    for pair in pairs:
        label, _, header = pair.partition("=")
        field = _FIELD_OF_LABEL.get(label.strip())
        if field is None or not header.strip():
            raise ColumnError(f"--columns {pair}：应写成「栏目=表头」，栏目是 {'、'.join(LABELS.values())} 之一")
        mapping[normalise(header)] = field
    return mapping


def field_of(header_cell: str, columns: dict[str, str] | None = None) -> str | None:
    cell = normalise(header_cell)
    if columns and cell in columns:
        return columns[cell]
    if _LEVEL.match(cell):
        return "level"
    exact = next((f for f, names in FIELD_NAMES.items() if cell in names), None)
    return exact or next((f for name, f in _BY_LENGTH if name in cell), None)


def is_ignored(header_cell: str) -> bool:
    return header_cell.strip().startswith(IGNORED_MARK)


def is_header(cells: list[str], columns: dict[str, str] | None = None) -> bool:
    """A header names at least two of content, units and deadline (or 序号 and a deadline), in short cells."""
    if any(len(normalise(c)) > 16 for c in cells):
        return False
    fields = {field_of(c, columns) for c in cells if c.strip() and not is_ignored(c)}
    core = fields & {"content", "units", "lead", "helpers", "deadline", "level"}
    return {"seq", "deadline"} <= fields or (len(core) >= 2 and bool(core & {"units", "lead", "deadline"}))


def merged_header(upper: list[str], lower: list[str], columns: dict[str, str] | None = None) -> list[str]:
    """A header over two rows (责任单位 above 牵头单位 | 配合单位): the more specific word of each column."""
    width = max(len(upper), len(lower))
    upper, lower = upper + [""] * (width - len(upper)), lower + [""] * (width - len(lower))
    return [b if b.strip() and (field_of(b, columns) or not field_of(a, columns)) else a for a, b in zip(upper, lower)]


def header_fields(header: list[str], columns: dict[str, str] | None = None) -> list[str | None]:
    """The field of each column: of two content columns without a heading column, the first is the heading;
    of 一级…N级指标, the last is the content and the others the heading."""
    fields = [None if is_ignored(h) else field_of(h, columns) for h in header]
    levels = [i for i, f in enumerate(fields) if f == "level"]
    if levels:
        for i in levels:
            fields[i] = "heading"
        if "content" not in fields:
            fields[levels[-1]] = "content"
    contents = [i for i, f in enumerate(fields) if f == "content"]
    if "heading" not in fields and len(contents) >= 2:
        fields[contents[0]] = "heading"
    return fields


def header_problems(header: list[str], fields: list[str | None]) -> list[Problem]:
    """Which columns were understood and which not, so the office can map them."""
    unknown = [h.strip() for h, f in zip(header, fields) if f is None and h.strip() and not is_ignored(h)]
    if not unknown and "deadline" in fields:
        return []
    known = "、".join(f"{h.strip()}→{LABELS[f]}" for h, f in zip(header, fields) if f)
    message = f"已识别的列：{known}"
    if unknown:
        message += (f"；未识别的列：{'、'.join(unknown)}（作为备注保留），"
                    f"可用 --columns 栏目=表头 指定，如 --columns 完成时限={unknown[0]}")
    if "deadline" not in fields:
        message += "；表中没有完成时限列：时限从各行内容中读取"
    return [Problem(0, TABLE, NOTICE, message)]


def tidy(text: str) -> str:
    """Cell text as printed, without the spaces PDF extraction puts beside CJK and line breaks."""
    text = re.sub(r"\s*\n\s*", "", text.strip())
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)


def tidy_units(text: str) -> str:
    """Units stacked one per line in a Word or Excel cell are a list; a name broken by the PDF's wrap is one name."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if len(lines) > 1 and all(_UNIT_LINE_END.search(line) for line in lines):
        return "、".join(tidy(line) for line in lines)
    return tidy(text)


def task_from_cells(row: int, header: list[str], fields: list[str | None], cells: list[str],
                    heading_above: str, section: str) -> Task:
    """One Task; an empty heading cell means the same as the row above (a merged cell)."""
    values: dict[str, list[str]] = {}
    notes = []
    for name, field, cell in zip(header, fields, cells):
        text = tidy_units(cell) if field in ("units", "lead", "helpers") else tidy(cell)
        if is_ignored(name) or not text:
            continue
        if field == "notes":
            notes.append(text)
        elif field is None:   # unknown columns are kept as notes, not dropped
            notes.append(f"{tidy(name)}：{text}")
        else:
            values.setdefault(field, []).append(text)
    content = "；".join(values.get("content", []))
    leading = _LEADING_NUMBER.match(content)
    seq = "".join(values.get("seq", [])) or (leading[1] if leading else "")
    return Task(row=row, seq=seq, heading="／".join(values.get("heading", [])) or heading_above,
                content=content, metric="".join(values.get("metric", [])), units_text=units_text(values),
                deadline_text="".join(values.get("deadline", [])), section=section, notes="；".join(notes))


def units_text(values: dict[str, list[str]]) -> str:
    """Separate 牵头 / 责任 / 配合 columns as one text with their roles, read back by `parse_units`."""
    def joined(field):
        return "、".join(re.sub(r"[，,；;]", "、", v) for v in values.get(field, []))
    clauses = []
    if joined("lead"):
        clauses.append(joined("lead") + "牵头")
    if joined("units"):
        clauses.append("，".join(values["units"]))
    if joined("helpers"):
        clauses.append(joined("helpers") + "配合")
    return "，".join(clauses)


def missing_cells(task: Task) -> list[Problem]:
    """The cells a row cannot do without (a missing deadline is read from the row, or followed as ongoing)."""
    needed = {"content": task.content, "units": task.units_text}
    return [Problem(task.row, f, ERROR, f"第{task.row}行缺少「{LABELS[f]}」")
            for f, v in needed.items() if not v]
