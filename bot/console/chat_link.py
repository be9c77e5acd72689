"""/console in chat: an admin asks for a one-time link that signs them in to the console."""
from sqlmodel import Session

from bot import messages as m
from bot.console.accounts import LINK_TTL, link_for_person
from bot.console.serving import wall_clock
from bot.runtime import Duban
from bot.services.chat import Answer
from store import people
from workflows.glossary import ADMIN


def console_link(duban: Duban, user_id: int, wall=wall_clock) -> Answer:
    with Session(duban.engine) as session:
        person = people.person_by_telegram(session, user_id)
    if person is None or person.role != ADMIN:
        return Answer(m.CONSOLE_LINK_ADMINS_ONLY)
    if not duban.settings.console_url:
        return Answer(m.CONSOLE_NOT_SERVED)
    code = link_for_person(duban.engine, duban.clock, wall(), person)
    link = f"{duban.settings.console_url.rstrip('/')}/link/{code}"
    return Answer(m.CONSOLE_LINK_SENT.format(minutes=int(LINK_TTL.total_seconds() // 60), link=link))
