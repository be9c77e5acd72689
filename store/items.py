"""Acting on stored due items: replies, verification, extensions, waivers — each audited.

The rules come from workflows.item_state; this module loads the row, applies
them, writes the reply and the audit entry, all in the caller's unit of work.
A reply's words are stored with any 身份证号, mobile or card number masked.
"""
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import bindparam, insert, select, update

from store.tables import DueItemRow, ReplyRow
from store.uow import UnitOfWork
from workflows.item_state import ItemState, TransitionError, apply, decide_extension, request_extension
from workflows.reply_text import mask_reply


@dataclass(frozen=True)
class Evidence:
    text: str = ""
    urls: tuple[str, ...] = ()
    file_id: str = ""
    file_hash: str = ""
    expected_date: date | None = None


# run for every reply: built once (building and keying a statement cost more than running it)
_ITEM = (select(DueItemRow.state, DueItemRow.due, DueItemRow.original_due, DueItemRow.extension,
                DueItemRow.extension_to).where(DueItemRow.id == bindparam("item_id")).with_for_update())
_ITEMS = DueItemRow.__table__
_UPDATE = update(_ITEMS).where(_ITEMS.c.id == bindparam("item_id"))
_REPLY = insert(ReplyRow.__table__)


def _load(uow: UnitOfWork, item_id: int) -> ItemState:
    found = uow.session.execute(_ITEM, {"item_id": item_id}).first()
    if found is None:
        raise TransitionError(f"没有编号为 {item_id} 的事项")
    return ItemState(*found)


def _store(uow: UnitOfWork, item_id: int, old: ItemState, new: ItemState, action: str, person_id: int | None,
           evidence: Evidence, reason: str = "") -> None:
    changed = {"item_id": item_id, "state": new.state, "due": new.due, "extension": new.extension,
               "extension_to": new.extension_to, "updated_at": uow.now}
    if reason:      # the last return, block or waiver's reason stays until another replaces it
        changed["reason"] = mask_reply(reason)
    uow.session.execute(_UPDATE, changed)
    uow.session.execute(_REPLY, {"item_id": item_id, "person_id": person_id, "action": action,
                                 "text": mask_reply(evidence.text or reason), "urls": "\n".join(evidence.urls),
                                 "file_id": evidence.file_id, "file_hash": evidence.file_hash,
                                 "expected_date": evidence.expected_date, "at": uow.now})
    uow.audit(f"item.{action}", f"item:{item_id}", before=asdict(old), after=asdict(new))


def act(uow: UnitOfWork, item_id: int, action: str, *, by_office: bool, person_id: int | None = None,
        reason: str = "", evidence: Evidence = Evidence()) -> ItemState:
    """acknowledge, progress, block, submit (liaisons); accept, return, waive (the office)."""
    old = _load(uow, item_id)
    new = apply(old, action, by_office=by_office, reason=reason)
    _store(uow, item_id, old, new, action, person_id, evidence, reason)
    return new


def state_of(uow: UnitOfWork, item_id: int) -> ItemState:
    return _load(uow, item_id)


def restore(uow: UnitOfWork, item_id: int, before: ItemState, person_id: int | None) -> ItemState:
    """Put an item back as it was before a reply meant for another of its periods (`reassign`, audited)."""
    old = _load(uow, item_id)
    _store(uow, item_id, old, before, "reassign", person_id, Evidence())
    return before


def ask_extension(uow: UnitOfWork, item_id: int, to: date, today: date, person_id: int | None,
                  reason: str) -> ItemState:
    old = _load(uow, item_id)
    new = request_extension(old, to, today)
    _store(uow, item_id, old, new, "extension.request", person_id, Evidence(text=reason, expected_date=to))
    return new


def decide(uow: UnitOfWork, item_id: int, approve: bool, person_id: int | None, reason: str = "") -> ItemState:
    old = _load(uow, item_id)
    new = decide_extension(old, approve)
    _store(uow, item_id, old, new, "extension.approve" if approve else "extension.refuse", person_id, Evidence(),
           reason)
    return new
