"""Carrying out one person's action on one item (a refusal names the item), and the office's verdicts."""
import contextlib

from bot import messages as m
from bot.render.items import named
from bot.services.chat import Answer, notify_unit
from store import items as item_service
from store.tables import PersonRow
from store.uow import UnitOfWork
from store.views import ItemView
from workflows.item_state import TransitionError


@contextlib.contextmanager
def naming(item: ItemView):
    """A refusal from the item's rules, said with the item it is about and how to go on."""
    try:
        yield
    except TransitionError as refused:
        raise TransitionError(m.ITEM_REFUSED.format(item=named(item), reason=refused)) from refused


def act(uow: UnitOfWork, person: PersonRow, item: ItemView, action: str, **kw) -> None:
    with naming(item):
        item_service.act(uow, item.id, action, by_office=person.role == "admin", person_id=person.id, **kw)


def verdict(uow: UnitOfWork, person: PersonRow, item: ItemView, action: str, reason: str = "") -> Answer:
    """The office accepts or returns a submission; the unit is told."""
    act(uow, person, item, action, reason=reason)
    key = f"{action}:{item.id}:{uow.now.isoformat()}"
    if action == "accept":
        notify_unit(uow, item.unit_id, key, m.UNIT_ACCEPTED.format(item=named(item)))
        return Answer(m.ACCEPTED.format(item=named(item), unit=item.unit))
    notify_unit(uow, item.unit_id, key, m.UNIT_RETURNED.format(item=named(item), reason=reason))
    return Answer(m.RETURNED.format(item=named(item), unit=item.unit, reason=reason))


def hold(uow: UnitOfWork, person: PersonRow, item: ItemView) -> Answer:
    """The office accepts the difficulty: the ladder pauses until the unit resumes the item."""
    act(uow, person, item, "hold")
    notify_unit(uow, item.unit_id, f"hold:{item.id}:{uow.now.isoformat()}", m.UNIT_HELD.format(item=named(item)))
    return Answer(m.HELD.format(item=named(item), unit=item.unit))


def refuse_hold(uow: UnitOfWork, person: PersonRow, item: ItemView, reason: str) -> Answer:
    """The office does not accept the difficulty: the item is back in progress, chased, and the unit told why."""
    act(uow, person, item, "refuse_hold", reason=reason)
    notify_unit(uow, item.unit_id, f"nohold:{item.id}:{uow.now.isoformat()}",
                m.UNIT_HOLD_REFUSED.format(item=named(item), reason=reason))
    return Answer(m.HOLD_REFUSED.format(item=named(item), unit=item.unit, reason=reason))


def decide(uow: UnitOfWork, person: PersonRow, item: ItemView, approve: bool) -> Answer:
    """The office decides an extension request; the unit is told either way."""
    with naming(item):
        state = item_service.decide(uow, item.id, approve, person.id)
    text = (m.EXTENSION_APPROVED.format(item=named(item), date=state.due) if approve
            else m.EXTENSION_REFUSED.format(item=named(item), date=state.due))
    notify_unit(uow, item.unit_id, f"extension:{item.id}:{uow.now.isoformat()}", text)
    return Answer(text)


def waive(uow: UnitOfWork, person: PersonRow, item: ItemView, reason: str) -> Answer:
    """豁免: the office lets the unit off the item, with a reason kept on the item; the unit is told."""
    act(uow, person, item, "waive", reason=reason)
    notify_unit(uow, item.unit_id, f"waive:{item.id}:{uow.now.isoformat()}",
                m.UNIT_WAIVED.format(item=named(item), reason=reason))
    return Answer(m.WAIVED.format(item=named(item), unit=item.unit, reason=reason))
