"""Faults under a running bot: PostgreSQL restarted, Telegram out of reach. Nothing is lost or sent twice.

The server is the test's own (`own_server`, tests/own_postgres.py), stopped
and started for real, so every session ends as in a restart while the
machine's shared server keeps serving the rest of the suite.
"""
import asyncio

import pytest
from sqlmodel import Session, select

from store.db import make_engine, upgrade
from store.tables import ReplyRow
from tests.bot_harness import duban_bot, local, outbox_states

LIAISON = 1001


@pytest.fixture
def restartable_engine(own_server):
    engine = make_engine(own_server.url)
    upgrade(engine)
    yield engine
    engine.dispose()


async def test_a_reply_sent_while_postgresql_restarts_is_stored_and_answered_when_it_is_back(own_server,
                                                                                             restartable_engine,
                                                                                             calendar):
    engine = restartable_engine
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as bot:
        await bot.join(LIAISON, "liaison-a", "县司法局")
        seen = bot.count(LIAISON)
        await asyncio.to_thread(own_server.stop)                    # every session ends; new ones are refused
        bot.api.user_sends(LIAISON, "17号已完成 http://www.yongning.gov.cn/xxgk/17.html")
        for _ in range(10):                                      # three seconds down: the handler waits
            assert bot.count(LIAISON) == seen
            await bot.settle()
        await asyncio.to_thread(own_server.start)
        answer = await bot.api.wait_for(lambda: next((m for m in bot.api.messages_to(LIAISON)[seen:]), None), 30)
        assert "已提交" in answer["text"]
    with Session(engine) as session:
        stored = session.execute(select(ReplyRow).where(ReplyRow.action == "submit")).scalars().all()
    assert [r.urls for r in stored] == ["http://www.yongning.gov.cn/xxgk/17.html"]


def _tried(engine, key: str) -> bool:
    from store.tables import OutboxRow
    with Session(engine) as session:
        return bool(session.execute(select(OutboxRow.last_error).where(OutboxRow.idempotency_key == key)).scalar())


async def test_messages_claimed_ahead_when_telegram_refuses_go_back_to_the_queue_and_out_once_it_is_back(
        engine, calendar):
    """The sender claims its next batch while one goes out: a refusal puts both back, none left leased."""
    from store import outbox
    chats = range(5000, 5045)                                    # a batch and a half, to 45 people
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as bot:
        with Session(engine) as session:
            for chat in chats:
                outbox.enqueue(session, f"notice:{chat}", chat, f"通知{chat}", bot.clock())
            session.commit()
        await bot.api.go_offline()
        bot.application.bot_data.kick.set()
        await bot.api.wait_for(lambda: _tried(engine, "notice:5000"), 15)
        await asyncio.sleep(2)
        assert outbox_states(engine) == ["queued"] * 45          # not one left 'sending' until its lease ran out
        await bot.api.come_back()
        bot.application.bot_data.kick.set()
        await bot.delivered()
        assert [[m["text"] for m in bot.api.messages_to(chat)] for chat in chats] == [[f"通知{chat}"] for chat in chats]


async def test_while_telegram_is_out_of_reach_reminders_wait_and_replies_queue_and_both_go_through_once_it_is_back(
        engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as bot:
        await bot.join(LIAISON, "liaison-a", "县司法局")
        seen = bot.count(LIAISON)
        await bot.api.go_offline()                               # connections refused
        assert await bot.tick() == 1                             # the 7-day reminder: queued, not sent
        await bot.settle()
        bot.api.user_sends(LIAISON, "17号推进中")                 # waits at Telegram for the bot to fetch it
        await asyncio.sleep(5)
        assert bot.count(LIAISON) == seen and outbox_states(engine) == ["queued"]
        await bot.api.come_back()
        await bot.api.wait_for(lambda: any("推进中" in m.get("text", "") for m in bot.api.messages_to(LIAISON)), 30)
        await bot.tick()                                         # the next round: the sender tries again
        await bot.delivered()
        texts = [m["text"] for m in bot.api.messages_to(LIAISON)[seen:]]
    reminders = [t for t in texts if "发送原因" in t]
    assert len(texts) == 2 and len(reminders) == 1 and "推进中" in next(t for t in texts if t not in reminders)
