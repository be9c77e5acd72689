"""The audit trail as the console's 留痕 page reads it: filtered by unit, person, action and dates, newest first.

An entry names its subject as text ("item:12", "person:3", "unit:县司法局" or
"unit:4"); a unit's entries are those whose subject is the unit, one of its
items or one of its people.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import String, cast, func, literal, or_
from sqlmodel import Session, select

from store.tables import AuditEntry, DueItemRow, PersonRow, TaskRow, UnitRow

PAGE = 100


@dataclass(frozen=True)
class TrailFilter:
    unit_id: int | None = None
    person: str = ""          # any part of the actor: a name, "console", "cli"
    action: str = ""
    start: date | None = None
    end: date | None = None


def _subjects_of(unit: UnitRow):
    items = select(literal("item:").concat(cast(DueItemRow.id, String))).where(DueItemRow.unit_id == unit.id)
    people = select(literal("person:").concat(cast(PersonRow.id, String))).where(PersonRow.unit_id == unit.id)
    return or_(AuditEntry.subject.in_(items), AuditEntry.subject.in_(people),
               AuditEntry.subject.in_((f"unit:{unit.name}", f"unit:{unit.id}")))


def _day_start(day: date, zone) -> datetime:
    return datetime.combine(day, time(0), zone).astimezone(timezone.utc)


def _conditions(session: Session, wanted: TrailFilter, zone) -> list:
    conditions = []
    if wanted.unit_id is not None:
        unit = session.get(UnitRow, wanted.unit_id)
        conditions.append(_subjects_of(unit) if unit else literal(False))
    if wanted.person:
        conditions.append(AuditEntry.actor.contains(wanted.person, autoescape=True))
    if wanted.action:
        conditions.append(AuditEntry.action == wanted.action)
    if wanted.start:
        conditions.append(AuditEntry.at >= _day_start(wanted.start, zone))
    if wanted.end:
        conditions.append(AuditEntry.at < _day_start(wanted.end + timedelta(days=1), zone))
    return conditions


def search(session: Session, wanted: TrailFilter, zone, page: int = 0) -> tuple[list[AuditEntry], int]:
    """One page of the entries that match (newest first) and how many match in all."""
    conditions = _conditions(session, wanted, zone)
    total = session.exec(select(func.count()).select_from(AuditEntry).where(*conditions)).one()
    entries = session.exec(select(AuditEntry).where(*conditions).order_by(AuditEntry.id.desc())
                           .offset(page * PAGE).limit(PAGE)).all()
    return list(entries), total


def actions(session: Session) -> list[str]:
    return list(session.exec(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def _ids(subjects: list[str], kind: str) -> set[int]:
    prefix = kind + ":"
    return {int(s[len(prefix):]) for s in subjects if s.startswith(prefix) and s[len(prefix):].isdigit()}


@dataclass(frozen=True)
class Subject:
    """What an entry is about, as found now: an item (its unit, 序号 and period), a person (name, unit) or a unit."""
    kind: str
    name: str
    unit: str = ""
    seq: str = ""
    period: str = ""


def subjects_of(session: Session, subjects: list[str]) -> dict[str, Subject]:
    """The entries' subjects that still exist, by their stored form (item:12, person:3, unit:4)."""
    found: dict[str, Subject] = {}
    if item_ids := _ids(subjects, "item"):
        rows = session.exec(select(DueItemRow.id, UnitRow.name, TaskRow.seq, DueItemRow.period)
                            .join(UnitRow, UnitRow.id == DueItemRow.unit_id)
                            .outerjoin(TaskRow, (TaskRow.plan_id == DueItemRow.plan_id)
                                       & (TaskRow.row == DueItemRow.row))
                            .where(DueItemRow.id.in_(item_ids)))
        found |= {f"item:{i}": Subject("item", "", unit, seq or "", period) for i, unit, seq, period in rows}
    if person_ids := _ids(subjects, "person"):
        rows = session.exec(select(PersonRow.id, PersonRow.name, UnitRow.name)
                            .outerjoin(UnitRow, UnitRow.id == PersonRow.unit_id).where(PersonRow.id.in_(person_ids)))
        found |= {f"person:{i}": Subject("person", name, unit or "") for i, name, unit in rows}
    if unit_ids := _ids(subjects, "unit"):
        rows = session.exec(select(UnitRow.id, UnitRow.name).where(UnitRow.id.in_(unit_ids)))
        found |= {f"unit:{i}": Subject("unit", name) for i, name in rows}
    return found
