"""The sender: drains the outbox through the Bot API, paced, and records every outcome.

429 (RetryAfter) waits as told and tries again; other network errors leave the
message queued for the next round; 403 (the person blocked the bot) marks the
contact unreachable, so the unit's other liaison is reminded instead, and tells
the office; a timeout may have delivered the message, so it is recorded as
unconfirmed and not resent; 400 (Telegram refuses this message for good) marks
it failed and tells the office, instead of retrying it forever. A text longer
than one Telegram message goes as several, split at line ends. Drafts queued by
the scheduling round are rendered as they are claimed (`bot/drafts.py`).
"""
import asyncio
import json
import logging

from sqlmodel import Session
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot import messages as m
from bot.chat import Duban, notify_office, unit_name
from bot.drafts import render_claimed
from bot.pacing import Pacer
from bot.redact import redact
from store import outbox
from store.audit import Actor
from store.tables import OutboxRow, PersonRow
from store.uow import UnitOfWork

REFUSED_KEY = "refused:"
CLAIMED = 30        # rows a sender claims at once: sends overlap within them, the lease runs a little ahead
log = logging.getLogger(__name__)


def _seconds(retry_after) -> float:
    """RetryAfter.retry_after is an int, or a timedelta when PTB_TIMEDELTA is set."""
    return retry_after.total_seconds() if hasattr(retry_after, "total_seconds") else float(retry_after)


def _markup(buttons: str) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b["text"], callback_data=b["callback_data"]) for b in row]
                                 for row in json.loads(buttons)])


def _claim(duban: Duban, limit: int) -> list[OutboxRow]:
    """The next rows to send, drafts among them rendered; claimed again when every one was dropped."""
    while True:
        with Session(duban.engine, expire_on_commit=False) as session:
            rows = outbox.claim(session, duban.clock(), limit, duban.settings.send_lease)
            session.commit()
        ready = render_claimed(duban, rows)
        if ready or not rows:
            return ready


def _blocked(duban: Duban, row: OutboxRow, error: str) -> None:
    with UnitOfWork(duban.engine, duban.clock, Actor("sender", "system")) as uow:
        outbox.failed(uow.session, row.id, redact(error), uow.now)
        person = uow.session.get(PersonRow, row.person_id) if row.person_id else None
        if person is not None and person.reachable:
            person.reachable = False
            uow.audit("person.unreachable", f"person:{person.id}", before={"reachable": True}, after={"reachable": False})
            notify_office(uow, f"unreachable:{person.id}", m.UNREACHABLE.format(
                unit=unit_name(uow.session, person.unit_id), role=m.ROLE_NAMES[person.role], name=person.name))
        uow.commit()


def _record(duban: Duban, mark, row_id: int, *args) -> None:
    """Store an outcome; error texts may quote the request URL, so the token is redacted first."""
    args = tuple(redact(a) if isinstance(a, str) else a for a in args)
    with Session(duban.engine) as session:
        mark(session, row_id, *args, duban.clock())
        session.commit()


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


async def _deliver(bot: Bot, row: OutboxRow):
    """A chart goes as a photo (seen in the chat), a report as a document (opened in Excel/Word), a text in as
    many messages as it needs, the buttons under the last."""
    if row.file_name.endswith(".png"):
        return await bot.send_photo(row.chat_id, row.file_data, caption=row.text, filename=row.file_name)
    if row.file_name:
        return await bot.send_document(row.chat_id, row.file_data, caption=row.text, filename=row.file_name)
    *first, last = text_parts(row.text)
    for part in first:
        await bot.send_message(row.chat_id, part)
    return await bot.send_message(row.chat_id, last, reply_markup=_markup(row.buttons))


def _refused(duban: Duban, row: OutboxRow, error: str) -> None:
    """Telegram will never take this message: it is kept as failed and the office is told (not about its own notices)."""
    with UnitOfWork(duban.engine, duban.clock, Actor("sender", "system")) as uow:
        outbox.failed(uow.session, row.id, redact(error), uow.now)
        if not row.idempotency_key.startswith(REFUSED_KEY):
            person = uow.session.get(PersonRow, row.person_id) if row.person_id else None
            unit, role = (unit_name(uow.session, person.unit_id), m.ROLE_NAMES[person.role]) if person else ("", "")
            notify_office(uow, f"{REFUSED_KEY}{row.id}", m.MESSAGE_REFUSED.format(
                unit=unit, role=role, name=person.name if person else row.chat_id, error=redact(error)))
        uow.commit()


async def _send(bot: Bot, duban: Duban, row: OutboxRow, pacer: Pacer) -> bool:
    """Send one row; False when the round should stop (the network is not taking messages)."""
    try:
        sent = await _deliver(bot, row)
    except RetryAfter as error:
        wait = _seconds(error.retry_after)
        pacer.pause(wait)
        await duban.one_message(_record, duban, outbox.retry_later, row.id, f"429 retry after {wait:g}")
        return True
    except Forbidden as error:
        await duban.one_message(_blocked, duban, row, f"403 {error.message}")
        return True
    except TimedOut as error:
        await duban.one_message(_record, duban, outbox.unconfirmed, row.id, f"timed out: {error.message}")
        return True
    except BadRequest as error:
        await duban.one_message(_refused, duban, row, f"400 {error.message}")
        log.error("Telegram refused outbox row %s: %s", row.id, redact(error.message))
        return True
    except NetworkError as error:
        await duban.one_message(_record, duban, outbox.retry_later, row.id, f"network: {error.message}")
        log.warning("sending paused: %s", error.message)
        return False
    await duban.one_message(_record, duban, outbox.sent, row.id, sent.message_id)
    return True


async def _in_turn(bot: Bot, duban: Duban, row: OutboxRow, pacer: Pacer, stopping: asyncio.Event,
                   started: asyncio.Event) -> None:
    try:
        async with pacer.turn(row.chat_id):
            started.set()
            if stopping.is_set():      # the network refused an earlier one: put this back untried
                await duban.one_message(_record, duban, outbox.release, row.id)
            elif not await _send(bot, duban, row, pacer):
                stopping.set()
    finally:
        started.set()


async def drain(bot: Bot, duban: Duban, limit: int = CLAIMED) -> None:
    """Send what the outbox holds until it is empty or the network refuses. Sends overlap; the next rows are
    claimed and rendered while the claimed ones go out, and taken up once every one of those has started, so the
    claim (and its lease) runs one batch ahead; rows claimed ahead of a refusal go back to the queue. A send may
    queue more (the office told of a block): nothing is left once a claim finds nothing and no send ended
    after it began."""
    pacer = Pacer(duban.settings.send_rate if duban.paced else None)
    stopping, sending, ended = asyncio.Event(), set(), 0

    def claim() -> tuple[asyncio.Task, int]:
        return asyncio.create_task(asyncio.to_thread(_claim, duban, limit)), ended

    def finished(task: asyncio.Task) -> None:
        nonlocal ended
        sending.discard(task)
        ended += 1

    claiming, began = claim()
    while True:
        rows = await claiming
        if stopping.is_set():
            for row in rows:
                await duban.one_message(_record, duban, outbox.release, row.id)
            break
        if not rows:
            if not sending and ended == began:
                return
            await asyncio.gather(*sending)
            claiming, began = claim()
            continue
        started = [asyncio.Event() for _ in rows]
        for row, event in zip(rows, started):
            task = asyncio.create_task(_in_turn(bot, duban, row, pacer, stopping, event))
            sending.add(task)
            task.add_done_callback(finished)
        claiming, began = claim()
        await asyncio.gather(*(event.wait() for event in started))
    await asyncio.gather(*sending)
