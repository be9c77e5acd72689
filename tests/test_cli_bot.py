"""`duban invite`, `duban tick` and `duban run`'s configuration, against the emulator in a thread."""

import pytest

from bot.cli.main import main
from store import people
from store.audit import Actor
from store.uow import UnitOfWork
from tests.bot_harness import TOKEN, local
from tests.conftest import EXAMPLES

YONGNING = EXAMPLES / "yongning-2022"


def test_invite_prints_a_deep_link_with_the_bots_username(configured, capsys):
    capsys.readouterr()
    assert main(["invite", "--unit", "县司法局", "--role", "liaison-a"]) == 0
    out = capsys.readouterr().out
    assert "https://t.me/duban_test_bot?start=" in out
    code = out.split("start=")[1].split()[0]
    assert len(code) <= 64 and code.replace("-", "").replace("_", "").isalnum()
    asked = configured.calls.count("getMe")
    assert main(["invite", "--unit", "县司法局", "--role", "liaison-b"]) == 0
    assert configured.calls.count("getMe") == asked               # the username was kept, not asked again


def test_tick_sends_todays_reminders_once(configured, capsys):
    from bot.config import load_settings
    from store.db import open_database
    engine = open_database(load_settings().database_url)
    with UnitOfWork(engine, lambda: local(2022, 11, 23, 10, 0), Actor("test")) as uow:
        unit = people.find_unit(uow.session, "县司法局")
        people.redeem(uow, people.create_invite(uow, "liaison-a", unit).code, 1001, "司法局联络员")
        uow.commit()
    assert main(["tick"]) == 0
    assert main(["tick"]) == 0
    reminders = configured.messages_to(1001)
    assert len(reminders) == 1 and "序号17" in reminders[0]["text"]


@pytest.mark.parametrize("key, value, named", [
    ("DUBAN_NOW", "2022-11-23 10:00", "DUBAN_NOW"),
    ("DUBAN_TIMEZONE", "Mars/Olympus", "DUBAN_TIMEZONE"),
    ("DUBAN_OFFICE_HOURS", "17:30-09:00", "DUBAN_OFFICE_HOURS"),
])
def test_a_malformed_setting_is_one_line_naming_it(configured, capsys, monkeypatch, key, value, named):
    monkeypatch.setenv(key, value)
    capsys.readouterr()
    assert main(["tick"]) == 2
    err = capsys.readouterr().err
    assert named in err and err.count("\n") == 1 and TOKEN not in err


def test_the_token_never_reaches_a_log_line():
    import logging
    from bot.logs import RedactingFilter
    record = logging.LogRecord("httpx", logging.INFO, "", 0, "POST https://api.telegram.org/bot%s/getMe", (TOKEN,),
                               None)
    RedactingFilter().filter(record)
    assert TOKEN not in record.getMessage() and "bot<redacted>" in record.getMessage()
