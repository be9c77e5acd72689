"""The bot end to end: python-telegram-bot's real HTTP stack against the local Bot API emulator."""
import asyncio
import hashlib
from datetime import date

import pytest

from sqlmodel import Session, select

from bot.rounds.scheduling import scheduling_round
from store.tables import DueItemRow, ReplyRow, UnitRow

from tests.bot_harness import duban_bot, local

LIAISON, LIAISON_B, ADMIN, LEADER, STRANGER = 1001, 1002, 2001, 3001, 9001
JUDICIAL = "永宁县司法局"
PHOTO = b"\xff\xd8\xff\xe0 a photo of the notice board"
PDF = b"%PDF-1.4 the published article"


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
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, "53号推进中，预计本月底完成")   # 序号53 has three open quarters: the nearest is taken
    taken = await bot.next_message(LIAISON, "推进中", after=seen)
    assert "理解为 2022-11-30" in taken["text"]                      # the expected date kept and echoed
    assert "序号53有3期未办，已记在12月15日（还有22天）这一期" in taken["text"]
    moves = [row[0] for row in taken["reply_markup"]["inline_keyboard"]]
    assert [b["text"] for b in moves] == ["改记到 序号53 6月15日（已逾期161天）", "改记到 序号53 9月15日（已逾期69天）"]
    with Session(bot.duban.engine) as session:
        expected = session.execute(select(ReplyRow.expected_date).where(ReplyRow.action == "progress")).scalar()
    assert expected == date(2022, 11, 30)

    bot.api.user_presses(LIAISON, taken, moves[0]["callback_data"])   # it was June's
    await bot.next_message(LIAISON, "推进中", after=seen + 1)
    with Session(bot.duban.engine) as session:
        states = dict(session.execute(select(DueItemRow.due, DueItemRow.state).join(UnitRow).where(
            UnitRow.name == JUDICIAL, DueItemRow.row == 53)).all())
    assert states == {date(2022, 6, 15): "in_progress", date(2022, 9, 15): "pending", date(2022, 12, 15): "pending"}


async def test_evidence_sent_with_a_seq_of_several_periods_can_be_moved_to_the_one_meant(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    seen = bot.count(LIAISON)
    bot.sends_file(LIAISON, PHOTO, caption="53号已完成")
    taken = await bot.next_message(LIAISON, "已提交", after=seen)      # the nearest: 12-15
    assert "已记在12月15日" in taken["text"]
    september = [row[0] for row in taken["reply_markup"]["inline_keyboard"]][1]
    bot.api.user_presses(LIAISON, taken, september["callback_data"])
    await bot.next_message(LIAISON, "已提交", after=seen + 1)         # not asked for the photo a second time
    chosen = int(september["callback_data"].split(":")[1])
    with Session(bot.duban.engine) as session:
        stored = session.execute(select(ReplyRow).where(ReplyRow.item_id == chosen)).scalars().one()
        december = session.execute(select(DueItemRow.state).where(DueItemRow.row == 53, DueItemRow.due == date(
            2022, 12, 15), DueItemRow.unit_id == session.execute(select(UnitRow.id).where(
                UnitRow.name == JUDICIAL)).scalar())).scalar()
    assert stored.file_hash == hashlib.sha256(PHOTO).hexdigest() and stored.action == "submit"
    assert december == "pending"

    seen = bot.count(LIAISON)                                        # a choice left for another reply lapses
    bot.sends_file(LIAISON, PHOTO)
    which = await bot.next_message(LIAISON, "哪一项", after=seen)
    bot.api.user_sends(LIAISON, "17号推进中")
    await bot.next_message(LIAISON, "推进中", after=seen + 1)
    first = [row[0] for row in which["reply_markup"]["inline_keyboard"]][0]
    bot.api.user_presses(LIAISON, which, first["callback_data"])
    asked = await bot.next_message(LIAISON, "请", after=seen + 2)       # asked again for evidence, nothing guessed
    assert "佐证" in asked["text"] or "链接" in asked["text"]


async def _item_id(bot, unit, row):
    from sqlmodel import Session, select
    from store.tables import DueItemRow, UnitRow
    with Session(bot.duban.engine) as session:
        return session.execute(select(DueItemRow.id).join(UnitRow, UnitRow.id == DueItemRow.unit_id).where(
            UnitRow.name == unit, DueItemRow.row == row)).scalars().first()


async def test_reminders_follow_the_ladder_day_by_day_and_merge_into_one_message(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(LIAISON_B, "liaison-b", "县司法局")
    await bot.join(LEADER, "leader", "县司法局")
    received = {}
    for day in range(23, 31):                      # Wed 11-23 … Wed 11-30
        bot.clock.move_to(local(2022, 11, day, 10, 0))
        before = bot.count(LIAISON)
        await bot.tick()
        await bot.tick()                           # a second tick the same day sends nothing more
        await bot.delivered()
        received[day] = bot.api.messages_to(LIAISON)[before:]
        if day == 25:                              # the monthly feedback round is answered on its day
            await _answer_feedback(bot, received[day][0])
    # 7 days before, Thursday's weekly chase of 序号46 (due 10-31, its leader told Thursday 11-03), 3 days before
    # moved off Sunday 11-27 to Friday 11-25 (with 月反馈), Monday's note of the week ahead, the eve 11-29, the due day
    assert [d for d, texts in received.items() if texts] == [23, 24, 25, 28, 29, 30]
    assert "序号46 " in received[24][0]["text"] and "定期再提醒" in received[24][0]["text"]
    week = received[28][0]["text"]        # Monday's chase of the 6-15 items carries the week's note
    assert "本周还有以下事项到期：" in week and "序号17 " in week and "本周到期的事项已一并列出" in week
    feedback = received[25][0]["text"]
    assert "月反馈（11月）" in feedback and "本月反馈" in feedback
    assert "长期推进的工作：序号29" in feedback                           # ongoing rows are in the round, by 序号
    assert "逾期未办、需说明情况的：序号52、序号53" in feedback             # and the overdue items needing a word
    assert all(len(texts) == 1 for texts in received.values() if texts)
    due_day = received[30][0]["text"]
    assert "今天到期" in due_day and due_day.count("序号") == 18     # all 18 of its 11-30 rows in one message
    chased = bot.api.messages_to(LIAISON_B)[1:]       # B hears only the weekly chases of long-overdue items so far
    assert chased and all("定期再提醒" in message["text"] for message in chased)
    assert bot.count(LEADER) == 1                                    # only the welcome

    bot.clock.move_to(local(2022, 12, 1, 10, 0))  # 1 working day overdue: A and B
    await bot.tick()
    assert "已逾期" in (await bot.next_message(LIAISON_B, "逾期"))["text"]
    bot.clock.move_to(local(2022, 12, 5, 10, 0))  # 3 working days overdue (over the weekend): the leader
    await bot.tick()
    escalation = await bot.next_message(LEADER, "逾期未办")
    assert "永宁县司法局" in escalation["text"] and "reply_markup" not in escalation   # leaders read


async def test_after_a_week_down_each_person_gets_one_message_with_what_they_missed(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(LIAISON_B, "liaison-b", "县司法局")
    await bot.join(LEADER, "leader", "县司法局")
    await bot.tick()                                          # Wed 11-23: the 7-day reminder, then Duban is down
    await bot.next_message(LIAISON, "即将到期")
    counts = [bot.count(p) for p in (LIAISON, LIAISON_B, LEADER)]
    bot.clock.move_to(local(2022, 12, 6, 10, 0))              # back on Tue 12-06: 11-30 is 4 working days past
    for _ in range(3):
        await bot.tick()
    await bot.delivered()
    assert [bot.count(p) for p in (LIAISON, LIAISON_B, LEADER)] == [c + 1 for c in counts]   # one each, once
    missed = bot.api.messages_to(LIAISON)[-1]["text"]
    assert "已逾期" in missed and "序号17 " in missed and "2022-11-23 之后停止运行" in missed
    assert "序号17 " in bot.api.messages_to(LIAISON_B)[-1]["text"]                 # told of the overdue step
    assert "逾期3个工作日" in bot.api.messages_to(LEADER)[-1]["text"]               # and the leader of the escalation
    bot.clock.move_to(local(2022, 12, 7, 10, 0))              # the next day is an ordinary day again
    await bot.tick()
    await bot.delivered()
    assert "序号17 " not in "".join(m["text"] for m in bot.api.messages_to(LIAISON)[counts[0] + 1:])


async def _answer_feedback(bot, reminder):
    feedback = next(b for row in reminder["reply_markup"]["inline_keyboard"] for b in row
                    if b["text"].startswith("月反馈"))
    seen = bot.count(LIAISON)
    bot.api.user_presses(LIAISON, reminder, feedback["callback_data"])
    await bot.next_message(LIAISON, "佐证", after=seen)
    bot.api.user_sends(LIAISON, "本月各项按计划推进，无困难。")
    await bot.next_message(LIAISON, "已提交", after=seen)


async def test_nothing_is_sent_on_a_holiday_or_outside_office_hours(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    for moment in (local(2022, 11, 26, 10, 0), local(2022, 11, 23, 8, 59), local(2022, 11, 23, 18, 0)):
        bot.clock.move_to(moment)                  # a Saturday; before 09:00; after 17:30
        assert await bot.tick() == 0


async def test_an_answered_item_is_not_reminded_again(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    bot.clock.move_to(local(2022, 11, 29, 10, 0))
    await bot.tick()
    reminder = await bot.next_message(LIAISON, "即将到期")
    assert "序号17" in reminder["text"]
    bot.api.user_sends(LIAISON, "17号已完成 http://www.yongning.gov.cn/xxgk/17.html")
    await bot.next_message(LIAISON, "已提交")
    bot.clock.move_to(local(2022, 11, 30, 10, 0))
    await bot.tick()
    due_day = await bot.next_message(LIAISON, "今天到期")
    assert "序号17" not in due_day["text"] and "序号16" in due_day["text"]


async def test_a_blocked_bot_moves_reminders_to_liaison_b_and_tells_the_office(bot):
    from bot.rehearsal.emulator import Fault
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(LIAISON_B, "liaison-b", "县司法局")
    await bot.join(ADMIN, "admin", None)
    bot.api.fail_next("sendMessage", Fault(403, "Forbidden: bot was blocked by the user"))
    await bot.tick()
    await bot.next_message(ADMIN, "屏蔽")
    bot.clock.move_to(local(2022, 11, 23, 10, 1))
    await bot.tick()                                # the next round: B stands in for A
    assert "序号17" in (await bot.next_message(LIAISON_B, "即将到期"))["text"]


async def test_rate_limits_and_server_errors_lose_nothing_and_send_nothing_twice(bot):
    from bot.rehearsal.emulator import Fault
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(LIAISON_B, "liaison-b", "杨和镇")
    bot.api.fail_next("sendMessage", Fault(429, "Too Many Requests: retry after 1", retry_after=1))
    await bot.tick()
    await bot.next_message(LIAISON, "即将到期")     # sent after waiting as told
    await bot.next_message(LIAISON_B, "即将到期")

    bot.clock.move_to(local(2022, 11, 25, 10, 0))
    bot.api.fail_next("sendMessage", Fault(502, "Bad Gateway"))
    await bot.tick()
    # the round stops at the 502: the refused message (and any not yet started) is kept for the next one
    # (the claim running one batch ahead may take the refused row for a moment before it puts it back)
    await bot.api.wait_for(lambda: not bot.api.faults["sendMessage"]
                           and "sending" not in (states := _outbox_states(bot)) and "queued" in states[2:])
    bot.application.bot_data.kick.set()           # the next round
    await bot.next_message(LIAISON, "月反馈")
    await bot.next_message(LIAISON_B, "月反馈")
    await bot.delivered()
    assert _outbox_states(bot) == ["sent"] * 4
    assert [bot.count(LIAISON), bot.count(LIAISON_B)] == [3, 3]   # welcome + one reminder a day, no duplicate


async def test_a_message_telegram_refuses_is_not_retried_forever_and_the_office_is_told(bot):
    from bot.rehearsal.emulator import Fault
    await bot.join(ADMIN, "admin", None)
    await bot.join(LIAISON, "liaison-a", "县司法局")
    bot.api.fail_next("sendMessage", Fault(400, "Bad Request: chat not found"))
    await bot.tick()
    told = await bot.next_message(ADMIN, "拒收")
    assert "chat not found" in told["text"].lower() and "县司法局" in told["text"]
    await bot.delivered()
    assert sorted(_outbox_states(bot)) == ["failed", "sent"]       # the refused reminder, the office's notice
    bot.clock.move_to(local(2022, 11, 25, 10, 0))                    # the next reminder goes as usual
    await bot.tick()
    await bot.next_message(LIAISON, "月反馈")


async def test_a_text_longer_than_one_telegram_message_arrives_whole_in_parts(bot):
    from store import outbox
    from store.uow import UnitOfWork
    from tests.bot_harness import OFFICE
    await bot.join(LIAISON, "liaison-a", "县司法局")
    seen = bot.count(LIAISON)
    lines = [f"序号{n} 某项工作的办理情况说明，" + "内容" * 40 for n in range(100)]
    buttons = '[[{"text": "1 已完成", "callback_data": "done:1"}]]'
    with UnitOfWork(bot.duban.engine, bot.clock, OFFICE) as uow:
        outbox.enqueue(uow.session, "long:1", LIAISON, "\n".join(lines), uow.now, None, buttons)
        uow.commit()
    bot.application.bot_data.kick.set()
    await bot.api.wait_for(lambda: "序号99 " in bot.api.messages_to(LIAISON)[-1].get("text", ""))
    parts = bot.api.messages_to(LIAISON)[seen:]
    assert len(parts) == 3 and all(len(p["text"]) <= 4096 for p in parts)
    assert "\n".join(p["text"] for p in parts) == "\n".join(lines)          # cut at line ends, nothing lost
    assert [("reply_markup" in p) for p in parts] == [False, False, True]   # the buttons under the last part
    await bot.delivered()
    assert _outbox_states(bot)[-1] == "sent"


async def test_a_burst_stays_under_telegrams_limits_and_one_chats_messages_arrive_in_order(bot):
    """90 messages to 85 people and 5 to the office: the emulator answers 429 beyond 30 a second or one a
    second to a chat; the sender overlaps its sends yet is never refused, and the office reads its five in order."""
    from bot.rehearsal.emulator import RateLimits
    from store import outbox
    from store.uow import UnitOfWork
    from tests.bot_harness import OFFICE
    bot.api.limits = RateLimits()
    with UnitOfWork(bot.duban.engine, bot.clock, OFFICE) as uow:
        for n in range(90):
            chat = ADMIN if n % 18 == 0 else 50_000 + n
            outbox.enqueue(uow.session, f"burst:{n}", chat, f"第{n}条", uow.now)
        uow.commit()
    bot.application.bot_data.kick.set()
    await bot.api.wait_for(lambda: len(bot.api.sent) == 90, timeout=30)
    await bot.delivered()
    assert bot.api.throttled == 0 and set(_outbox_states(bot)) == {"sent"}
    assert [m["text"] for m in bot.api.messages_to(ADMIN)] == [f"第{n}条" for n in range(0, 90, 18)]
    office = [t for m, t in zip(bot.api.sent, bot.api.sent_at) if m["chat"]["id"] == ADMIN]
    assert all(b - a >= 0.99 for a, b in zip(office, office[1:]))      # one a second to one chat


def _outbox_states(bot):
    from tests.bot_harness import outbox_states
    return outbox_states(bot.duban.engine)


async def test_an_extension_is_asked_with_a_plain_date_echoed_and_decided_by_the_office(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(ADMIN, "admin", None)
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, "17号申请延期")
    await bot.next_message(LIAISON, "延期到哪一天", after=seen)
    bot.api.user_sends(LIAISON, "尽快吧")                        # not a date: asked again, not guessed
    await bot.next_message(LIAISON, "没有看懂序号17", after=seen)
    bot.api.user_sends(LIAISON, "下周五，等待上级文件")
    asked = await bot.next_message(LIAISON, "已申请", after=seen)
    assert "2022-12-02" in asked["text"]                         # next Friday from Wednesday 11-23
    bot.api.user_sends(ADMIN, "/review")
    request = await bot.next_message(ADMIN, "申请延期")
    assert "2022-11-30 → 2022-12-02" in request["text"] and "等待上级文件" in request["text"]
    bot.api.user_presses(ADMIN, request, request["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
    await bot.next_message(LIAISON, "已同意", after=seen)
    bot.clock.move_to(local(2022, 12, 1, 10, 0))                 # 11-30 passed; the ladder follows 12-02
    await bot.tick()
    today = await bot.next_message(LIAISON, "逾期", after=seen)
    row17 = next(line for line in today["text"].splitlines() if line.startswith("序号17 "))
    assert row17.endswith("12月2日（还有1天）")


async def test_the_office_returns_a_submission_with_a_reason_and_the_unit_resubmits(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(ADMIN, "admin", None)
    bot.api.user_sends(LIAISON, "16号已完成 http://www.yongning.gov.cn/old.html")
    await bot.next_message(LIAISON, "已提交")
    bot.api.user_sends(ADMIN, "/review")
    queued = await bot.next_message(ADMIN, "old.html")
    bot.api.user_presses(ADMIN, queued, queued["reply_markup"]["inline_keyboard"][0][1]["callback_data"])
    await bot.next_message(ADMIN, "退回的原因")
    bot.api.user_sends(ADMIN, "链接打不开")
    told = await bot.next_message(LIAISON, "被退回")
    assert "链接打不开" in told["text"]
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, "16号已完成 http://www.yongning.gov.cn/new.html")
    await bot.next_message(LIAISON, "已提交", after=seen)


async def test_a_file_is_evidence_and_a_leader_only_reads(bot):
    await bot.join(LIAISON, "liaison-a", "杨和镇")
    await bot.join(LEADER, "leader", "杨和镇")
    seen = bot.count(LIAISON)
    # metric: 依据发表情况
    bot.sends_file(LIAISON, PDF, "稿件.pdf", caption="47号已完成，已在《政务公开工作交流》发表")
    await bot.next_message(LIAISON, "已提交", after=seen)
    from sqlmodel import Session, select
    from store.tables import ReplyRow
    with Session(bot.duban.engine) as session:
        reply = session.execute(select(ReplyRow).where(ReplyRow.action == "submit")).scalars().one()
    assert (reply.file_hash, reply.text) == (hashlib.sha256(PDF).hexdigest(),
                                             "47号已完成，已在《政务公开工作交流》发表")
    bot.api.user_sends(LEADER, "47号已完成")
    assert "没有看懂" in (await bot.next_message(LEADER, "没有看懂"))["text"]
    bot.api.user_sends(LEADER, "/my")
    mine = await bot.next_message(LEADER, "杨和镇」的事项")
    assert "reply_markup" not in mine


async def test_a_handover_moves_the_post_and_files_it_with_the_office(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(ADMIN, "admin", None)
    bot.api.user_sends(LIAISON, "/handover")
    link = await bot.next_message(LIAISON, "岗位交接")
    code = link["text"].split("start=")[1].split()[0]
    bot.api.user_sends(LIAISON_B, f"/start {code}")
    await bot.next_message(LIAISON_B, "联络员（A岗）")
    filed = await bot.next_message(ADMIN, "岗位变动备案")
    assert "永宁县司法局" in filed["text"]
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, "/my")
    assert "邀请" in (await bot.next_message(LIAISON, after=seen))["text"]   # the predecessor has no access


async def test_a_restart_in_the_middle_of_sending_loses_nothing_and_duplicates_nothing(engine, calendar):
    from tests.bot_harness import duban_bot
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as first:
        for offset, unit in enumerate(("杨和镇", "李俊镇", "望远镇", "望洪镇")):
            await first.join(LIAISON + offset, "liaison-a", unit)
    # the process's last round: the reminders written, and the process gone before its sender took them
    assert await asyncio.to_thread(scheduling_round, first.duban) == 4
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 5)) as second:   # the restarted process
        await second.tick()
        await second.delivered()
        assert [len([m for m in second.api.messages_to(LIAISON + o) if "即将到期" in m.get("text", "")])
                for o in range(4)] == [1, 1, 1, 1]


async def test_a_reminder_queued_for_a_liaison_who_handed_over_goes_to_the_successor_instead(engine, calendar):
    from sqlmodel import Session
    from store import people
    from store.tables import PersonRow
    from store.uow import UnitOfWork
    from tests.bot_harness import OFFICE, duban_bot, outbox_states
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as first:
        await first.join(LIAISON, "liaison-a", "杨和镇")
    assert await asyncio.to_thread(scheduling_round, first.duban) == 1    # queued, the process gone before sending
    with UnitOfWork(engine, first.clock, OFFICE) as uow:                  # the post changes hands meanwhile
        predecessor = people.person_by_telegram(uow.session, LIAISON)
        invite = people.create_invite(uow, "liaison-a", people.find_unit(uow.session, "杨和镇"),
                                      handover_of=predecessor)
        people.redeem(uow, invite.code, LIAISON_B, "继任")
        uow.commit()
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 1)) as second:
        await second.tick()
        await second.delivered()
        assert not [m for m in second.api.messages_to(LIAISON) if "即将到期" in m.get("text", "")]
        assert "杨和镇" in (await second.next_message(LIAISON_B, "即将到期"))["text"]
    with Session(engine) as session:
        assert session.get(PersonRow, predecessor.id).active is False
    assert sorted(outbox_states(engine)) == ["dropped", "sent"]


async def test_a_reminder_shows_its_items_as_they_stand_when_it_is_sent(engine, calendar):
    """The round queues who hears of what; the sender writes the text: an item answered in between is left out,
    and a reminder left with nothing is not sent at all."""
    from sqlmodel import Session, select
    from bot.rounds.drafts import as_sent
    from store import items
    from store.tables import DueItemRow, OutboxRow, UnitRow
    from store.uow import UnitOfWork
    from tests.bot_harness import OFFICE, outbox_states
    async with duban_bot(engine, calendar, local(2022, 11, 29, 10, 0)) as first:   # the eve of 11-30
        await first.join(LIAISON, "liaison-a", "县税务局")        # row 6 alone
        await first.join(LIAISON + 1, "liaison-a", "杨和镇")
    # the process's last round: queued, and the process gone before its sender took them
    assert await asyncio.to_thread(scheduling_round, first.duban) == 2    # queued, not yet sent
    with Session(engine) as session:
        rows = session.execute(select(OutboxRow).where(OutboxRow.draft != "")).scalars().all()
        due = {name: ids for name in ("县税务局", "杨和镇") for ids in [session.execute(
            select(DueItemRow.id).join(UnitRow).where(UnitRow.name.contains(name),
                                                      DueItemRow.due == local(2022, 11, 30).date())).scalars().all()]}
    planned = {row.chat_id: message.text for row, message in as_sent(first.duban, rows)}
    assert len(due["县税务局"]) == 1 and len(due["杨和镇"]) >= 2
    with UnitOfWork(engine, first.clock, OFFICE) as uow:        # answered before the sender got to them
        for item_id in (due["县税务局"][0], due["杨和镇"][0]):
            items.act(uow, item_id, "submit", by_office=True)
        uow.commit()
    async with duban_bot(engine, calendar, local(2022, 11, 29, 10, 1)) as second:
        await second.tick()
        await second.delivered()
        assert not [m for m in second.api.messages_to(LIAISON) if "即将到期" in m.get("text", "")]
        sent = (await second.next_message(LIAISON + 1, "即将到期"))["text"]
    answered = next(line for line in planned[LIAISON + 1].splitlines() if line not in sent)
    assert answered.startswith("序号") and len(sent.splitlines()) == len(planned[LIAISON + 1].splitlines()) - 1
    assert sorted(outbox_states(engine)[-2:]) == ["dropped", "sent"]


async def test_a_draft_that_cannot_be_rendered_is_failed_and_the_rest_still_go(bot):
    from sqlmodel import Session, select
    from store.tables import OutboxRow
    await bot.join(LIAISON, "liaison-a", "县税务局")
    bot.clock.move_to(local(2022, 11, 29, 10, 0))
    with Session(bot.duban.engine) as session:      # a defect's draft, queued ahead of the round's
        session.add(OutboxRow(idempotency_key="broken", chat_id=LIAISON, person_id=None, text="",
                              draft='{"kind": "reminder"}', created_at=bot.clock(), updated_at=bot.clock()))
        session.commit()
    await bot.tick()
    await bot.next_message(LIAISON, "即将到期")
    with Session(bot.duban.engine) as session:
        broken = session.exec(select(OutboxRow).where(OutboxRow.idempotency_key == "broken")).one()
    assert broken.state == "failed" and broken.last_error.startswith("render: KeyError")


async def test_a_plain_reply_to_a_reminder_is_about_that_reminders_item(bot):
    await bot.join(LIAISON, "liaison-a", "县税务局")      # named by row 6 alone (县财政局、税务局)
    bot.clock.move_to(local(2022, 11, 29, 10, 0))       # Tuesday, the eve of 11-30
    await bot.tick()
    reminder = await bot.next_message(LIAISON, "即将到期")
    assert [line.split()[0] for line in reminder["text"].splitlines() if line.startswith("序号")] == ["序号6"]
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, "推进中，预计下周五完成", reply_to=reminder)
    answer = await bot.next_message(LIAISON, "推进中", after=seen)
    assert "理解为 2022-12-09" in answer["text"]


async def test_a_reply_to_a_reminder_whose_send_timed_out_is_still_about_that_reminders_item(bot):
    from bot.rehearsal.emulator import Fault
    await bot.join(LIAISON, "liaison-a", "县税务局")
    bot.clock.move_to(local(2022, 11, 29, 10, 0))
    bot.api.fail_next("sendMessage", Fault(500, "too slow", delay=6, delivered=True))   # arrives; the answer is lost
    await bot.tick()
    reminder = await bot.next_message(LIAISON, "即将到期")
    await bot.api.wait_for(lambda: _outbox_states(bot) == ["unconfirmed"], timeout=15)   # no message id known
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, "推进中，预计下周五完成", reply_to=reminder)
    answer = await bot.next_message(LIAISON, "推进中", after=seen)
    assert "开展税收优惠政策" in answer["text"] and "理解为 2022-12-09" in answer["text"]   # row 6's title


async def test_progress_with_an_expected_date_is_repeated_back_and_blocked_items_lead_the_review(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(ADMIN, "admin", None)
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, "17号推进中，预计本月底完成")
    noted = await bot.next_message(LIAISON, "推进中", after=seen)
    assert "理解为 2022-11-30" in noted["text"]
    bot.api.user_sends(LIAISON, "16号有困难")
    await bot.next_message(LIAISON, "什么困难", after=seen)
    bot.api.user_sends(LIAISON, "专栏改版，等网信办开通权限")
    await bot.next_message(LIAISON, "已记录困难", after=seen)
    bot.api.user_sends(ADMIN, "/review")
    head = await bot.next_message(ADMIN, "有困难 1 项")
    blocked = await bot.next_message(ADMIN, "【有困难】")
    assert "专栏改版" in blocked["text"] and bot.api.messages_to(ADMIN).index(blocked) == \
        bot.api.messages_to(ADMIN).index(head) + 1


async def test_a_difficulty_the_office_approves_pauses_the_ladder_until_the_unit_resumes(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(ADMIN, "admin", None)
    bot.api.user_sends(LIAISON, "17号有困难")
    await bot.next_message(LIAISON, "什么困难")
    bot.api.user_sends(LIAISON, "等网信办开通专栏权限")
    await bot.next_message(LIAISON, "已记录困难")
    bot.api.user_sends(ADMIN, "/review")
    blocked = await bot.next_message(ADMIN, "等网信办开通专栏权限")
    hold = blocked["reply_markup"]["inline_keyboard"][0][0]
    assert hold["text"] == "同意暂缓"
    bot.api.user_presses(ADMIN, blocked, hold["callback_data"])
    await bot.next_message(ADMIN, "已同意暂缓")
    await bot.next_message(LIAISON, "暂停催办")

    seen = bot.count(LIAISON)
    for day in (29, 30):                               # the eve and the due day of 11-30
        bot.clock.move_to(local(2022, 11, day, 10, 0))
        await bot.tick()
    bot.clock.move_to(local(2022, 12, 1, 10, 0))       # 1 working day overdue
    await bot.tick()
    await bot.delivered()
    later = [msg["text"] for msg in bot.api.messages_to(LIAISON)[seen:]]
    assert later and all("序号17 " not in text for text in later)     # its row-mates are still reminded

    bot.api.user_sends(LIAISON, "17号推进中")                         # resumed: back on the ladder
    await bot.next_message(LIAISON, "推进中", after=seen)
    assert await _state(bot, JUDICIAL, 17) == "in_progress"


async def _state(bot, unit, row):
    from sqlmodel import Session
    from store.tables import DueItemRow
    with Session(bot.duban.engine) as session:
        return session.get(DueItemRow, await _item_id(bot, unit, row)).state


async def test_the_ladder_of_one_item_across_national_day(engine, calendar):
    from datetime import date, timedelta
    from tests.bot_harness import duban_bot
    async with duban_bot(engine, calendar, local(2022, 9, 20, 10, 0)) as bot:
        await bot.join(LIAISON, "liaison-a", "县司法局")
        await bot.join(LIAISON_B, "liaison-b", "县司法局")
        await bot.join(LEADER, "leader", "县司法局")
        mentions, quiet = [], []
        day = date(2022, 9, 20)
        while day <= date(2022, 10, 12):
            bot.clock.move_to(local(day.year, day.month, day.day, 10, 0))
            counts = [bot.count(c) for c in (LIAISON, LIAISON_B, LEADER)]
            await bot.tick()
            await bot.delivered()
            new = [m for c, n in zip((LIAISON, LIAISON_B, LEADER), counts) for m in bot.api.messages_to(c)[n:]]
            mentions += [(day, m["chat"]["id"]) for m in new if "\n序号28 " in m["text"]]
            quiet += [day] if not new else []
            if any("月反馈（9月）" in m["text"] for m in new):   # the unit answers September's round
                await _answer_feedback(bot, next(m for m in new if "月反馈（9月）" in m["text"]))
            day += timedelta(days=1)
    # 序号28 (各部门（单位）, 2022年9月) is due Friday 09-30, the eve of National Day
    assert mentions == [
        (date(2022, 9, 23), LIAISON),                              # 7 days before
        (date(2022, 9, 26), LIAISON),                              # Monday's note of the week ahead
        (date(2022, 9, 27), LIAISON),                              # 3 days before
        (date(2022, 9, 29), LIAISON),                              # the last working day before
        (date(2022, 9, 30), LIAISON),                              # the due day
        (date(2022, 10, 8), LIAISON), (date(2022, 10, 8), LIAISON_B),   # 1 working day overdue: the 调休 Saturday
        (date(2022, 10, 10), LEADER),                              # 3 working days overdue
    ]
    assert all(date(2022, 10, d) in quiet for d in range(1, 8))   # nothing during the holiday


async def test_a_send_that_timed_out_is_recorded_unconfirmed_and_not_resent(bot):
    from bot.rehearsal.emulator import Fault
    await bot.join(LIAISON, "liaison-a", "县司法局")
    bot.api.fail_next("sendMessage", Fault(500, "too slow", delay=6))   # past the client's 5 s read timeout
    await bot.tick()
    await bot.api.wait_for(lambda: _outbox_states(bot) == ["unconfirmed"], timeout=15)
    bot.clock.move_to(local(2022, 11, 23, 11, 0))
    await bot.tick()
    await bot.settle()
    assert _outbox_states(bot) == ["unconfirmed"] and bot.count(LIAISON) == 1   # the welcome only


async def test_a_plan_with_its_own_ladder_reminds_earlier_and_tells_the_leader_later(bot):
    from store.rules import set_rules
    from store.queries import latest_plan_id
    from store.uow import UnitOfWork
    from tests.bot_harness import OFFICE
    from workflows.ladder import Ladder
    from workflows.rules import PlanRules
    with UnitOfWork(bot.duban.engine, bot.clock, OFFICE) as uow:
        set_rules(uow, latest_plan_id(uow.session), PlanRules(Ladder(days_before=(14,), overdue_leader=5)))
        uow.commit()
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(LEADER, "leader", "县司法局")
    bot.clock.move_to(local(2022, 11, 16, 10, 0))              # 14 days before 11-30
    await bot.tick()
    assert "11月30日（还有14天）" in (await bot.next_message(LIAISON, "即将到期"))["text"]
    told = {}
    for day in [*range(17, 31), *range(1, 8)]:                 # day by day to Wed 12-07
        bot.clock.move_to(local(2022, 11 if day > 7 else 12, day, 10, 0))
        before = bot.count(LEADER)
        await bot.tick()
        await bot.delivered()
        told[day] = [msg["text"] for msg in bot.api.messages_to(LEADER)[before:]]
    about_11_30 = [day for day, texts in told.items() if any("— 11月30日" in t for t in texts)]
    assert about_11_30 == [7]                                   # the 5th working day overdue, not the 3rd (12-05)
    assert "逾期5个工作日" in next(t for t in told[7] if "— 11月30日" in t)
