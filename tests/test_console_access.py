"""Ways into the console: `duban console user add` on the command line, the one-time link an admin asks the bot
for (/console), and the rehearsal's link for the office."""
import io
from dataclasses import replace

from aiohttp.test_utils import TestClient, TestServer
from sqlmodel import Session, select

from bot import messages as m
from bot.cli.main import main
from bot.config import Settings
from bot.console.serving import console_for
from bot.rehearsal.demo import attach_console, prepare
from store.db import make_engine
from store.tables import AuditEntry, ConsoleUserRow
from tests.bot_harness import SHANGHAI, duban_bot, local
from tests.console_harness import browser

ADMIN_CHAT, LIAISON_CHAT = 2001, 1001


def add_user(monkeypatch, capsys, *argv: str, password: str = "a long enough secret") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    status = main(["console", "user", "add", *argv, "--password-stdin"])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_command_line_makes_an_account_that_signs_in(monkeypatch, capsys, database_url):
    assert main(["db", "upgrade"]) == 0
    status, out, _ = add_user(monkeypatch, capsys, "王主任", "--role", "admin")
    assert status == 0 and m.CONSOLE_USER_ADDED.format(name="王主任", role="管理员") in out
    status, _, err = add_user(monkeypatch, capsys, "王主任", "--role", "observer")
    assert status == 2 and m.CONSOLE_NAME_TAKEN.format(name="王主任") in err
    status, _, err = add_user(monkeypatch, capsys, "李观察", "--role", "observer", password="short")
    assert status == 2 and m.CONSOLE_SHORT_PASSWORD.format(least=10) in err
    engine = make_engine(database_url)
    with Session(engine) as session:
        user = session.exec(select(ConsoleUserRow)).one()
        assert user.password_hash.startswith("$argon2id$") and "a long enough secret" not in user.password_hash
        assert session.exec(select(AuditEntry.action)).all()[-1] == "console.user.add"
    engine.dispose()


def test_passwords_typed_twice_must_match(monkeypatch, capsys, database_url):
    main(["db", "upgrade"])
    typed = iter(["first secret here", "second secret here"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    assert main(["console", "user", "add", "王主任", "--role", "admin"]) == 2
    assert m.CONSOLE_PASSWORDS_DIFFER in capsys.readouterr().err


async def test_an_admin_gets_a_one_time_link_from_the_bot(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 6, 8, 10, 0)) as bot:
        await bot.join(ADMIN_CHAT, "admin", None)
        await bot.join(LIAISON_CHAT, "liaison-a", "永宁县司法局")
        seen = bot.count(ADMIN_CHAT)
        bot.api.user_sends(ADMIN_CHAT, "/console")
        assert (await bot.next_message(ADMIN_CHAT, after=seen))["text"] == m.CONSOLE_NOT_SERVED

        bot.duban.settings = replace(bot.duban.settings, console_url="https://duban.example.gov.cn/")
        seen = bot.count(ADMIN_CHAT)
        bot.api.user_sends(ADMIN_CHAT, "/console")
        text = (await bot.next_message(ADMIN_CHAT, "控制台一次性登录链接", after=seen))["text"]
        path = text.split("https://duban.example.gov.cn")[1].split()[0]
        assert path.startswith("/link/")
        seen = bot.count(LIAISON_CHAT)
        bot.api.user_sends(LIAISON_CHAT, "/console")
        assert (await bot.next_message(LIAISON_CHAT, after=seen))["text"] == m.CONSOLE_LINK_ADMINS_ONLY

        console = console_for(bot.duban, "http://127.0.0.1")
        office = await browser(console)
        status, html = await office.get(path)
        assert status == 200 and "登录控制台" in html            # a preview fetching the link does not spend it
        status, html = await office.post(path, {})
        assert status == 200 and "<h1>总览</h1>" in html and "（管理员）" in html
        again = await browser(console)
        await again.get(path)
        status, html = await again.post(path, {})
        assert status == 403 and m.CONSOLE_LINK_SPENT in html
        await office.client.close()
        await again.client.close()
        with Session(bot.duban.engine) as session:
            actions = session.exec(select(AuditEntry.action).where(AuditEntry.action.like("console.%"))).all()
        assert actions == ["console.link", "console.sign_in"]


async def test_the_rehearsal_gives_a_link_that_signs_in_as_the_office(tmp_path):
    settings = Settings(database_url="", timezone=SHANGHAI, calendar_file=None,
                        audit_key_text="rehearsal audit key " + "7" * 32)
    demo = await prepare(settings, 2022, 0, f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    console = attach_console(demo, "127.0.0.1", 8766)
    chat = TestClient(TestServer(demo.api.app))      # the web chat's 「打开控制台」 asks its server for a link
    await chat.start_server()
    page = await (await chat.get("/")).text()
    token = page.split('name="duban-token" content="')[1].split('"')[0]
    refused = await chat.post("/api/console", json={})
    link = (await (await chat.post("/api/console", json={}, headers={"X-Duban-Token": token})).json())["link"]
    assert refused.status == 403 and link.startswith("http://127.0.0.1:8766/link/")
    office = await browser(console)
    path = link.removeprefix("http://127.0.0.1:8766")
    await office.get(path)
    status, html = await office.post(path, {})
    assert status == 200 and f"{m.CONSOLE_REHEARSAL_ACCOUNT}（管理员）" in html
    assert demo.console_link() != link                       # printed at start, and a fresh one each time asked
    await office.client.close()
    await chat.close()
    await demo.api.stop()
    demo.duban.engine.dispose()


async def test_duban_run_serves_the_console_beside_the_bot_while_it_runs(console_world, capsys, unused_tcp_port):
    from aiohttp import ClientSession

    from bot.console.serving import alongside
    console_world.duban.settings = replace(console_world.duban.settings, console_url=None)

    answered = []

    async def the_bot():        # stands for the polling loop: the console answers while it runs
        async with ClientSession() as client, client.get(f"http://127.0.0.1:{unused_tcp_port}/audit",
                                                         allow_redirects=False) as response:
            answered.append((response.status, response.headers["Location"]))

    await alongside(console_world.duban, ("127.0.0.1", unused_tcp_port), the_bot())
    assert answered == [(303, "/login?next=%2Faudit")]
    assert m.CONSOLE_STARTED.format(url=f"http://127.0.0.1:{unused_tcp_port}") in capsys.readouterr().out


def test_a_console_address_that_is_not_one_stops_duban_run_before_it_starts(capsys, monkeypatch):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["run", "--console", "localhost"]) == 2
    assert m.CONSOLE_BAD_ADDRESS in capsys.readouterr().err
