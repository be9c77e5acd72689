"""The office's roster as it was last uploaded (YAML, `roster` setting), group aliases included.

The unit table holds the units the plan's rows are assigned to; a plan check also
needs the roster's group aliases (各部门 → 各部门（单位）), which only the roster
file has. A deployment whose roster was never uploaded through the console gets
the roster rebuilt from the unit table, without group aliases.
"""
from sqlmodel import Session, select

from store.tables import SettingRow, UnitRow
from workflows.roster import Roster, Unit

KEY = "roster"


def keep(session: Session, roster_yaml: str) -> None:
    row = session.get(SettingRow, KEY) or SettingRow(key=KEY)
    row.value = roster_yaml
    session.add(row)


def kept(session: Session) -> str | None:
    row = session.get(SettingRow, KEY)
    return row.value if row else None


def from_units(session: Session) -> Roster:
    return Roster(tuple(Unit(u.name, u.kind, tuple(filter(None, u.aliases.split("、"))),
                             tuple(filter(None, u.groups.split("、"))))
                        for u in session.exec(select(UnitRow).order_by(UnitRow.id))))
