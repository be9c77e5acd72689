"""What the cadence reports need to know about each item of a plan, as workflows.cadence facts."""
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from store.tables import DueItemRow, ReplyRow, TaskRow, UnitRow
from store.notices import PREFIX
from workflows.cadence import ItemFact
from workflows.rectification import RECTIFICATION


def item_facts(session: Session, plan_id: int, timezone) -> list[ItemFact]:
    submitted = (select(ReplyRow.item_id, func.max(ReplyRow.at).label("at"))
                 .where(ReplyRow.action == "submit").group_by(ReplyRow.item_id).subquery())
    returned = (select(ReplyRow.item_id, func.count().label("n"))
                .where(ReplyRow.action == "return").group_by(ReplyRow.item_id).subquery())
    query = (select(UnitRow.name, TaskRow.seq, DueItemRow.period, DueItemRow.kind, DueItemRow.due, DueItemRow.state,
                    submitted.c.at, returned.c.n)
             .join(UnitRow, UnitRow.id == DueItemRow.unit_id)
             .outerjoin(TaskRow, (TaskRow.plan_id == DueItemRow.plan_id) & (TaskRow.row == DueItemRow.row))
             .outerjoin(submitted, submitted.c.item_id == DueItemRow.id)
             .outerjoin(returned, returned.c.item_id == DueItemRow.id)
             .where(DueItemRow.plan_id == plan_id, DueItemRow.retired.is_(False)))
    facts = []
    for unit, seq, period, kind, due, state, at, returns in session.execute(query):
        local = _utc(at).astimezone(timezone).date() if at else None
        if kind == RECTIFICATION:    # 整改通知书第N号 has no row of the plan: it is named by its number
            seq = f"整改{period.removeprefix(PREFIX)}"
        facts.append(ItemFact(unit, seq or "", kind, due, state, local, returns or 0))
    return facts


def _utc(value: datetime) -> datetime:
    """max() over a UTC column comes back without the column type's conversion: naive UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
