"""Who has joined where: each unit's active people by role, and the office's own (the console's 人员 page)."""
from dataclasses import dataclass, field

from sqlmodel import Session, select

from store.tables import PersonRow, SettingRow, UnitRow


@dataclass
class UnitPeople:
    unit_id: int | None        # None: the office (admins, observers)
    name: str
    kind: str
    people: dict[str, list[PersonRow]] = field(default_factory=dict)     # by role


def board(session: Session) -> list[UnitPeople]:
    """Every unit in roster order, then the office; each with its active people by role."""
    units = {u.id: UnitPeople(u.id, u.name, u.kind) for u in session.exec(select(UnitRow).order_by(UnitRow.id))}
    office = UnitPeople(None, "", "office")
    for person in session.exec(select(PersonRow).where(PersonRow.active.is_(True)).order_by(PersonRow.id)):
        place = units.get(person.unit_id, office)
        place.people.setdefault(person.role, []).append(person)
    return [*units.values(), office]


def cached_bot_username(session: Session) -> str | None:
    """The bot's username as `duban invite` learnt it from Telegram and kept."""
    row = session.get(SettingRow, "bot_username")
    return row.value if row else None
