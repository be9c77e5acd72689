"""The cadence in chat: scheduled reports, /report, /mute and /circulate, against the Bot API emulator."""
import io
import warnings

from docx import Document
from openpyxl import load_workbook

from tests.bot_harness import duban_bot, local

ADMIN, OBSERVER, LIAISON, LIAISON_B, OTHER_UNIT, STRANGER = 2001, 2002, 1001, 1002, 1003, 9001


def _document(bot, message) -> bytes:
    return bot.api.files[message["document"]["file_id"]]


async def test_on_monday_the_office_gets_the_digest_with_a_chart_and_units_their_week_ahead(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 28, 8, 30)) as bot:     # Monday of 2022-W48
        await bot.join(ADMIN, "admin", None)
        await bot.join(OBSERVER, "observer", None)
        await bot.join(LIAISON, "liaison-a", "县司法局")
        await bot.join(LIAISON_B, "liaison-b", "县司法局")
        await bot.join(OTHER_UNIT, "liaison-a", "杨和镇")
        # its November feedback and every overdue item are in: no reminder today, not even a weekly chase
        _submit(bot, "杨和镇", local(2022, 11, 25).date(), since=local(2022, 1, 1).date())
        seen = {chat: bot.count(chat) for chat in (LIAISON, OTHER_UNIT)}
        assert await bot.tick() == 0                                # before office hours: nothing
        bot.clock.move_to(local(2022, 11, 28, 9, 0))
        assert await bot.tick() > 0
        assert await bot.tick() == 0                                # the next minute's tick builds nothing again
        for reader in (ADMIN, OBSERVER):
            digest = await bot.next_message(reader, "【督办周报】2022年11月28日—12月4日")
            assert "本周到期" in digest["text"] and "发送原因" in digest["text"]
            assert "/mute 周报 2022年12月5日" in digest["text"]
            chart = await bot.api.wait_for(lambda: next((m for m in bot.api.messages_to(reader) if "photo" in m), None))
            assert bot.api.files[chart["photo"][0]["file_id"]].startswith(b"\x89PNG")
        week = await bot.next_message(OTHER_UNIT, "【督办周提示】", after=seen[OTHER_UNIT])
        assert "「杨和镇」" in week["text"] and "11月30日" in week["text"] and week["reply_markup"]["inline_keyboard"]
        await bot.settle()
        # reminded today (the November feedback overdue): one message, the week's items in it, each with its buttons
        (reminder,) = bot.api.messages_to(LIAISON)[seen[LIAISON]:]
        assert reminder["text"].startswith("【督办催办】") and "本周还有以下事项到期：\n序号4 " in reminder["text"]
        assert "序号17 " in reminder["text"] and "今天不再另发周提示" in reminder["text"]
        assert "17 已完成" in [row[0]["text"] for row in reminder["reply_markup"]["inline_keyboard"]]
        assert bot.api.messages_to(OTHER_UNIT)[seen[OTHER_UNIT]:] == [week]
        assert not any("周提示" in m.get("text", "") for m in bot.api.messages_to(LIAISON_B))   # B stands by


async def test_a_monday_reminder_answered_before_it_goes_out_still_brings_the_week_ahead(engine, calendar):
    import asyncio
    from bot.rounds.scheduling import scheduling_round
    async with duban_bot(engine, calendar, local(2022, 11, 28, 9, 0)) as first:
        await first.join(LIAISON, "liaison-a", "县司法局")
    assert await asyncio.to_thread(scheduling_round, first.duban) == 1     # the reminder, carrying the week
    _submit(first, "县司法局", local(2022, 11, 25).date(), since=local(2022, 1, 1).date())   # what it reminds of
    # (the November feedback, the overdue items chased again on Mondays), answered meanwhile
    async with duban_bot(engine, calendar, local(2022, 11, 28, 9, 1)) as second:
        await second.tick()
        await second.delivered()
        (note,) = second.api.messages_to(LIAISON)
        assert note["text"].startswith("【督办周提示】「永宁县司法局」") and "序号17 " in note["text"]


def _submit(bot, unit: str, due, since=None) -> None:
    """The unit's items due that day (or from `since` to that day), submitted through the office."""
    from sqlmodel import Session, select
    from store import items
    from store.tables import DueItemRow, UnitRow
    from store.uow import UnitOfWork
    from tests.bot_harness import OFFICE
    with Session(bot.duban.engine) as session:
        ids = session.execute(select(DueItemRow.id).join(UnitRow).where(
            UnitRow.name.contains(unit), DueItemRow.due <= due, DueItemRow.due >= (since or due))).scalars().all()
    with UnitOfWork(bot.duban.engine, bot.clock, OFFICE) as uow:
        for item_id in ids:
            items.act(uow, item_id, "submit", by_office=True)
        uow.commit()


async def test_reports_whose_day_passed_while_duban_was_down_are_sent_once_on_return(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 17, 10, 0)) as bot:     # Thursday of 2022-W46
        await bot.join(ADMIN, "admin", None)
        await bot.tick()                                            # then down from Friday to the next Friday
        bot.clock.move_to(local(2022, 12, 2, 10, 0))               # missed: W47 and W48 digests, November's roll-up
        for _ in range(2):
            await bot.tick()
        await bot.delivered()
        texts = [m.get("text") or m.get("caption", "") for m in bot.api.messages_to(ADMIN)]
        summaries = [m for m in bot.api.messages_to(ADMIN)
                     if m.get("text", "").startswith("【督办周报】2022年11月28日")]
        assert len(summaries) == 1                                                # the latest week's digest, once
        assert not any("11月21日" in t for t in texts)                             # not an old week's news
        rollups = [m for m in bot.api.messages_to(ADMIN) if "document" in m]
        assert [m["document"]["file_name"] for m in rollups] == ["月反馈汇总-2022-11.xlsx"]


async def test_a_muted_digest_is_not_sent_and_only_admins_may_mute(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 25, 10, 0)) as bot:
        await bot.join(ADMIN, "admin", None)
        await bot.join(LIAISON, "liaison-a", "县司法局")
        bot.api.user_sends(LIAISON, "/mute weekly 2022-W48")
        await bot.next_message(LIAISON, "只有政务公开办")
        bot.api.user_sends(ADMIN, "/mute weekly 2022-w48")
        await bot.next_message(ADMIN, "已暂停周报（2022年11月28日）")
        bot.clock.move_to(local(2022, 11, 28, 9, 30))
        await bot.tick()
        # units still hear of their week (in today's reminder)
        await bot.next_message(LIAISON, "本周还有以下事项到期")
        await bot.settle()
        assert not any("【督办周报】" in m.get("text", "") for m in bot.api.messages_to(ADMIN))


async def test_an_admin_asks_for_a_report_and_gets_the_file(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as bot:
        await bot.join(ADMIN, "admin", None)
        bot.api.user_sends(ADMIN, "/report monthly 2022-10")
        summary = await bot.next_message(ADMIN, "月反馈汇总（2022年10月）")
        # nobody of any unit joined: none of them was asked, so none is listed as not answering
        assert "未反馈 0 个" in summary["text"] and "尚无联络员加入督办，没有收到月反馈提醒" in summary["text"]
        sent = await bot.api.wait_for(lambda: next((m for m in bot.api.messages_to(ADMIN) if "document" in m), None))
        assert sent["document"]["file_name"] == "月反馈汇总-2022-10.xlsx"
        rows = list(load_workbook(io.BytesIO(_document(bot, sent))).active.iter_rows(min_row=3, values_only=True))
        assert ("永宁县司法局", "未反馈") == rows[[r[0] for r in rows].index("永宁县司法局")][:2]
        bot.api.user_sends(ADMIN, "/report quarterly 2022-10")
        await bot.next_message(ADMIN, "不是季度通报的报告期")


async def test_a_circulation_names_nobody_until_an_admin_sends_it_and_each_named_unit_sees_why(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 10, 8, 10, 0)) as bot:      # first working day after Q3
        await bot.join(ADMIN, "admin", None)
        await bot.join(LIAISON, "liaison-a", "县司法局")
        await bot.tick()
        draft = await bot.next_message(ADMIN, "拟通报")
        assert "/circulate 2022年第三季度" in draft["text"] and "永宁县司法局" in draft["text"]
        await bot.settle()
        assert not any("通报" in m.get("text", "") for m in bot.api.messages_to(LIAISON))   # a draft is not sent
        bot.api.user_sends(LIAISON, "/circulate 2022Q3")
        await bot.next_message(LIAISON, "只有政务公开办")
        bot.api.user_sends(ADMIN, "/circulate 2022Q3")
        await bot.next_message(ADMIN, "2022年第三季度通报已印发")
        named = await bot.next_message(LIAISON, "你单位被通报")
        # the items and days that named it: row 53 never answered, 11 working days late by 09-30
        assert "序号53（2022年9月15日到期，逾期11个工作日）" in named["text"]
        notice = await bot.api.wait_for(lambda: next((m for m in bot.api.messages_to(LIAISON) if "document" in m),
                                                     None))
        text = "\n".join(p.text for p in Document(io.BytesIO(_document(bot, notice))).paragraphs)
        assert "草稿" not in text and "永宁县司法局" in text
        bot.api.user_sends(ADMIN, "/circulate 2022Q3")
        await bot.next_message(ADMIN, "已经印发过")


def test_the_chart_draws_every_unit_name_of_the_sample_with_real_glyphs():
    from fontTools.ttLib import TTFont
    from bot.messages import CHART_LEGEND
    from documents.digest_chart import FONT_FILE, rates_chart
    from tests.conftest import sample_roster
    from workflows.digest import UnitRate
    names = [u.name for u in sample_roster("yongning-2022").units]
    cmap = TTFont(str(FONT_FILE), fontNumber=0).getBestCmap()
    assert [c for name in names for c in name if ord(c) not in cmap] == []
    with warnings.catch_warnings():
        warnings.simplefilter("error")                 # matplotlib warns "Glyph … missing from font" for tofu
        png = rates_chart("永宁县 "
                          "各单位按时完成率（2022-W48）", [UnitRate(n, 4, i % 5, None) for i, n in enumerate(names)],
                          {n: "red" for n in names[:5]}, CHART_LEGEND)
    assert png.startswith(b"\x89PNG")


def test_a_province_digest_still_fits_one_telegram_message(calendar):
    from datetime import date
    from bot.render.digest import digest_text
    from workflows.cadence import ItemFact
    from workflows.digest import weekly_digest
    facts = [ItemFact(f"宁夏第{n}单位", "17", "once", date(2022, 11, 18), "pending", None) for n in range(1500)]
    joined = {f.unit for f in facts}
    digest = weekly_digest(facts, date(2022, 11, 21), date(2022, 1, 1), calendar)
    text = digest_text("【督办周报】2022-W47", digest, joined)
    assert len(text) < 4096 and "红灯（有逾期）1500 个单位" in text and "另有 1488 个单位" in text
    nobody = digest_text("【督办周报】2022-W47", digest, set())
    assert len(nobody) < 4096 and "尚无联络员加入督办的单位 1500 个" in nobody and "等1500个单位" in nobody


def _act(bot, unit: str, due, action: str, at) -> None:
    """The unit's items due that day, acted on through the office at the moment `at`."""
    from sqlmodel import Session, select
    from store import items
    from store.tables import DueItemRow, UnitRow
    from store.uow import UnitOfWork
    from tests.bot_harness import OFFICE
    with Session(bot.duban.engine) as session:
        ids = session.execute(select(DueItemRow.id).join(UnitRow).where(UnitRow.name.contains(unit),
                                                                        DueItemRow.due == due)).scalars().all()
    with UnitOfWork(bot.duban.engine, lambda: at, OFFICE) as uow:
        for item_id in ids:
            items.act(uow, item_id, action, by_office=True)
        uow.commit()


async def test_what_is_circulated_is_the_draft_the_office_reviewed_and_a_change_is_shown_first(engine, calendar):
    from datetime import date
    async with duban_bot(engine, calendar, local(2022, 10, 8, 10, 0)) as bot:
        await bot.join(ADMIN, "admin", None)
        await bot.join(LIAISON, "liaison-a", "县司法局")
        _act(bot, "县司法局", date(2022, 9, 15), "submit", local(2022, 9, 14, 10, 0))    # on time, not yet verified
        bot.api.user_sends(ADMIN, "/report quarterly 2022Q3")
        await bot.next_message(ADMIN, "拟通报")
        _act(bot, "县司法局", date(2022, 9, 15), "accept", local(2022, 10, 8, 10, 5))    # accepted after the review
        seen = bot.count(ADMIN)
        bot.api.user_sends(ADMIN, "/circulate 2022Q3")
        changed = await bot.next_message(ADMIN, "草稿生成后有变化", after=seen)
        line = next(line for line in changed["text"].splitlines() if line.startswith("· 永宁县司法局："))
        before, after = line.split("：", 1)[1].split(" → ")
        assert before != after and "本次未印发" in changed["text"]
        draft = await bot.api.wait_for(lambda: next((m for m in bot.api.messages_to(ADMIN)[seen:] if "document" in m),
                                                    None))
        assert draft["document"]["file_name"] == "季度通报草稿-2022Q3.docx"
        await bot.settle()
        assert not any("通报" in m.get("text", "") for m in bot.api.messages_to(LIAISON))     # nothing sent yet
        bot.api.user_sends(ADMIN, "/circulate 2022Q3")                                          # the new draft
        await bot.next_message(ADMIN, "2022年第三季度通报已印发")
        await bot.next_message(LIAISON, "政务公开办印发了2022年第三季度")


async def test_a_report_asked_before_its_period_ends_says_it_is_provisional_and_cannot_be_circulated(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as bot:
        await bot.join(ADMIN, "admin", None)
        bot.api.user_sends(ADMIN, "/report quarterly 2022Q4")
        draft = await bot.next_message(ADMIN, "（临时，报告期未结束）")
        assert "2022年第四季度" in draft["text"].splitlines()[0]
        bot.api.user_sends(ADMIN, "/circulate 2022Q4")
        await bot.next_message(ADMIN, "2022年第四季度尚未结束，不能印发通报")
        bot.api.user_sends(ADMIN, "/report year-end 2022")
        scores = await bot.next_message(ADMIN, "年底考评得分（2022年）（临时")
        sent = await bot.api.wait_for(lambda: next((m for m in bot.api.messages_to(ADMIN)
                                                    if m.get("document", {}).get("file_name") == "年底考评-2022.xlsx"),
                                                   None))
        detail = load_workbook(io.BytesIO(_document(bot, sent)))["扣分明细"]
        dues = [row[3] for row in detail.iter_rows(min_row=2, values_only=True) if row[3]]
        assert scores and dues and max(dues).date() < local(2022, 11, 23).date()   # no deadline not yet reached


async def test_a_digest_with_no_rate_to_chart_comes_without_an_empty_chart(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 6, 1, 10, 0)) as bot:
        await bot.join(ADMIN, "admin", None)
        bot.api.user_sends(ADMIN, "/report weekly 2022-W22")        # the plan's first week: nothing was due before it
        await bot.next_message(ADMIN, "【督办周报】2022年5月30日—6月5日")
        await bot.settle()
        assert not any("photo" in m or "document" in m for m in bot.api.messages_to(ADMIN))
