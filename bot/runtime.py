"""The running Duban: what every service, round and channel is handed, built once by bot.bootstrap."""
import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Awaitable, Callable

from sqlalchemy import Engine

from bot.config import Settings
from importers.links import LinkLimits, check_link
from store.uow import Clock
from workflows.calendar import WorkCalendar
from workflows.evidence_check import EvidenceCheck


@dataclass
class Duban:
    """Everything the services, rounds and channels need, built once by bot.bootstrap."""
    engine: Engine
    clock: Clock
    settings: Settings
    calendar: WorkCalendar
    bot_username: str = ""
    paced: bool = True      # Telegram's rate limits; the local emulator of a rehearsal has none
    open_link: Callable[[str, LinkLimits], Awaitable[EvidenceCheck]] = check_link   # the bot tests pass their own

    def today(self) -> date:
        return self.clock().astimezone(self.settings.timezone).date()

    def link(self, code: str) -> str:
        return f"https://t.me/{self.bot_username}?start={code}"

    async def one_message(self, work, *args):
        """The database work of one message (a reply, a sent reminder's record), from the event loop.

        On SQLite it runs right here: it takes a few milliseconds, SQLite writes one at a time anyway, and a
        worker thread cost more than the work, each SQLite call giving up the GIL and waiting to get it back
        from the loop (130 thread switches a reply, bench/reply_throughput.py). On PostgreSQL it runs in a
        worker thread, so that messages overlap their round trips to the server. Work for many messages (a
        round, a claim, a report) always runs in a worker thread. The price on SQLite: while another process
        (a CLI import) holds the database's write lock, the loop waits for it, up to the busy timeout."""
        if self.engine.dialect.name == "sqlite":
            return work(*args)
        return await asyncio.to_thread(work, *args)
