"""Status replies through the real python-telegram-bot stack: replies per second and latency.

Run: make bench   (or .venv/bin/python -m bench.reply_throughput)
`duban run` runs as its own process, as in production, polling the local Bot API emulator that
this process serves, over the province (1,500 units, 4,500 people) on SQLite and on PostgreSQL.
USERS liaisons reply at once, each REPLIES times in turn, alternating a text (`N号推进中`) and a
press of the 推进中 button under a reminder; the bot process's CPU time per reply is printed
beside the rate (steadier on a shared machine). Then other people's replies arrive at each of
RATES per second, whatever the bot's pace: a reply's latency runs from the update being offered
to the bot until the bot's answer reaches the emulator. On a Saturday: no reminder round runs
meanwhile.
"""
import asyncio
import os
import statistics
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from bench.province import TOKEN, engines, duban_run, fill, process_url
from bot.rehearsal.emulator import Emulator
from store.tables import DueItemRow, PersonRow, TaskRow

NOW = "2022-11-26T10:00:00+08:00"
AFTER = date(2022, 11, 26)
USERS, REPLIES = 200, 6
OPEN_LOOP, RATES = 500, (100, 200)     # replies offered at each steady rate (per second) for the latency figures


def replies_of(engine) -> dict[int, list[tuple[str, str]]]:
    """Liaison A's Telegram id → REPLIES replies, each moving one open item of the unit to 推进中: a text
    (`N号推进中`) for a row due once, a press of the button under its reminder otherwise (a recurring row's
    number alone would be ambiguous)."""
    with Session(engine) as session:
        liaisons = session.execute(select(PersonRow.telegram_user_id, PersonRow.unit_id)
                                   .where(PersonRow.role == "liaison-a").order_by(PersonRow.id)).all()
        found = {}
        for user_id, unit_id in liaisons:
            items = session.execute(
                select(TaskRow.seq, DueItemRow.id, DueItemRow.kind)
                .join(TaskRow, (TaskRow.plan_id == DueItemRow.plan_id) & (TaskRow.row == DueItemRow.row))
                .where(DueItemRow.unit_id == unit_id, DueItemRow.due > AFTER).order_by(DueItemRow.due)).all()
            if len(items) >= REPLIES:
                found[user_id] = [("text", f"{seq}号推进中") if kind == "once" else ("press", f"prog:{item_id}")
                                  for seq, item_id, kind in items[:REPLIES]]
            if len(found) == USERS + OPEN_LOOP * len(RATES):
                return found
    raise RuntimeError("not enough units with open items")


async def reply(api: Emulator, user_id: int, how: str, what: str) -> float:
    """One reply; its latency in seconds."""
    loop = asyncio.get_running_loop()
    answered = api.watch(user_id)
    start = loop.time()
    if how == "press":
        reminder = {"message_id": 1, "date": 0, "chat": {"id": user_id, "type": "private"}, "text": "【督办提醒】"}
        api.user_presses(user_id, reminder, what)
    else:
        api.user_sends(user_id, what)
    return await asyncio.wait_for(answered, 60) - start


async def one_liaison(api: Emulator, user_id: int, replies: list[tuple[str, str]], latencies: list[float]) -> None:
    for how, what in replies:
        latencies.append(await reply(api, user_id, how, what))


async def flat_out(api: Emulator, who: dict) -> tuple[float, list[float]]:
    """USERS people replying as fast as the bot answers: replies per second."""
    latencies: list[float] = []
    start = asyncio.get_running_loop().time()
    await asyncio.gather(*(one_liaison(api, user_id, replies, latencies) for user_id, replies in who.items()))
    return len(latencies) / (asyncio.get_running_loop().time() - start), latencies


async def steady(api: Emulator, who: dict, rate: float) -> list[float]:
    """Other people's first replies arriving at `rate` per second, whatever the bot's pace: the latency one sees."""
    pending = []
    for user_id, replies in who.items():
        pending.append(asyncio.ensure_future(reply(api, user_id, *replies[0])))
        await asyncio.sleep(1 / rate)
    return list(await asyncio.gather(*pending))


def cpu_seconds(pid: int) -> float:
    """User and system time the process has used so far (steadier than a rate on a shared machine)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(name: str, engine) -> None:
    fill(engine)
    who = replies_of(engine)
    api = await Emulator(TOKEN).start()
    try:
        with duban_run(process_url(engine), api.base_url, NOW) as bot:
            await api.wait_for(lambda: "getUpdates" in api.calls, 60)
            people = list(who)
            cpu = cpu_seconds(bot.pid)
            rate, _ = await flat_out(api, {p: who[p] for p in people[:USERS]})
            cpu = cpu_seconds(bot.pid) - cpu
            latencies = {}
            for n, rate_offered in enumerate(RATES):
                first = USERS + n * OPEN_LOOP
                latencies[rate_offered] = await steady(api, {p: who[p] for p in people[first:first + OPEN_LOOP]},
                                                       rate_offered)
    finally:
        await api.stop()
    print(f"replies_per_second_{name}: {rate:.0f} /s  ({USERS * REPLIES} replies, {USERS} people at once)")
    print(f"bot_cpu_per_reply_{name}: {cpu / (USERS * REPLIES) * 1000:.1f} ms")
    for offered, seen in latencies.items():
        print(f"reply_latency_p50_{name}_at_{offered}: {statistics.median(seen) * 1000:.0f} ms  "
              f"({OPEN_LOOP} replies offered at {offered}/s)")
        print(f"reply_latency_p95_{name}_at_{offered}: {statistics.quantiles(seen, n=20)[-1] * 1000:.0f} ms")
    print(f"sample_answer_{name}: {api.sent[-1]['text'].splitlines()[0]}")


def main() -> None:
    async def all_databases():
        for name, engine in engines():
            await measure(name, engine)
    asyncio.run(all_databases())


if __name__ == "__main__":
    main()
