"""Acting on stored due items: replies, verification, extensions, waivers — each audited.

The rules come from workflows.item_state; this module loads the row, applies
them, writes the reply and the audit entry, all in the caller's unit of work.
"""
from dataclasses import asdict, dataclass
from datetime import date

from store.tables import DueItemRow, ReplyRow
from store.uow import UnitOfWork
from workflows.item_state import ItemState, TransitionError, apply, decide_extension, request_extension


@dataclass(frozen=True)
class Evidence:
    text: str = ""
    urls: tuple[str, ...] = ()
    file_id: str = ""
    file_hash: str = ""
    expected_date: date | None = None


def _state(row: DueItemRow) -> ItemState:
    return ItemState(row.state, row.due, row.original_due, row.extension, row.extension_to)


def _load(uow: UnitOfWork, item_id: int) -> DueItemRow:
    row = uow.session.get(DueItemRow, item_id, with_for_update=True)
    if row is None:
        raise TransitionError(f"没有编号为 {item_id} 的事项")
    return row


def _store(uow: UnitOfWork, row: DueItemRow, new: ItemState, action: str, person_id: int | None,
           evidence: Evidence, reason: str = "") -> None:
    before = asdict(_state(row))
    row.state, row.due, row.extension, row.extension_to = new.state, new.due, new.extension, new.extension_to
    row.reason = reason or row.reason
    row.updated_at = uow.now
    uow.session.add(row)
    uow.session.add(ReplyRow(item_id=row.id, person_id=person_id, action=action, text=evidence.text or reason,
                             urls="\n".join(evidence.urls), file_id=evidence.file_id, file_hash=evidence.file_hash,
                             expected_date=evidence.expected_date, at=uow.now))
    uow.audit(f"item.{action}", f"item:{row.id}", before=before, after=asdict(new))


def act(uow: UnitOfWork, item_id: int, action: str, *, by_office: bool, person_id: int | None = None,
        reason: str = "", evidence: Evidence = Evidence()) -> ItemState:
    """acknowledge, progress, block, submit (liaisons); accept, return, waive (the office)."""
    row = _load(uow, item_id)
    new = apply(_state(row), action, by_office=by_office, reason=reason)
    _store(uow, row, new, action, person_id, evidence, reason)
    return new


def ask_extension(uow: UnitOfWork, item_id: int, to: date, today: date, person_id: int | None, reason: str) -> ItemState:
    row = _load(uow, item_id)
    new = request_extension(_state(row), to, today)
    _store(uow, row, new, "extension.request", person_id, Evidence(text=reason, expected_date=to))
    return new


def decide(uow: UnitOfWork, item_id: int, approve: bool, person_id: int | None, reason: str = "") -> ItemState:
    row = _load(uow, item_id)
    new = decide_extension(_state(row), approve)
    _store(uow, row, new, "extension.approve" if approve else "extension.refuse", person_id, Evidence(), reason)
    return new
