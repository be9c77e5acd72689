"""计划与名册 › 人员 in the console: who has not joined, invites with the deep link's QR code, handover."""
import re

from sqlmodel import Session, select

from bot import messages as m
from store import people
from store.audit import Actor
from store.tables import AuditEntry, PersonRow, SettingRow, UnitRow
from store.uow import UnitOfWork
from tests.console_harness import ADMIN

CODE = re.compile(r"start[= ]([A-Za-z0-9_-]{32})")


def joins(world, code: str, telegram_user_id: int, name: str) -> None:
    """Someone opens the invite in the chat (/start CODE): what the bot does with it."""
    with UnitOfWork(world.duban.engine, world.duban.clock, Actor(f"tg:{telegram_user_id}")) as uow:
        people.redeem(uow, code, telegram_user_id, name)
        uow.commit()


def unit_id(world, name: str) -> int:
    with Session(world.duban.engine) as session:
        return session.exec(select(UnitRow.id).where(UnitRow.name == name)).one()


def knows_the_bot(world) -> None:
    with Session(world.duban.engine) as session:
        session.add(SettingRow(key="bot_username", value="yongning_duban_bot"))
        session.commit()


async def test_every_unit_is_listed_as_not_joined_at_first(admin):
    status, html = await admin.get("/plans/people")
    assert status == 200 and "<strong>28</strong> 个单位尚无联络员加入" in html
    status, html = await admin.get("/plans/people?show=unjoined")
    assert html.count("<td>永宁县司法局</td>") == 1


async def test_an_invite_shows_its_link_and_qr_code_and_joining_takes_the_unit_off_the_list(admin, console_world):
    knows_the_bot(console_world)
    status, html = await admin.post("/plans/people/invite", {"unit": unit_id(console_world, "永宁县司法局"),
                                                            "role": "liaison-a"})
    assert status == 200 and "永宁县司法局 · 联络员（A岗）" in html
    link = re.search(r'href="(https://t\.me/yongning_duban_bot\?start=[^"]+)"', html).group(1)
    assert '<svg' in html and 'class="segno"' in html
    joins(console_world, CODE.search(link).group(1), 5001, "赵静")
    status, html = await admin.get("/plans/people")
    assert "<strong>27</strong> 个单位尚无联络员加入" in html and "赵静" in html
    with Session(console_world.duban.engine) as session:
        made = session.exec(select(AuditEntry).where(AuditEntry.action == "invite.create")).all()[-1]
    assert made.actor == f"console:{ADMIN}" and made.subject == "unit:永宁县司法局"


async def test_without_the_bots_name_the_invite_gives_the_start_command(admin, console_world):
    status, html = await admin.post("/plans/people/invite", {"role": "observer"})
    assert status == 200 and "政务公开办 · 观察员" in html and "/start " in html and "<svg" not in html
    joins(console_world, CODE.search(html).group(1), 5002, "马副县长")
    assert "马副县长" in (await admin.get("/plans/people"))[1]


async def test_a_handover_invites_the_successor_who_replaces_the_outgoing_person(admin, console_world):
    _, html = await admin.post("/plans/people/invite", {"unit": unit_id(console_world, "杨和镇"), "role": "liaison-b"})
    joins(console_world, CODE.search(html).group(1), 5003, "钱伟")
    with Session(console_world.duban.engine) as session:
        outgoing = session.exec(select(PersonRow).where(PersonRow.name == "钱伟")).one()
    status, html = await admin.post("/plans/people/handover", {"person": outgoing.id})
    assert status == 200 and "钱伟 的接任者" in html and "杨和镇 · 联络员（B岗）" in html
    joins(console_world, CODE.search(html).group(1), 5004, "孙丽")
    with Session(console_world.duban.engine) as session:
        assert session.get(PersonRow, outgoing.id).active is False
    board = (await admin.get("/plans/people"))[1]
    assert "孙丽" in board and "钱伟" not in board
    assert "钱伟（杨和镇）" in (await admin.get("/audit?action=person.handover"))[1]      # the trail names them
    status, html = await admin.post("/plans/people/handover", {"person": outgoing.id})    # handed over already
    assert status == 400 and m.CONSOLE_NO_SUCH_PERSON in html


async def test_an_observer_sees_who_joined_and_cannot_invite(observer, console_world):
    status, html = await observer.get("/plans/people")
    assert status == 200 and "个单位尚无联络员加入" in html and 'action="/plans/people/invite"' not in html
    status, html = await observer.post("/plans/people/invite", {"role": "admin"})
    assert status == 403 and m.CONSOLE_OBSERVER in html
    with Session(console_world.duban.engine) as session:
        assert not session.exec(select(AuditEntry).where(AuditEntry.action == "invite.create")).all()
