"""The bot end to end: python-telegram-bot's real HTTP stack against the local Bot API emulator."""
import pytest

from tests.bot_harness import duban_bot, local

LIAISON, LIAISON_B, ADMIN, LEADER, STRANGER = 1001, 1002, 2001, 3001, 9001
JUDICIAL = "永宁县司法局"


@pytest.fixture
async def bot(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as harness:
        yield harness


async def test_a_liaison_joins_is_reminded_answers_with_a_link_and_the_office_accepts(bot):
    welcome = await bot.join(LIAISON, "liaison-a", "县司法局")
    assert "永宁县司法局" in welcome["text"] and "联络员（A岗）" in welcome["text"]
    await bot.join(ADMIN, "admin", None)

    assert await bot.tick() == 1                        # 2022-11-23: 7 days before 11-30
    reminder = await bot.next_message(LIAISON, "即将到期")
    assert "序号17" in reminder["text"] and "11月30日（还有7天）" in reminder["text"]
    done = next(b for row in reminder["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "17 已完成")

    seen = bot.count(LIAISON)
    bot.api.user_presses(LIAISON, reminder, done["callback_data"])
    ask = await bot.next_message(LIAISON, "链接", after=seen)
    assert "查看政府网站" in ask["text"]
    bot.api.user_sends(LIAISON, "已发布 http://www.yongning.gov.cn/xxgk/gfxwj/2022.html")
    await bot.next_message(LIAISON, "已提交", after=seen)

    bot.api.user_sends(ADMIN, "/review")
    queued = await bot.next_message(ADMIN, "http://www.yongning.gov.cn/xxgk/gfxwj/2022.html")
    accept = queued["reply_markup"]["inline_keyboard"][0][0]
    assert accept["text"] == "通过"
    bot.api.user_presses(ADMIN, queued, accept["callback_data"])
    await bot.next_message(ADMIN, "已通过")
    await bot.next_message(LIAISON, "已通过审核")


async def test_bad_codes_are_refused_plainly_and_repeated_failures_throttled(bot):
    bot.api.user_sends(STRANGER, "/start not-a-code")
    assert (await bot.next_message(STRANGER))["text"] == "邀请码无效"
    code = bot.invite("liaison-a", "县司法局")
    bot.api.user_sends(LIAISON, f"/start {code}")
    await bot.next_message(LIAISON, "永宁县司法局")
    bot.api.user_sends(STRANGER, f"/start {code}")
    await bot.next_message(STRANGER, "已被使用")
    for _ in range(4):   # with the two above, the sixth try within ten minutes is refused
        bot.api.user_sends(STRANGER, "/start nope")
    await bot.next_message(STRANGER, "尝试次数过多")


async def test_an_unbound_person_can_only_join_or_ask_for_help(bot):
    bot.api.user_sends(STRANGER, "/my")
    assert "邀请" in (await bot.next_message(STRANGER))["text"]
    bot.api.user_sends(STRANGER, "17号已完成")
    assert "邀请" in (await bot.next_message(STRANGER, after=1))["text"]


async def test_a_liaison_cannot_answer_another_units_item(bot):
    await bot.join(LIAISON, "liaison-a", "杨和镇")
    other_item = await _item_id(bot, JUDICIAL, 17)
    seen = bot.count(LIAISON)
    bot.api.user_presses(LIAISON, {"message_id": 1, "date": 0, "chat": {"id": LIAISON, "type": "private"}},
                         f"done:{other_item}")
    assert "不是你单位" in (await bot.next_message(LIAISON, after=seen))["text"]


async def test_a_reply_naming_the_seq_is_attached_to_that_item(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, "17号已完成 http://www.yongning.gov.cn/xxgk/17.html")
    await bot.next_message(LIAISON, "已提交", after=seen)
    bot.api.user_sends(LIAISON, "53号推进中")          # 序号53 has three open quarters: asked, not guessed
    which = await bot.next_message(LIAISON, "哪一项", after=seen)
    choices = [row[0] for row in which["reply_markup"]["inline_keyboard"]]
    assert [c["text"] for c in choices] == ["序号53 6月15日（已逾期161天）", "序号53 9月15日（已逾期69天）",
                                            "序号53 12月15日（还有22天）"]
    bot.api.user_presses(LIAISON, which, choices[2]["callback_data"])
    await bot.next_message(LIAISON, "推进中", after=seen + 2)


async def _item_id(bot, unit, row):
    from sqlmodel import Session, select
    from store.tables import DueItemRow, UnitRow
    with Session(bot.duban.engine) as session:
        return session.execute(select(DueItemRow.id).join(UnitRow, UnitRow.id == DueItemRow.unit_id).where(
            UnitRow.name == unit, DueItemRow.row == row)).scalars().first()
