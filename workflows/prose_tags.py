"""Who does a prose task, and by when: the unit tags, label lines and sentence subjects of a paragraph.

Plans written as prose close each task with a tag in brackets, in every form:
`（X牵头，Y配合）`, `（X负责落实）`, `（X、Y分别负责落实）`, `〔责任单位：…，下同〕`,
`（X负责落实，完成时限：2022年10月）`, inside the sentence before its `。` or
after it, and cut short where a copy ends (`…等相关部门负责落…`). One paragraph
closed by several tags is several tasks. Without tags, the units are the
subjects of its clauses (各地各部门要…, 县司法局牵头完成…), and a sentence that
opens with another subject starts another task.
"""
import re

from workflows.table import units_text
from workflows.text import normalise

_OPENING, _CLOSING = "（(〔[【", "）)〕]】"
_ROLE_END = re.compile(r"(牵头|配合|负责落实|负责|具体落实|落实|统筹|会办|分工落实|分别负责)$")
_CUT_ROLE = re.compile(r"(牵头|配合|负责落?实?|具体落?|分别负?责?落?)$")
_LABELLED = re.compile(r"^(责任单位|责任部门|牵头单位|配合单位)[:：]")
_DEADLINE_LABEL = re.compile(r"[，,;；]?\s*(?:完成时限|时间节点|完成时间|时限)[:：](?P<d>.+)$")
LABEL_FIELDS = {"牵头单位": "lead", "责任单位": "units", "责任部门": "units", "配合单位": "helpers"}
_CUT = ("…", "...")

_WORD = r"(?:(?!要|将|应当|须|在|对|主动|充分|积极|认真)[\u4e00-\u9fff])"   # a name's character, not a verb's
_NAME = (rf"(?:各{_WORD}{{0,8}}?(?:部门|单位|地|乡镇|镇乡|街道|县|区|科室|处室|园区)(?:人民政府)?"
         rf"(?:[（(][^（）()]{{1,12}}[）)])?"
         rf"|(?:县|市|区){_WORD}{{1,14}}?(?:局|委|办公室|办|中心|管委会|政府|部门|单位)(?:办公室|办)?)")
_BARE = rf"{_WORD}{{1,10}}?(?:局|委|办公室|中心|政府)"
_DOER = re.compile(rf"(?:^|(?<=[。；;，,：:]))(?P<d>{_NAME}(?:(?:[、和及]?{_NAME})|(?:[、和及]{_BARE}))*)"
                   r"(?:等(?:相关|有关)?(?:部门|单位))?(?!的)")
_ONE_NAME = re.compile(rf"{_NAME}|{_BARE}")
_ROLE_WORDS = re.compile(r"牵头单位|责任单位|配合单位|承办单位|起草单位")


def _top_brackets(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost bracket; an unclosed one runs to the end of the text."""
    spans, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in _OPENING:
            start = i if depth == 0 else start
            depth += 1
        elif char in _CLOSING and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if depth:
        spans.append((start, len(text)))
    return spans


def _is_tag(inner: str, closed: bool) -> bool:
    flat = normalise(inner)
    if _LABELLED.match(flat):
        return True
    flat = _DEADLINE_LABEL.sub("", flat)
    if not closed:
        return bool(_CUT_ROLE.search(flat.rstrip("….")))
    return len(flat) > 2 and bool(_ROLE_END.search(flat)) and "谁" not in flat


def read_tag(inner: str) -> tuple[str, str]:
    """(units with their roles, deadline) of a tag's text or of label lines run together."""
    inner = inner.strip().rstrip("…").rstrip(".")
    deadline = _DEADLINE_LABEL.search(inner)
    units = inner[:deadline.start()] if deadline else inner
    labelled = re.split(r"(牵头单位|责任单位|责任部门|配合单位)[:：]", units)
    if len(labelled) > 1:
        values: dict[str, list[str]] = {}
        for label, text in zip(labelled[1::2], labelled[2::2]):
            values.setdefault(LABEL_FIELDS[label], []).append(text.strip(" ，,;；"))
        units = units_text(values)
    return units.strip(), deadline["d"].strip() if deadline else ""


def tagged_parts(text: str) -> list[tuple[str, str, str]]:
    """(task text, units, deadline) for each tag closing a task; [] when the paragraph has no tag.
    Text after the last tag (a copy cut short) is a task of its own, with no units."""
    parts, at = [], 0
    for start, end in _top_brackets(text):
        closed = text[end - 1] in _CLOSING
        inner = text[start + 1:end - 1] if closed else text[start + 1:]
        if not _is_tag(inner, closed):
            continue
        units, deadline = read_tag(inner)
        parts.append((text[at:start].lstrip("。；; ") + ("。" if text[end:end + 1] == "。" else ""), units, deadline))
        at = end + (1 if text[end:end + 1] == "。" else 0)
    rest = text[at:].strip("。；; ")
    if parts and rest:
        parts.append((rest, "", ""))
    return parts


def _doers(sentence: str) -> list[str]:
    names = []
    for found in _DOER.finditer(sentence):
        if not _ROLE_WORDS.search(found["d"]):
            names += [n.group() for n in _ONE_NAME.finditer(found["d"])]
    return list(dict.fromkeys(names))


def subject_parts(text: str) -> list[tuple[str, str]]:
    """(task text, units) by sentence subjects: a sentence opening with a new subject starts a new task."""
    parts: list[tuple[list[str], list[str]]] = []
    for sentence in re.findall(r"[^。]+。?", text):
        doers = _doers(sentence)
        opening = _DOER.match(sentence)
        new_subject = opening and parts and parts[-1][1] and not set(_doers(opening.group())) & set(parts[-1][1])
        if not parts or new_subject:
            parts.append(([], []))
        parts[-1][0].append(sentence)
        parts[-1][1].extend(d for d in doers if d not in parts[-1][1])
    return [("".join(sentences), "、".join(doers)) for sentences, doers in parts]
