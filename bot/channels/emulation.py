"""What every local platform emulator shares: the server, scripted faults, tokens, and a driver per person.

A platform emulator (DingTalk, WeCom) serves the platform's API on 127.0.0.1 so
the real client stack runs against it. Faults are scripted per path
(`fail_next`) and played by `faulted`; tokens are issued, checked and expired
(`expire_tokens`); what a person received is their `transcript`, and `person(id)`
hands a test or the rehearsal a driver that acts as that person: says a text,
presses a button by its label, sends a file, reads what arrived, the same shape
on every channel.
"""
import asyncio
import collections
import itertools
import secrets
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Callable

from aiohttp import web


@dataclass
class Fault:
    status: int = 200
    code: str | int = ""     # the platform's error code (DingTalk's `code` string, WeCom's `errcode`)
    delay: float = 0.0
    disconnect: bool = False  # the connection is closed with no answer
    delivered: bool = False   # the message arrives, then the fault answers (a lost or late response)


@dataclass(frozen=True)
class Seen:
    """One thing a person received, whatever the platform: its text, the labels of its buttons, a file's name."""
    kind: str                 # "text", "markdown", "card", "file", "notice"
    text: str = ""
    title: str = ""
    buttons: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    file: str = ""
    rows: tuple[int, ...] = field(default=(), compare=False)   # each button's row, as the platform lays them out
    media: str = field(default="", compare=False)    # the file's id in the emulator's `media`
    number: int = field(default=0, compare=False)    # its place among everything said and received, for a transcript
    at: float = field(default=0.0, compare=False)    # when (a timestamp; the rehearsal's clock when it has one)


class PlatformEmulator:
    """The shared part; a platform adds its routes (`routes`), its error body (`refusal`) and its driver's acts."""
    token_lifetime = 7200

    def __init__(self, clock: Callable[[], datetime] | None = None):
        self.clock = clock
        self.app = web.Application(client_max_size=50 * 1024 * 1024)   # the rehearsal's web chat adds its routes
        self.port = 0
        self.received: dict[str, list[Seen]] = collections.defaultdict(list)
        self.dropped: list[tuple[str, dict]] = []     # answered "ok", delivered nothing: the platform's silent drops
        self.media: dict[str, tuple[str, bytes]] = {}
        self.names: dict[str, str] = {}                # what the platform shows as a person's name, where it sends one
        self.tokens_issued = 0
        self.url = ""
        self._tokens: dict[str, float] = {}
        self._faults: dict[str, list[Fault]] = collections.defaultdict(list)
        self._runner: web.AppRunner | None = None
        self._arrived = asyncio.Event()
        self._numbers = itertools.count(1)

    # --- scripting ---
    def fail_next(self, path: str, *faults: Fault) -> None:
        self._faults[path].extend(faults)

    def expire_tokens(self) -> None:
        self._tokens.clear()

    def transcript(self, person: str) -> list[Seen]:
        return list(self.received[person])

    def person(self, platform_id: str) -> "PersonDriver":
        return PersonDriver(self, platform_id)

    # --- the server ---
    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    async def start(self, port: int = 0) -> str:
        if self._runner is None:
            self.routes(self.app)
        self._runner = web.AppRunner(self.app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        return self.url

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    # --- what the platform's handlers share ---
    def issue_token(self) -> str:
        token = secrets.token_hex(16)
        self._tokens[token] = _now() + self.token_lifetime
        self.tokens_issued += 1
        return token

    def token_valid(self, token: str) -> bool:
        return self._tokens.get(token, 0) >= _now()

    def deliver(self, person: str, seen: Seen) -> None:
        self.received[person].append(self.stamped(seen))
        self._arrived.set()

    def stamped(self, seen: Seen) -> Seen:
        """`seen` with its place in the order of things and its time."""
        at = self.clock().timestamp() if self.clock else time.time()
        return replace(seen, number=next(self._numbers), at=at)

    async def faulted(self, request: web.Request, path: str, act: Callable[[], object],
                      answer: Callable[[], web.Response]) -> web.StreamResponse:
        """The scripted fault for `path` if one is queued, else `answer()` (which carries out `act` itself)."""
        fault = self._faults[path].pop(0) if self._faults[path] else None
        if fault is None:
            return answer()
        if fault.delivered:
            act()
        await asyncio.sleep(fault.delay)
        if fault.disconnect:
            request.transport.close()
            return web.Response()
        return self.refusal(fault)

    def refusal(self, fault: Fault) -> web.Response:
        raise NotImplementedError

    async def wait_for(self, condition: Callable[[], object], timeout: float = 10.0):
        """Wait until condition() is truthy, woken by each delivery; returns its value."""
        deadline = time.monotonic() + timeout
        while not (value := condition()):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("timed out waiting for Duban")
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), min(left, 0.05))
            except asyncio.TimeoutError:
                pass
        return value

    # --- a person's acts, one per platform ---
    async def user_sends(self, person: str, text: str):
        raise NotImplementedError

    async def user_presses(self, person: str, key: str):
        raise NotImplementedError

    async def user_sends_file(self, person: str, name: str, content: bytes):
        raise NotImplementedError


class PersonDriver:
    """One person on a platform, as a scenario or the web chat drives them."""

    def __init__(self, emulator: PlatformEmulator, platform_id: str):
        self.emulator, self.platform_id = emulator, platform_id

    async def says(self, text: str):
        return await self.emulator.user_sends(self.platform_id, text)

    async def presses(self, label: str):
        """The newest button with this label among what the person received (a person presses what they see),
        waiting for it to arrive."""
        def found():
            return next((seen for seen in reversed(self.received()) if label in seen.buttons), None)
        seen = await self.emulator.wait_for(found)
        return await self.emulator.user_presses(self.platform_id, seen.keys[seen.buttons.index(label)])

    async def sends_file(self, name: str, content: bytes):
        return await self.emulator.user_sends_file(self.platform_id, name, content)

    def received(self) -> list[Seen]:
        return self.emulator.transcript(self.platform_id)

    def content(self, seen: Seen) -> bytes:
        """The bytes of a file the person received."""
        return self.emulator.media[seen.media][1]

    async def next(self, containing: str = "", after: int = 0) -> Seen:
        """The first thing received from index `after` on whose text or file name contains `containing`."""
        def found():
            return next((seen for seen in self.received()[after:]
                         if containing in seen.text or (seen.file and containing in seen.file)), None)
        return await self.emulator.wait_for(found)

    async def next_with_buttons(self, after: int = 0) -> Seen:
        """The first thing received from index `after` on that carries buttons (WeCom sends them on a card of
        their own after a long text)."""
        return await self.emulator.wait_for(lambda: next((s for s in self.received()[after:] if s.buttons), None))


def _now() -> float:
    return asyncio.get_running_loop().time()
