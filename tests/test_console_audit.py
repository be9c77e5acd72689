"""留痕 in the console: the audit trail filtered by unit, person, action and dates; verify, and the anchor."""
from urllib.parse import urlencode

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from bot import messages as m
from store import audit, items
from store.tables import AuditEntry, DueItemRow, UnitRow
from store.uow import UnitOfWork
from tests.bot_harness import OFFICE
from tests.console_harness import ADMIN


@pytest.fixture
def console_world(console_world_on_both):
    """Every test here on SQLite and on PostgreSQL."""
    return console_world_on_both


def total(html: str) -> int:
    return int(html.split("<p>共 ")[1].split(" 条")[0])


def waive_one_of(world, unit: str) -> int:
    """The office waives one of the unit's items (the chat's or the CLI's use case), so the trail names the item."""
    with UnitOfWork(world.duban.engine, world.duban.clock, OFFICE) as uow:
        unit_id = uow.session.exec(select(UnitRow.id).where(UnitRow.name == unit)).one()
        item_id = uow.session.exec(select(DueItemRow.id).where(DueItemRow.unit_id == unit_id)
                                   .order_by(DueItemRow.row, DueItemRow.period)).first()
        items.act(uow, item_id, "waive", by_office=True, reason="已并入其他工作")
        uow.commit()
    return unit_id


def entries(world) -> int:
    with Session(world.duban.engine) as session:
        return len(session.exec(select(AuditEntry)).all())


async def test_the_trail_lists_every_entry_newest_first(admin, console_world):
    status, html = await admin.get("/audit")
    assert status == 200 and total(html) == entries(console_world)
    assert html.index("登录控制台") < html.index("导入计划")         # the sign-in came after the import
    assert f"console:{ADMIN}" in html


async def test_filtered_by_unit_it_shows_the_units_items_and_people(admin, console_world):
    unit_id = waive_one_of(console_world, "永宁县司法局")
    waive_one_of(console_world, "杨和镇")
    await admin.post("/plans/people/invite", {"unit": unit_id, "role": "leader"})
    status, html = await admin.get(f"/audit?unit={unit_id}")
    assert status == 200 and total(html) == 2
    assert "事项：免除" in html and "生成邀请" in html and "unit:永宁县司法局" in html
    assert "永宁县司法局 · 月反馈 2022-06<br>" in html           # the item as the office knows it


async def test_filtered_by_person_action_and_dates(admin, console_world):
    waive_one_of(console_world, "杨和镇")
    html = (await admin.get("/audit?person=console"))[1]
    assert total(html) == 1 and "登录控制台" in html
    html = (await admin.get("/audit?action=item.waive"))[1]
    assert total(html) == 1 and "事项：免除" in html
    html = (await admin.get("/audit?to=2022-06-07"))[1]          # the plan clock's day is 2022-06-08
    assert total(html) == 0 and "没有符合条件的记录" in html
    html = (await admin.get("/audit?from=2022-06-08&to=2022-06-08"))[1]
    assert total(html) == entries(console_world)


async def test_a_date_that_is_not_one_is_named_beside_its_field(admin, console_world):
    status, html = await admin.get("/audit?from=2022-13-01")
    assert status == 200 and m.CONSOLE_BAD_DAY.format(text="2022-13-01") in html
    assert total(html) == entries(console_world)


async def test_verify_reports_an_intact_trail_and_the_anchor_to_write_down(admin, console_world):
    status, html = await admin.get("/audit/verify", headers={"HX-Request": "true"})
    with Session(console_world.duban.engine) as session:
        anchor = audit.anchor(session)
    assert status == 200 and "<html" not in html                  # a fragment for the page's panel
    assert f"留痕完整：共 {entries(console_world)} 条记录" in html and anchor in html
    waive_one_of(console_world, "杨和镇")
    html = (await admin.get("/audit/verify?" + urlencode({"against": anchor})))[1]
    assert "与锚点相符" in html and "<h1>校验留痕</h1>" in html     # without htmx: a page of its own


async def test_verify_names_an_edited_entry(observer, console_world):
    with Session(console_world.duban.engine) as session:
        session.execute(update(AuditEntry).where(AuditEntry.id == 1).values(subject="plan:99"))
        session.commit()
    status, html = await observer.get("/audit/verify")
    assert status == 200 and "留痕校验未通过" in html and "第1条：内容与哈希不符" in html


async def test_an_anchor_that_is_not_one_is_refused_in_chinese(admin):
    html = (await admin.get("/audit/verify?against=42"))[1]
    assert "&#39;42&#39; 不是留痕锚点：应写成「条数:哈希」" in html
