"""Fan-out against Telegram's rate limits: thousands of reminders, none lost, none twice, near the limit.

Run: make bench   (or .venv/bin/python -m bench.fan_out)
The province (1,500 units, liaisons A and B and a leader each) on SQLite, on 2022-11-28: the first
working day after the 25th's monthly feedback, which nobody answered, so liaisons A and B of every
unit are reminded: the real scheduling round queues the messages. A `duban run --role sender`
process sends them to the local Bot API emulator, which enforces Telegram's limits scaled up by
FACTOR (30 messages a second overall becomes 30 x FACTOR; one a second per chat is kept) and
answers 429 (retry after 1 s) beyond them. The sender is told the scaled rate (DUBAN_SEND_RATE).
Prints the delivered rate as a fraction of the enforced limit, 429s, lost and duplicated messages.
"""
import asyncio
from collections import Counter
from datetime import date, datetime, time as clock_time

from sqlalchemy import func, select
from sqlmodel import Session

from bench.province import TOKEN, duban_run, fill, process_url, sqlite_database
from bench.tick_province import SHANGHAI
from bot.rounds.scheduling import scheduling_round
from bot.runtime import Duban
from bot.bootstrap import SetClock
from bot.config import Settings
from bot.rehearsal.emulator import Emulator, RateLimits
from importers.calendar_data import load_calendar
from store.tables import OutboxRow

DAY = date(2022, 11, 28)
FACTOR = 5
SEND_RATE = 28          # the sender's default, a little under Telegram's 30


def queue_round(engine) -> int:
    clock = SetClock(datetime.combine(DAY, clock_time(10, 0), SHANGHAI))
    settings = Settings(database_url=str(engine.url), timezone=SHANGHAI, calendar_file=None)
    return scheduling_round(Duban(engine, clock, settings, load_calendar()))


def outbox_states(engine) -> Counter:
    with Session(engine) as session:
        return Counter(dict(session.execute(select(OutboxRow.state, func.count()).group_by(OutboxRow.state)).all()))


async def send_all(engine, api: Emulator, queued: int) -> None:
    now = datetime.combine(DAY, clock_time(10, 1), SHANGHAI).isoformat()
    with duban_run(process_url(engine), api.base_url, now, "--role", "sender",
                   DUBAN_SEND_RATE=str(SEND_RATE * FACTOR)):
        await api.wait_for(lambda: len(api.sent) >= queued and outbox_states(engine)["sent"] >= queued, 600)
        await asyncio.sleep(2)      # anything sent twice would arrive now


async def main() -> None:
    limits = RateLimits().scaled(FACTOR)
    with sqlite_database() as engine:
        fill(engine)
        queued = queue_round(engine)
        api = await Emulator(TOKEN, limits=limits).start()
        try:
            await send_all(engine, api, queued)
        finally:
            await api.stop()
        states = outbox_states(engine)
    rate = (len(api.sent_at) - 1) / (api.sent_at[-1] - api.sent_at[0])
    copies = Counter((m["chat"]["id"], m["text"]) for m in api.sent)
    print(f"fan_out_messages: {queued} reminders queued by the round of {DAY}")
    print(f"fan_out_limit: {limits.overall:.0f} messages/s  (Telegram's 30/s x {FACTOR})")
    print(f"fan_out_rate: {rate:.0f} messages/s  = {rate / limits.overall:.2f} of the limit")
    print(f"fan_out_429s: {api.throttled}")
    print(f"fan_out_lost: {queued - len(copies)}  (outbox: {dict(states)})")
    print(f"fan_out_duplicated: {sum(n - 1 for n in copies.values())}")


if __name__ == "__main__":
    asyncio.run(main())
