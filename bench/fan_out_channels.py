"""Fan-out through the DingTalk and WeCom clients: 3,000 messages each, against the local emulators.

Run: .venv/bin/python -m bench.fan_out_channels
DingTalk: 3,000 one-to-one robot messages to 3,000 people (a Monday's reminders, one each); the emulator
enforces the app's QPS (20, the standard edition's) scaled by DINGTALK_FACTOR and answers 403
QpsLimitForApi past it. WeCom: 3,000 messages to 50 members (60 each), under the corp's 10,000 calls a
minute and each member's silent-drop windows (30 a minute, 1,000 an hour, shortened by WECOM_WINDOW_FACTOR
to keep the run short); the windows bind: the second 30 of each member wait a window. The emulator drops
what crosses a window with an "ok". The limit quoted for WeCom is the fastest rate both limits allow (fastest_wecom).
Prints, per platform: the rate reached as a fraction of the limit, rate-limit answers, lost, duplicated,
and the sends the emulator dropped silently (past a limit).
"""
import asyncio
import time
from collections import Counter

import aiohttp

from bot.channels.base import Message, RatePerPerson
from bot.channels.dingtalk.client import APP_QPS, PACE_SHARE, DingTalkClient, DingTalkConfig
from bot.channels.dingtalk.emulator import DingTalkEmulator
from bot.channels.pacing import WindowPacer
from bot.channels.wecom.client import CAPABILITIES as WECOM, PER_MEMBER, WeComClient, WeComConfig
from bot.channels.wecom.emulator import WeComEmulator

MESSAGES = 3000
DINGTALK_FACTOR = 5
WECOM_MEMBERS, WECOM_WINDOW_FACTOR = 50, 2


async def fan_out(client, people: list[str]) -> float:
    started = time.perf_counter()
    await asyncio.gather(*(client.send(person, Message(f"第{n}条：县司法局 3 天后到期 1 项"))
                           for n, person in enumerate(people)))
    return time.perf_counter() - started


def tally(name: str, sent: list[str], received: dict, elapsed: float, limit: float, refused: int, dropped: int):
    copies = Counter(entry[-1] for entries in received.values() for entry in entries)
    expected = {f"第{n}条：县司法局 3 天后到期 1 项" for n in range(len(sent))}
    rate = len(sent) / elapsed
    print(f"{name}_messages: {len(sent)} in {elapsed:.1f} s")
    print(f"{name}_rate: {rate:.1f} messages/s = {rate / limit:.2f} of the limit ({limit:.1f}/s)")
    print(f"{name}_rate_limited_answers: {refused}")
    print(f"{name}_lost: {len(expected - set(copies))}")
    print(f"{name}_duplicated: {sum(n - 1 for n in copies.values())}")
    print(f"{name}_silently_dropped: {dropped}")


async def dingtalk(session: aiohttp.ClientSession) -> None:
    people = [f"staff{n:04d}" for n in range(MESSAGES)]
    emulator = DingTalkEmulator("bench", "secret", staff=set(people), qps=APP_QPS * DINGTALK_FACTOR)
    await emulator.start()
    config = DingTalkConfig("bench", "secret", "bench", api=emulator.url, oapi=emulator.url)
    client = DingTalkClient(config, session, WindowPacer(emulator.qps * PACE_SHARE))
    elapsed = await fan_out(client, people)
    await emulator.stop()
    tally("dingtalk", people, emulator.received, elapsed, emulator.qps, emulator.over_qps, len(emulator.dropped))


async def wecom(session: aiohttp.ClientSession) -> None:
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
    print(f"wecom_member_window: {count} per {seconds:g} s (30 a minute / {WECOM_WINDOW_FACTOR}), {each} messages "
          f"a member: the limits allow the {MESSAGES} in no less than {fastest:.1f} s")
    tally("wecom", people, emulator.received, elapsed, MESSAGES / fastest, 0, len(emulator.dropped))


def fastest_wecom(each: int, count: int, seconds: float, corp_rate: float) -> float:
    """The least time both limits allow: a member's message n+count goes `seconds` after its message n at the
    earliest, and all go at the corp's rate, so the last round of the members waits a window and then the corp."""
    rounds = -(-each // count)
    last_round = WECOM_MEMBERS * (each - (rounds - 1) * count)
    return max(MESSAGES / corp_rate, (rounds - 1) * seconds + last_round / corp_rate)


async def main() -> None:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200)) as session:
        await dingtalk(session)
        await wecom(session)


if __name__ == "__main__":
    asyncio.run(main())
