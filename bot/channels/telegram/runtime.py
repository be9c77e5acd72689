"""The Telegram application's shared state, typed: its bot_data is one Runtime, not a dict of string keys."""
import asyncio
from dataclasses import dataclass, field

from bot.runtime import Duban


@dataclass
class Runtime:
    """What the application's callbacks share (its bot_data), typed: the running Duban and the sender's signals."""
    duban: Duban
    sending: bool            # this process drains the outbox (else sender processes do)
    ticking: bool            # this process runs the scheduling round every tick
    kick: asyncio.Event = field(default_factory=asyncio.Event)       # something was queued: send now
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    sender: asyncio.Task | None = None
