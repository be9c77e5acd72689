"""Every role tries every button and office command on another unit's items, and hostile updates arrive:
each is refused in words, and nothing stored changes."""
import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from bot import messages as m
from bot.services.answering import LIAISON_PRESSES, OFFICE_PRESSES
from store.tables import CirculationRow, DueItemRow, InviteRow, PersonRow, ReplyRow, UnitRow
from tests.bot_harness import duban_bot, local

ROLES = {3001: ("liaison-a", "县司法局"), 3002: ("liaison-b", "县司法局"), 3003: ("leader", "县司法局"),
         3004: ("observer", None)}
STRANGER, GROUP = 9001, -100123
OFFICE_COMMANDS = ("/review", "/invite 杨和镇 liaison-a", "/report weekly 2022-W47", "/mute weekly 2022-W48",
                   "/unmute weekly 2022-W48", "/circulate 2022Q3")


@pytest.fixture
async def bot(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as harness:
        for user_id, (role, unit) in ROLES.items():
            await harness.join(user_id, role, unit)
        yield harness


def _stored(engine):
    with Session(engine) as session:
        def count(table):
            return session.execute(select(func.count()).select_from(table)).scalar()
        return (session.execute(select(DueItemRow.id, DueItemRow.state, DueItemRow.due).order_by(DueItemRow.id)).all(),
                session.execute(select(PersonRow.id, PersonRow.role, PersonRow.unit_id, PersonRow.active)
                                .order_by(PersonRow.id)).all(),
                count(ReplyRow), count(CirculationRow), count(InviteRow))


def _other_units_item(engine) -> int:
    with Session(engine) as session:
        return session.execute(select(DueItemRow.id).join(UnitRow, UnitRow.id == DueItemRow.unit_id)
                               .where(UnitRow.name == "杨和镇", DueItemRow.state == "pending")).scalars().first()


async def _answered(bot, user_id: int, send) -> str:
    seen = bot.count(user_id)
    send()
    return (await bot.api.wait_for(lambda: bot.api.messages_to(user_id)[seen:]))[0]["text"]


async def test_no_role_can_act_on_another_units_item_or_use_the_offices_commands(bot):
    before = _stored(bot.duban.engine)
    target = _other_units_item(bot.duban.engine)
    message = {"message_id": 1, "date": 0, "chat": {"id": 0, "type": "private"}}
    for user_id, (role, _) in ROLES.items():
        for verb in LIAISON_PRESSES + OFFICE_PRESSES:
            refusal = await _answered(bot, user_id, lambda: bot.api.user_presses(
                user_id, {**message, "chat": {"id": user_id, "type": "private"}}, f"{verb}:{target}"))
            assert refusal in (m.NOT_YOURS, m.OFFICE_ONLY), (role, verb, refusal)
        for command in OFFICE_COMMANDS:
            refusal = await _answered(bot, user_id, lambda: bot.api.user_sends(user_id, command))
            assert "管理员" in refusal, (role, command, refusal)
    assert _stored(bot.duban.engine) == before


async def test_hostile_updates_are_refused_politely_and_change_nothing(bot):
    before = _stored(bot.duban.engine)
    liaison = 3001
    private = {"message_id": 1, "date": 0, "chat": {"id": liaison, "type": "private"}}
    for data in ("zzz:1", "done:abc", "done:", "", "done:99999999", "acc:" + "9" * 60):
        reply = await _answered(bot, liaison, lambda: bot.api.user_presses(liaison, private, data))
        assert reply in (m.NO_SUCH_ITEM, m.OFFICE_ONLY), (data, reply)
    reply = await _answered(bot, liaison, lambda: bot.api.user_sends(liaison, "你好" * 50_000))   # 100,000 characters
    assert reply == m.ASK_WHAT
    assert await _answered(bot, STRANGER, lambda: bot.api.user_sends(STRANGER, "/my")) == m.NOT_BOUND
    assert await _answered(bot, GROUP, lambda: bot.api.group_sends(STRANGER, GROUP, "/start abc")) == m.PRIVATE_ONLY
    bot.api.group_sends(STRANGER, GROUP, "大家好")                 # small talk in a group: no answer at all
    await bot.settle()
    assert len(bot.api.messages_to(GROUP)) == 1
    assert _stored(bot.duban.engine) == before
