"""The channel contract: what the use cases may ask of a chat platform, and what comes back.

A channel turns the platform's updates into the events below and carries out
`send` / `send_file`. Errors, whatever the platform's codes, become one of:

    ChannelError
    ├── RateLimited(retry_after)   the platform said "too fast": wait, then send again
    ├── Unreachable                this person cannot be reached on this platform (left, out of the app's range)
    ├── Transient                  5xx, network down, timeout before the request left: try again next round
    └── Refused                    the platform refused this message as malformed: sending again will not help

An "ok" from DingTalk or WeCom does not always mean delivered (silent drops past
their limits), so `SentRef.confirmed` says whether the platform's answer can be
trusted; the channel's pacer keeps under the limits that drop silently.
"""
from dataclasses import dataclass
from typing import AsyncContextManager, Awaitable, Callable, Protocol

from workflows.errors import DubanError


@dataclass(frozen=True)
class Sender:
    """Who wrote: the platform's identity for the person (DingTalk staffId, WeCom UserID)."""
    platform_id: str
    name: str = ""


@dataclass(frozen=True)
class Text:
    sender: Sender
    text: str
    reply_to: str | None = None


@dataclass(frozen=True)
class ButtonPress:
    sender: Sender
    key: str


@dataclass(frozen=True)
class File:
    sender: Sender
    media: str            # the platform's handle to fetch it (DingTalk downloadCode, WeCom media_id)
    name: str = ""


Event = Text | ButtonPress | File


@dataclass(frozen=True)
class Button:
    key: str              # carries item, action and period (see button_key), so a press needs no session
    label: str
    row: int = 0          # buttons of one row sit side by side where the platform lays them out (Telegram)


@dataclass(frozen=True)
class Message:
    text: str
    markdown: bool = False
    title: str = "督办"   # DingTalk's markdown and cards need one; the list preview shows it
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class SentRef:
    platform_id: str      # the platform's message or task id ("" when it gives none)
    confirmed: bool       # False: the platform's "ok" may hide a silent drop, or no answer came
    detail: str = ""      # why it is not confirmed, for the record


@dataclass(frozen=True)
class RatePerPerson:
    count: int
    seconds: float


@dataclass(frozen=True)
class SilentDrop:
    """A limit past which the platform answers success and delivers nothing."""
    rule: str             # "same-content-per-day" or "per-person-rate"
    limit: RatePerPerson


@dataclass(frozen=True)
class Capabilities:
    buttons: bool
    editing: bool
    files: bool
    markdown: bool
    max_text_bytes: int
    per_app_per_second: float
    per_person: tuple[RatePerPerson, ...] = ()
    silent_drops: tuple[SilentDrop, ...] = ()


class ChannelError(DubanError):
    """A send the platform did not carry out; the subclasses say what to do next."""


class RateLimited(ChannelError):
    def __init__(self, retry_after: float, detail: str = ""):
        super().__init__(detail or f"rate limited, retry after {retry_after} s")
        self.retry_after = retry_after


class Unreachable(ChannelError):
    pass


class Transient(ChannelError):
    pass


class Refused(ChannelError):
    pass


OnEvent = Callable[[Event], Awaitable[None]]


class Outgoing(Protocol):
    """What sends: TelegramOutgoing, DingTalkClient, WeComClient."""
    capabilities: Capabilities

    async def send(self, person: str, message: Message) -> SentRef: ...

    async def send_file(self, person: str, name: str, content: bytes, caption: str = "") -> SentRef:
        """`caption`: the words that go with the file (Telegram shows them under it)."""


class Pacing(Protocol):
    """When each send may start (bot.channels.telegram.pacing.Pacer, bot.channels.pacing.WindowPacer): the outbox's
    sender takes a turn for each message, held while it is sent, so one person's messages go in order."""

    def turn(self, person) -> AsyncContextManager[None]: ...

    def pause(self, seconds: float) -> None:
        """The platform said "too fast": nothing new starts for `seconds`."""


class Incoming(Protocol):
    """What receives: DingTalkReceiver (Stream mode); for WeCom, the callback app mounted in Duban's server."""

    async def start(self, on_event: OnEvent) -> None:
        """Receive in the background until stop(); owns reconnects."""

    async def stop(self) -> None: ...


class Channel(Outgoing, Incoming, Protocol):
    """One platform, both ways."""


def button_key(item: int, action: str, period: str) -> str:
    """A press carries all it needs: `item:action:period`, e.g. `12:done:2022-Q3`."""
    return f"{item}:{action}:{period}"


def parse_button_key(key: str) -> tuple[int, str, str]:
    item, action, period = key.split(":", 2)
    return int(item), action, period
