"""The sender: drains the outbox through a channel (bot.channels.base.Outgoing), paced, and records every outcome.

"Too fast" (RateLimited) waits as told and tries again; a transient fault leaves
the message queued for the next round; Unreachable (the person blocked the bot)
marks the contact unreachable, so the unit's other liaison is reminded instead,
and tells the office; a send that is not confirmed (a timeout) may have been
delivered, so it is recorded as unconfirmed and not resent; Refused (the
platform refuses this message for good) marks it failed and tells the office,
instead of retrying it forever. Drafts queued by the scheduling round are
rendered as they are claimed (`bot/rounds/drafts.py`).
"""
import asyncio
import json
import logging

from sqlmodel import Session

from bot import messages as m
from bot.channels.base import Button, Message, Outgoing, Pacing, RateLimited, Refused, Transient, Unreachable
from bot.logs import redact
from bot.rounds.drafts import render_claimed
from bot.runtime import Duban
from bot.services.chat import notify_office, unit_name
from store import outbox, people
from store.audit import Actor
from store.tables import OutboxRow, PersonRow
from store.uow import UnitOfWork

REFUSED_KEY = "refused:"
CLAIMED = 30        # rows a sender claims at once: sends overlap within them, the lease runs a little ahead
log = logging.getLogger(__name__)


def _buttons(buttons: str) -> tuple[Button, ...]:
    return tuple(Button(b["callback_data"], b["text"], row=i) for i, row in enumerate(json.loads(buttons or "[]"))
                 for b in row)


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
        person = people.mark_unreachable(uow, row.person_id) if row.person_id else None
        if person is not None:
            notify_office(uow, f"unreachable:{person.id}", m.UNREACHABLE.format(
                unit=unit_name(uow.session, person.unit_id), role=m.ROLE_NAMES[person.role], name=person.name))
        uow.commit()


def _record(duban: Duban, mark, row_id: int, *args) -> None:
    """Store an outcome; error texts may quote the request URL, so the token is redacted first."""
    args = tuple(redact(a) if isinstance(a, str) else a for a in args)
    with Session(duban.engine) as session:
        mark(session, row_id, *args, duban.clock())
        session.commit()


async def _deliver(channel: Outgoing, row: OutboxRow):
    if row.file_name:
        return await channel.send_file(str(row.chat_id), row.file_name, row.file_data, caption=row.text)
    return await channel.send(str(row.chat_id), Message(row.text, buttons=_buttons(row.buttons)))


def _refused(duban: Duban, row: OutboxRow, error: str) -> None:
    """Telegram will never take this message: it is kept as failed and the office is told (not about its own
    notices)."""
    with UnitOfWork(duban.engine, duban.clock, Actor("sender", "system")) as uow:
        outbox.failed(uow.session, row.id, redact(error), uow.now)
        if not row.idempotency_key.startswith(REFUSED_KEY):
            person = uow.session.get(PersonRow, row.person_id) if row.person_id else None
            unit, role = (unit_name(uow.session, person.unit_id), m.ROLE_NAMES[person.role]) if person else ("", "")
            notify_office(uow, f"{REFUSED_KEY}{row.id}", m.MESSAGE_REFUSED.format(
                unit=unit, role=role, name=person.name if person else row.chat_id, error=redact(error)))
        uow.commit()


async def _send(channel: Outgoing, duban: Duban, row: OutboxRow, pacer: Pacing) -> bool:
    """Send one row; False when the round should stop (the network is not taking messages)."""
    try:
        sent = await _deliver(channel, row)
    except RateLimited as error:
        pacer.pause(error.retry_after)
        await duban.one_message(_record, duban, outbox.retry_later, row.id, str(error))
        return True
    except Unreachable as error:
        await duban.one_message(_blocked, duban, row, str(error))
        return True
    except Refused as error:
        await duban.one_message(_refused, duban, row, str(error))
        log.error("the channel refused outbox row %s: %s", row.id, redact(str(error)))
        return True
    except Transient as error:
        await duban.one_message(_record, duban, outbox.retry_later, row.id, str(error))
        log.warning("sending paused: %s", error)
        return False
    if not sent.confirmed:
        await duban.one_message(_record, duban, outbox.unconfirmed, row.id, sent.detail)
        return True
    message_id = int(sent.platform_id) if sent.platform_id.isdigit() else None
    await duban.one_message(_record, duban, outbox.sent, row.id, message_id)
    return True


async def _in_turn(channel: Outgoing, duban: Duban, row: OutboxRow, pacer: Pacing, stopping: asyncio.Event,
                   started: asyncio.Event) -> None:
    try:
        async with pacer.turn(row.chat_id):
            started.set()
            if stopping.is_set():      # the network refused an earlier one: put this back untried
                await duban.one_message(_record, duban, outbox.release, row.id)
            elif not await _send(channel, duban, row, pacer):
                stopping.set()
    finally:
        started.set()


async def drain(channel: Outgoing, duban: Duban, pacer: Pacing, limit: int = CLAIMED) -> None:
    """Send what the outbox holds until it is empty or the network refuses. Sends overlap; the next rows are
    claimed and rendered while the claimed ones go out, and taken up once every one of those has started, so the
    claim (and its lease) runs one batch ahead; rows claimed ahead of a refusal go back to the queue. A send may
    queue more (the office told of a block): nothing is left once a claim finds nothing and no send ended
    after it began."""
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
            task = asyncio.create_task(_in_turn(channel, duban, row, pacer, stopping, event))
            sending.add(task)
            task.add_done_callback(finished)
        claiming, began = claim()
        await asyncio.gather(*(event.wait() for event in started))
    await asyncio.gather(*sending)
