"""The console's pages over Yongning's week: what the office reads and does, through the same use cases as the chat."""
import hashlib
import io
import re
from datetime import date

import docx
from aiohttp import FormData
from openpyxl import load_workbook
from sqlmodel import Session, select

from bot.console.pages.reports import periods
from bot.rounds.drafts import render_claimed
from store import evidence, evidence_checks, mutes, outbox, people
from store import items as item_service
from store.tables import AuditEntry, CirculationRow, DueItemRow, OutboxRow, PersonRow, TaskRow, UnitRow
from store.uow import UnitOfWork
from tests.bot_harness import OFFICE
from tests.console_harness import ADMIN
from tests.console_sample import JUDICIAL, PUBLISHED, TODAY, WANGYUAN, YANGHE
from workflows.evidence_check import CHECKED, EvidenceCheck


def _row(html: str, unit: str) -> str:
    return next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if f">{unit}</a>" in r)


def _cells(row: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


async def test_the_dashboard_shows_every_unit_with_its_light_counts_and_rates(office):
    status, html = await office.get("/")
    assert status == 200
    assert "下次月反馈截止：<b>11月25日" in html and "下次季度通报：<b>1月3日" in html
    assert _cells(_row(html, JUDICIAL))[:1] + _cells(_row(html, JUDICIAL))[3:] == \
        ["黄", "22", "1", "0", "2", "92%", "100%"]
    assert _cells(_row(html, YANGHE))[0] == "红" and _cells(_row(html, YANGHE))[5] == "9"
    assert _cells(_row(html, WANGYUAN))[0] == "灰"


async def test_the_dashboard_filters_by_group_and_light_and_htmx_gets_the_table_alone(office):
    _, html = await office.get("/?group=乡镇（街道）&light=red&sort=overdue&dir=desc")
    assert f">{YANGHE}</a>" in html and f">{JUDICIAL}</a>" not in html and f">{WANGYUAN}</a>" not in html
    status, fragment = await office.get("/?light=yellow", headers={"HX-Request": "true", "HX-Target": "units"})
    assert status == 200 and fragment.lstrip().startswith('<div id="units"') and "<html" not in fragment
    assert f">{JUDICIAL}</a>" in fragment and f">{YANGHE}</a>" not in fragment


async def test_every_report_of_the_cadence_shows_for_any_period_of_the_year(office):
    for kind, period, title in (("weekly", "2022-W47", "【督办周报】2022年11月21日"),
                                ("monthly", "2022-06", "月反馈汇总（2022年6月）"),
                                ("quarterly", "2022Q2", "落实情况的通报（2022年第二季度，草稿）"),
                                ("half-year", "2022H1", "半年督查"), ("year-end", "2022", "年底考评")):
        status, html = await office.get(f"/reports?kind={kind}&period={period}")
        assert status == 200 and title in html, (kind, html[-2000:])
        assert f'<option value="{period}" selected>' in html


# --- acting: the chat's use cases, as the console account, audited with the console as origin ---

def _item(engine, item_id: int) -> DueItemRow:
    with Session(engine) as session:
        return session.get(DueItemRow, item_id)


def _told(engine, unit: str) -> list[str]:
    """What the unit's people were sent, oldest first."""
    with Session(engine) as session:
        return list(session.execute(select(OutboxRow.text).join(PersonRow, PersonRow.id == OutboxRow.person_id)
                                    .join(UnitRow, UnitRow.id == PersonRow.unit_id).where(UnitRow.name == unit)
                                    .order_by(OutboxRow.id)).scalars())


def _audited(engine, action: str) -> list[tuple[str, str]]:
    with Session(engine) as session:
        return session.execute(select(AuditEntry.actor, AuditEntry.subject).where(AuditEntry.action == action)).all()


def _sample_item(engine, unit: str, seq: str, due: date) -> int:
    with Session(engine) as session:
        return session.execute(select(DueItemRow.id).join(UnitRow, UnitRow.id == DueItemRow.unit_id)
                               .join(TaskRow, (TaskRow.plan_id == DueItemRow.plan_id) & (TaskRow.row == DueItemRow.row))
                               .where(UnitRow.name == unit, TaskRow.seq == seq, DueItemRow.due == due)).scalar_one()


async def test_accepting_an_item_tells_the_unit_and_is_audited_as_the_console_account(office, office_world_):
    world, sample = office_world_
    engine = world.duban.engine
    status, html = await office.post(f"/item/{sample.awaiting_photo}/accept")
    assert status == 200 and "已通过：序号4" in html
    assert _item(engine, sample.awaiting_photo).state == "accepted"
    assert any("序号4" in t and "已通过审核" in t for t in _told(engine, JUDICIAL))
    assert (f"console:{ADMIN}", f"item:{sample.awaiting_photo}") in _audited(engine, "item.accept")


async def test_a_return_needs_its_reason_and_the_unit_reads_it(office, office_world_):
    world, sample = office_world_
    engine = world.duban.engine
    _, html = await office.post(f"/item/{sample.awaiting_link}/return", {"reason": " "})
    assert "请写明原因" in html and _item(engine, sample.awaiting_link).state == "submitted"
    _, html = await office.post(f"/item/{sample.awaiting_link}/return", {"reason": "链接打不开"})
    assert "已退回" in html and _item(engine, sample.awaiting_link).state == "returned"
    assert any("被退回，原因：链接打不开" in t for t in _told(engine, JUDICIAL))


async def test_an_observer_reads_the_item_but_cannot_accept_it(watcher, office_world_):
    world, sample = office_world_
    status, html = await watcher.get(f"/item/{sample.awaiting_photo}")
    assert status == 200 and "佐证照片" in html and ">通过</button>" not in html
    status, _ = await watcher.post(f"/item/{sample.awaiting_photo}/accept")
    assert status == 403 and _item(world.duban.engine, sample.awaiting_photo).state == "submitted"


async def test_the_review_queue_lists_oldest_first_with_evidence_and_accepts_in_bulk(office, office_world_):
    world, sample = office_world_
    _, html = await office.get("/review")
    assert html.index(f'value="{sample.awaiting_photo}"') < html.index(f'value="{sample.awaiting_link}"')
    assert 'alt="佐证照片"' in html and PUBLISHED in html
    ticked = FormData()
    ticked.add_field("item", str(sample.awaiting_photo))
    ticked.add_field("item", str(sample.awaiting_link))
    _, html = await office.post("/review/accept", ticked)
    assert html.count("已通过：") == 2 and "没有待审核的提交" in html
    assert {_item(world.duban.engine, i).state for i in (sample.awaiting_photo, sample.awaiting_link)} == {"accepted"}


async def test_a_photo_sent_as_evidence_opens_in_the_page(office, office_world_):
    _, sample = office_world_
    status, data, disposition = await office.download(f"/evidence/{hashlib.sha256(sample.photo).hexdigest()}")
    assert status == 200 and data == sample.photo and disposition.startswith("inline")


async def test_the_office_decides_an_extension_a_difficulty_and_waives_an_item(office, office_world_):
    world, sample = office_world_
    engine = world.duban.engine
    extended = _sample_item(engine, JUDICIAL, "16", date(2022, 11, 30))
    with UnitOfWork(engine, world.duban.clock, OFFICE) as uow:
        item_service.ask_extension(uow, extended, date(2022, 12, 15), TODAY, None, "需等待上级文件")
        uow.commit()
    _, html = await office.get(f"/item/{extended}")
    assert "申请延期至 12月15日" in html
    _, html = await office.post(f"/item/{extended}/extension_ok")
    assert "已同意" in html and _item(engine, extended).due == date(2022, 12, 15)

    blocked = _sample_item(engine, YANGHE, "28", date(2022, 9, 30))
    with UnitOfWork(engine, world.duban.clock, OFFICE) as uow:
        item_service.act(uow, blocked, "block", by_office=False, reason="系统改版中")
        uow.commit()
    _, html = await office.post(f"/item/{blocked}/hold")
    assert "已同意暂缓" in html and _item(engine, blocked).state == "held"

    _, html = await office.post(f"/item/{blocked}/waive", {"reason": "该项工作已由市级统一完成"})
    assert "已免除" in html and _item(engine, blocked).state == "waived"
    assert _item(engine, blocked).reason == "该项工作已由市级统一完成"
    assert any("已免除" in t for t in _told(engine, YANGHE))


async def test_a_rectification_notice_from_an_item_page_is_tracked_and_sent(office, office_world_):
    world, _ = office_world_
    engine = world.duban.engine
    late = _sample_item(engine, YANGHE, "28", date(2022, 9, 30))
    _, html = await office.post(f"/item/{late}/notice", {"problems": "未按要求公开政策解读"})
    assert "已下发整改通知书第1号给「杨和镇」" in html
    with Session(engine) as session:
        notice = session.execute(select(DueItemRow).where(DueItemRow.kind == "rectification")).scalar_one()
    assert "未按要求公开政策解读" in notice.detail
    assert any("整改通知书（第1号）" in t for t in _told(engine, YANGHE))
    _, html = await office.get("/unit/%d" % notice.unit_id)
    assert f'href="/item/{notice.id}"' in html


async def test_a_unit_page_shows_its_people_items_and_circulations(office, office_world_):
    world, _ = office_world_
    with Session(world.duban.engine) as session:
        judicial = session.execute(select(UnitRow.id).where(UnitRow.name == JUDICIAL)).scalar_one()
        township = session.execute(select(UnitRow.id).where(UnitRow.name == YANGHE)).scalar_one()
    _, html = await office.get(f"/unit/{judicial}")
    assert "李明" in html and "张红" in html and "赵局长" in html
    assert "待审核（2）" in html and "已办结（12）" in html
    _, html = await office.get(f"/unit/{township}")
    assert "马强" in html and html.count("未加入") == 2       # B岗 and the leader
    await office.get("/reports?kind=quarterly&period=2022Q3")          # the draft the office reviews
    await office.post("/reports/circulate", {"period": "2022Q3"})
    _, html = await office.get(f"/unit/{township}")
    assert re.search(r'<td>2022Q3</td><td><span class="error">被通报</span>', html)
    assert any("2022年第三季度" in t for t in _told(world.duban.engine, YANGHE))      # the notice, sent to 马强


# --- reports ---

async def test_a_report_is_previewed_and_downloaded(office):
    _, html = await office.get("/reports?kind=monthly&period=2022-10")
    assert "月反馈汇总（2022年10月）" in html and "<td>杨和镇</td>" in html      # the workbook's rows, in the page
    status, data, disposition = await office.download("/reports/file?kind=monthly&period=2022-10")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert status == 200 and "attachment" in disposition and "%E6%9C%88" in disposition    # 月反馈汇总-2022-10.xlsx
    assert any(c.value == YANGHE for row in sheet.iter_rows() for c in row)


async def test_the_quarterly_draft_is_approved_once_and_a_report_is_muted(office, office_world_):
    world, _ = office_world_
    engine = world.duban.engine
    _, html = await office.post("/reports/circulate", {"period": "2022Q3"})
    assert "本次未印发" in html and _circulated(engine) == []             # never circulated unread
    _, html = await office.get("/reports?kind=quarterly&period=2022Q3")
    assert "审定并印发" in html and "草稿" in html
    _, html = await office.post("/reports/circulate", {"period": "2022Q3"})
    assert "2022年第三季度通报已印发" in html
    _, html = await office.post("/reports/circulate", {"period": "2022Q3"})
    assert "已经印发过" in html
    assert _circulated(engine) == [ADMIN]
    _, html = await office.post("/reports/mute", {"kind": "weekly", "period": "2022-W48", "mute": "1"})
    assert "已暂停周报" in html and "恢复自动发送" in html
    with Session(engine) as session:
        assert mutes.is_muted(session, "weekly", "2022-W48")
    assert (f"console:{ADMIN}", "mute:weekly:2022-W48") in _audited(engine, "report.muted")


def _circulated(engine) -> list[str]:
    with Session(engine) as session:
        return session.execute(select(CirculationRow.approved_by)).scalars().all()


async def test_the_ledger_downloads_for_the_county_or_one_unit(office):
    status, data, disposition = await office.download(f"/ledger?unit={JUDICIAL}")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    units = {c.value for row in sheet.iter_rows() for c in row if c.value in (JUDICIAL, YANGHE)}
    assert status == 200 and units == {JUDICIAL}


# --- 一键催办 ---

def _sent_now(world) -> None:
    """What the sender does when it claims the queued rows: each draft made into its message, as sent."""
    with Session(world.duban.engine, expire_on_commit=False) as session:
        claimed = outbox.claim(session, world.duban.clock(), limit=100)
        session.commit()
    render_claimed(world.duban, claimed)


async def test_remind_now_reminds_the_unit_once_a_day_and_the_item_shows_it(office, office_world_):
    world, _ = office_world_
    engine = world.duban.engine
    with Session(engine) as session:
        township = session.execute(select(UnitRow.id).where(UnitRow.name == YANGHE)).scalar_one()
    _, html = await office.post(f"/unit/{township}/remind")
    assert "已催办" in html and "发给 1 位联络员" in html
    _, html = await office.post(f"/unit/{township}/remind")
    assert "今天已经提醒过" in html
    _sent_now(world)
    reminders = [t for t in _told(engine, YANGHE) if "序号28" in t]
    assert len(reminders) == 1 and "逾期" in reminders[0]          # 马强 hears of 28, overdue since 30 September
    assert [actor for actor, _ in _audited(engine, "unit.reminded")] == [f"console:{ADMIN}"] * 2
    late = _sample_item(engine, YANGHE, "28", date(2022, 9, 30))
    _, html = await office.get(f"/item/{late}")
    assert "<b>提醒</b> → 马强" in html


async def test_remind_now_says_why_nobody_is_written_to(office, office_world_):
    world, _ = office_world_
    with Session(world.duban.engine) as session:
        nobody = session.execute(select(UnitRow.id).where(UnitRow.name == WANGYUAN)).scalar_one()
    _, html = await office.post(f"/unit/{nobody}/remind")
    assert "还没有可接收提醒的联络员" in html


async def test_the_dashboard_follows_changes_made_elsewhere(office, office_world_):
    """The figures kept between requests are read again for the units the audited changes touched."""
    world, sample = office_world_
    engine = world.duban.engine
    _, html = await office.get("/")
    assert _cells(_row(html, JUDICIAL))[6] == "2" and _cells(_row(html, WANGYUAN))[0] == "灰"
    with UnitOfWork(engine, world.duban.clock, OFFICE) as uow:       # a verdict in chat, a liaison joining
        item_service.act(uow, sample.awaiting_link, "accept", by_office=True)
        code = people.create_invite(uow, "liaison-a", people.find_unit(uow.session, WANGYUAN)).code
        people.redeem(uow, code, 3001, "周平")
        uow.commit()
    _, html = await office.get("/")
    assert _cells(_row(html, JUDICIAL))[6] == "1" and _cells(_row(html, WANGYUAN))[0] == "红"


async def test_an_item_page_shows_the_row_in_full_and_what_the_link_check_found(office, office_world_):
    world, sample = office_world_
    engine = world.duban.engine
    with UnitOfWork(engine, world.duban.clock, OFFICE) as uow:
        reply = evidence_checks.last_submission(uow.session, sample.awaiting_link)
        opened = EvidenceCheck(PUBLISHED, CHECKED, title="司法局信息公开")
        evidence_checks.record(uow, reply, sample.awaiting_link, opened)
        uow.commit()
    _, html = await office.get(f"/item/{sample.awaiting_link}")
    assert "严格执行疫情防控信息发布各项制度" in html and "量化指标" in html and "2022年11月" in html
    assert f"✓ 链接可以打开：{PUBLISHED}，标题「司法局信息公开」" in html
    assert f'<a href="{PUBLISHED}" target="_blank"' in html
    assert "<b>提交办结</b> 李明" in html


def test_the_report_periods_run_to_the_one_under_way_and_next_weeks_digest():
    assert periods("weekly", 2022, TODAY)[-2:] == ["2022-W47", "2022-W48"]      # 28 November's digest can be muted
    assert periods("monthly", 2022, TODAY)[-1] == "2022-11"
    assert periods("quarterly", 2022, TODAY) == ["2022Q1", "2022Q2", "2022Q3", "2022Q4"]
    assert periods("year-end", 2022, TODAY) == ["2022"]


async def test_an_svg_sent_as_evidence_is_downloaded_never_opened_in_the_page(office, office_world_):
    world, _ = office_world_
    drawing = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with UnitOfWork(world.duban.engine, world.duban.clock, OFFICE) as uow:
        kept = evidence.keep(uow.session, drawing, "截图.svg", "image/svg+xml", uow.now)
        uow.commit()
    status, data, disposition = await office.download(f"/evidence/{kept.hash}")
    assert status == 200 and data == drawing and disposition.startswith("attachment")


async def test_a_word_file_sent_as_evidence_is_previewed_and_a_damaged_one_said_so(office, office_world_):
    world, sample = office_world_
    document = docx.Document()
    document.add_paragraph("永宁县司法局2022年行政规范性文件公开情况说明")
    written = io.BytesIO()
    document.save(written)
    with UnitOfWork(world.duban.engine, world.duban.clock, OFFICE) as uow:
        for data, name in ((written.getvalue(), "公开情况说明.docx"), (b"PK\x03\x04 not a workbook", "台账.xlsx")):
            kept = evidence.keep(uow.session, data, name, "", uow.now)
            item_service.act(uow, sample.held, "submit", by_office=False,
                             evidence=item_service.Evidence("见附件", file_id=name, file_hash=kept.hash))
            item_service.act(uow, sample.held, "return", by_office=True, reason="请补充")
        uow.commit()
    _, html = await office.get(f"/item/{sample.held}")
    assert "<p>永宁县司法局2022年行政规范性文件公开情况说明</p>" in html
    assert "无法预览：文件已损坏" in html and ">台账.xlsx</a>" in html
