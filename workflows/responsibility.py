"""Reading the 责任单位 cell into assignments: who answers for a row, and in what role.

The cell is a list (、，和), may carry a jurisdiction prefix once for several
names (县人民政府办公室、民政局), a lead and helpers (牵头 / 配合), groups
(各乡镇（街道）) and an open tail (等部门). Names the roster does not know are
reported with the row, never dropped and never invented.
"""
import re
from dataclasses import dataclass

from workflows.plan import ERROR, Problem
from workflows.roster import Roster, Unit
from workflows.text import normalise

RESPONSIBLE, LEAD, HELPER = "responsible", "lead", "helper"
_STRENGTH = {LEAD: 0, RESPONSIBLE: 1, HELPER: 2}
_CLAUSE = re.compile(r"[，,；;]")
_ITEM = re.compile(r"[、及]")
_OPEN_TAIL = re.compile(r"等(?:相关|有关)?(?:部门|单位)$")
_PREFIX = re.compile(r"^(县|市|区)")


@dataclass(frozen=True)
class Assignment:
    unit: Unit
    role: str


def _role(clause: str) -> tuple[str, str]:
    for marker, role in (("牵头", LEAD), ("配合", HELPER), ("负责", RESPONSIBLE)):
        if clause.endswith(marker):
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
    """A name, or a pair joined by 和 (县卫健局和县应对…办公室), but not 工业和信息化局."""
    found = _lookup(name, prefix, roster)
    if found is None and "和" in name:
        parts = [_lookup(part, prefix, roster) for part in name.split("和")]
        if all(parts):
            return tuple(u for part in parts for u in part)
    return found


def parse_units(text: str, roster: Roster, row: int = 0) -> tuple[list[Assignment], list[Problem]]:
    """Assignments of one cell, strongest role kept when a unit is named twice."""
    roles: dict[str, Assignment] = {}
    problems: list[Problem] = []
    for clause in _CLAUSE.split(normalise(text).rstrip("。.")):
        clause, role = _role(clause)
        prefix = ""
        for name in filter(None, _ITEM.split(clause)):
            name = _OPEN_TAIL.sub("", name)
            prefix = _PREFIX.match(name).group() if _PREFIX.match(name) else prefix
            units = _resolve(name, prefix, roster)
            if units is None:
                problems.append(Problem(row, "责任单位", ERROR, f"名册中没有「{name}」：请在名册中加上该单位或别名",
                                        text, subject=name))
                continue
            for unit in units:
                held = roles.get(unit.name)
                if held is None or _STRENGTH[role] < _STRENGTH[held.role]:
                    roles[unit.name] = Assignment(unit, role)
    if not roles and not problems:
        problems.append(Problem(row, "责任单位", ERROR, "没有写明责任单位", text))
    return list(roles.values()), problems
