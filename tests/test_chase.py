"""The chase as a liaison lives it: no trap after a refusal, every item named, free text kept, /item by its 序号."""
from datetime import date

import pytest
from sqlmodel import Session, select

from bot.services.office import issue_notice
from store import people
from store.tables import DueItemRow, PlanRow, UnitRow
from store.uow import UnitOfWork

from tests.bot_harness import OFFICE, duban_bot, local

LIAISON, ADMIN = 1001, 2001
JUDICIAL = "永宁县司法局"


@pytest.fixture
async def bot(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as harness:   # a Wednesday
        await harness.join(LIAISON, "liaison-a", "县司法局")
        yield harness


async def say(bot, text: str, containing: str = "", user: int = LIAISON) -> dict:
    seen = bot.count(user)
    bot.api.user_sends(user, text)
    return await bot.next_message(user, containing, after=seen)


async def press(bot, message: dict, label: str, containing: str = "", user: int = LIAISON) -> dict:
    seen = bot.count(user)
    button = next(b for row in message["reply_markup"]["inline_keyboard"] for b in row if b["text"] == label)
    bot.api.user_presses(user, message, button["callback_data"])
    return await bot.next_message(user, containing, after=seen)


def states_of_row(bot, row: int) -> dict[date, str]:
    with Session(bot.duban.engine) as session:
        return dict(session.execute(select(DueItemRow.due, DueItemRow.state).join(UnitRow).where(
            UnitRow.name == JUDICIAL, DueItemRow.row == row)).all())


async def test_an_extension_to_a_date_before_the_deadline_names_the_item_and_the_next_reply_is_not_lost(bot):
    asked = await say(bot, "53号申请延期")
    assert "序号53「本要点落实情况要于每季度最后1个月1…」（完成时限 2022-12-15）希望延期到哪一天" in asked["text"]
    refused = await say(bot, "下周五完成")
    assert "序号53" in refused["text"] and "理解为 2022-12-02" in refused["text"] and "2022-12-15" in refused["text"]
    done = await say(bot, "53号已完成 http://www.yongning.gov.cn/xxgk/53.html")
    assert done["text"].startswith("已提交序号53")                 # the date no longer awaited
    assert states_of_row(bot, 53)[date(2022, 12, 15)] == "submitted"


async def test_a_refused_extension_says_which_item_and_ends_the_wait(bot):
    asked = await say(bot, "52号申请延期")                          # due 6-15: long past
    assert "序号52" in asked["text"]
    refused = await say(bot, "12月30日")
    assert "序号52" in refused["text"] and "到期日之前申请" in refused["text"] and "/my" in refused["text"]
    after = await say(bot, "好的")
    assert "没有看懂" in after["text"] and "日期" not in after["text"]


async def test_a_command_ends_what_the_bot_was_waiting_for(bot):
    await say(bot, "17号有困难", "遇到了什么困难")
    await say(bot, "/my", "的事项")
    after = await say(bot, "谢谢")
    assert "没有看懂" in after["text"]
    assert states_of_row(bot, 17)[date(2022, 11, 30)] == "pending"     # 谢谢 not taken as the difficulty


async def test_the_monthly_feedback_is_named_wherever_it_is_answered(bot):
    await bot.join(ADMIN, "admin", None)
    mine = await say(bot, "/my", "的事项")
    asked = await press(bot, mine, "月反馈（6月） 已完成", "佐证")
    assert "月反馈（6月）「本月工作进展」" in asked["text"] and "「」" not in asked["text"]
    submitted = await say(bot, "6月已召开专题会议推进各项工作")
    assert submitted["text"] == "已提交月反馈（6月）「本月工作进展」，等待政务公开办审核。"
    review = await say(bot, "/review", "月反馈", user=ADMIN)
    accepted = await press(bot, review, "通过", "已通过", user=ADMIN)
    assert "月反馈（6月）「本月工作进展」" in accepted["text"]
    told = await bot.next_message(LIAISON, "已通过审核")
    assert told["text"].startswith("月反馈（6月）「本月工作进展」")


async def test_my_is_paged_and_its_footer_leads_to_the_next_page(bot):
    first = await say(bot, "/my", "的事项")
    assert "第1/" in first["text"] and "发送 /my 2 看下一页" in first["text"] and "/my 查看全部" not in first["text"]
    second = await say(bot, "/my 2", "的事项")
    assert "第2/" in second["text"]
    first_lines = {line for line in first["text"].splitlines() if line.startswith("序号")}
    second_lines = {line for line in second["text"].splitlines() if line.startswith("序号")}
    assert second_lines and not first_lines & second_lines


async def test_item_takes_the_seq_people_see_with_the_full_content_metric_and_history_in_chinese(bot):
    await say(bot, "52号推进中，预计下周五完成", "推进中")
    card = await say(bot, "/item 52", "序号52")
    text = card["text"]
    assert "主要内容：各单位政务公开工作要点要于6月15日前" in text          # in full, not the 18-character title
    assert "量化指标：" in text and "状态：推进中" in text
    assert "用户1001：推进中 52号推进中，预计下周五完成 （预计 2022-12-02 完成）" in text
    assert "progress" not in text and "submit" not in text


async def test_item_of_a_row_due_several_times_shows_the_nearest_period_or_the_month_asked(bot):
    nearest = await say(bot, "/item 53", "序号53")
    assert "完成时限：2022-12-15" in nearest["text"] and "该行另有：6月15日" in nearest["text"]
    june = await say(bot, "/item 53 6月", "序号53")
    assert "完成时限：2022-06-15" in june["text"]
    await bot.join(ADMIN, "admin", None)
    usage = await say(bot, "/item 53", "用法", user=ADMIN)             # the office names the unit
    assert "/item 53 县司法局" in usage["text"]
    named = await say(bot, "/item 53 县司法局 9月", "序号53", user=ADMIN)
    assert "完成时限：2022-09-15" in named["text"] and "单位：永宁县司法局" in named["text"]


async def test_the_monthly_feedback_and_a_rectification_notice_open_with_item_by_the_names_my_gives_them(bot, calendar):
    nearest = await say(bot, "/item 月反馈", "月反馈")
    assert nearest["text"].startswith("月反馈（11月）「本月工作进展」") and "6月24日" in nearest["text"]
    june = await say(bot, "/item 月反馈（6月）", "月反馈")                 # the label as /my shows it
    assert june["text"].startswith("月反馈（6月）「本月工作进展」")
    none_yet = await say(bot, "/item 整改", "没有找到")
    assert "没有找到整改的事项" in none_yet["text"]
    with UnitOfWork(bot.duban.engine, bot.clock, OFFICE) as uow:
        plan = uow.session.execute(select(PlanRow)).scalars().one()
        issue_notice(uow, plan, people.find_unit(uow.session, "县司法局"), ("17", "16"), "规范性文件未在专栏集中公开",
                     calendar, date(2022, 11, 23), 10)
        uow.commit()
    notice = await say(bot, "/item 整改通知书", "单位：")
    assert notice["text"].startswith("整改通知书「整改通知书第1号") and "完成时限：2022-12-07" in notice["text"]
    assert "主要内容：整改通知书第1号（序号17、16）：规范性文件未在专栏集中公开" in notice["text"]


async def test_a_reminder_mixing_steps_puts_each_line_under_its_own_header(bot):
    await bot.join(ADMIN, "admin", None)
    await say(bot, "17号申请延期", "延期到哪一天")
    await say(bot, "延期到12月2日，等待上级文件", "已申请")
    request = await say(bot, "/review", "申请延期", user=ADMIN)
    await press(bot, request, "同意延期", "已同意", user=ADMIN)
    bot.clock.move_to(local(2022, 12, 1, 10, 0))        # 11-30 passed: its items overdue, 序号17 due tomorrow
    seen = bot.count(LIAISON)
    await bot.tick()
    lines = (await bot.next_message(LIAISON, "逾期", after=seen))["text"].splitlines()
    assert lines[0] == "【督办催办】以下事项已逾期，请尽快办理："
    soon = lines.index("即将到期：")
    assert all("已逾期" in line for line in lines[1:soon] if line.startswith("序号"))
    assert lines[soon + 1].startswith("序号17 ") and lines[soon + 1].endswith("12月2日（还有1天）")


async def test_the_monthly_feedback_is_asked_on_the_working_day_before_a_sunday_25th_in_a_few_lines(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 9, 16, 10, 0)) as bot:
        await bot.join(LIAISON, "liaison-a", "县司法局")
        await bot.tick()                                    # 9-16: 53 of 9-15 overdue, the first reminder
        await bot.next_message(LIAISON, "逾期", after=1)
        bot.clock.move_to(local(2022, 9, 23, 10, 0))        # Friday; 9-25 is a Sunday
        seen = bot.count(LIAISON)
        await bot.tick()
        asked = await bot.next_message(LIAISON, "本月反馈", after=seen)
    lines = asked["text"].splitlines()
    assert "月反馈（9月） 本月工作进展 — 9月23日（今天到期）" in lines
    assert "本月反馈：请按「月反馈（9月） 已完成」，用一段话说明本月各项工作的进展。" in lines
    section = lines[lines.index("本月反馈：请按「月反馈（9月） 已完成」，用一段话说明本月各项工作的进展。"):]
    assert section[1].startswith("长期推进的工作：序号29、30") and "等（10项）" in section[1]     # by 序号, not listed
    assert section[2].startswith("逾期未办、需说明情况的：") and "序号53" in section[2]
    assert section[3] == "其余事项发送 /my 查看。"
    buttons = [row[0]["text"] for row in asked["reply_markup"]["inline_keyboard"]]
    assert "月反馈（9月） 已完成" in buttons


async def test_an_overdue_item_is_chased_again_weekly_after_the_leader_heard_one_message_a_day(engine, calendar):
    from datetime import timedelta
    tax = 1003
    async with duban_bot(engine, calendar, local(2022, 11, 29, 10, 0)) as bot:
        await bot.join(tax, "liaison-a", "县税务局")           # row 6 alone, due 11-30
        day, days = date(2022, 12, 1), {}
        while day <= date(2022, 12, 20):
            bot.clock.move_to(local(day.year, day.month, day.day, 10, 0))
            seen = bot.count(tax)
            await bot.tick()
            await bot.tick()                                    # a second round the same day sends nothing more
            await bot.delivered()
            if new := bot.api.messages_to(tax)[seen:]:
                days[day] = new
            day += timedelta(days=1)
    assert sorted(days) == [date(2022, 12, 1), date(2022, 12, 12), date(2022, 12, 19)]   # then weekly, Mondays
    assert all(len(sent) == 1 for sent in days.values())
    again = days[date(2022, 12, 12)][0]["text"]
    assert "序号6 " in again and "已逾期" in again and "定期再提醒" in again


async def test_a_liaison_joining_late_hears_of_the_units_overdue_items_in_the_welcome_and_the_next_reminder(bot):
    welcome = bot.api.messages_to(LIAISON)[0]["text"].splitlines()
    overdue = welcome.index("已逾期：")
    assert welcome[overdue + 1].startswith("序号52 ") and "已逾期161天" in welcome[overdue + 1]
    seen = bot.count(LIAISON)
    await bot.tick()                                            # 11-23: 7 days before 11-30's items
    reminder = (await bot.next_message(LIAISON, "即将到期", after=seen))["text"].splitlines()
    assert reminder[0] == "【督办催办】以下事项已逾期，请尽快办理：" and reminder[1].startswith("序号52 ")
    assert "即将到期：" in reminder
