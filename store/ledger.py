"""The ledger (台账) as data: every due item of a plan with its status, completion, evidence and verification."""
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session

from store.tables import DueItemRow, PersonRow, ReplyRow, TaskRow, UnitRow


@dataclass(frozen=True)
class LedgerLine:
    seq: str
    heading: str
    content: str
    metric: str
    unit: str
    deadline_text: str
    due: date | None
    state: str
    completed: datetime | None      # when the accepted submission was made
    evidence: str                   # links, file ids and notes of the submissions
    verdicts: tuple[tuple[datetime, str, str, str], ...]   # the office's: when, who, action, why


def _replies(session: Session, item_ids: list[int]) -> dict[int, list[tuple[ReplyRow, str]]]:
    found: dict[int, list[tuple[ReplyRow, str]]] = {}
    query = (select(ReplyRow, PersonRow.name).outerjoin(PersonRow, PersonRow.id == ReplyRow.person_id)
             .where(ReplyRow.item_id.in_(item_ids)).order_by(ReplyRow.id))
    for reply, name in session.execute(query):
        found.setdefault(reply.item_id, []).append((reply, name or ""))
    return found


def _evidence(replies) -> str:
    parts = []
    for reply, _ in replies:
        if reply.action == "submit":
            parts += [reply.urls, f"文件 {reply.file_id}" if reply.file_id else "", reply.text if reply.text != reply.urls else ""]
    return "\n".join(p for p in parts if p)


def _verdicts(replies) -> tuple:
    return tuple((r.at, name, r.action, r.text) for r, name in replies if r.action in ("accept", "return", "waive", "hold"))


def _completed(replies):
    submitted = [r.at for r, _ in replies if r.action == "submit"]
    accepted = any(r.action == "accept" for r, _ in replies)
    return submitted[-1] if submitted and accepted else None


def ledger(session: Session, plan_id: int, unit: str | None = None) -> list[LedgerLine]:
    query = (select(DueItemRow, UnitRow.name, TaskRow)
             .join(UnitRow, UnitRow.id == DueItemRow.unit_id)
             .outerjoin(TaskRow, (TaskRow.plan_id == DueItemRow.plan_id) & (TaskRow.row == DueItemRow.row))
             .where(DueItemRow.plan_id == plan_id, DueItemRow.retired.is_(False))
             .order_by(DueItemRow.row, UnitRow.name, DueItemRow.due))
    if unit:
        query = query.where(UnitRow.name == unit)
    rows = session.execute(query).all()
    replies = _replies(session, [item.id for item, _, _ in rows])
    lines = []
    for item, unit_name, task in rows:
        mine = replies.get(item.id, [])
        lines.append(LedgerLine(task.seq if task else "", task.heading if task else "月反馈",
                                task.content if task else "", task.metric if task else "", unit_name,
                                task.deadline_text if task else "月反馈", item.due, item.state, _completed(mine),
                                _evidence(mine), _verdicts(mine)))
    return lines
