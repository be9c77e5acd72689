"""DingTalk or WeCom running: the channel receiving, the scheduling tick, and the sender draining the outbox.

What python-telegram-bot's Application does for Telegram (bot.channels.telegram.application),
done here for a channel of bot.channels.base: events go to bot.channels.events,
every minute a scheduling round queues what is due, and the sender
(bot.rounds.sending) drains the outbox whenever kicked or once a minute. The
outbox knows a person by a number; `Numbered` sends to their platform id.
"""
import asyncio
import contextlib
import logging

from sqlmodel import Session

from bot.channels.base import Message, SentRef, Unreachable
from bot.channels.events import EventHandler
from bot.rounds.scheduling import scheduling_round
from bot.rounds.sending import drain
from bot.runtime import Duban
from bot.services import dates
from store import identities

SENDER_IDLE_SECONDS = 60
IN_FLIGHT = 64        # messages the sender hands the channel at once: a second's worth at DingTalk's and WeCom's pace
KICKS_GATHERED_SECONDS = 0.05     # every handled event kicks the sender; a burst of them is one look at the outbox
log = logging.getLogger(__name__)


class Numbered:
    """The channel as the outbox's sender holds it: a person is the number Duban keys chats by (store.identities)."""

    def __init__(self, channel, duban: Duban):
        self.channel, self.duban = channel, duban
        self.capabilities = channel.capabilities
        self._platform_ids: dict[str, str] = {}

    async def send(self, person: str, message: Message) -> SentRef:
        return await self.channel.send(await self._platform_id(person), message)

    async def send_file(self, person: str, name: str, content: bytes, caption: str = "") -> SentRef:
        return await self.channel.send_file(await self._platform_id(person), name, content, caption)

    async def _platform_id(self, person: str) -> str:
        if person not in self._platform_ids:
            found = await asyncio.to_thread(self._look_up, int(person))
            if found is None:
                raise Unreachable(f"no {self.channel.name} identity for chat {person}")
            self._platform_ids[person] = found
        return self._platform_ids[person]

    def _look_up(self, chat: int) -> str | None:
        with Session(self.duban.engine) as session:
            return identities.platform_id(session, self.channel.name, chat)


class InFlight:
    """The outbox sender's turns on DingTalk and WeCom (bot.channels.base.Pacing). The channel's client paces each
    call under the platform's limits; this hands it at most IN_FLIGHT messages at once, so the sender claims no
    further ahead than it sends (a claim's lease must not run out while its rows wait in the client), and one
    person's messages go in order."""

    def __init__(self, limit: int = IN_FLIGHT):
        self._slots = asyncio.Semaphore(limit)
        self._people: dict[int, asyncio.Lock] = {}
        self._resume = 0.0

    @contextlib.asynccontextmanager
    async def turn(self, person: int):
        async with self._people.setdefault(person, asyncio.Lock()), self._slots:
            await asyncio.sleep(max(0.0, self._resume - asyncio.get_running_loop().time()))
            yield

    def pause(self, seconds: float) -> None:
        """The platform said "too fast" for longer than the client waits: nothing new goes for `seconds`."""
        self._resume = max(self._resume, asyncio.get_running_loop().time() + seconds)


class Running:
    """`async with Running(duban, channel):` Duban on this channel until the block ends. `tick_seconds=None` leaves
    scheduling to the caller (tests, a scheduler process), `sending=False` the outbox to sender processes."""

    def __init__(self, duban: Duban, channel, tick_seconds: float | None = 60, sending: bool = True,
                 receiving: bool = True):
        self.duban, self.channel = duban, channel
        self.tick_seconds, self.sending, self.receiving = tick_seconds, sending, receiving
        self.kick, self._stopping = asyncio.Event(), asyncio.Event()
        self._handler = EventHandler(duban, channel, self.kick)
        self._tasks: list[asyncio.Task] = []

    async def __aenter__(self) -> "Running":
        await asyncio.to_thread(dates.prepare)
        if self.receiving:
            await self.channel.start(self._handler)
        else:
            await self.channel.open()
        if self.sending:
            self._tasks.append(asyncio.create_task(self._sender()))
        if self.tick_seconds:
            self._tasks.append(asyncio.create_task(self._ticker()))
        self.kick.set()       # what was queued before start-up goes now
        return self

    async def __aexit__(self, *exc) -> None:
        self._stopping.set()
        self.kick.set()
        for task in self._tasks[1:] if self.sending else self._tasks:
            task.cancel()         # the ticker; the sender finishes its round
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._handler.settle()      # a reply being answered, an evidence check, as Telegram's awaits them
        await self.channel.stop()

    async def _sender(self) -> None:
        outgoing, pacer = Numbered(self.channel, self.duban), InFlight()
        while not self._stopping.is_set():
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.kick.wait(), SENDER_IDLE_SECONDS)
                await asyncio.sleep(KICKS_GATHERED_SECONDS)
            self.kick.clear()
            if self._stopping.is_set():
                return
            try:
                await drain(outgoing, self.duban, pacer)
            except Exception:   # the database or network is down: keep the loop, try again next round
                log.exception("sending round failed")

    async def _ticker(self) -> None:
        while True:
            await asyncio.sleep(self.tick_seconds)
            try:
                if await asyncio.to_thread(scheduling_round, self.duban):
                    self.kick.set()
            except Exception:
                log.exception("scheduling round failed")


async def send_once(duban: Duban, channel) -> None:
    """One sending round (`duban tick`): what the outbox holds, through the channel, then close it."""
    await channel.open()
    try:
        await drain(Numbered(channel, duban), duban, InFlight())
    finally:
        await channel.stop()


async def serve(duban: Duban, channel) -> None:
    """`duban run` on DingTalk or WeCom, until cancelled (a stop signal)."""
    async with Running(duban, channel):
        await asyncio.Event().wait()
