"""When the next message may start, under a platform's per-app rate and its per-person windows.

DingTalk queues what exceeds its QPS, but WeCom drops what exceeds 30 a minute or
1,000 an hour to one member, answering "ok": a per-person window must never be
crossed. One person's messages go one at a time, and each window counts from
the platform's answer, which came after the platform received the message: so
however the network jitters, no window on the platform's side holds more than
the limit. Sends to different people overlap, spaced 1/rate apart; the app's rate is kept the same way,
a call counting from its start until a second after its answer.
"""
import asyncio
import collections
import contextlib
from typing import Awaitable, Callable, TypeVar

from bot.channels.base import RateLimited, RatePerPerson

T = TypeVar("T")


class WindowPacer:
    def __init__(self, per_second: float, per_person: tuple[RatePerPerson, ...] = ()):
        self._interval = 1 / per_second
        self._per_person = per_person
        self._window = max((limit.count for limit in per_person), default=0)
        self._next = 0.0
        self._budget = max(1, int(per_second))     # calls the platform may see in any one second
        self._flying = 0                           # calls sent and not yet answered
        self._app_answers: collections.deque = collections.deque()   # when the calls of the last second were answered
        self._an_answer = asyncio.Event()
        self._locks: dict[str, asyncio.Lock] = {}
        self._answered: dict[str, collections.deque] = {}

    @contextlib.asynccontextmanager
    async def turn(self, person: str):
        """Wait for this person's windows and the app's rate; held while the message is sent."""
        now = asyncio.get_running_loop().time
        async with self._locks.setdefault(person, asyncio.Lock()):
            answered = self._answered.setdefault(person, collections.deque(maxlen=self._window or 1))
            await asyncio.sleep(max(0.0, self._person_free(answered) - now()))
            start = max(self._next, now())
            self._next = start + self._interval
            await asyncio.sleep(start - now())
            await self._app_turn(now)
            try:
                yield
            finally:
                answered.append(now())
                self._answered_now(now())

    async def _app_turn(self, now) -> None:
        """A call counts against the app's second from its start until a second after its answer: whenever the
        platform received it, no second on its side holds more than the budget, however the network or a busy
        event loop bunches the calls."""
        answers = self._app_answers
        while True:
            while answers and answers[0] <= now() - 1.0:
                answers.popleft()
            if self._flying + len(answers) < self._budget:
                self._flying += 1
                return
            self._an_answer.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._an_answer.wait(), answers[0] + 1.0 - now() if answers else None)

    def _answered_now(self, at: float) -> None:
        self._flying -= 1
        self._app_answers.append(at)
        self._an_answer.set()

    def pause(self, seconds: float) -> None:
        """The platform said "too fast": nothing new starts for `seconds`."""
        self._next = max(self._next, asyncio.get_running_loop().time() + seconds)

    def _person_free(self, answered: collections.deque) -> float:
        free = 0.0
        for limit in self._per_person:
            if len(answered) >= limit.count:
                free = max(free, answered[-limit.count] + limit.seconds)
        return free


INLINE_WAIT = 5.0   # a "too fast" asking for longer is left to the outbox's next round
RETRIES = 3


async def paced(pacer: WindowPacer, person: str, send: Callable[[], Awaitable[T]]) -> T:
    """`send` in the person's turn; "too fast" pauses every send, then this one goes again."""
    for attempt in range(1, RETRIES + 1):
        try:
            async with pacer.turn(person):
                return await send()
        except RateLimited as limited:
            if limited.retry_after > INLINE_WAIT or attempt == RETRIES:
                raise
            pacer.pause(limited.retry_after)
