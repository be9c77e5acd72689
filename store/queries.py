"""Reading due items back for people and for the scheduler."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from store.tables import DueItemRow, PlanRow, TaskRow, UnitRow
from workflows.item_state import OPEN, ItemState


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


def _query():
    return (select(DueItemRow, UnitRow.name, TaskRow.seq, TaskRow.deadline_text)
            .join(UnitRow, UnitRow.id == DueItemRow.unit_id)
            .outerjoin(TaskRow, (TaskRow.plan_id == DueItemRow.plan_id) & (TaskRow.row == DueItemRow.row)))


def _stored(row: DueItemRow, unit: str, seq: str | None, deadline_text: str | None) -> StoredItem:
    return StoredItem(row.id, row.plan_id, unit, seq or "", row.row or None, row.kind, row.due, row.original_due,
                      row.provisional, deadline_text or "月反馈", row.role, row.detail, row.state, row.retired)


def latest_plan_id(session: Session) -> int | None:
    return session.execute(select(PlanRow.id).order_by(PlanRow.imported_at.desc(), PlanRow.id.desc())).scalar()


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


def due_or_overdue(session: Session, today: date, horizon_days: int = 7) -> list[StoredItem]:
    """Open items due by today + horizon, overdue ones included: what the reminder tick looks at."""
    until = date.fromordinal(today.toordinal() + horizon_days)
    query = _query().where(DueItemRow.state.in_(OPEN), DueItemRow.due <= until, DueItemRow.retired.is_(False))
    return [_stored(*r) for r in session.execute(query)]
