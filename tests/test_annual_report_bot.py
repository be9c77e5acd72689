"""The statutory annual report through the bot: Yongning's row 54 (纳入政府信息公开工作年度报告) in January 2023.

Departments get their template on the new year's first working day, send it back
filled in, hear at once what does not add up, and the office compiles the
county's tables from what it accepted.
"""
import asyncio
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from bot.services.annual_report import compile_report, take_workbook
from bot.services.annual_templates import queue_templates
from documents.annual_report_xlsx import template_workbook
from importers.annual_report_file import Returned, read_annual_workbook
from store import items as item_service, people
from store.annual_reports import annual_item
from store.rules import rules_of, set_rules
from store.tables import DueItemRow, PlanRow
from store.uow import UnitOfWork
from tests.annual_figures import REVIEW, carried_out, fill, figures
from tests.bot_harness import OFFICE, duban_bot, local
from workflows.annual_report import CARRIED_IN, NATURAL, T3, T4, TOTAL, AnnualFigures, compiled
from workflows.rules import parse_rules

LIAISON, OTHER, ADMIN = 301, 302, 1


@pytest.fixture
async def bot(engine, calendar):
    async with duban_bot(engine, calendar, local(2023, 1, 3, 10, 0)) as harness:   # the new year's first working day
        yield harness


def _plan(session: Session) -> PlanRow:
    return session.execute(select(PlanRow)).scalars().one()


def _item(bot, unit: str) -> DueItemRow:
    with Session(bot.duban.engine) as session:
        return annual_item(session, _plan(session).id, people.find_unit(session, unit).id)


async def _template(bot, user_id: int, seen: int) -> bytes:
    """The first file sent to the person after their `seen` messages."""
    sent = await bot.api.wait_for(lambda: next((x for x in bot.api.messages_to(user_id)[seen:] if "document" in x),
                                               None))
    return bot.api.files[sent["document"]["file_id"]]


def _send(bot, user_id: int, data: bytes, name: str) -> None:
    file_id = bot.api.keep_file("upload", data)
    bot.api.user_sends(user_id, document={"file_id": file_id, "file_unique_id": file_id, "file_name": name,
                                          "file_size": len(data)})


def _office_takes(bot, unit: str, report, accept: bool) -> None:
    """A unit's workbook the office loads (duban annual load), and accepts when `accept`."""
    with UnitOfWork(bot.duban.engine, bot.clock, OFFICE) as uow:
        plan, found = _plan(uow.session), people.find_unit(uow.session, unit)
        take_workbook(uow, plan, found, Returned(found.name, report.year, report), b"", f"{unit}.xlsx", None)
        if accept:
            item_service.act(uow, annual_item(uow.session, plan.id, found.id).id, "accept", by_office=True)
        uow.commit()


async def test_a_department_is_told_both_broken_sums_corrects_them_and_the_office_accepts_and_compiles(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(ADMIN, "admin", None)
    seen = bot.count(LIAISON)
    await bot.tick()
    notice = await bot.next_message(LIAISON, "年度报告》的统计表", after=seen)
    assert "2023-01-31前报送" in notice["text"]
    template = await _template(bot, LIAISON, seen)

    # two broken sums: 上年结转 2 not carried through (in its column and the 总计 column), and 行政复议's outcomes
    broken = figures(cells={(T3, CARRIED_IN, NATURAL): 2, (T3, CARRIED_IN, TOTAL): 2, (T4, REVIEW, "结果维持"): 1})
    seen = bot.count(LIAISON)
    _send(bot, LIAISON, fill(template, broken), "司法局年报.xlsx")
    reply = (await bot.next_message(LIAISON, "未通过校验", after=seen))["text"]
    assert "有3处问题" in reply
    assert ("表三“自然人”列：本年新收 1 + 上年结转 2 ≠ 办理结果总计 1 + 结转下年度 0"
            "（表三!B6、表三!B7、表三!B34、表三!B35）") in reply
    assert ("表三“总计”列：本年新收 1 + 上年结转 2 ≠ 办理结果总计 1 + 结转下年度 0"
            "（表三!H6、表三!H7、表三!H34、表三!H35）") in reply
    assert ("表四“行政复议”：结果维持、结果纠正、其他结果、尚未审结之和 2 ≠ 总计 1"
            "（表四!A7、表四!B7、表四!C7、表四!D7、表四!E7）") in reply
    assert _item(bot, "县司法局").state == "pending"

    seen = bot.count(LIAISON)
    _send(bot, LIAISON, fill(template, figures()), "司法局年报.xlsx")
    await bot.next_message(LIAISON, "已通过校验。年度报告事项已提交", after=seen)
    assert _item(bot, "县司法局").state == "submitted"

    seen = bot.count(ADMIN)
    bot.api.user_sends(ADMIN, "/review")
    queued = await bot.next_message(ADMIN, "司法局年报.xlsx", after=seen)
    assert await bot.api.wait_for(lambda: any(x.get("document", {}).get("file_name") == "司法局年报.xlsx"
                                              for x in bot.api.messages_to(ADMIN)[seen:]))   # the office opens it
    bot.api.user_presses(ADMIN, queued, queued["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
    await bot.next_message(LIAISON, "已通过审核")

    other = figures("永宁县民政局", cells={(T4, REVIEW, "其他结果"): 3, (T4, REVIEW, TOTAL): 3})
    _office_takes(bot, "县民政局", other, accept=True)
    _office_takes(bot, "县财政局", figures("永宁县财政局"), accept=False)     # submitted, not yet accepted

    seen = bot.count(ADMIN)
    bot.api.user_sends(ADMIN, "/report annual 2022")
    summary = (await bot.next_message(ADMIN, "永宁县人民政府2022年度政府信息公开工作年度报告", after=seen))["text"]
    assert "已报送3个，校验通过3个，审核通过并计入汇总2个" in summary
    assert "未计入汇总：永宁县人民政府办公室、" in summary and "永宁县财政局" in summary
    await bot.api.wait_for(lambda: sum("document" in x for x in bot.api.messages_to(ADMIN)[seen:]) == 2)
    files = {x["document"]["file_name"]: bot.api.files[x["document"]["file_id"]]
             for x in bot.api.messages_to(ADMIN)[seen:] if "document" in x}
    table = read_annual_workbook(files["永宁县人民政府2022年度政府信息公开工作年度报告-汇总表.xlsx"], "汇总表.xlsx")
    assert dict(table.figures.cells) == dict(compiled([figures(), other], "永宁县人民政府", 2022).cells)
    assert table.figures.value((T4, REVIEW, TOTAL)) == 4
    standing = load_workbook(BytesIO(files["永宁县人民政府2022年度政府信息公开工作年度报告-汇总表.xlsx"]))["报送情况"]
    included = {row[0]: row[5] for row in standing.iter_rows(min_row=3, values_only=True)}
    assert (included["永宁县司法局"], included["永宁县民政局"], included["永宁县财政局"]) == ("是", "是", "否")
    assert "永宁县人民政府2022年度政府信息公开工作年度报告.docx" in files


async def test_last_years_carry_over_is_filled_in_and_a_mismatch_is_caught(bot):
    _office_takes(bot, "县司法局", figures(year=2021, cells=carried_out(1)), accept=False)   # last year's, loaded
    await bot.join(LIAISON, "liaison-a", "县司法局")
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, "/annual")
    template = await _template(bot, LIAISON, seen)
    book = load_workbook(BytesIO(template))
    assert (book["表三"]["B7"].value, book["表三"]["H7"].value) == (1, 1)      # 上年结转, from 2021's 结转下年度

    seen = bot.count(LIAISON)
    _send(bot, LIAISON, fill(template, figures()), "司法局年报.xlsx")     # 上年结转 typed over with 0
    reply = (await bot.next_message(LIAISON, "未通过校验", after=seen))["text"]
    assert "表三“自然人”列：上年结转 0，但2021年报告的结转下年度为 1（表三!B7）" in reply
    assert _item(bot, "县司法局").state == "pending"


async def test_a_unit_that_never_submits_is_chased_toward_the_offices_date_and_listed_missing(bot):
    with UnitOfWork(bot.duban.engine, bot.clock, OFFICE) as uow:      # the office's own date: 1月26日
        plan_id = _plan(uow.session).id
        set_rules(uow, plan_id, parse_rules({"annual_report": {"days_early": 5}}, rules_of(uow.session, plan_id)))
        uow.commit()
    assert _item(bot, "县民政局").due.isoformat() == "2023-01-26"
    await bot.join(OTHER, "liaison-a", "县民政局")

    bot.clock.move_to(local(2023, 1, 19, 10, 0))               # 7 days before
    seen = bot.count(OTHER)
    await bot.tick()
    reminder = (await bot.next_message(OTHER, "序号54", after=seen))["text"]
    assert "1月26日（还有7天）" in reminder

    bot.clock.move_to(local(2023, 1, 30, 10, 0))               # after the Spring Festival: overdue
    with Session(bot.duban.engine) as session:
        built = compile_report(session, _plan(session), "2022", bot.duban.settings.timezone, bot.duban.today())
    assert "逾期未报送：" in built.summary and "永宁县民政局" in built.summary.split("未计入汇总")[0]
    assert "永宁县民政局" in built.summary.split("未计入汇总：")[1]


@pytest.mark.parametrize("scope, township_asked", [("departments", False), ("departments-and-townships", True)])
async def test_templates_go_to_townships_only_when_the_office_includes_them(bot, scope, township_asked):
    with UnitOfWork(bot.duban.engine, bot.clock, OFFICE) as uow:
        plan_id = _plan(uow.session).id
        set_rules(uow, plan_id, parse_rules({"annual_report": {"scope": scope}}, rules_of(uow.session, plan_id)))
        uow.commit()
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(OTHER, "liaison-a", "杨和镇")
    await bot.tick()
    await bot.delivered()
    assert any(x.get("document", {}).get("file_name") == "永宁县司法局2022年度政府信息公开工作年度报告.xlsx"
               for x in bot.api.messages_to(LIAISON))
    assert any("document" in x for x in bot.api.messages_to(OTHER)) == township_asked
    assert await bot.tick() == 0          # sent once


async def test_a_workbook_of_another_unit_or_from_a_leader_is_refused_and_changes_nothing(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(OTHER, "leader", "县司法局")
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, "/annual")
    template = await _template(bot, LIAISON, seen)
    theirs = template_workbook(AnnualFigures("永宁县民政局", 2022), None)
    _send(bot, LIAISON, fill(theirs, figures("永宁县民政局")), "民政局.xlsx")
    await bot.next_message(LIAISON, "《民政局.xlsx》是「永宁县民政局」的模板，请用本单位的模板填写", after=seen)
    seen = bot.count(OTHER)
    _send(bot, OTHER, fill(template, figures()), "司法局.xlsx")
    await bot.next_message(OTHER, "只能查看", after=seen)
    assert _item(bot, "县司法局").state == "pending"


async def test_a_template_is_not_sent_to_a_unit_that_reported_before_it_went_out(bot):
    await bot.join(LIAISON, "liaison-a", "县司法局")
    await bot.join(OTHER, "liaison-a", "县民政局")
    assert await asyncio.to_thread(queue_templates, bot.duban) == 4         # two units, a note and a file each
    _office_takes(bot, "县司法局", figures(), accept=False)                   # its report came another way
    seen = bot.count(LIAISON)
    bot.application.bot_data.kick.set()
    await bot.delivered()
    assert any("document" in x for x in bot.api.messages_to(OTHER))
    assert not any("年度报告》的统计表" in x.get("text", "") or "document" in x
                   for x in bot.api.messages_to(LIAISON)[seen:])
