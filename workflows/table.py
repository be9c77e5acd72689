"""From a task table's header and cells to `Task` values, whatever the document format.

Columns are mapped by what their header means, not by position: plans call the
same column 重点工作 or 重点任务, 主要内容 or 具体措施, 责任单位 or 责任部门.
Every reader (PDF text, tab-separated text, and later Word and Excel) hands its
rows here as lists of cell texts.
"""
import re

from workflows.plan import ERROR, Problem, Task
from workflows.text import normalise

FIELD_NAMES = {
    "seq": ("序号", "编号"),
    "heading": ("重点工作", "重点任务", "工作项目", "任务类别"),
    "content": ("主要内容", "具体措施", "工作任务", "工作内容", "任务内容"),
    "notes": ("备注",),
    "metric": ("量化指标", "考核指标", "工作标准"),
    "units": ("责任单位", "责任部门", "责任科室", "牵头单位", "牵头部门"),
    "helpers": ("配合单位", "配合部门"),
    "deadline": ("完成时限", "时间要求", "完成时间", "时限要求"),
}
LABELS = {"seq": "序号", "heading": "重点工作", "content": "主要内容", "metric": "量化指标",
          "units": "责任单位", "deadline": "完成时限"}


IGNORED_MARK = "【督办】"   # columns Duban wrote into a review workbook: its reading, not the plan's


def field_of(header_cell: str) -> str | None:
    cell = normalise(header_cell)
    return next((f for f, names in FIELD_NAMES.items() if cell in names), None)


def is_ignored(header_cell: str) -> bool:
    return header_cell.strip().startswith(IGNORED_MARK)


def is_header(cells: list[str]) -> bool:
    fields = {field_of(c) for c in cells}
    return {"seq", "deadline"} <= fields or {"content", "deadline", "units"} <= fields


def tidy(text: str) -> str:
    """Cell text as printed, without the spaces PDF extraction puts beside CJK and line breaks."""
    text = re.sub(r"\s*\n\s*", "", text.strip())
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)


def task_from_cells(row: int, header: list[str], cells: list[str], heading_above: str, section: str) -> Task:
    """One Task; an empty 重点工作 cell means the same as the row above (a merged cell)."""
    values: dict[str, str] = {}
    notes = []
    for name, cell in zip(header, cells):
        field, text = field_of(name), tidy(cell)
        if is_ignored(name) or not text:
            continue
        if field == "notes":
            notes.append(text)
        elif field is None:   # unknown columns are kept as notes, not dropped
            notes.append(f"{tidy(name)}：{text}")
        else:
            values[field] = values.get(field, "") + text if field != "helpers" else text
    units = values.get("units", "")
    if values.get("helpers"):
        units = f"{units}牵头，{values['helpers']}配合" if units else values["helpers"]
    return Task(row=row, seq=values.get("seq", ""), heading=values.get("heading") or heading_above,
                content=values.get("content", ""), metric=values.get("metric", ""), units_text=units,
                deadline_text=values.get("deadline", ""), section=section, notes="；".join(notes))


def missing_cells(task: Task) -> list[Problem]:
    """The cells a row cannot do without."""
    needed = {"content": task.content, "units": task.units_text, "deadline": task.deadline_text}
    return [Problem(task.row, LABELS[f], ERROR, f"第{task.row}行缺少「{LABELS[f]}」") for f, v in needed.items() if not v]
