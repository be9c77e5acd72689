"""Telling the cells of one PDF-text table row apart.

PDF extraction prints a row's cells one after the other, each wrapped at its
column's width: narrow 重点工作 lines, wide 主要内容 lines, then 量化指标,
责任单位 and 完成时限; two cells sometimes share a line, separated by a space.
The cues used, in order: the 完成时限 is read off the end; lines are grouped
into paragraphs (a paragraph goes on while its lines fill the column); the
widest paragraph is the content, what comes before it the heading; after it,
the metric runs until the line that opens a unit list (各…, 县…, 市…).
"""
import re

from workflows.deadline_text import parse_deadline
from workflows.text import display_width, normalise

_COLUMN_BREAK = re.compile(r"(?<=[\u4e00-\u9fff）)”])\s+(?=[\u4e00-\u9fff（(“])")
_DEADLINE_TAIL = re.compile(r"\s+(?=\d{4}\s*年\s*\d{1,2}\s*月\S*$)")
_METRIC_OPENING = re.compile(r"^(查看|依据|参考|制定相关|建立相关|围绕|发生|规范办理|印发文件|制定落实)")
_UNIT_OPENING = re.compile(r"^(各|县|市(?!场)|区(?!域)|自治区)")
_PUNCTUATION_ONLY = re.compile(r"^[。，、；：.,;:”’）)]+$")


class Fragment(str):
    """A piece of a line; `ends_cell` when a space on the line closed a column there."""
    ends_cell = False


def _fragments(lines: list[str]) -> list[Fragment]:
    pieces: list[Fragment] = []
    for line in lines:
        parts = [p for chunk in _COLUMN_BREAK.split(line) for p in _DEADLINE_TAIL.split(chunk) if p.strip()]
        for i, part in enumerate(parts):
            fragment = Fragment(part.strip())
            fragment.ends_cell = i < len(parts) - 1
            pieces.append(fragment)
    return pieces


def _split_deadline(fragments: list[Fragment]) -> tuple[list[Fragment], str]:
    """The 完成时限 cell is what, at the end, reads as a rule (up to three broken pieces)."""
    for k in (3, 2, 1):
        if len(fragments) > k and parse_deadline("".join(fragments[-k:]), 2000) is not None:
            return fragments[:-k], "".join(fragments[-k:])
    return fragments[:-1], "".join(fragments[-1:])


def _paragraphs(fragments: list[Fragment], has_metric: bool) -> list[list[Fragment]]:
    paragraphs: list[list[Fragment]] = []
    width = 0
    for fragment in fragments:
        w = display_width(fragment)
        current = paragraphs[-1] if paragraphs else None
        if current and _PUNCTUATION_ONLY.match(fragment):
            current.append(fragment)
            continue
        previous = current[-1] if current else None
        goes_on = (previous is not None and not previous.ends_cell
                   and display_width(previous) >= width - 8 and w <= width * 1.5
                   and not (has_metric and _METRIC_OPENING.match(fragment))
                   and not (previous.endswith("。") and w < width / 2))
        if goes_on:
            current.append(fragment)
            width = max(width, w)
        else:
            paragraphs.append([fragment])
            width = w
    return paragraphs


def row_cells(after_seq: str, lines: list[str], has_metric: bool) -> dict[str, str]:
    """heading, content, metric, units and deadline text of one row."""
    body, deadline = _split_deadline(_fragments(lines))
    paragraphs = _paragraphs(body, has_metric)
    if not paragraphs:
        return {"heading": after_seq, "deadline": deadline}
    widths = [max(display_width(f) for f in p) for p in paragraphs]
    at = widths.index(max(widths))
    heading = after_seq + "".join(f for p in paragraphs[:at] for f in p)
    rest = [f for p in paragraphs[at + 1:] for f in p]
    split = next((i for i, f in enumerate(rest) if _UNIT_OPENING.match(normalise(f))), 0) if has_metric else 0
    return {"heading": heading, "content": "\n".join(paragraphs[at]), "metric": "\n".join(rest[:split]),
            "units": "\n".join(rest[split:]), "deadline": deadline}
