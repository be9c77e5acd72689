"""The office acting from the console: through the chat's own use cases, in one unit of work, audited as the
console account (`console:<name>`), with the person behind the account where a chat admin has one."""
from dataclasses import dataclass
from typing import Callable

from aiohttp import web
from sqlmodel import Session

from bot.console.pages import actor, console_of, signed_in
from bot.runtime import Duban
from bot.services.chat import Answer
from store.tables import ConsoleUserRow, PersonRow
from store.uow import UnitOfWork
from workflows.errors import UserError


@dataclass(frozen=True)
class Done:
    """What the page tells the office after an action: the use case's answer, or why it was refused."""
    text: str
    ok: bool


def office_person(session: Session, user_id: int, name: str) -> PersonRow:
    """The chat admin the account belongs to, or the office itself (no person: replies show 政务公开办)."""
    user = session.get(ConsoleUserRow, user_id)
    person = session.get(PersonRow, user.person_id) if user and user.person_id else None
    return person if person is not None and person.role == "admin" else PersonRow(id=None, name=name, role="admin")


def _run(duban: Duban, who, user_id: int, name: str, work: Callable[[UnitOfWork, PersonRow], Answer]) -> Done:
    with UnitOfWork(duban.engine, duban.clock, who) as uow:
        try:
            answer = work(uow, office_person(uow.session, user_id, name))
        except UserError as refused:
            return Done(str(refused), False)
        uow.commit()
    return Done(answer.text, True)


async def act(request: web.Request, work: Callable[[UnitOfWork, PersonRow], Answer]) -> Done:
    """`work(uow, person)` as the signed-in account; a refusal (the item's rules, a bad value: a UserError) comes
    back as text, and nothing is written."""
    signed = signed_in(request)
    duban = console_of(request).duban
    return await duban.one_message(_run, duban, actor(request), signed.user_id, signed.name, work)
