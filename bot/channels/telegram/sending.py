"""Telegram as an Outgoing channel (bot.channels.base): a message, its buttons and its files through the Bot API.

Telegram's errors become the channel's: 429 (RetryAfter) → RateLimited; 403
(the person blocked the bot) → Unreachable; 400 (Telegram refuses this message
for good) → Refused; other network errors → Transient. A timeout may have
delivered the message: it comes back as a SentRef that is not confirmed. A
text longer than one Telegram message goes as several, split at line ends, the
buttons under the last.
"""
from itertools import groupby

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.channels.base import Button, Capabilities, Message, RateLimited, Refused, SentRef, Transient, Unreachable
from bot.channels.telegram.pacing import Pacer
from bot.rounds.sending import drain
from bot.runtime import Duban

# Telegram counts 4,096 characters a message, not bytes (text_parts cuts by characters): four UTF-8 bytes at most
# each; about 30 messages a second overall (the pacer keeps to the configured send rate)
CAPABILITIES = Capabilities(buttons=True, editing=True, files=True, markdown=False,
                            max_text_bytes=MessageLimit.MAX_TEXT_LENGTH * 4, per_app_per_second=30)


def text_parts(text: str, size: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """The text in pieces Telegram accepts, cut at line ends (inside a line only when one line is too long)."""
    pieces = [line[i:i + size] for line in text.split("\n") for i in range(0, max(len(line), 1), size)]
    parts, current = [], None
    for piece in pieces:
        if current is not None and len(current) + 1 + len(piece) <= size:
            current += "\n" + piece
        else:
            parts += [] if current is None else [current]
            current = piece
    return parts + [current]


def markup(buttons: tuple[Button, ...]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.key) for b in row]
                                 for _, row in groupby(buttons, key=lambda b: b.row)])


def _seconds(retry_after) -> float:
    """RetryAfter.retry_after is an int, or a timedelta when PTB_TIMEDELTA is set."""
    return retry_after.total_seconds() if hasattr(retry_after, "total_seconds") else float(retry_after)


class TelegramOutgoing:
    """Sends through one Bot; the sender (bot.rounds.sending) paces and orders the sends."""
    capabilities = CAPABILITIES

    def __init__(self, bot: Bot):
        self.bot = bot

    async def send(self, person: str, message: Message) -> SentRef:
        *first, last = text_parts(message.text)
        async def go():
            for part in first:
                await self.bot.send_message(int(person), part)
            return await self.bot.send_message(int(person), last, reply_markup=markup(message.buttons))
        return await _translated(go)

    async def send_file(self, person: str, name: str, content: bytes, caption: str = "") -> SentRef:
        """A chart goes as a photo (seen in the chat), a report as a document (opened in Excel/Word)."""
        send = self.bot.send_photo if name.endswith(".png") else self.bot.send_document
        return await _translated(lambda: send(int(person), content, caption=caption, filename=name))


async def _translated(send) -> SentRef:
    try:
        sent = await send()
    except RetryAfter as error:
        wait = _seconds(error.retry_after)
        raise RateLimited(wait, f"429 retry after {wait:g}") from error
    except Forbidden as error:
        raise Unreachable(f"403 {error.message}") from error
    except TimedOut as error:
        return SentRef("", confirmed=False, detail=f"timed out: {error.message}")
    except BadRequest as error:
        raise Refused(f"400 {error.message}") from error
    except NetworkError as error:
        raise Transient(f"network: {error.message}") from error
    return SentRef(str(sent.message_id), confirmed=True)


async def send_queued(bot: Bot, duban: Duban) -> None:
    """One sending round: what the outbox holds, through this Bot, under Telegram's limits (none for the local
    emulator of a rehearsal)."""
    await drain(TelegramOutgoing(bot), duban, Pacer(duban.settings.send_rate if duban.paced else None))
