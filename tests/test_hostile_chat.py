"""Chat text that used to crash a handler, freeze the loop or outgrow Telegram is answered, in bounded work."""
from datetime import date

import pytest

from bot.services.dates import MAX_PARSED, understood_date
from tests.bot_harness import duban_bot, local
from workflows.periods import report_period
from workflows.reply_text import reply_date

LIAISON, ADMIN = 1001, 2001


@pytest.fixture
async def bot(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 10, 20, 10, 0)) as harness:
        yield harness


@pytest.mark.parametrize("text, today", [
    ("下月31日", date(2022, 10, 20)),      # November has 30 days
    ("下月32号", date(2022, 10, 20)),
    ("下个月0号", date(2022, 10, 20)),
    ("2月30日", date(2022, 1, 5)),
])
def test_a_date_that_does_not_exist_is_no_date(text, today):
    assert reply_date(text, today) is None


def test_next_months_day_is_still_read_when_it_exists():
    assert reply_date("下月30日前完成", date(2022, 10, 20)) == date(2022, 11, 30)


def test_a_long_text_without_chinese_never_reaches_the_date_parser():
    assert understood_date("30 November 2022", date(2022, 10, 20)) == date(2022, 11, 30)
    assert understood_date("30 November 2022 " + "lorem ipsum " * 160, date(2022, 10, 20)) is None
    assert understood_date("x" * (MAX_PARSED + 1), date(2022, 10, 20)) is None


@pytest.mark.parametrize("kind, period", [("weekly", "9999-W52"), ("weekly", "0001-W01"), ("monthly", "9999-12"),
                                          ("quarterly", "9999Q4")])
def test_a_period_at_the_calendars_ends_is_refused_in_words(kind, period):
    with pytest.raises(ValueError, match="年份应在 1900 至 2999 之间"):
        report_period(kind, period)


async def test_an_extension_to_a_day_that_does_not_exist_is_asked_again_not_lost(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, "17号申请延期")
    await bot.next_message(LIAISON, "延期到哪一天", after=seen)
    for text in ("下月31日", "下月32号", "1990-01-01T" + "9" * 2000):
        seen = bot.count(LIAISON)
        bot.api.user_sends(LIAISON, text)
        await bot.next_message(LIAISON, "没有看懂", after=seen)
    bot.api.user_sends(LIAISON, "12月15日")
    assert "2022-12-15" in (await bot.next_message(LIAISON, "已申请", after=seen))["text"]


async def test_a_report_for_year_9999_is_refused_in_words(bot):
    await bot.join(ADMIN, "admin", None)
    seen = bot.count(ADMIN)
    bot.api.user_sends(ADMIN, "/report weekly 9999-W52")
    assert "用法" in (await bot.next_message(ADMIN, "9999-W52", after=seen))["text"]


async def test_an_items_history_longer_than_one_telegram_message_is_read_in_parts(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    long = "正在起草制度文件" * 240
    for text, answered in ((f"17号推进中 第0次说明：{long}", "推进中"), ("17号有困难", "困难"),
                           (f"第1次说明：{long}", "已记录困难"), (f"17号推进中 第2次说明：{long}", "推进中"),
                           (f"17号已完成 第3次说明：{long} http://www.yongning.gov.cn/xxgk/17.html", "已提交")):
        seen = bot.count(LIAISON)
        bot.api.user_sends(LIAISON, text)
        await bot.next_message(LIAISON, answered, after=seen)
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, "/item 17")
    await bot.next_message(LIAISON, "第3次说明", after=seen)
    parts = bot.api.messages_to(LIAISON)[seen:]
    assert len(parts) >= 2 and all(len(p["text"]) <= 4096 for p in parts)
    assert all(f"第{n}次说明" in "".join(p["text"] for p in parts) for n in range(4))


async def test_a_reply_holding_a_nul_byte_is_stored_without_it(bot):
    from sqlmodel import Session, select
    from store.tables import ReplyRow
    await bot.join(LIAISON, "liaison-a", "县司法局")
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, "17号推进中 制度\x00文件已起草")
    await bot.next_message(LIAISON, "推进中", after=seen)
    with Session(bot.duban.engine) as session:
        assert session.execute(select(ReplyRow.text)).scalars().all() == ["17号推进中 制度文件已起草"]


async def _code(bot, user_id: int, command: str, containing: str) -> str:
    seen = bot.count(user_id)
    bot.api.user_sends(user_id, command)
    return (await bot.next_message(user_id, containing, after=seen))["text"].split("start=")[1].split()[0]


async def test_a_handover_revokes_every_code_the_outgoing_person_issued(bot):
    successor, stranger, admin_successor = 1002, 9001, 2002
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(ADMIN, "admin", None)
    first, spare = [await _code(bot, LIAISON, "/handover", "岗位交接") for _ in range(2)]
    invited = await _code(bot, ADMIN, "/invite 县司法局 liaison-b", "start=")
    bot.api.user_sends(successor, f"/start {first}")
    await bot.next_message(successor, "联络员（A岗）")
    bot.api.user_sends(LIAISON, f"/start {spare}")             # the outgoing liaison's spare code brings nobody back
    await bot.next_message(LIAISON, "已过期")
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, "/my")
    assert "邀请" in (await bot.next_message(LIAISON, after=seen))["text"]
    handed = await _code(bot, ADMIN, "/handover", "岗位交接")   # the office's admin changes post too
    bot.api.user_sends(admin_successor, f"/start {handed}")
    await bot.next_message(admin_successor, "管理员")
    bot.api.user_sends(stranger, f"/start {invited}")           # an invite the outgoing admin issued
    await bot.next_message(stranger, "已过期")
