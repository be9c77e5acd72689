"""A running Duban against the local Bot API emulator, with the Yongning plan imported and a set clock."""
import asyncio
import contextlib
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.rounds.scheduling import scheduling_round

from bot.channels.telegram.application import build_application, running
from bot.runtime import Duban
from bot.bootstrap import SetClock
from bot.config import Settings
from bot.rehearsal.emulator import Emulator
from bot.services.importing import import_plan_file
from store import people
from store.audit import Actor
from store.tables import OutboxRow
from store.uow import UnitOfWork
from tests.conftest import EXAMPLES
from workflows.evidence_check import CHECKED, EvidenceCheck

SHANGHAI = ZoneInfo("Asia/Shanghai")
TOKEN = "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ra"
OFFICE = Actor("cli:test", "admin")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


@dataclass
class Harness:
    duban: Duban
    clock: SetClock
    api: Emulator
    application: object

    def invite(self, role: str, unit: str | None) -> str:
        with UnitOfWork(self.duban.engine, self.clock, OFFICE) as uow:
            found = people.find_unit(uow.session, unit) if unit else None
            code = people.create_invite(uow, role, found).code
            uow.commit()
        return code

    async def join(self, user_id: int, role: str, unit: str | None) -> dict:
        self.api.user_sends(user_id, f"/start {self.invite(role, unit)}")
        return await self.next_message(user_id)

    def sends_file(self, user_id: int, data: bytes, name: str = "", caption: str = "", reply_to: dict | None = None,
                   file_size: int | None = None) -> dict:
        """A document (with a name) or a photo (without), kept by the emulator for the bot to download."""
        file_id = self.api.keep_file("doc" if name else "photo", data)
        attached = {"file_id": file_id, "file_unique_id": file_id, "file_size": file_size or len(data)}
        if name:
            return self.api.user_sends(user_id, document={**attached, "file_name": name}, caption=caption,
                                       reply_to=reply_to)
        return self.api.user_sends(user_id, photo=[{**attached, "width": 800, "height": 600}], caption=caption,
                                   reply_to=reply_to)

    async def next_message(self, chat_id: int, containing: str = "", after: int = 0) -> dict:
        def found():
            return next((msg for msg in self.api.messages_to(chat_id)[after:] if containing in msg.get("text", "")),
                        None)
        return await self.api.wait_for(found)

    def count(self, chat_id: int) -> int:
        return len(self.api.messages_to(chat_id))

    async def tick(self) -> int:
        queued = await asyncio.to_thread(scheduling_round, self.duban)
        self.application.bot_data.kick.set()
        return queued

    async def settle(self) -> None:
        """Let the sender finish what it was kicked for."""
        await asyncio.sleep(0.3)

    async def delivered(self) -> None:
        """Wait until the outbox holds nothing queued or being sent."""
        def done() -> bool:
            with Session(self.duban.engine) as session:
                waiting = select(OutboxRow.id).where(OutboxRow.state.in_(("queued", "sending")))
                return not session.execute(waiting).first()
        await self.api.wait_for(done)


def outbox_states(engine) -> list[str]:
    """The state of every outbox row, in the order queued."""
    with Session(engine) as session:
        return list(session.execute(select(OutboxRow.state).order_by(OutboxRow.id)).scalars())


async def every_link_opens(url: str, limits) -> EvidenceCheck:
    """The bot tests' web, off the internet: every link opens (the real opener is tested on a local server)."""
    return EvidenceCheck(url, CHECKED, title="政府信息公开")


@contextlib.asynccontextmanager
async def duban_bot(engine, calendar, now: datetime, open_link=every_link_opens, link_hosts=frozenset()):
    clock = SetClock(now)
    api = await Emulator(TOKEN).start()
    settings = Settings(database_url=str(engine.url), timezone=SHANGHAI, calendar_file=None,
                        telegram_token=TOKEN, telegram_base_url=api.base_url, link_hosts=link_hosts)
    import_plan_file(engine, clock, OFFICE, EXAMPLES / "yongning-2022" / "plan.txt",
                     EXAMPLES / "yongning-2022" / "roster.yaml", calendar)
    duban = Duban(engine, clock, settings, calendar, open_link=open_link)
    application = build_application(duban, tick_seconds=None)
    try:
        async with running(application):
            yield Harness(duban, clock, api, application)
    finally:
        await api.stop()
