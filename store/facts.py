"""What the cadence reports need to know about each item of a plan, as workflows.cadence facts, and what units
wrote in a month's feedback round."""
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from store.tables import DueItemRow, PersonRow, ReplyRow, TaskRow, UnitRow
from store.notices import PREFIX
from workflows.cadence import FEEDBACK, FeedbackReply, ItemFact
from workflows.rectification import RECTIFICATION


def item_facts(session: Session, plan_id: int, timezone) -> list[ItemFact]:
    submitted = (select(ReplyRow.item_id, func.max(ReplyRow.at).label("at"))
                 .where(ReplyRow.action == "submit").group_by(ReplyRow.item_id).subquery())
    returned = (select(ReplyRow.item_id, func.count().label("n"))
                .where(ReplyRow.action == "return").group_by(ReplyRow.item_id).subquery())
    query = (select(UnitRow.name, TaskRow.seq, DueItemRow.period, DueItemRow.kind, DueItemRow.due, DueItemRow.state,
                    submitted.c.at, returned.c.n, DueItemRow.original_due)
             .join(UnitRow, UnitRow.id == DueItemRow.unit_id)
             .outerjoin(TaskRow, (TaskRow.plan_id == DueItemRow.plan_id) & (TaskRow.row == DueItemRow.row))
             .outerjoin(submitted, submitted.c.item_id == DueItemRow.id)
             .outerjoin(returned, returned.c.item_id == DueItemRow.id)
             .where(DueItemRow.plan_id == plan_id, DueItemRow.retired.is_(False)))
    facts = []
    for unit, seq, period, kind, due, state, at, returns, original in session.execute(query):
        local = _utc(at).astimezone(timezone).date() if at else None
        if kind == RECTIFICATION:    # 整改通知书第N号 has no row of the plan: it is named by its number
            seq = f"整改{period.removeprefix(PREFIX)}"
        moved = original if original and original != due else None
        facts.append(ItemFact(unit, seq or "", kind, due, state, local, returns or 0, moved))
    return facts


def feedback_replies(session: Session, plan_id: int, first: date, last: date) -> tuple[FeedbackReply, ...]:
    """Each unit's answers to the feedback rounds due from `first` to `last`: its texts, then its links and files."""
    query = (select(UnitRow.name, ReplyRow.text, ReplyRow.urls, ReplyRow.file_id)
             .join(DueItemRow, DueItemRow.id == ReplyRow.item_id).join(UnitRow, UnitRow.id == DueItemRow.unit_id)
             .where(DueItemRow.plan_id == plan_id, DueItemRow.kind == FEEDBACK, DueItemRow.due >= first,
                    DueItemRow.due <= last, ReplyRow.action.in_(("submit", "progress", "block")))
             .order_by(UnitRow.name, ReplyRow.id))
    said: dict[str, tuple[list[str], list[str]]] = {}
    for unit, text, urls, file_id in session.execute(query):
        texts, evidence = said.setdefault(unit, ([], []))
        texts += [text] if text and text != urls else []
        evidence += [u for u in urls.splitlines() if u] + ([f"文件 {file_id}"] if file_id else [])
    return tuple(FeedbackReply(unit, "\n".join(texts), "\n".join(evidence)) for unit, (texts, evidence) in said.items())


def _utc(value: datetime) -> datetime:
    """max() over a UTC column comes back without the column type's conversion: naive UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def joined_units(session: Session) -> set[str]:
    """The units with a liaison or leader who joined and is still active: the others cannot be reminded."""
    query = (select(UnitRow.name).join(PersonRow, PersonRow.unit_id == UnitRow.id)
             .where(PersonRow.active.is_(True)).distinct())
    return set(session.execute(query).scalars())
