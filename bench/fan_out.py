"""Fan-out against a platform's rate limits: thousands of reminders, none lost, none twice, near the limit.

Run: .venv/bin/python -m bench.fan_out --channel telegram|dingtalk|wecom   (telegram by default)

Telegram: the province (1,500 units, liaisons A and B and a leader each) on SQLite, on 2022-11-28: the first
working day after the 25th's monthly feedback, which nobody answered, so liaisons A and B of every
unit are reminded: the real scheduling round queues the messages. A `duban run --role sender`
process sends them to the local Bot API emulator, which enforces Telegram's limits scaled up by
FACTOR (30 messages a second overall becomes 30 x FACTOR; one a second per chat is kept) and
answers 429 (retry after 1 s) beyond them. The sender is told the scaled rate (DUBAN_SEND_RATE).
Prints the delivered rate as a fraction of the enforced limit, 429s, lost and duplicated messages.

DingTalk and WeCom: the same province and round, every person bound to a platform id; a `duban run --role
sender` process on the channel sends the 3,000 reminders to its local emulator. DingTalk's emulator
enforces the app's QPS (20, the standard edition's) scaled by DINGTALK_FACTOR and answers 403
QpsLimitForApi past it; WeCom's, unscaled, the corp's 10,000 calls a minute (45009 past it)
and each member's silent drop past 30 a minute. WeCom then takes a burst that its member windows bind:
3,000 messages to 50 members (60 each), the windows shortened by WECOM_WINDOW_FACTOR to keep the run short;
its limit is the fastest rate both limits allow (fastest_wecom). Prints, per platform: the rate reached as
a fraction of the limit, rate-limit answers, lost, duplicated, and the sends the emulator dropped silently.
"""
import argparse
import asyncio
import time
from collections import Counter
from datetime import date, datetime, time as clock_time

import aiohttp
from sqlalchemy import func, insert, select
from sqlmodel import Session

from bench.province import TOKEN, duban_run, fill, process_url, sqlite_database
from bench.tick_province import SHANGHAI
from bot.bootstrap import SetClock
from bot.channels.base import Message, RatePerPerson
from bot.channels.configs import WeComConfig
from bot.channels.dingtalk.client import APP_QPS
from bot.channels.dingtalk.emulator import DingTalkEmulator
from bot.channels.pacing import WindowPacer
from bot.channels.wecom.client import CAPABILITIES as WECOM, PER_MEMBER, WeComClient
from bot.channels.wecom.emulator import WeComEmulator
from bot.rounds.scheduling import scheduling_round
from bot.runtime import Duban
from bot.config import Settings
from bot.rehearsal.emulator import Emulator, RateLimits
from importers.calendar_data import load_calendar
from store.tables import ChannelIdentityRow, OutboxRow, PersonRow

DAY = date(2022, 11, 28)
FACTOR = 5
SEND_RATE = 28          # the sender's default, a little under Telegram's 30
MESSAGES = 3000
DINGTALK_FACTOR = 5
WECOM_MEMBERS, WECOM_WINDOW_FACTOR = 50, 2


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


async def telegram() -> None:
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


async def fan_out(client, people: list[str]) -> float:
    started = time.perf_counter()
    await asyncio.gather(*(client.send(person, Message(f"第{n}条：县司法局 3 天后到期 1 项"))
                           for n, person in enumerate(people)))
    return time.perf_counter() - started


def tally(name: str, sent: list[str], received: dict, elapsed: float, limit: float, refused: int, dropped: int):
    copies = Counter(seen.text for entries in received.values() for seen in entries)
    expected = {f"第{n}条：县司法局 3 天后到期 1 项" for n in range(len(sent))}
    rate = len(sent) / elapsed
    print(f"{name}_messages: {len(sent)} in {elapsed:.1f} s")
    print(f"{name}_rate: {rate:.1f} messages/s = {rate / limit:.2f} of the limit ({limit:.1f}/s)")
    print(f"{name}_rate_limited_answers: {refused}")
    print(f"{name}_lost: {len(expected - set(copies))}")
    print(f"{name}_duplicated: {sum(n - 1 for n in copies.values())}")
    print(f"{name}_silently_dropped: {dropped}")


def bind(engine, channel: str) -> list[str]:
    """Every person of the province known on the channel, by a platform id made from their number."""
    with Session(engine) as session:
        numbers = session.execute(select(PersonRow.telegram_user_id)).scalars().all()
        session.execute(insert(ChannelIdentityRow), [
            {"id": n, "channel": channel, "platform_id": f"staff{n}", "created_at": datetime.now(SHANGHAI)}
            for n in numbers])
        session.commit()
    return [f"staff{n}" for n in numbers]


async def send_through(engine, emulator, queued: int, **env: str) -> None:
    """A `duban run --role sender` process on the channel (`env`: DUBAN_CHANNEL and its keys) sends them."""
    now = datetime.combine(DAY, clock_time(10, 1), SHANGHAI).isoformat()
    with duban_run(process_url(engine), "", now, "--role", "sender", **env):
        deadline = time.monotonic() + 600
        while outbox_states(engine)["sent"] < queued and time.monotonic() < deadline:
            await asyncio.sleep(0.5)    # seldom: the emulator's answers share this loop and would wait for it
        await asyncio.sleep(2)      # anything sent twice would arrive now


def report(name: str, queued: int, emulator, limit: float, limit_text: str, limited: int, states: Counter) -> None:
    received = [(person, seen) for person, entries in emulator.received.items() for seen in entries]
    times = sorted(seen.at for _, seen in received)
    rate = (len(times) - 1) / (times[-1] - times[0])
    copies = Counter(received)       # the same message (text, buttons, file) to the same person twice
    print(f"{name}_messages: {queued} reminders queued by the round of {DAY}, {len(received)} messages received")
    print(f"{name}_limit: {limit:.0f} messages/s  ({limit_text})")
    print(f"{name}_rate: {rate:.0f} messages/s  = {rate / limit:.2f} of the limit")
    print(f"{name}_rate_limited_answers: {limited}")
    print(f"{name}_lost: {queued - len({person for person, _ in received})}  (outbox: {dict(states)})")
    print(f"{name}_duplicated: {sum(n - 1 for n in copies.values())}")
    print(f"{name}_silently_dropped: {len(emulator.dropped)}")


async def dingtalk() -> None:
    """A Monday's reminders through the DingTalk channel: robot messages, the app's QPS scaled by DINGTALK_FACTOR."""
    qps = APP_QPS * DINGTALK_FACTOR
    with sqlite_database() as engine:
        fill(engine)
        people = bind(engine, "dingtalk")
        queued = queue_round(engine)
        emulator = DingTalkEmulator("bench", "secret", staff=set(people), qps=qps)
        await emulator.start()
        try:
            await send_through(engine, emulator, queued, DUBAN_CHANNEL="dingtalk", DINGTALK_CLIENT_ID="bench",
                               DINGTALK_CLIENT_SECRET="secret", DINGTALK_QPS=str(qps),
                               DINGTALK_OPENAPI_ENDPOINT=emulator.url)
        finally:
            await emulator.stop()
        report("dingtalk", queued, emulator, qps, f"DingTalk's {APP_QPS} calls/s x {DINGTALK_FACTOR}",
               emulator.over_qps, outbox_states(engine))


async def wecom() -> None:
    """A Monday's reminders through the WeCom channel, unscaled: the corp's 10,000 calls a minute, spread evenly;
    then the burst that the members' silent-drop windows bind."""
    with sqlite_database() as engine:
        fill(engine)
        people = bind(engine, "wecom")
        queued = queue_round(engine)
        emulator = WeComEmulator("bench", "secret", members=set(people))
        await emulator.start()
        try:
            await send_through(engine, emulator, queued, DUBAN_CHANNEL="wecom", WECOM_CORP_ID="bench",
                               WECOM_SECRET="secret", WECOM_AGENT_ID="1", WECOM_TOKEN="bench",
                               WECOM_AES_KEY="ZHViYW4gcmVoZWFyc2FsOiBub3QgYSByZWFsIGtleSE", WECOM_BASE_URL=emulator.url)
        finally:
            await emulator.stop()
        report("wecom", queued, emulator, WECOM.per_app_per_second, "WeCom's 10,000 calls a minute",
               emulator.calls_refused, outbox_states(engine))
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200)) as session:
        await wecom_burst(session)


async def wecom_burst(session: aiohttp.ClientSession) -> None:
    """3,000 messages to 50 members (60 each): the second 30 of each member wait a window (shortened by
    WECOM_WINDOW_FACTOR), which the emulator enforces by dropping with an "ok"."""
    members = [f"member{n:02d}" for n in range(WECOM_MEMBERS)]
    windows = tuple(RatePerPerson(limit.count, limit.seconds / WECOM_WINDOW_FACTOR) for limit in PER_MEMBER)
    emulator = WeComEmulator("bench", "secret", members=set(members), per_member=windows)
    await emulator.start()
    client = WeComClient(WeComConfig("bench", "secret", 1, api=emulator.url), session,
                         WindowPacer(WECOM.per_app_per_second, windows))
    people = [members[n % WECOM_MEMBERS] for n in range(MESSAGES)]
    elapsed = await fan_out(client, people)
    await emulator.stop()
    each, (count, seconds) = MESSAGES // WECOM_MEMBERS, (windows[0].count, windows[0].seconds)
    fastest = fastest_wecom(each, count, seconds, WECOM.per_app_per_second)
    print(f"wecom_burst_member_window: {count} per {seconds:g} s (30 a minute / {WECOM_WINDOW_FACTOR}), {each} "
          f"messages a member: the limits allow the {MESSAGES} in no less than {fastest:.1f} s")
    tally("wecom_burst", people, emulator.received, elapsed, MESSAGES / fastest, 0, len(emulator.dropped))


def fastest_wecom(each: int, count: int, seconds: float, corp_rate: float) -> float:
    """The least time both limits allow: a member's message n+count goes `seconds` after its message n at the
    earliest, and all go at the corp's rate, so the last round of the members waits a window and then the corp."""
    rounds = -(-each // count)
    last_round = WECOM_MEMBERS * (each - (rounds - 1) * count)
    return max(MESSAGES / corp_rate, (rounds - 1) * seconds + last_round / corp_rate)




def main() -> None:
    parser = argparse.ArgumentParser(description="Fan-out of a Monday's reminders against a platform's limits")
    parser.add_argument("--channel", choices=("telegram", "dingtalk", "wecom"), default="telegram")
    channel = parser.parse_args().channel
    asyncio.run({"telegram": telegram, "dingtalk": dingtalk, "wecom": wecom}[channel]())


if __name__ == "__main__":
    main()
