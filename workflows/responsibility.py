"""Reading the 责任单位 cell into assignments: who answers for a row, and in what role.

The cell is a list (、，和), may carry a jurisdiction prefix once for several
names (县人民政府办公室、民政局), roles (X牵头，Y配合; 负责落实, 分别负责,
按职责分工落实, 会办…), groups whose brackets do not split them
(各县（市、区）人民政府（管委会）), notes in brackets ((见附件1,下同)), a scope
note that widens a group ((含高新区、经济开发区…)) and an open tail (…等相关部门:
the named units, and a notice that the list is open). Names the roster does not
know are reported with the row, never dropped and never invented; a sentence
in the cell is flagged, not guessed at.
"""
import re
from dataclasses import dataclass

from workflows.glossary import HELPER, LEAD, RESPONSIBLE
from workflows.plan import ERROR, NOTICE, UNITS, Problem
from workflows.roster import Roster, Unit
from workflows.text import normalise
_STRENGTH = {LEAD: 0, RESPONSIBLE: 1, HELPER: 2}
_ROLES = sorted((("牵头", LEAD), ("统筹", LEAD), ("配合", HELPER), ("会办", HELPER), ("协办", HELPER), ("参与", HELPER),
                 ("负责", RESPONSIBLE), ("负责落实", RESPONSIBLE), ("具体落实", RESPONSIBLE), ("落实", RESPONSIBLE),
                 ("分别负责", RESPONSIBLE), ("分别负责落实", RESPONSIBLE), ("共同负责", RESPONSIBLE),
                 ("按职能分工落实", RESPONSIBLE), ("按职责分工落实", RESPONSIBLE), ("按职责落实", RESPONSIBLE),
                 ("按照职责分工落实", RESPONSIBLE), ("按照职能分工落实", RESPONSIBLE),
                 ("负责落", RESPONSIBLE)), key=lambda r: -len(r[0]))
_OPEN_TAIL = re.compile(r"等(?:[市县区])?(?:相关|有关|其他)?(?:部门|单位)?$")
_PREFIX = re.compile(r"^(县|市|区)")
_NOTE = re.compile(r"[（(](?:见附件[^）)]*|[^（）()]*下同)[）)]")
_SCOPE = re.compile(r"[（(]含(?P<names>[^（）()]+?)(?:[,，]下同)?[）)]")
_SENTENCE = re.compile(r"[。！？]|要求|做好|按照|根据|结合|进一步|工作的|情况")
_DEFINED = re.compile(r"(?P<group>[^、，,；;：:（）()]+?)[（(]含(?P<names>[^（）()]+?)[,，]下同[）)]")
OPEN_LIST = "单位列表以「等」结尾：只识别了写明的单位，其余单位请在审核表的责任单位中补上"
SENTENCE = "责任单位一栏是一段话，读不出单位：请改写为单位名称（如「县司法局牵头，各乡镇配合」）"


@dataclass(frozen=True)
class Assignment:
    unit: Unit
    role: str


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        depth += char in "（("
        depth -= char in "）)" and depth > 0
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    return parts + ["".join(current)]


def _role(clause: str) -> tuple[str, str]:
    clause = clause.rstrip("…")
    for marker, role in _ROLES:
        if clause.endswith(marker) and len(clause) > len(marker):
            return clause[: -len(marker)], role
    return clause, RESPONSIBLE


def _lookup(name: str, prefix: str, roster: Roster) -> tuple[Unit, ...] | None:
    group = roster.group(name)
    if group is not None:
        return group
    for candidate in (name, prefix + name, _PREFIX.sub("", name)):
        unit = roster.find(candidate)
        if unit:
            return (unit,)
    return None


def _resolve(name: str, prefix: str, roster: Roster) -> tuple[Unit, ...] | None:
    """A name; a pair joined by 和 (but not 工业和信息化局); 各地各部门; a name with a bracket that is not part of
    it."""
    found = _lookup(name, prefix, roster)
    for joiner in ("和", "各"):
        if found is None and joiner in name[1:]:
            parts = [p for p in re.split(f"(?={joiner})" if joiner == "各" else joiner, name) if p]
            resolved = [_lookup(part, prefix, roster) for part in parts]
            found = tuple(u for part in resolved for u in part) if len(parts) > 1 and all(resolved) else None
    bare = re.sub(r"[（(][^（）()]*[）)]$", "", name)
    if found is None and bare != name:
        found = _lookup(bare, prefix, roster)
    return found


def resolve_name(name: str, roster: Roster) -> tuple[Unit, ...] | None:
    """The units a name stands for, as a plan writes it (市司法局) or as the roster does."""
    flat = normalise(name)
    return _resolve(flat, _PREFIX.match(flat).group() if _PREFIX.match(flat) else "", roster)


def _items(clause: str, roster: Roster) -> list[str]:
    """The names of a clause; neighbours the roster knows together stay together (市政府各部门、单位)."""
    pieces = [p for p in _split_outside_brackets(clause, "、及") if p]
    items, i = [], 0
    while i < len(pieces):
        if i + 1 < len(pieces) and roster.group(pieces[i] + "、" + pieces[i + 1]) is not None:
            items.append(pieces[i] + "、" + pieces[i + 1])
            i += 2
        else:
            items.append(pieces[i])
            i += 1
    return items


def _names(clause: str, roster: Roster) -> tuple[list[str], list[str], bool]:
    """(names, names a scope note adds, whether the list is open)."""
    scope = [n for found in _SCOPE.finditer(clause) for n in _split_outside_brackets(found["names"], "、，,")]
    clause = _NOTE.sub("", _SCOPE.sub("", clause))
    names, open_list = [], False
    for item in _items(clause, roster):
        tail = _OPEN_TAIL.search(item)
        if tail and tail.start() > 0:
            item, open_list = item[:tail.start()], True
        names.append(item)
    return names, scope, open_list


def carried_scopes(text: str, scopes: dict[str, str]) -> tuple[str, dict[str, str]]:
    """`各区县政府（含高新区、经济开发区，下同）`: the scope given once widens the group wherever later rows
    name it. (the row's text with earlier scopes written in, the scopes known after this row)"""
    flat = normalise(text)
    for group, names in scopes.items():
        flat = re.sub(rf"{re.escape(group)}(?![（(]含)", f"{group}(含{names})", flat)
    return flat, {**scopes, **{m["group"]: m["names"] for m in _DEFINED.finditer(flat)}}


def _clauses(flat: str, roster: Roster) -> list[tuple[str, str]]:
    """(names, role) of each clause; `X会办Y` is X leading with Y helping, when X is a unit."""
    out = []
    for clause in _split_outside_brackets(flat, "，,；;"):
        clause, role = _role(clause)
        out += _together(clause, role, roster) if role != HELPER else [(clause, role)]
    return out


def _together(clause: str, role: str, roster: Roster) -> list[tuple[str, str]]:
    """X会同Y、Z or 宣传处会(办)办公室: X leads, the others help, when both sides are units
    and the whole is not a name of its own (县人大常委会办公室)."""
    if "会" not in clause or resolve_name(clause, roster):
        return [(clause, role)]
    for joiner in ("会同", "会办", "会"):
        lead, _, helpers = clause.partition(joiner)
        first = _split_outside_brackets(helpers, "、")[0] if helpers else ""
        if lead and first and resolve_name(lead, roster) and resolve_name(first, roster):
            return [(lead, LEAD), (helpers, HELPER)]
    return [(clause, role)]


def parse_units(text: str, roster: Roster, row: int = 0) -> tuple[list[Assignment], list[Problem]]:
    """Assignments of one cell, strongest role kept when a unit is named twice."""
    roles: dict[str, Assignment] = {}
    problems: list[Problem] = []
    flat = normalise(text).rstrip("。.")
    if len(flat) > 30 and _SENTENCE.search(_role(flat)[0]):
        return [], [Problem(row, UNITS, ERROR, SENTENCE, text)]
    for clause, role in _clauses(flat, roster):
        names, scope, open_list = _names(clause, roster)
        prefix = ""
        for name in filter(None, names + scope):
            prefix = _PREFIX.match(name).group() if _PREFIX.match(name) else prefix
            units = _resolve(name, prefix, roster)
            if units is None:
                problems.append(Problem(row, UNITS, ERROR, f"名册中没有「{name}」：请在名册中加上该单位或别名",
                                        text, subject=name))
                continue
            for unit in units:
                held = roles.get(unit.name)
                if held is None or _STRENGTH[role] < _STRENGTH[held.role]:
                    roles[unit.name] = Assignment(unit, role)
        if open_list:
            problems.append(Problem(row, UNITS, NOTICE, OPEN_LIST, text))
    if not roles and not problems:
        problems.append(Problem(row, UNITS, ERROR, "没有写明责任单位", text))
    return list(roles.values()), problems
