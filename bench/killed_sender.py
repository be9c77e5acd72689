"""Exactly once, measured: a sender killed mid-batch, and what Telegram then holds.

Run: .venv/bin/python -m bench.killed_sender
On PostgreSQL, 300 messages to 300 chats are queued and a `duban run --role sender` process sends them to
the local Bot API emulator with a round trip of ROUND_TRIP seconds (a county server's). Once 60 have
arrived it is killed (SIGKILL); what the emulator had fully received it still delivers, as Telegram
does. A second sender takes the dead one's rows after their lease. Prints, for each of RUNS runs,
the sends in flight at the kill (delivered, not recorded as sent), the messages lost and those
delivered twice.
"""
import asyncio
import signal
from collections import Counter
from datetime import datetime, timezone

from sqlmodel import Session, select

from bench.province import TOKEN, duban_run, postgres_database, process_url
from bot.rehearsal.emulator import Emulator
from store import outbox
from store.db import upgrade
from store.tables import OutboxRow
from store.uow import UnitOfWork
from store.audit import Actor

MESSAGES, KILLED_AT, RUNS = 300, 60, 3
ROUND_TRIP = 0.2


def _queue(engine) -> None:
    upgrade(engine)
    with UnitOfWork(engine, lambda: datetime.now(timezone.utc), Actor("bench")) as uow:
        for n in range(MESSAGES):
            outbox.enqueue(uow.session, f"bench:{n}", 90_000 + n, f"第{n}条", uow.now)
        uow.commit()


def _states(engine) -> Counter:
    with Session(engine) as session:
        return Counter(session.execute(select(OutboxRow.state)).scalars())


def _in_flight(engine, api: Emulator) -> int:
    delivered = {m["chat"]["id"] for m in api.sent}
    with Session(engine) as session:
        sending = session.execute(select(OutboxRow.chat_id).where(OutboxRow.state == "sending")).scalars().all()
    return sum(chat in delivered for chat in sending)


async def one_run(engine) -> tuple[int, int, int]:
    _queue(engine)
    api = await Emulator(TOKEN, latency=ROUND_TRIP).start()
    url, now = process_url(engine), datetime.now(timezone.utc).isoformat()
    try:
        with duban_run(url, api.base_url, now, "--role", "sender", DUBAN_SEND_LEASE_SECONDS="10") as doomed:
            await api.wait_for(lambda: len(api.sent) >= KILLED_AT, 60)
            doomed.send_signal(signal.SIGKILL)
            doomed.wait()
        await asyncio.sleep(3 * ROUND_TRIP)
        in_flight = _in_flight(engine, api)
        with duban_run(url, api.base_url, now, "--role", "sender", DUBAN_SEND_LEASE_SECONDS="10"):
            await api.wait_for(lambda: _states(engine) == Counter(sent=MESSAGES), 120)
            await asyncio.sleep(1)
    finally:
        await api.stop()
    copies = Counter(m["chat"]["id"] for m in api.sent)
    return in_flight, MESSAGES - len(copies), sum(n - 1 for n in copies.values())


async def main() -> None:
    for run in range(RUNS):
        with postgres_database() as engine:
            if engine is None:
                return
            in_flight, lost, twice = await one_run(engine)
        print(f"killed_sender_run{run + 1}: in flight at the kill {in_flight}, lost {lost}, delivered twice {twice}")


if __name__ == "__main__":
    asyncio.run(main())
