"""The office in chat: reports and periods in Chinese, its overview, one unit, the 台账, difficulties, /circulate."""
import io

from openpyxl import load_workbook
from sqlmodel import Session, select

from store.tables import DueItemRow, TaskRow, UnitRow
from tests.bot_harness import duban_bot, local

ADMIN, LIAISON, LIAISON_B, LEADER, OTHER = 2001, 1001, 1002, 3001, 1003


async def _ask(bot, chat: int, text: str, containing: str = "") -> dict:
    seen = bot.count(chat)
    bot.api.user_sends(chat, text)
    return await bot.next_message(chat, containing, after=seen)


async def _file(bot, chat: int, after: int) -> dict:
    return await bot.api.wait_for(lambda: next((m for m in bot.api.messages_to(chat)[after:] if "document" in m), None))


def _state(bot, unit: str, seq: str) -> str:
    with Session(bot.duban.engine) as session:
        return session.execute(select(DueItemRow.state).join(UnitRow, UnitRow.id == DueItemRow.unit_id)
                               .join(TaskRow, (TaskRow.plan_id == DueItemRow.plan_id) & (TaskRow.row == DueItemRow.row))
                               .where(UnitRow.name == unit, TaskRow.seq == seq)).scalar_one()


async def test_the_office_asks_for_reports_by_their_chinese_names_and_periods_as_it_writes_them(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 7, 13, 10, 0)) as bot:
        await bot.join(ADMIN, "admin", None)
        seen = bot.count(ADMIN)
        june = await _ask(bot, ADMIN, "/report 月反馈 2022年6月", "月反馈汇总")
        assert "（2022年6月）" in june["text"]
        assert (await _file(bot, ADMIN, seen))["document"]["file_name"] == "月反馈汇总-2022-06.xlsx"
        assert "（2022年6月）" in (await _ask(bot, ADMIN, "/report 月反馈 上月", "月反馈汇总"))["text"]
        # the latest month
        assert "（2022年6月）" in (await _ask(bot, ADMIN, "/report monthly", "月反馈汇总"))["text"]
        for asked in ("/report 季度通报 2022年第二季度", "/report 季度通报 上季度", "/report 通报"):
            assert "（2022年第二季度，草稿）" in (await _ask(bot, ADMIN, asked, "通报"))["text"]
        week = await _ask(bot, ADMIN, "/report 周报 本周", "【督办周报】")
        assert week["text"].startswith("【督办周报】2022年7月11日—7月17日")         # dated, not 2022-W28
        refused = await _ask(bot, ADMIN, "/report 月反馈 2022年13月", "不是")
        assert "'2022年13月' 不是月反馈汇总的报告期" in refused["text"] and "用法" in refused["text"]
        refused = await _ask(bot, ADMIN, "/report 日报 本周", "用法")
        assert refused["text"].startswith("'日报' 不是报告类型。\n用法：/report 类型")


async def test_the_office_mutes_a_report_and_invites_people_by_the_words_it_uses(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as bot:
        await bot.join(ADMIN, "admin", None)
        muted = await _ask(bot, ADMIN, "/mute 周报 2022年11月28日")
        assert muted["text"].startswith("已暂停周报（2022年11月28日）")
        assert "/unmute 周报 2022年11月28日" in muted["text"]
        assert "已恢复周报（2022年11月28日）" in (await _ask(bot, ADMIN, "/unmute 周报 2022年11月28日"))["text"]
        for words, role in (("望洪镇 联络员", "联络员（A岗）"), ("望洪镇 B岗", "联络员（B岗）"),
                            ("望洪镇 分管领导", "分管领导")):
            invite = await _ask(bot, ADMIN, f"/invite {words}")
            assert invite["text"].startswith(f"邀请（{role}，望洪镇）") and "start=" in invite["text"]
        assert (await _ask(bot, ADMIN, "/invite 观察员"))["text"].startswith("邀请（观察员，政务公开办）")
        assert "用法" in (await _ask(bot, ADMIN, "/invite 望洪镇 科长"))["text"]


async def test_an_admins_my_is_the_offices_overview_and_free_text_gets_the_offices_help(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as bot:
        await bot.join(ADMIN, "admin", None)
        await bot.join(LIAISON, "liaison-a", "县司法局")
        await _ask(bot, LIAISON, "17号已完成 http://www.yongning.gov.cn/xxgk/17.html", "已提交")
        await _ask(bot, LIAISON, "16号有困难", "困难")
        await _ask(bot, LIAISON, "起草科室人员借调，本月无法完成清理", "已记录困难")
        overview = (await _ask(bot, ADMIN, "/my"))["text"]
        assert overview.startswith("【政务公开办】11月23日督办概况")
        assert "待审核 1 项（办结 1，延期申请 0）" in overview
        assert "有困难 1 项：\n· 永宁县司法局 序号16" in overview and "起草科室人员借调" in overview
        assert "红灯单位（有逾期）28 个" in overview and "永宁县司法局（12项）" in overview
        assert "已有人加入督办的单位：1/28 个" in overview
        helped = (await _ask(bot, ADMIN, "司法局的情况怎么样"))["text"]
        assert "/unit 单位名称" in helped and "/ledger" in helped and "没有看懂" not in helped


async def test_the_office_looks_at_one_unit_and_gets_its_ledger_as_a_file(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as bot:
        await bot.join(ADMIN, "admin", None)
        await bot.join(LIAISON, "liaison-a", "县司法局")
        await bot.join(LEADER, "leader", "县司法局")
        status = (await _ask(bot, ADMIN, "/unit 县司法局"))["text"]
        assert status.startswith("「永宁县司法局」督办情况")
        assert "联络员（A岗）：用户1001" in status and "联络员（B岗）：未加入" in status
        assert "分管领导：用户3001" in status
        assert "共 36 项：已办结 0，待审核 0，逾期 12，有困难 0" in status
        assert "序号52 各单位政务公开工作要点要于6月15日… — 6月15日（已逾期161天）" in status     # oldest first
        assert "……另有" in status and "/ledger 永宁县司法局" in status
        assert "名册中没有单位「县法院」" in (await _ask(bot, ADMIN, "/unit 县法院"))["text"]
        assert "只有政务公开办" in (await _ask(bot, LIAISON, "/unit 县司法局"))["text"]

        seen = bot.count(ADMIN)
        assert "台账（永宁县司法局，36 项）" in (await _ask(bot, ADMIN, "/ledger 县司法局"))["text"]
        ledger = await _file(bot, ADMIN, seen)
        assert ledger["document"]["file_name"] == "台账-永宁县司法局.xlsx"
        sheet = load_workbook(io.BytesIO(bot.api.files[ledger["document"]["file_id"]])).active
        assert "永宁县司法局" in str(sheet["A1"].value)


async def test_the_office_refuses_a_difficulty_with_a_reason_and_the_unit_is_chased_again(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as bot:
        await bot.join(ADMIN, "admin", None)
        await bot.join(LIAISON, "liaison-a", "县司法局")
        await _ask(bot, LIAISON, "16号有困难", "困难")
        await _ask(bot, LIAISON, "人手不够", "已记录困难")
        seen = bot.count(ADMIN)
        bot.api.user_sends(ADMIN, "/review")
        entry = await bot.next_message(ADMIN, "【有困难】", after=seen)
        buttons = [b["text"] for row in entry["reply_markup"]["inline_keyboard"] for b in row]
        assert buttons == ["同意暂缓", "不同意"]
        seen = bot.count(ADMIN)
        bot.api.user_presses(ADMIN, entry, entry["reply_markup"]["inline_keyboard"][0][1]["callback_data"])
        asked = await bot.next_message(ADMIN, "请写明原因", after=seen)
        assert "「持续巩固行政规范性文件集中公布成果，…」（永宁县司法局）" in asked["text"]
        refused = await _ask(bot, ADMIN, "清理任务县政府已定，请按期完成", "已不同意")
        assert "恢复为推进中，继续催办" in refused["text"]
        told = await bot.next_message(LIAISON, "不同意")
        assert "原因：清理任务县政府已定，请按期完成" in told["text"]
        assert _state(bot, "永宁县司法局", "16") == "in_progress"


async def test_circulate_says_who_was_reached_and_names_the_units_nobody_joined(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 10, 8, 10, 0)) as bot:
        await bot.join(ADMIN, "admin", None)
        await bot.join(LIAISON, "liaison-a", "县司法局")
        await bot.join(LEADER, "leader", "县司法局")
        await bot.join(OTHER, "liaison-a", "杨和镇")
        await _ask(bot, ADMIN, "/report 季度通报 2022年第三季度", "拟通报")     # the draft the office approves
        sent = (await _ask(bot, ADMIN, "/circulate 2022年第三季度", "通报已印发"))["text"]
        assert sent.startswith("2022年第三季度通报已印发") and "参与排名 28 个单位" in sent
        assert "已送达 2 个单位的 3 人" in sent
        assert "以下 26 个单位还没有人加入督办" in sent and "望洪镇" in sent
        nobody = sent.split("还没有人加入督办")[1]
        assert "永宁县司法局" not in nobody and "杨和镇" not in nobody
        await bot.next_message(LEADER, "你单位被通报")
