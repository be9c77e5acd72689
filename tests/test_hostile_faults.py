"""The token never leaves the process, and Telegram out of reach at start-up stops nothing."""
import asyncio
import sys
from urllib.parse import quote

import pytest
from sqlmodel import Session, select

from bot.channels.telegram.application import build_application, running
from bot.runtime import Duban
from bot.bootstrap import SetClock
from bot.cli.main import main
from bot.config import Settings
from bot.rehearsal.emulator import Emulator, Fault
from bot.logs import excepthook, protect, redact
from bot.services.importing import import_plan_file
from store import people
from store.tables import OutboxRow
from store.uow import UnitOfWork
from tests.bot_harness import OFFICE, SHANGHAI, TOKEN, duban_bot, local, outbox_states
from tests.conftest import EXAMPLES

OTHER_TOKEN = "987654321:ZZEhBOweik6ad9r_QXMENQjcrGbqCr4K-zz"
SECRET = TOKEN.partition(":")[2]
LIAISON, ADMIN = 1001, 2001


def _leaks(text: str, token: str = TOKEN) -> bool:
    """python-telegram-bot rewrites the case of an error's description: compared without it."""
    secret = token.partition(":")[2].lower()
    return secret in text.lower() or quote(token, safe="").lower() in text.lower()


@pytest.mark.parametrize("written", [
    f"https://api.telegram.org/bot{TOKEN}/getMe",
    f"GET /bot{quote(TOKEN, safe='')}/sendMessage",                  # a proxy echoing the URL it was given
    f"GET /bot{quote(TOKEN, safe='')}/x".replace("%3A", "%3a"),
    f"/bot{quote(quote(TOKEN, safe=''), safe='')}/sendMessage",      # encoded twice
    TOKEN.replace(":", "\\u003a"), TOKEN.replace(":", "&#58;"), TOKEN.replace(":", "&#x3A;"),
])
def test_the_token_is_redacted_in_every_encoding_it_travels_in(written):
    assert not _leaks(redact(written)) and "redacted" in redact(written)


def test_the_secret_half_of_a_token_in_use_is_redacted_wherever_it_appears_alone():
    protect(TOKEN)
    assert SECRET not in redact(f"token secret={SECRET}&x=1")


def test_an_uncaught_exception_prints_no_token(capsys):
    try:
        raise RuntimeError(f"The token `{OTHER_TOKEN}` was rejected by the server.")
    except RuntimeError:
        excepthook(*sys.exc_info())
    err = capsys.readouterr().err
    assert "RuntimeError" in err and not _leaks(err, OTHER_TOKEN)


def test_a_token_telegram_refuses_is_named_without_being_printed(configured, capsys, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", OTHER_TOKEN)           # the emulator answers 401, as Telegram would
    capsys.readouterr()
    assert main(["tick"]) == 2
    out, err = capsys.readouterr()
    assert "TELEGRAM_BOT_TOKEN" in err and not _leaks(out + err, OTHER_TOKEN)


@pytest.mark.parametrize("url", ["htp:/127.0.0.1/bot", "http://", "https://exa mple.org/bot"])
def test_a_malformed_base_url_is_named_without_printing_the_token(configured, capsys, monkeypatch, url):
    monkeypatch.setenv("TELEGRAM_BASE_URL", url)
    capsys.readouterr()
    assert main(["tick"]) == 2
    out, err = capsys.readouterr()
    assert "TELEGRAM_BASE_URL" in err and not _leaks(out + err)


async def test_a_token_echoed_percent_encoded_in_an_error_reaches_neither_the_outbox_nor_the_office(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as bot:
        await bot.join(ADMIN, "admin", None)
        await bot.join(LIAISON, "liaison-a", "县司法局")
        echoed = f"Bad Request: proxy refused POST /bot{quote(TOKEN, safe='')}/sendMessage"
        bot.api.fail_next("sendMessage", Fault(400, echoed))
        await bot.tick()
        told = await bot.next_message(ADMIN, "拒收")
        await bot.delivered()
    with Session(engine) as session:
        errors = session.execute(select(OutboxRow.last_error)).scalars().all()
    assert "proxy refused" in told["text"].lower() and not _leaks(told["text"] + " ".join(e or "" for e in errors))


async def test_duban_run_starts_while_telegram_is_out_of_reach_keeps_queueing_and_connects_when_it_is_back(
        engine, calendar):
    clock = SetClock(local(2022, 11, 23, 10, 0))
    import_plan_file(engine, clock, OFFICE, EXAMPLES / "yongning-2022" / "plan.txt",
                     EXAMPLES / "yongning-2022" / "roster.yaml", calendar)
    with UnitOfWork(engine, clock, OFFICE) as uow:
        invite = people.create_invite(uow, "liaison-a", people.find_unit(uow.session, "县司法局"))
        people.redeem(uow, invite.code, LIAISON, "司法局联络员")
        uow.commit()
    api = await Emulator(TOKEN).start()
    await api.go_offline()
    settings = Settings(database_url=str(engine.url), timezone=SHANGHAI, calendar_file=None,
                        telegram_token=TOKEN, telegram_base_url=api.base_url)
    application = build_application(Duban(engine, clock, settings, calendar), tick_seconds=60)

    async def run():
        async with running(application):
            await asyncio.Event().wait()

    task = asyncio.create_task(run())
    try:
        await api.wait_for(lambda: outbox_states(engine) == ["queued"])     # scheduled while Telegram is away
        assert not task.done()
        await api.come_back()
        reminder = await api.wait_for(lambda: api.messages_to(LIAISON), timeout=30)
        assert len(reminder) == 1 and "序号17" in reminder[0]["text"]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await api.stop()
