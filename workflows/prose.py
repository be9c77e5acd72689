"""Candidate tasks from a plan with no table: its numbered paragraphs (`24.要根据年度重点工作……于3月31日前…`).

Each numbered paragraph becomes a suggestion: its first sentence as the heading,
the paragraph as the content, the units it names (or the plan's default
addressees), and the first deadline phrase found. Suggestions are never final:
the office confirms them in the review workbook and imports that.
"""
import re

from workflows.deadline_text import rules_in_content
from workflows.plan import Task
from workflows.table import tidy
from workflows.text import normalise

DEFAULT_UNITS = "各乡镇（街道）、各部门（单位）"
_NUMBERED = re.compile(r"^(\d{1,3})[.．、](?!\d)\s*(\S.*)$")
_SECTION = re.compile(r"^[一二三四五六七八九十]+、")
_SUBSECTION = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_STOP = re.compile(r"^(附件|抄送)")
_UNIT = re.compile(r"各乡镇（街道）|各部门（单位）|各行业主管部门|各县（区）|市政府各部门|"
                   r"(?:县|市|区)[\u4e00-\u9fff]{1,12}?(?:局|委|办公室|中心|管委会)")


def _paragraphs(text: str) -> list[tuple[str, str, str]]:
    """(section, number, text) of each numbered paragraph; PDF line breaks inside are joined."""
    found, section, current = [], "", None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _STOP.match(line):
            break
        if _SECTION.match(line) or _SUBSECTION.match(line):
            section, current = line, None
            continue
        numbered = _NUMBERED.match(line)
        if numbered:
            current = [section, numbered[1], numbered[2]]
            found.append(current)
        elif current is not None:
            current[2] += line
    return [(s, n, t) for s, n, t in found]


def _units(content: str) -> str:
    names = list(dict.fromkeys(m.group() for m in _UNIT.finditer(content)))
    return "、".join(names) or DEFAULT_UNITS


def _deadline(content: str, year: int) -> str:
    try:
        rules = rules_in_content(content, year)
    except ValueError:
        return ""
    return rules[0][1] if rules else ""


def suggested_tasks(text: str, year: int) -> list[Task]:
    tasks = []
    for row, (section, number, content) in enumerate(_paragraphs(text), start=1):
        content = tidy(content)
        heading = content.split("。")[0][:40]
        tasks.append(Task(row=row, seq=number, heading=heading, content=content, metric="",
                          units_text=_units(content), deadline_text=_deadline(content, year), section=section))
    return [t for t in tasks if normalise(t.content)]
