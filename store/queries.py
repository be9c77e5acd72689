"""Reading due items back for people and for the scheduler."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from store.tables import DueItemRow, PlanRow, TaskRow, UnitRow
from workflows.glossary import FEEDBACK_NAME, MONTHLY_FEEDBACK
from workflows.item_state import CHASED, ItemState


@dataclass(frozen=True)
class StoredItem:
    id: int
    plan_id: int
    unit: str
    seq: str
    row: int | None
    kind: str
    due: date | None
    original_due: date | None
    provisional: bool
    deadline_text: str
    role: str
    detail: str
    state: str
    retired: bool

    def overdue(self, today: date) -> bool:
        return ItemState(self.state, self.due, self.original_due).is_overdue(today)


_COLUMNS = (DueItemRow.id, DueItemRow.plan_id, UnitRow.name, TaskRow.seq, DueItemRow.row, DueItemRow.kind,
            DueItemRow.due, DueItemRow.original_due, DueItemRow.provisional, TaskRow.deadline_text,
            DueItemRow.role, DueItemRow.detail, DueItemRow.state, DueItemRow.retired)


def _query():
    """Plain columns, not ORM objects: the tick reads thousands of rows and changes none."""
    return (select(*_COLUMNS).join(UnitRow, UnitRow.id == DueItemRow.unit_id)
            .outerjoin(TaskRow, (TaskRow.plan_id == DueItemRow.plan_id) & (TaskRow.row == DueItemRow.row)))


def _stored(item_id, plan_id, unit, seq, row, kind, due, original_due, provisional, deadline_text, role, detail,
            state, retired) -> StoredItem:
    return StoredItem(item_id, plan_id, unit, seq or "", row or None, kind, due, original_due, provisional,
                      deadline_text or FEEDBACK_NAME, role, detail, state, retired)


def plan_ids(session: Session) -> list[int]:
    return list(session.execute(select(PlanRow.id)).scalars())


def latest_plan_id(session: Session) -> int | None:
    return session.execute(select(PlanRow.id).order_by(PlanRow.imported_at.desc(), PlanRow.id.desc())).scalar()


def plan_id_of(session: Session, reference: str, file_hash: str = "") -> int | None:
    """A stored plan named by its id, by the content hash of the file it was imported from, or by that file's name."""
    if reference.isdigit():
        return int(reference) if session.get(PlanRow, int(reference)) else None
    newest = (PlanRow.imported_at.desc(), PlanRow.id.desc())
    if file_hash:
        found = session.execute(select(PlanRow.id).where(PlanRow.source_hash == file_hash).order_by(*newest)).scalar()
        if found:
            return found
    name = reference.replace("\\", "/").rsplit("/", 1)[-1]
    return session.execute(select(PlanRow.id).where(PlanRow.source_name == name).order_by(*newest)).scalar()


def items(session: Session, plan_id: int, unit: str | None = None, start: date | None = None,
          end: date | None = None) -> list[StoredItem]:
    """A plan's items (retired ones included), dated ones inside the window, undated always."""
    query = _query().where(DueItemRow.plan_id == plan_id)
    if unit:
        query = query.where(UnitRow.name == unit)
    if start:
        query = query.where((DueItemRow.due >= start) | (DueItemRow.due.is_(None)))
    if end:
        query = query.where((DueItemRow.due <= end) | (DueItemRow.due.is_(None)))
    rows = [_stored(*r) for r in session.execute(query)]
    return sorted(rows, key=lambda i: (i.unit, i.due is None, i.due or date.max, i.row or 0, i.kind))


def chunks(values, size: int = 1000):
    """`IN (…)` lists of a size every database takes."""
    values = list(values)
    return (values[i:i + size] for i in range(0, len(values), size))


def _chased_on(plan_id: int, dues: set[date]):
    return (DueItemRow.state.in_(CHASED), DueItemRow.due.in_(sorted(dues)), DueItemRow.retired.is_(False),
            DueItemRow.plan_id == plan_id)


def chased_groups(session: Session, plan_id: int, dues: set[date]) -> list[tuple[int, date, str]]:
    """(unit id, due, kind) of the plan's open items due on these days, held ones left waiting: the items of one
    group share their reminder steps, so who is told what is decided per group (far fewer than items).

    Read from the covering index alone (`ix_due_item_open_due`), no join: with a join, SQLite once ANALYZEd
    scanned every unit instead (bench/store_province.py)."""
    return [tuple(row) for row in session.execute(
        select(DueItemRow.unit_id, DueItemRow.due, DueItemRow.kind).where(*_chased_on(plan_id, dues)).distinct())]


def chased_dues_before(session: Session, plan_id: int, before: date) -> list[date]:
    """The due dates of the plan's open items (held ones left waiting) due before a day: those chased again.

    The plan is compared as `plan_id + 0`: SQLite (never ANALYZEd) otherwise seeks the plan's own index and reads
    every item of the plan; so it ranges over the open items' covering index (state, due) instead."""
    return list(session.execute(
        select(DueItemRow.due).where(DueItemRow.state.in_(CHASED), DueItemRow.due < before,
                                     DueItemRow.retired.is_(False), (DueItemRow.plan_id + 0) == plan_id,
                                     DueItemRow.kind != MONTHLY_FEEDBACK).distinct()).scalars())


def units_with_chased_due(session: Session, first: date, last: date) -> list[int]:
    """The units with an open item due between these days (held ones left waiting): a week ahead's notes."""
    return list(session.execute(
        select(DueItemRow.unit_id).where(DueItemRow.state.in_(CHASED), DueItemRow.due >= first,
                                         DueItemRow.due <= last, DueItemRow.retired.is_(False))
        .distinct().order_by(DueItemRow.unit_id)).scalars())
