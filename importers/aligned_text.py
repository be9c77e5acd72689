"""Tables as PDF-to-text tools print them with `-layout`: cells side by side, aligned with spaces.

    序号  重点任务          具体措施                    责任部门            完成时限
    1     加强涉及市场主体  进一步增强涉企政策制定实施  各县（区），市发展  2022年10月底
          信息公开          的透明度……                  改革委、财政局

The header's words give each column's starting position (in display columns:
a Chinese character is two); every later chunk of text goes to the column it
starts under, and a number in the first column starts a new row.
"""
import re

from workflows.text import display_width

_GAP = re.compile(r"\S+(?: \S+)*")     # chunks separated by two or more spaces


def is_aligned_header(line: str) -> bool:
    return "  " in line.strip() and len(_chunks(line)) >= 3


def _chunks(line: str) -> list[tuple[int, str]]:
    """(display column where it starts, text) of each chunk of a line."""
    return [(display_width(line[:m.start()]), m.group()) for m in _GAP.finditer(line)]


def _column(starts: list[int], at: int) -> int:
    """The column a chunk starting at `at` belongs to: the last one starting at or before it (with slack)."""
    return max((i for i, start in enumerate(starts) if start <= at + 1), default=0)


def aligned_rows(lines: list[str]) -> list[list[str]]:
    """Rows of cells, header first; text wrapped inside a cell is joined."""
    header = _chunks(lines[0])
    starts = [start for start, _ in header]
    rows = [[text for _, text in header]]
    for line in lines[1:]:
        chunks = _chunks(line)
        if not chunks:
            continue
        if len(chunks) == 1 and _column(starts, chunks[0][0]) == 0 and not chunks[0][1].isdigit():
            rows.append([chunks[0][1]])      # a line alone at the left: a section or the end of the table
            continue
        if _column(starts, chunks[0][0]) == 0 and chunks[0][1].isdigit():
            rows.append([""] * len(starts))
        if len(rows) == 1 or len(rows[-1]) == 1:
            continue
        for at, text in chunks:
            rows[-1][_column(starts, at)] += text
    return rows
