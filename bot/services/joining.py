"""Joining and leaving: /start CODE, /invite, /handover (岗位变动)."""
from datetime import timedelta

from bot import messages as m
from bot.render.items import item_lines
from bot.runtime import Duban
from bot.services.chat import Answer, actor_of, notify_office, unit_name
from store import people, start_throttle
from store.audit import Actor
from store.tables import UnitRow
from store.uow import UnitOfWork
from store.views import open_items_of_unit
from workflows.roles import UNITLESS


def _welcome(duban: Duban, uow: UnitOfWork, person) -> Answer:
    if person.role == "admin":
        return Answer(m.WELCOME_ADMIN.format(name=person.name))
    if person.unit_id is None:     # an observer of the whole plan, e.g. the deputy county head
        return Answer(m.WELCOME_OBSERVER.format(name=person.name))
    unit = uow.session.get(UnitRow, person.unit_id)
    text = m.WELCOME.format(name=person.name, unit=unit.name, role=m.ROLE_NAMES[person.role])
    today = duban.today()
    soon = open_items_of_unit(uow.session, person.unit_id, today + timedelta(days=30))
    if not soon:
        return Answer("\n".join([text, m.NOTHING_OPEN]))
    lines = [text, m.NEXT_30_DAYS]
    for kind, members in (("overdue", [i for i in soon if i.due < today]), ("due", [i for i in soon if i.due == today]),
                          ("before", [i for i in soon if i.due > today])):
        if members:     # a unit joining late hears of its overdue items first, each under its own header
            lines += [m.WELCOME_SECTIONS[kind], *item_lines(members, today)]
    return Answer("\n".join(lines))


def start(duban: Duban, user_id: int, name: str, chat_id: int, code: str) -> Answer:
    if not code:
        with UnitOfWork(duban.engine, duban.clock, Actor(f"tg:{user_id}")) as uow:
            person = people.person_by_telegram(uow.session, user_id)
            return _welcome(duban, uow, person) if person else Answer(m.NOT_BOUND)
    with UnitOfWork(duban.engine, duban.clock, Actor(f"tg:{user_id}:{name}", "", chat_id)) as uow:
        if start_throttle.throttled(uow.session, user_id, uow.now):
            return Answer(m.THROTTLED)
        try:
            person, predecessor = people.redeem(uow, code, user_id, name)
        except people.InviteError as refusal:
            uow.session.rollback()
            start_throttle.record_failure(uow.session, user_id, uow.now)
            uow.commit()
            return Answer(str(refusal))
        if predecessor is not None:     # the office's own admin hands over too: no unit
            notify_office(uow, f"handover:{person.id}", m.HANDOVER_FILED.format(
                unit=unit_name(uow.session, person.unit_id), role=m.ROLE_NAMES[person.role], old=predecessor.name,
                new=person.name))
        answer = _welcome(duban, uow, person)
        uow.commit()
    return answer


def invite(duban: Duban, user_id: int, chat_id: int, args: list[str]) -> Answer:
    with UnitOfWork(duban.engine, duban.clock, Actor(f"tg:{user_id}")) as uow:
        person = people.person_by_telegram(uow.session, user_id)
        if person is None or person.role != "admin":
            return Answer(m.OFFICE_ONLY)
        uow.actor = actor_of(person, chat_id)
        role = m.ROLE_WORDS.get(args[-1].upper() if args else "")
        if role is None or len(args) not in (1, 2) or (role not in UNITLESS and len(args) != 2):
            return Answer(m.INVITE_USAGE)
        unit = people.find_unit(uow.session, args[0]) if role not in UNITLESS else None
        if unit is None and role not in UNITLESS:
            return Answer(m.UNKNOWN_UNIT.format(unit=args[0]))
        try:
            made = people.create_invite(uow, role, unit, issued_by=person)
        except people.InviteError as refusal:
            return Answer(str(refusal))
        uow.commit()
    return Answer(m.INVITE_LINK.format(role=m.ROLE_NAMES[made.role], unit=made.unit or m.OFFICE_NAME,
                                       link=duban.link(made.code)))


def handover(duban: Duban, user_id: int, chat_id: int) -> Answer:
    """A liaison (or anyone bound) hands their own post to a successor."""
    with UnitOfWork(duban.engine, duban.clock, Actor(f"tg:{user_id}")) as uow:
        person = people.person_by_telegram(uow.session, user_id)
        if person is None:
            return Answer(m.NOT_BOUND)
        uow.actor = actor_of(person, chat_id)
        unit = uow.session.get(UnitRow, person.unit_id) if person.unit_id else None
        made = people.create_invite(uow, person.role, unit, handover_of=person)
        uow.commit()
    return Answer(m.HANDOVER_LINK.format(link=duban.link(made.code)))
