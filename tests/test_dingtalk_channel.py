"""DingTalk: the real `dingtalk-stream` SDK and the real client against the local DingTalk emulator."""
import asyncio

import aiohttp
import pytest

from bot.channels.base import ButtonPress, File, Message, Refused, Text, Transient, Unreachable
from bot.channels.dingtalk.client import PACE_SHARE, DingTalkClient, DingTalkConfig
from bot.channels.dingtalk.emulator import BATCH_SEND, CARD_SEND, DingTalkEmulator, Fault
from bot.channels.dingtalk.stream import DingTalkReceiver
from tests.channel_samples import BUTTONS, LEDGER, LIAISON, OTHER, PLAIN, REMINDER

CLIENT_ID, SECRET = "dingyongning2022", "client-secret"


@pytest.fixture
async def dingtalk():
    emulator = DingTalkEmulator(CLIENT_ID, SECRET, staff={LIAISON, OTHER})
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def client(dingtalk):
    config = DingTalkConfig(CLIENT_ID, SECRET, robot_code=CLIENT_ID, agent_id=3001, api=dingtalk.url,
                            oapi=dingtalk.url)
    async with aiohttp.ClientSession() as session:
        yield DingTalkClient(config, session, timeout=2.0)


@pytest.fixture
async def events(dingtalk):
    """Duban's Stream receiver connected to the emulator; the events it passed on."""
    received = []

    async def on_event(event):
        received.append(event)

    receiver = DingTalkReceiver(CLIENT_ID, SECRET, api=dingtalk.url)
    await receiver.start(on_event)
    await dingtalk.connected()
    yield received
    await receiver.stop()


async def test_the_stream_subscribes_to_robot_messages_and_card_presses(dingtalk, events):
    assert {(s["type"], s["topic"]) for s in dingtalk.subscriptions} == {
        ("CALLBACK", "/v1.0/im/bot/messages/get"), ("CALLBACK", "/v1.0/card/instances/callback")}


async def test_a_text_to_the_robot_arrives_as_an_event_and_is_acknowledged(dingtalk, events):
    ack = await dingtalk.user_sends(LIAISON, "17号已完成 http://www.yongning.gov.cn/xxgk/17.html")
    assert ack["code"] == 200
    [text] = events
    assert text == Text(text.sender, "17号已完成 http://www.yongning.gov.cn/xxgk/17.html")
    assert text.sender.platform_id == LIAISON


async def test_a_reminder_card_reaches_the_liaison_and_a_press_comes_back_with_item_action_and_period(
        dingtalk, client, events):
    await client.send(LIAISON, REMINDER)
    [card] = dingtalk.transcript(LIAISON)
    assert card[0] == "card" and "牵头完成行政规范性文件清理工作" in card[2]
    assert card[3] == ("已完成", "推进中", "有困难", "申请延期")
    await dingtalk.user_presses(LIAISON, BUTTONS[3].key)
    assert events == [ButtonPress(events[0].sender, "17:extend:2022-11")]


async def test_a_markdown_message_reaches_the_person(dingtalk, client):
    ref = await client.send(LIAISON, Message("**县司法局**：\n\n" + PLAIN.text, markdown=True, title="督办提醒"))
    assert ref.confirmed
    assert dingtalk.transcript(LIAISON) == [("markdown", "督办提醒", "**县司法局**：\n\n" + PLAIN.text)]


async def test_a_file_sent_to_the_robot_arrives_as_an_event(dingtalk, events):
    await dingtalk.user_sends_file(LIAISON, *LEDGER)
    [file] = events
    assert isinstance(file, File) and dingtalk.media[file.media] == LEDGER and file.name == LEDGER[0]


async def test_a_ledger_file_is_uploaded_and_delivered(dingtalk, client):
    await client.send_file(LIAISON, *LEDGER)
    assert dingtalk.transcript(LIAISON) == [("file", LEDGER[0])] and list(dingtalk.media.values()) == [LEDGER]


async def test_a_failing_handler_answers_500_so_dingtalk_delivers_again(dingtalk):
    async def broken(event):
        raise RuntimeError("database down")

    receiver = DingTalkReceiver(CLIENT_ID, SECRET, api=dingtalk.url)
    await receiver.start(broken)
    try:
        assert (await dingtalk.user_sends(LIAISON, "17号已完成"))["code"] == 500
    finally:
        await receiver.stop()


async def test_the_stream_reconnects_after_the_connection_drops(dingtalk, events):
    await dingtalk.drop_connections()          # a network outage: DingTalk's side of the socket goes away
    await dingtalk.user_sends(LIAISON, "在吗")   # waits for Duban to connect again
    assert [event.text for event in events] == ["在吗"]


async def test_the_token_is_fetched_once_and_again_when_dingtalk_refuses_it(dingtalk, client):
    await client.send(LIAISON, PLAIN)
    await client.send(OTHER, PLAIN)
    assert dingtalk.tokens_issued == 1
    dingtalk.expire_tokens()
    await client.send(LIAISON, PLAIN)
    assert dingtalk.tokens_issued == 2 and len(dingtalk.transcript(LIAISON)) == 2


async def test_the_token_is_refreshed_before_it_expires(dingtalk, client):
    dingtalk.token_lifetime = 301        # lives 1 s past the 5-minute margin
    await client.send(LIAISON, PLAIN)
    await asyncio.sleep(1.1)
    await client.send(LIAISON, PLAIN)
    assert dingtalk.tokens_issued == 2


async def test_a_qps_refusal_waits_and_is_sent_once(dingtalk, client):
    dingtalk.fail_next(BATCH_SEND, Fault(status=403, code="Forbidden.AccessDenied.QpsLimitForApi"))
    loop = asyncio.get_running_loop()
    started = loop.time()
    ref = await client.send(LIAISON, PLAIN)
    assert ref.confirmed and dingtalk.transcript(LIAISON) == [("text", PLAIN.text)]
    assert loop.time() - started >= 1.0


async def test_http_429_waits_and_is_sent_once(dingtalk, client):
    dingtalk.fail_next(CARD_SEND, Fault(status=429, code="Throttling"))
    await client.send(LIAISON, REMINDER)
    assert len(dingtalk.transcript(LIAISON)) == 1


async def test_a_burst_is_spaced_under_the_apps_qps_and_each_message_arrives_once(dingtalk, client):
    """45 at once: started 1/19 s apart (the QPS of 20, less a margin for jitter); a 403 that jitter may still
    bring is waited out, so each arrives exactly once."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    await asyncio.gather(*(client.send(LIAISON if n % 2 else OTHER, Message(f"第{n}条")) for n in range(45)))
    assert loop.time() - started >= 44 / (20 * PACE_SHARE)
    seen = [entry[1] for person in (LIAISON, OTHER) for entry in dingtalk.transcript(person)]
    assert sorted(seen) == sorted(f"第{n}条" for n in range(45))


async def test_someone_outside_the_corp_is_unreachable(client):
    with pytest.raises(Unreachable, match="invalidStaffIdList"):
        await client.send("left-the-county", PLAIN)


@pytest.mark.parametrize("fault", [Fault(status=503), Fault(disconnect=True)], ids=["unavailable", "dropped"])
async def test_a_server_or_network_fault_is_transient(dingtalk, client, fault):
    dingtalk.fail_next(BATCH_SEND, fault)
    with pytest.raises(Transient):
        await client.send(LIAISON, PLAIN)


async def test_connection_refused_is_transient(dingtalk, client):
    await dingtalk.stop()
    with pytest.raises(Transient, match="连接失败"):
        await client.send(LIAISON, PLAIN)
    await dingtalk.start()


async def test_a_send_whose_answer_never_comes_is_unconfirmed_and_not_sent_again(dingtalk, client):
    dingtalk.fail_next(BATCH_SEND, Fault(delay=5, delivered=True))
    ref = await client.send(LIAISON, PLAIN)
    assert not ref.confirmed and len(dingtalk.transcript(LIAISON)) == 1


async def test_a_work_notice_is_never_confirmed_and_the_same_one_is_not_sent_twice_a_day(dingtalk, client):
    notice = Message("县司法局：第17项今天到期，请今天内办结。", title="督办：今日到期")
    ref = await client.notify(LIAISON, notice)
    assert not ref.confirmed and dingtalk.transcript(LIAISON) == [("notice", notice.title, notice.text)]
    with pytest.raises(Refused, match="相同的工作通知"):
        await client.notify(LIAISON, notice)
    await client.notify(OTHER, notice)
    assert dingtalk.dropped == [] and len(dingtalk.transcript(OTHER)) == 1


async def test_the_emulator_drops_a_repeated_work_notice_with_an_ok(dingtalk, client):
    """What the client guards against is real in the emulator: a second client (another process) loses it."""
    notice = Message("县司法局：第17项今天到期。", title="督办")
    await client.notify(LIAISON, notice)
    async with aiohttp.ClientSession() as session:
        ref = await DingTalkClient(client.config, session).notify(LIAISON, notice)
    assert ref.platform_id and len(dingtalk.dropped) == 1 and len(dingtalk.transcript(LIAISON)) == 1
