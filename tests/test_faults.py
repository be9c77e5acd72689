"""PostgreSQL restarted under a running bot: a reply sent meanwhile is kept and answered once it is back.

The server is the test's own (`own_server`, tests/own_postgres.py), stopped
and started for real, so every session ends as in a restart while the
machine's shared server keeps serving the rest of the suite.
"""
import asyncio

import pytest
from sqlmodel import Session, select

from store.db import make_engine, upgrade
from store.tables import ReplyRow
from tests.bot_harness import duban_bot, local

LIAISON = 1001


@pytest.fixture
def engine(own_server):
    engine = make_engine(own_server.url)
    upgrade(engine)
    yield engine
    engine.dispose()


async def test_a_reply_sent_while_postgresql_restarts_is_stored_and_answered_when_it_is_back(own_server, engine,
                                                                                             calendar):
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
