"""The ledger (台账) as data: every due item of a plan with its status, completion, evidence and verification."""
from sqlalchemy import select
from sqlmodel import Session

from store.tables import DueItemRow, EvidenceFileRow, PersonRow, ReplyRow, TaskRow, UnitRow
from workflows.ledger import LedgerLine
from workflows.rectification import RECTIFICATION


def _replies(session: Session, item_ids: list[int]) -> dict[int, list[tuple[ReplyRow, str, str]]]:
    """Each item's replies, with who sent each and the name of the file it kept, if any."""
    found: dict[int, list[tuple[ReplyRow, str, str]]] = {}
    query = (select(ReplyRow, PersonRow.name, EvidenceFileRow.name)
             .outerjoin(PersonRow, PersonRow.id == ReplyRow.person_id)
             .outerjoin(EvidenceFileRow, EvidenceFileRow.hash == ReplyRow.file_hash)
             .where(ReplyRow.item_id.in_(item_ids)).order_by(ReplyRow.id))
    for reply, name, file_name in session.execute(query):
        found.setdefault(reply.item_id, []).append((reply, name or "", file_name or ""))
    return found


def _file(reply: ReplyRow, file_name: str) -> str:
    if reply.file_hash:
        return f"文件 {file_name}（SHA-256 {reply.file_hash}）"
    return f"文件 {reply.file_id}（未下载）" if reply.file_id else ""     # sent before files were kept


def _evidence(replies) -> str:
    parts = []
    for reply, _, file_name in replies:
        if reply.action == "submit":
            parts += [reply.urls, _file(reply, file_name), reply.text if reply.text != reply.urls else ""]
    return "\n".join(p for p in parts if p)


def _verdicts(replies) -> tuple:
    return tuple((r.at, name, r.action, r.text) for r, name, _ in replies
                 if r.action in ("accept", "return", "waive", "hold", "refuse_hold"))


def _completed(replies):
    submitted = [r.at for r, _, _ in replies if r.action == "submit"]
    accepted = any(r.action == "accept" for r, _, _ in replies)
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
        heading, content, deadline = _own_text(item) if task is None else (task.heading, task.content,
                                                                             task.deadline_text)
        lines.append(LedgerLine(task.seq if task else "", heading, content, task.metric if task else "", unit_name,
                                deadline, item.due, item.state, _completed(mine), _evidence(mine), _verdicts(mine)))
    return lines


def _own_text(item: DueItemRow) -> tuple[str, str, str]:
    """An item without a task row, named as chat names it: a 整改通知书 by its subject, the 月反馈 by what it asks."""
    if item.kind == RECTIFICATION:
        return "整改通知书", item.detail, "整改期限"
    return "月反馈", "本月工作进展", "月反馈"
