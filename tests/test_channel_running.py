"""The sender's hold on DingTalk and WeCom: no further ahead than the channel sends, one person's messages in order."""
import asyncio

from bot.channels.running import InFlight


async def test_no_more_messages_in_the_channel_than_allowed_and_one_persons_in_order():
    in_flight, most, order = InFlight(limit=3), 0, []
    busy = 0

    async def send(person: int, n: int):
        nonlocal busy, most
        async with in_flight.turn(person):
            busy += 1
            most = max(most, busy)
            await asyncio.sleep(0.01 * (5 - n % 5))      # later ones answer sooner
            order.append((person, n))
            busy -= 1

    await asyncio.gather(*(send(n % 4, n) for n in range(20)))
    assert most == 3
    for person in range(4):
        theirs = [n for p, n in order if p == person]
        assert theirs == sorted(theirs)


async def test_a_pause_holds_every_new_message():
    in_flight = InFlight()
    loop = asyncio.get_running_loop()
    in_flight.pause(0.3)
    started = loop.time()
    async with in_flight.turn(1001):
        assert loop.time() - started >= 0.3
