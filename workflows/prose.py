"""Candidate tasks from a plan with no table: its numbered paragraphs, in Word or text.

Items are numbered 一、 / （一） / 1. / （1） / 第一条; the deepest items are the
tasks, and an item with no numbered items under it is one too (二、工作安排 and
its paragraph), except the statements of principle (指导思想, 基本原则, 总体要求).
Each task's units and deadline come from its tags or label lines (牵头单位： /
责任单位： / 完成时限：, see `prose_tags`), else from its sentences' subjects and
dated phrases. Candidates are never final: the office confirms them in the
review workbook and imports that. Lines are collected in lists and joined once,
so a long text is read in linear time.
"""
import re
from dataclasses import dataclass, field

from workflows.deadline_text import deadline_words
from workflows.plan import Task
from workflows.prose_tags import LABEL_FIELDS, subject_parts, tagged_parts
from workflows.table import tidy, units_text
from workflows.text import normalise

_MARKERS = (
    (1, re.compile(r"^(第[一二三四五六七八九十百]+条)\s*")),
    (1, re.compile(r"^([一二三四五六七八九十]+)、\s*")),
    (2, re.compile(r"^([（(][一二三四五六七八九十]+[）)])\s*")),
    (3, re.compile(r"^(\d{1,3})[.．、](?!\d)\s*")),
    (4, re.compile(r"^([（(]\d{1,3}[）)])\s*")),
)
_STOP = re.compile(r"^(附件|抄送)")
_SKIP = re.compile(r"^([—–\-－]+\s*\d+\s*[—–\-－]+|[（(]此件公开发布[）)])$")
_SIGNED = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日(印发)?$")
_LABEL = re.compile(r"^(牵头单位|责任单位|责任部门|配合单位|完成时限|时间节点)[:：](.*)$")
_PRINCIPLES = re.compile(r"^(指导思想|基本原则|总体要求|工作原则)")


@dataclass
class _Item:
    level: int
    seq: str
    title: str
    section: str
    line: str
    body: list[str] = field(default_factory=list)
    labels: dict[str, list[str]] = field(default_factory=dict)


def _marker(line: str) -> tuple[int, str, str] | None:
    for level, pattern in _MARKERS:
        found = pattern.match(line)
        if found:
            return level, found[1], line[found.end():]
    return None


def _items(lines: list[str]) -> list[_Item]:
    """Every numbered item with the lines under it; a signing date closes the notice's items."""
    items: list[_Item] = []
    current: _Item | None = None
    for raw in lines:
        line, flat = raw.strip(), normalise(raw)
        if not line or _SKIP.match(flat):
            continue
        if _STOP.match(line):
            break
        label, numbered = _LABEL.match(flat), _marker(line)
        if _SIGNED.match(flat):
            current = None
        elif label and current is not None:
            current.labels.setdefault(label[1], []).append(label[2])
        elif numbered:
            level, seq, rest = numbered
            parent = next((i for i in reversed(items) if i.level < level), None)
            current = _Item(level, seq, rest, parent.line if parent else "", line)
            items.append(current)
        elif current is not None:
            current.body.append(line)
    return items


def _is_heading(text: str) -> bool:
    flat = normalise(text).rstrip("…")
    return "。" not in flat and len(flat) < 30


def _leaves(items: list[_Item]) -> list[_Item]:
    leaves = []
    for i, item in enumerate(items):
        has_children = i + 1 < len(items) and items[i + 1].level > item.level
        principle = _PRINCIPLES.match(normalise(item.title))
        bare = not item.body and not item.labels and _is_heading(item.title)
        if not has_children and not principle and not bare:
            leaves.append(item)
    return leaves


def _tasks_of(item: _Item) -> list[tuple[str, str, str, str]]:
    """(heading, content, units, deadline) of each task an item holds."""
    body = tidy("".join(item.body))
    title = tidy(item.title)
    if body and _is_heading(title) and not re.search(r"[，,]", title):   # else a line the PDF wrapped
        heading, text = title, body
    else:
        text = title + body
        heading = text.split("。")[0][:40] if "。" in text[:41] else ""
    if item.labels:
        values = {LABEL_FIELDS[k]: v for k, v in item.labels.items() if k in LABEL_FIELDS}
        deadline = "".join(item.labels.get("完成时限", []) + item.labels.get("时间节点", []))
        return [(heading, text, units_text(values), deadline)]
    opening = heading + "。" if heading and text.startswith(heading + "。") else ""
    tagged = tagged_parts(text[len(opening):])
    if tagged:
        return [(heading, part, units, deadline or deadline_words(part)) for part, units, deadline in tagged]
    return [(heading, part, units, deadline_words(part)) for part, units in subject_parts(text)]


def prose_tasks(lines: list[str]) -> list[Task]:
    tasks = []
    for item in _leaves(_items(lines)):
        for heading, content, units, deadline in _tasks_of(item):
            if normalise(content):
                tasks.append(Task(row=len(tasks) + 1, seq=item.seq, heading=heading, content=content, metric="",
                                  units_text=units, deadline_text=deadline, section=item.section))
    return tasks
