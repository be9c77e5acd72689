"""The roster: the units a plan names, their kinds, aliases and group memberships.

Which units a group such as 各行业主管部门 covers is the office's decision, so
the roster states it; nothing here guesses membership from a unit's name.
"""
from dataclasses import dataclass, field

from workflows.text import normalise

KINDS = ("township", "department", "section", "district", "office")


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Roster:
    units: tuple[Unit, ...]
    group_aliases: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        names = {}
        for unit in self.units:
            for name in (unit.name, *unit.aliases):
                names.setdefault(normalise(name), unit)
        object.__setattr__(self, "_names", names)
        groups: dict[str, list[Unit]] = {}
        for unit in self.units:
            for group in unit.groups:
                groups.setdefault(normalise(group), []).append(unit)
        for alias, group in self.group_aliases.items():
            groups[normalise(alias)] = groups.get(normalise(group), [])
        object.__setattr__(self, "_groups", {g: tuple(us) for g, us in groups.items()})

    def find(self, name: str) -> Unit | None:
        """A unit by its full name or any alias, as the plan writes it."""
        return self._names.get(normalise(name))

    def group(self, name: str) -> tuple[Unit, ...] | None:
        """The members of a group (各乡镇（街道）), or None when it is not a known group."""
        return self._groups.get(normalise(name))


def suggested_kind(name: str) -> str:
    """A first guess for a roster entry the office completes: townships, districts, else departments."""
    if name.endswith(("镇", "乡", "街道")):
        return "township"
    if name.endswith(("区", "县")) and not name.startswith(("县", "区")):
        return "district"
    return "department"
