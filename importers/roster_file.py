"""Reading a roster YAML file into a `Roster`, with errors that name the file and the entry.

    units:
      - name: 永宁县司法局
        kind: department            # township | department | section | district | office
        aliases: [县司法局]
        groups: [各部门（单位）]
    group_aliases:                  # another name for a group the units list
      各部门: 各部门（单位）
"""
from pathlib import Path

import yaml

from workflows.roster import KINDS, Roster, Unit


class RosterError(ValueError):
    """The roster file is missing, malformed, or names something twice."""


def _unit(path: Path, index: int, entry) -> Unit:
    where = f"{path}: units[{index}]"
    if not isinstance(entry, dict) or not entry.get("name"):
        raise RosterError(f"{where}: each unit needs a name")
    if entry.get("kind") not in KINDS:
        raise RosterError(f"{where} ({entry['name']}): kind must be one of {', '.join(KINDS)}")
    return Unit(str(entry["name"]), entry["kind"], tuple(map(str, entry.get("aliases") or ())),
                tuple(map(str, entry.get("groups") or ())))


def _check_unique(path: Path, units: list[Unit]) -> None:
    seen: dict[str, str] = {}
    for unit in units:
        for name in (unit.name, *unit.aliases):
            if seen.setdefault(name, unit.name) != unit.name:
                raise RosterError(f"{path}: '{name}' names both {seen[name]} and {unit.name}")


def load_roster(path: Path) -> Roster:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise RosterError(f"{path}: cannot be read: {error}")
    if not isinstance(data, dict) or not isinstance(data.get("units"), list):
        raise RosterError(f"{path}: needs a 'units' list")
    units = [_unit(path, i, entry) for i, entry in enumerate(data["units"])]
    _check_unique(path, units)
    aliases = data.get("group_aliases") or {}
    if not isinstance(aliases, dict):
        raise RosterError(f"{path}: group_aliases must map a name to a group")
    return Roster(tuple(units), {str(k): str(v) for k, v in aliases.items()})
