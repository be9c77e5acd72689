"""WeCom: the real client and the callback app against the local WeCom emulator (bot/channels/wecom/emulator.py)."""
import asyncio
import time

import aiohttp
import pytest
from aiohttp import web

from bot.channels.base import ButtonPress, File, Message, RateLimited, RatePerPerson, Text, Transient, Unreachable
from bot.channels.pacing import WindowPacer
from bot.channels.wecom.callback import callback_app
from bot.channels.wecom.client import TEXT_BYTES, WeComClient, WeComConfig
from bot.channels.wecom.crypto import CallbackRefused, WeComCrypto
from bot.channels.wecom.emulator import Fault, WeComEmulator
from tests.channel_samples import BUTTONS, LEDGER, LIAISON, OTHER, PLAIN, REMINDER

CORP, SECRET, AGENT = "ww1436e0e65a779aee", "app-secret", 1000002
TOKEN, AES_KEY = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo", "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"
SEND = "/cgi-bin/message/send"


@pytest.fixture
async def wecom():
    emulator = WeComEmulator(CORP, SECRET, members={LIAISON, OTHER})
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def client(wecom):
    async with aiohttp.ClientSession() as session:
        yield WeComClient(WeComConfig(CORP, SECRET, AGENT, api=wecom.url), session, timeout=2.0)


@pytest.fixture
async def callback(wecom):
    """Duban's callback app served locally, its URL entered in the emulator; the events it passed on."""
    events = []

    async def on_event(event):
        events.append(event)

    runner = web.AppRunner(callback_app(WeComCrypto(TOKEN, AES_KEY, CORP), on_event))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    wecom.connect_callback(f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/", TOKEN, AES_KEY)
    yield events
    await runner.cleanup()


async def test_a_reminder_with_buttons_reaches_the_liaison_as_a_card(wecom, client):
    await client.send(LIAISON, REMINDER)
    [text, card] = wecom.transcript(LIAISON)
    assert text[0] == "markdown" and "牵头完成行政规范性文件清理工作" in text[1]
    assert card[0] == "card" and card[3] == ("已完成", "推进中", "有困难", "申请延期")


async def test_a_short_message_with_buttons_is_a_single_card(wecom, client):
    await client.send(LIAISON, Message("17号 本周五到期", buttons=BUTTONS))
    assert wecom.transcript(LIAISON) == [
        ("card", "督办", "17号 本周五到期", ("已完成", "推进中", "有困难", "申请延期"))]


async def test_a_text_longer_than_2048_bytes_arrives_whole_in_parts_wecom_accepts(wecom, client):
    long = Message("\n".join([PLAIN.text] * 30))
    await client.send(LIAISON, long)
    parts = [content for kind, content in wecom.transcript(LIAISON)]
    assert len(parts) > 1 and all(len(part.encode()) <= TEXT_BYTES for part in parts)
    assert "\n".join(parts) == long.text


async def test_a_ledger_file_is_uploaded_and_delivered(wecom, client):
    ref = await client.send_file(LIAISON, *LEDGER)
    assert ref.confirmed and wecom.transcript(LIAISON) == [("file", LEDGER[0])]
    assert list(wecom.media.values()) == [LEDGER]


async def test_the_token_is_fetched_once_and_again_when_wecom_expires_it(wecom, client):
    await client.send(LIAISON, PLAIN)
    await client.send(OTHER, PLAIN)
    assert wecom.tokens_issued == 1
    wecom.expire_tokens()
    await client.send(LIAISON, PLAIN)
    assert wecom.tokens_issued == 2 and len(wecom.transcript(LIAISON)) == 2


async def test_a_member_outside_the_apps_range_is_unreachable(wecom, client):
    with pytest.raises(Unreachable, match="invaliduser"):
        await client.send("left-the-county", PLAIN)


async def test_45009_is_rate_limited_for_a_minute_and_nothing_arrives(wecom, client):
    wecom.fail_next(SEND, Fault(errcode=45009))
    with pytest.raises(RateLimited) as limited:
        await client.send(LIAISON, PLAIN)
    assert limited.value.retry_after == 60 and wecom.transcript(LIAISON) == []


@pytest.mark.parametrize("fault", [Fault(status=502), Fault(errcode=-1), Fault(disconnect=True)],
                         ids=["bad gateway", "system busy", "connection dropped"])
async def test_a_server_or_network_fault_is_transient(wecom, client, fault):
    wecom.fail_next(SEND, fault)
    with pytest.raises(Transient):
        await client.send(LIAISON, PLAIN)


async def test_connection_refused_is_transient(client, wecom):
    await wecom.stop()
    with pytest.raises(Transient, match="连接失败"):
        await client.send(LIAISON, PLAIN)
    await wecom.start()   # the fixture stops it again


async def test_a_send_whose_answer_never_comes_is_unconfirmed_and_not_sent_again(wecom, client):
    wecom.fail_next(SEND, Fault(delay=5, delivered=True))
    ref = await client.send(LIAISON, PLAIN)
    assert not ref.confirmed and len(wecom.transcript(LIAISON)) == 1


async def test_the_pacer_never_crosses_the_per_member_limit_that_wecom_drops_silently(wecom, client):
    """Limits scaled to a second so the test runs fast: 30 a second where WeCom allows 30 a minute."""
    wecom.per_member = (RatePerPerson(30, 1.0),)
    client.pacer = WindowPacer(1000, wecom.per_member)
    await asyncio.gather(*(client.send(LIAISON, Message(f"第{n}条")) for n in range(70)))
    assert wecom.dropped == [] and len(wecom.transcript(LIAISON)) == 70


async def test_unpaced_the_emulator_drops_past_the_limit_with_an_ok(wecom, client):
    """The emulator's silent drop is real: 70 sends without the per-member pacer, past 30 a minute, lose 40."""
    client.pacer = WindowPacer(1000)
    refs = await asyncio.gather(*(client.send(LIAISON, Message(f"第{n}条")) for n in range(70)))
    assert all(ref.platform_id for ref in refs) and len(wecom.dropped) == 40


async def test_a_text_a_button_press_and_a_file_arrive_as_events(wecom, callback):
    assert await wecom.user_sends(LIAISON, "17号已完成 http://www.yongning.gov.cn/xxgk/17.html") == 200
    assert await wecom.user_presses(LIAISON, BUTTONS[0].key) == 200
    assert await wecom.user_sends_file(LIAISON, *LEDGER) == 200
    text, press, file = callback
    assert text == Text(text.sender, "17号已完成 http://www.yongning.gov.cn/xxgk/17.html")
    assert text.sender.platform_id == LIAISON
    assert press.key == "17:done:2022-11" and isinstance(press, ButtonPress)
    assert isinstance(file, File) and wecom.media[file.media] == LEDGER and file.name == LEDGER[0]


async def test_the_callback_url_check_answers_the_decrypted_echostr(wecom, callback):
    assert await wecom.verify_url("1616140317555161061") == (200, "1616140317555161061")


async def test_a_replayed_callback_is_refused_and_reaches_no_handler(wecom, callback):
    await wecom.user_sends(LIAISON, "17号已完成")
    assert await wecom.post_callback(*wecom.last_callback) == 403
    assert len(callback) == 1


async def test_a_callback_with_a_forged_signature_is_refused(wecom, callback):
    await wecom.user_sends(LIAISON, "17号已完成")
    params, body = wecom.last_callback
    forged = {**params, "nonce": "another-nonce"}
    assert await wecom.post_callback(forged, body) == 403
    assert len(callback) == 1


def test_the_crypto_reads_wecoms_own_sample_callback():
    """The vector in WeCom's WXBizMsgCrypt samples (Sample.cs / Sample.py of the official download)."""
    crypto = WeComCrypto("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7")
    plain = crypto.check("477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", SAMPLE_ENCRYPT,
                         now=1409659813)
    assert "<Content><![CDATA[hello]]></Content>" in plain and "<AgentID>218</AgentID>" in plain


def test_the_crypto_round_trips_chinese_and_refuses_another_corps_message():
    ours, theirs = WeComCrypto(TOKEN, AES_KEY, CORP), WeComCrypto(TOKEN, AES_KEY, "ww-another-corp")
    now = int(time.time())
    encrypted, signed = ours.seal("<xml><Content>县司法局 17号已完成</Content></xml>", str(now), "n1")
    assert "县司法局 17号已完成" in ours.check(signed, str(now), "n1", encrypted, now)
    with pytest.raises(CallbackRefused, match="不属于本企业"):
        theirs.check(signed, str(now), "n1", encrypted, now)


def test_a_callback_older_than_the_replay_window_is_refused():
    crypto = WeComCrypto(TOKEN, AES_KEY, CORP)
    encrypted, signed = crypto.seal("<xml/>", "1409659813", "n1")
    with pytest.raises(CallbackRefused, match="时间戳"):
        crypto.check(signed, "1409659813", "n1", encrypted, now=1409659813 + 301)


SAMPLE_ENCRYPT = (
    "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3"
    "TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5g"
    "sijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQU"
    "ax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPI"
    "GHBZZIs2pDBS8R07+qN+E7Q==")
