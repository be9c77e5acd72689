"""Guessing invite codes is slowed for everyone at once: the /start throttle counts wrong codes in the database,
so two receivers (two processes, each with its own engine) share the count."""
from datetime import timedelta

from sqlalchemy import text

from bot import messages as m
from bot.bootstrap import SetClock
from bot.config import Settings
from bot.runtime import Duban
from bot.services.joining import start
from store import people
from store.audit import Actor
from store.db import make_engine
from store.uow import UnitOfWork
from tests.bot_harness import SHANGHAI, local

STRANGER, CHAT = 9001, 9001


def _second_engine(engine):
    """A receiver of its own: a new engine on the same database, as another process opens it."""
    schema = None
    if engine.url.get_backend_name() != "sqlite":
        with engine.connect() as connection:
            schema = connection.execute(text("select current_schema()")).scalar()
    return make_engine(engine.url.render_as_string(hide_password=False), schema)


def _receiver(engine, clock, calendar) -> Duban:
    return Duban(engine, clock, Settings(database_url=str(engine.url), timezone=SHANGHAI, calendar_file=None),
                 calendar)


def _invite(engine, clock) -> str:
    with UnitOfWork(engine, clock, Actor("office", "admin")) as uow:
        code = people.create_invite(uow, "observer", None).code
        uow.commit()
    return code


def test_wrong_codes_sent_to_two_receivers_are_counted_together(engine, calendar):
    clock = SetClock(local(2022, 11, 23, 10, 0))
    other = _second_engine(engine)
    first, second = _receiver(engine, clock, calendar), _receiver(other, clock, calendar)
    code = _invite(engine, clock)
    for receiver in (first, second, first, second, first):
        assert start(receiver, STRANGER, "王敏", CHAT, "nope").text == "邀请码无效"
    assert start(second, STRANGER, "王敏", CHAT, code).text == m.THROTTLED     # the sixth try, wherever it lands
    clock.move_to(clock.now + timedelta(minutes=10))
    joined = start(first, STRANGER, "王敏", CHAT, code).text                # the window passed: the code still works
    assert joined.startswith(m.WELCOME_OBSERVER.format(name="王敏"))
    other.dispose()


def test_one_persons_failures_do_not_throttle_another(engine, calendar):
    clock = SetClock(local(2022, 11, 23, 10, 0))
    receiver = _receiver(engine, clock, calendar)
    for _ in range(5):
        start(receiver, STRANGER, "王敏", CHAT, "nope")
    assert start(receiver, STRANGER, "王敏", CHAT, "nope").text == m.THROTTLED
    assert start(receiver, STRANGER + 1, "李静", CHAT + 1, "nope").text == "邀请码无效"
    joined = start(receiver, STRANGER + 1, "李静", CHAT + 1, _invite(engine, clock)).text
    assert joined.startswith(m.WELCOME_OBSERVER.format(name="李静"))
