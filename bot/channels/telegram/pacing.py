"""When each message may start: Telegram's rate limits kept without waiting on one send at a time.

Telegram allows about 30 messages a second overall and one a second to any one
chat; beyond that it answers 429 and makes the bot wait. A send takes a round
trip (from a county server, often 100–300 ms), so sending one after another
would reach a few messages a second. The pacer hands out start times spaced
1/rate apart and lets the sends overlap; one chat's messages still go one at a
time, in order, PER_CHAT_SECONDS apart.
"""
import asyncio
import contextlib

PER_CHAT_SECONDS = 1.0
CATCH_UP_SECONDS = 0.02   # a start missed by less than this is made up: at 28/s no second holds more than 28.6


class Pacer:
    def __init__(self, rate: float | None, per_chat: float = PER_CHAT_SECONDS):
        """`rate` messages a second overall (None: as fast as the server answers, for the local emulator)."""
        self._interval = 1 / rate if rate else 0.0
        self._per_chat = per_chat if rate else 0.0
        self._next = 0.0
        self._pauses = 0
        self._chats: dict[int, asyncio.Lock] = {}
        self._chat_free: dict[int, float] = {}

    @contextlib.asynccontextmanager
    async def turn(self, chat_id: int):
        """Wait for this message's start time; held while it is sent, so the chat's next one waits for it."""
        loop = asyncio.get_running_loop()
        async with self._chats.setdefault(chat_id, asyncio.Lock()):
            await asyncio.sleep(max(0.0, self._chat_free.get(chat_id, 0.0) - loop.time()))
            await self._start_time(loop)
            try:
                yield
            finally:   # counted from the answer, which came after Telegram received it: no jitter brings two closer
                self._chat_free[chat_id] = loop.time() + self._per_chat

    async def _start_time(self, loop) -> None:
        while True:
            pauses, start = self._pauses, max(self._next, loop.time() - CATCH_UP_SECONDS)
            self._next = start + self._interval
            await asyncio.sleep(start - loop.time())
            if pauses == self._pauses:
                return
            # a 429 came while this one waited: it takes a new start time after the pause

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nothing starts before `seconds` have passed."""
        self._pauses += 1
        self._next = asyncio.get_running_loop().time() + seconds
