"""What a person's event on DingTalk or WeCom becomes: the same services Telegram's handlers call, the same answers.

A channel hands over Text / ButtonPress / File with the sender's platform id; the
person is known to the services by a number (store.identities). A text starting
with "/" is a command as on Telegram; someone not yet bound who sends an invite
code alone joins with it (these platforms have no /start deep link). A file is
fetched from the platform, then taken in as Telegram's handler takes it. The
answer goes back through the channel: text with its buttons, then its files.
"""
import asyncio
import contextlib
import logging
import mimetypes
import re

from sqlmodel import Session, select

from bot import messages as m
from bot.channels.base import Button, ButtonPress, Event, File, Message, Text
from bot.runtime import Duban
from bot.services import (annual_report, annual_templates, answering, checking, item_card, joining, office, overview,
                          reading)
from bot.services.answering import Attachment, Incoming
from bot.services.chat import Answer
from store import identities
from store.evidence import MAX_BYTES
from store.tables import PersonRow

MAX_TEXT = 2000   # as on Telegram: longer replies are cut
INVITE_CODE = re.compile(r"[A-Za-z0-9_-]{20,64}")
log = logging.getLogger(__name__)


def _split(text: str) -> tuple[str, list[str]]:
    name, *args = text[1:].split() or [""]
    return name.split("@")[0].lower(), args


# each command: (service, arguments after duban) as Telegram's handlers pass them
COMMANDS = {
    "my": lambda user, args: (reading.my_items, (user, (args or [""])[0])),
    "item": lambda user, args: (item_card.item_card, (user, args)),
    "invite": lambda user, args: (joining.invite, (user, user, args)),
    "handover": lambda user, args: (joining.handover, (user, user)),
    "unit": lambda user, args: (overview.unit_status, (user, " ".join(args))),
    "ledger": lambda user, args: (overview.ledger_file, (user, " ".join(args))),
    "report": lambda user, args: (office.report, (user, args)),
    "mute": lambda user, args: (office.mute, (user, user, args, True)),
    "unmute": lambda user, args: (office.mute, (user, user, args, False)),
    "circulate": lambda user, args: (office.circulate, (user, user, args)),
    "annual": lambda user, args: (annual_templates.template_answer, (user,)),
}


class EventHandler:
    """Turns one channel's events into service calls and sends the answers back through it."""

    def __init__(self, duban: Duban, channel, kick: asyncio.Event):
        self.duban, self.channel, self.kick = duban, channel, kick
        self._checks: set[asyncio.Task] = set()
        self._handling: set[asyncio.Task] = set()
        self._people: dict[str, asyncio.Lock] = {}

    async def __call__(self, event: Event) -> None:
        """One person's events one at a time, in the order they came (the platform may deliver them at once)."""
        handling = asyncio.current_task()
        self._handling.add(handling)
        try:
            await self._handle(event)
        finally:
            self._handling.discard(handling)

    async def settle(self) -> None:
        """What is being handled, and the evidence checks it started, finished: before the channel closes."""
        while pending := (self._handling | self._checks) - {asyncio.current_task()}:
            await asyncio.gather(*pending, return_exceptions=True)

    async def _handle(self, event: Event) -> None:
        async with self._people.setdefault(event.sender.platform_id, asyncio.Lock()):
            try:
                user = await asyncio.to_thread(self._number, event.sender.platform_id)
                for answer in await self._answers(user, event):
                    await self._reply(event.sender.platform_id, answer)
            except Exception:    # the database stayed away, a bug: logged, and the person told, never silence
                log.exception("handling a %s event failed", self.channel.name)
                with contextlib.suppress(Exception):
                    await self.channel.send(event.sender.platform_id, Message(m.PLEASE_RESEND))
        self.kick.set()

    def _number(self, platform_id: str) -> int:
        with Session(self.duban.engine) as session:
            number = identities.chat_id(session, self.channel.name, platform_id, self.duban.clock())
            session.commit()
        return number

    async def _answers(self, user: int, event: Event) -> list[Answer]:
        duban = self.duban
        if isinstance(event, ButtonPress):
            return [await asyncio.to_thread(answering.press, duban, Incoming(user, user, event.key))]
        if isinstance(event, File):
            return [await self._file(user, event)]
        text = event.text.replace("\0", "")[:MAX_TEXT].strip()
        if text.startswith("/"):
            return await self._command(user, event, text)
        if INVITE_CODE.fullmatch(text) and not await asyncio.to_thread(self._bound, user):
            return [await asyncio.to_thread(joining.start, duban, user, event.sender.name, user, text)]
        return [await asyncio.to_thread(answering.message, duban, Incoming(user, user, text))]

    async def _command(self, user: int, event: Text, text: str) -> list[Answer]:
        duban = self.duban
        name, args = _split(text)
        await asyncio.to_thread(answering.end_wait, duban, user)
        if name == "start":
            code = (args or [""])[0][:64]
            return [await asyncio.to_thread(joining.start, duban, user, event.sender.name, user, code)]
        if name == "review":
            return list(await asyncio.to_thread(reading.review, duban, user))
        if name not in COMMANDS:
            return [Answer(m.HELP)]
        service, arguments = COMMANDS[name](user, args)
        return [await asyncio.to_thread(service, duban, *arguments)]

    async def _file(self, user: int, event: File) -> Answer:
        name = event.name or m.PHOTO_NAME
        data = await self.channel.fetch(event.media)
        if len(data) > MAX_BYTES:
            return answering.too_large(name, len(data))
        if name.lower().endswith(".xlsx"):
            answer = await asyncio.to_thread(annual_report.receive, self.duban, user, user, name, event.media, data)
            if answer is not None:
                return answer
        attachment = Attachment(event.media, name, mimetypes.guess_type(name)[0] or "", data)
        return await asyncio.to_thread(answering.message, self.duban, Incoming(user, user, "", attachment))

    def _bound(self, user: int) -> bool:
        with Session(self.duban.engine) as session:
            return session.execute(select(PersonRow.id).where(PersonRow.telegram_user_id == user,
                                                              PersonRow.active.is_(True))).first() is not None

    async def _reply(self, person: str, answer: Answer) -> None:
        buttons = tuple(Button(data, label, row=n) for n, row in enumerate(answer.buttons) for label, data in row)
        await self.channel.send(person, Message(answer.text, buttons=buttons))
        for name, data in ([answer.file] if answer.file else []) + list(answer.more_files):
            await self.channel.send_file(person, name, data)
        if answer.check_reply:
            task = asyncio.create_task(self._check(answer.check_reply))
            self._checks.add(task)
            task.add_done_callback(self._checks.discard)

    async def _check(self, reply_id: int) -> None:
        try:
            if await checking.check_reply(self.duban, reply_id):
                self.kick.set()
        except Exception:      # the database went away meanwhile: the evidence stays unchecked, the reply is kept
            log.exception("checking a reply's evidence failed")
