"""One scenario, three channels: what a county office relies on, the same on Telegram, DingTalk and WeCom.

Each runs through the channel's real client stack (python-telegram-bot; the DingTalk robot client and the
official dingtalk-stream SDK; the WeCom client and its encrypted callback) against the local emulator, with
people pressing the buttons they see by their labels.
"""
import asyncio
import hashlib
import io
import re

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from bot.rounds.scheduling import scheduling_round
from store.tables import ReplyRow
from tests.bot_harness import local
from tests.channel_harness import CHANNELS, on_channel, platform

LIAISON, LIAISON_B, ADMIN, LEADER = 1001, 1002, 2001, 3001
PDF = b"%PDF-1.4 the published article"


@pytest.fixture(params=CHANNELS)
async def emulator(request):
    async with platform(request.param) as started:
        yield request.param, started


@pytest.fixture
async def bot(emulator, engine, calendar):
    channel, started = emulator
    async with on_channel(channel, started, engine, calendar, local(2022, 11, 23, 10, 0)) as running:
        yield running


async def test_a_liaison_joins_by_invite(bot):
    welcome = await bot.join(LIAISON, "liaison-a", "县司法局")
    assert "永宁县司法局" in welcome.text and "联络员（A岗）" in welcome.text


async def test_a_reminder_with_buttons_a_reply_in_text_and_the_office_accepts(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(ADMIN, "admin", None)
    liaison, office = bot.person(LIAISON), bot.person(ADMIN)
    before = len(liaison.received())
    assert await bot.tick() == 1                          # 2022-11-23: 7 days before 11-30
    assert "序号17" in (await liaison.next("即将到期", after=before)).text
    # the first item's buttons (on WeCom they come on cards after a long text, for the first items only)
    done = (await liaison.next_with_buttons(after=before)).buttons[0]
    item = done.removesuffix(" 已完成")
    seen = len(liaison.received())
    await liaison.presses(done)
    asked = await liaison.next("链接", after=seen)
    assert f"序号{item}" in asked.text and "查看政府网站" in asked.text
    await liaison.says("已发布 http://www.yongning.gov.cn/xxgk/gfxwj/2022.html")
    await liaison.next("已提交", after=seen)

    await office.says("/review")
    await office.next("http://www.yongning.gov.cn/xxgk/gfxwj/2022.html")
    await office.presses("通过")
    await office.next("已通过")
    await liaison.next("已通过审核")


async def test_the_office_returns_a_submission_and_the_unit_hears_why(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(ADMIN, "admin", None)
    liaison, office = bot.person(LIAISON), bot.person(ADMIN)
    await liaison.says("16号已完成 http://www.yongning.gov.cn/old.html")
    await liaison.next("已提交")
    await office.says("/review")
    await office.next("old.html")
    await office.presses("退回")
    await office.next("退回的原因")
    await office.says("链接打不开")
    assert "链接打不开" in (await liaison.next("被退回")).text


async def test_a_file_is_evidence_for_the_item_the_liaison_picks(bot):
    await bot.join(LIAISON, "liaison-a", "杨和镇")
    liaison = bot.person(LIAISON)
    await liaison.sends_file("稿件.pdf", PDF)
    asked = await liaison.next("哪一项")
    which = await liaison.next_with_buttons(after=liaison.received().index(asked))
    seen = len(liaison.received())
    await liaison.presses(which.buttons[0])
    await liaison.next("已提交", after=seen)
    with Session(bot.duban.engine) as session:
        stored = session.execute(select(ReplyRow).where(ReplyRow.action == "submit")).scalars().one()
    assert stored.file_hash == hashlib.sha256(PDF).hexdigest()


async def test_overdue_items_reach_liaison_b_and_then_the_leader(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(LIAISON_B, "liaison-b", "县司法局")
    await bot.join(LEADER, "leader", "县司法局")
    bot.clock.move_to(local(2022, 12, 1, 10, 0))          # 1 working day overdue: A and B
    await bot.tick()
    assert "序号17" in (await bot.person(LIAISON_B).next("已逾期")).text
    bot.clock.move_to(local(2022, 12, 5, 10, 0))          # 3 working days overdue: the leader
    escalation_seen = len(bot.person(LEADER).received())
    await bot.tick()
    escalation = await bot.person(LEADER).next("逾期未办", after=escalation_seen)
    assert "永宁县司法局" in escalation.text and escalation.buttons == ()   # leaders read


async def test_the_office_gets_a_ledger_as_a_file(bot):
    await bot.join(ADMIN, "admin", None)
    office = bot.person(ADMIN)
    await office.says("/ledger 县司法局")
    ledger = await office.next("台账-永宁县司法局.xlsx")
    sheet = load_workbook(io.BytesIO(office.content(ledger))).active
    assert "永宁县司法局" in str(sheet["A1"].value)


async def test_a_handover_moves_the_post_and_files_it_with_the_office(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(ADMIN, "admin", None)
    await bot.person(LIAISON).says("/handover")
    told = await bot.person(LIAISON).next("岗位交接")
    code = re.search(r"[A-Za-z0-9_-]{32}", told.text).group()
    assert "联络员（A岗）" in (await bot.joins_with(LIAISON_B, code)).text
    assert "永宁县司法局" in (await bot.person(ADMIN).next("岗位变动备案")).text
    seen = len(bot.person(LIAISON).received())
    await bot.person(LIAISON).says("/my")
    assert "邀请" in (await bot.person(LIAISON).next(after=seen)).text    # the predecessor has no access


async def test_a_restart_loses_nothing_and_duplicates_nothing(emulator, engine, calendar):
    channel, started = emulator
    units = ("杨和镇", "李俊镇", "望远镇", "望洪镇")
    async with on_channel(channel, started, engine, calendar, local(2022, 11, 23, 10, 0)) as first:
        for offset, unit in enumerate(units):
            await first.join(LIAISON + offset, "liaison-a", unit)
        await first.delivered()
    # the process's last round: the reminders written, and the process gone before its sender took them
    assert await asyncio.to_thread(scheduling_round, first.duban) == 4
    async with on_channel(channel, started, engine, calendar, local(2022, 11, 23, 10, 5)) as second:
        await second.tick()
        await second.delivered()
        await asyncio.sleep(0.3)          # anything sent twice would have arrived
        assert [len([seen for seen in second.person(LIAISON + o).received() if "即将到期" in seen.text])
                for o in range(len(units))] == [1, 1, 1, 1]


async def test_a_message_that_fails_is_answered_never_silence(bot, monkeypatch):
    from bot import messages as m
    from bot.services import reading

    def broken(*args):
        raise RuntimeError("a bug")

    await bot.join(LIAISON, "liaison-a", "县司法局")
    monkeypatch.setattr(reading, "my_items", broken)
    liaison = bot.person(LIAISON)
    seen = len(liaison.received())
    await liaison.says("/my")
    assert (await liaison.next(m.PLEASE_RESEND, after=seen)).text == m.PLEASE_RESEND
