"""The console over Yongning's week (tests/console_sample.py), an admin and an observer signed in."""
from datetime import datetime, timezone

import pytest

from bot.bootstrap import SetClock
from bot.config import Settings
from bot.console.accounts import add_user
from bot.console.serving import console_for
from bot.runtime import Duban
from store.audit import Actor
from tests.bot_harness import SHANGHAI
from tests.conftest import TEST_AUDIT_KEY
from tests.console_harness import ADMIN, OBSERVER, PASSWORD, ConsoleWorld, browser
from tests.console_sample import NOW, yongning_week


def office_world(engine, calendar) -> tuple[ConsoleWorld, object]:
    sample = yongning_week(engine, calendar)
    clock = SetClock(NOW)
    settings = Settings(database_url=str(engine.url), timezone=SHANGHAI, calendar_file=None,
                        audit_key_text=TEST_AUDIT_KEY)
    duban = Duban(engine, clock, settings, calendar)
    setup = Actor("cli:test", "admin")
    add_user(engine, clock, setup, ADMIN, "admin", PASSWORD)
    add_user(engine, clock, setup, OBSERVER, "observer", PASSWORD)
    wall = SetClock(datetime(2026, 12, 2, 2, 0, tzinfo=timezone.utc))
    return ConsoleWorld(duban, wall, console_for(duban, "http://127.0.0.1", wall)), sample


@pytest.fixture
def office_world_(engine, calendar):
    return office_world(engine, calendar)


@pytest.fixture
async def office(office_world_):
    world, _ = office_world_
    found = await browser(world.console)
    status, _ = await found.sign_in(ADMIN)
    assert status == 200
    yield found
    await found.client.close()


@pytest.fixture
async def watcher(office_world_):
    world, _ = office_world_
    found = await browser(world.console)
    await found.sign_in(OBSERVER)
    yield found
    await found.client.close()
