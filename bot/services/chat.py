"""What the chat services share: the `Answer` they return, and look-ups.

The services (joining, answering, reading …) take the running `Duban` (bot.runtime) and who
is asking, do their work in one unit of work, and return the `Answer` to show.
Messages for other people (a unit told of a verification, the office told of a
handover) go through the outbox, so they survive a restart and are never sent twice.
"""
from dataclasses import dataclass, field

from sqlmodel import Session

from bot import messages as m
from store import outbox, people, views
from store.audit import Actor
from store.tables import PersonRow
from store.uow import UnitOfWork
from store.views import ItemView
from workflows.roles import LIAISONS

Buttons = list[list[tuple[str, str]]]
_WANTS_LINK = ("网站", "网页", "发布", "链接", "专栏")


@dataclass(frozen=True)
class Answer:
    text: str
    buttons: Buttons = field(default_factory=list)
    file: tuple[str, bytes] | None = None     # a report or evidence: sent after the text, as a document
    photo: bool = False                       # … or, for a picture, as a photo
    more_files: tuple[tuple[str, bytes], ...] = ()   # and its other files (the annual report's .xlsx and .docx)
    check_reply: int | None = None            # a stored reply whose links and file are to be checked in the background


def actor_of(person: PersonRow, chat_id: int | None) -> Actor:
    return Actor(f"tg:{person.telegram_user_id}:{person.name}", person.role, chat_id)


def notify_unit(uow: UnitOfWork, unit_id: int, key: str, text: str) -> None:
    for person in people.people_of(uow.session, unit_id, LIAISONS):
        outbox.enqueue(uow.session, f"{key}:{person.id}", person.telegram_user_id, text, uow.now, person.id)


def send_with_file(uow: UnitOfWork, person: PersonRow, key: str, text: str, caption: str,
                   file: tuple[str, bytes]) -> int:
    """A message, then its file in a message of its own: a caption holds 1,024 characters, a summary may not fit."""
    return (outbox.enqueue(uow.session, key, person.telegram_user_id, text, uow.now, person.id)
            + outbox.enqueue(uow.session, f"{key}:file", person.telegram_user_id, caption, uow.now, person.id,
                             file=file))


def notify_office(uow: UnitOfWork, key: str, text: str) -> None:
    for person in people.people_of(uow.session, None, ("admin",)):
        outbox.enqueue(uow.session, f"{key}:{person.id}", person.telegram_user_id, text, uow.now, person.id)


def wants_link(item: ItemView) -> bool:
    return any(word in item.metric for word in _WANTS_LINK)


def item_id_of(raw: str) -> int | None:
    """An item id from button data or a command: ASCII digits within the database's 64 bits, else None."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None
    return int(raw)


def view_of(session: Session, item_id: int | None) -> ItemView | None:
    return None if item_id is None else views.item_view(session, item_id)


def unit_name(session: Session, unit_id: int | None) -> str:
    return views.unit_name(session, unit_id) or m.OFFICE_NAME

