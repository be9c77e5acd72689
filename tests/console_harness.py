"""The console over a store holding the Yongning sample plan and roster, with an admin's and an observer's browser.

    async def test_x(admin, observer, console_world): ...
        page = await admin.get("/plans")           # (status, html)
        await admin.post("/settings", {...})       # the session's CSRF token is added to every form

`console_world` has the Duban (its plan clock on 2022-06-08 10:00), the wall clock the
sessions expire by (a SetClock: tests move it), and the accounts' names and passwords.
"""
import re
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient, TestServer

from bot.bootstrap import SetClock
from bot.config import Settings
from bot.console.accounts import add_user
from bot.console.app import Console, console_app
from bot.console.plan_files import take_roster
from bot.console.serving import console_for
from bot.runtime import Duban
from bot.services.importing import import_plan_file
from store.audit import Actor
from store.db import make_engine, upgrade
from tests.bot_harness import OFFICE, SHANGHAI, local
from tests.conftest import EXAMPLES, TEST_AUDIT_KEY

ADMIN, OBSERVER = "王主任", "李观察"
PASSWORD = "correct horse battery"
SAMPLE = EXAMPLES / "yongning-2022"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class ConsoleWorld:
    duban: Duban
    wall: SetClock
    console: Console


def make_world(tmp_path, calendar, audit_key: str = TEST_AUDIT_KEY, name: str = "duban", engine=None) -> ConsoleWorld:
    """A migrated store (a SQLite file, or `engine` migrated) with the sample imported (its roster uploaded) and two
    console accounts (admin, observer)."""
    if engine is None:
        engine = make_engine(f"sqlite:///{tmp_path / (name + '.sqlite3')}")
        upgrade(engine)
    clock = SetClock(local(2022, 6, 8, 10, 0))
    import_plan_file(engine, clock, OFFICE, SAMPLE / "plan.txt", SAMPLE / "roster.yaml", calendar)
    settings = Settings(database_url=str(engine.url), timezone=SHANGHAI, calendar_file=None, audit_key_text=audit_key)
    duban = Duban(engine, clock, settings, calendar)
    wall = SetClock(datetime(2026, 12, 2, 2, 0, tzinfo=timezone.utc))
    setup = Actor("cli:test", "admin")
    take_roster(engine, clock, setup, "roster.yaml", (SAMPLE / "roster.yaml").read_bytes())   # as uploaded once
    add_user(engine, clock, setup, ADMIN, "admin", PASSWORD)
    add_user(engine, clock, setup, OBSERVER, "observer", PASSWORD)
    return ConsoleWorld(duban, wall, console_for(duban, "http://127.0.0.1", wall))


class Browser:
    """One browser on the console: its cookies, and the CSRF token of the last page it was shown."""

    def __init__(self, client: TestClient):
        self.client = client
        self.csrf = ""

    async def get(self, path: str, **kwargs) -> tuple[int, str]:
        async with self.client.get(path, allow_redirects=kwargs.pop("allow_redirects", True), **kwargs) as response:
            return response.status, self._seen(await response.text())

    async def post(self, path: str, data: dict | FormData | None = None, csrf: str | None = None,
                   **kwargs) -> tuple[int, str]:
        """A form posted as the page would: with the token, unless `csrf` says otherwise ("" for none)."""
        token = self.csrf if csrf is None else csrf
        if isinstance(data, FormData):
            if token:
                data.add_field("csrf", token)
        else:
            data = {**(data or {}), **({"csrf": token} if token else {})}
        async with self.client.post(path, data=data, allow_redirects=kwargs.pop("allow_redirects", True),
                                    **kwargs) as response:
            return response.status, self._seen(await response.text())

    async def download(self, path: str) -> tuple[int, bytes, str]:
        async with self.client.get(path) as response:
            return response.status, await response.read(), response.headers.get("Content-Disposition", "")

    def cookie(self) -> str:
        return self.client.session.cookie_jar.filter_cookies(self.client.make_url("/"))["duban_console"].value

    def use_cookie(self, value: str) -> None:
        """Present this session cookie from now on (another browser's, an old one)."""
        self.client.session.cookie_jar.clear()
        self.client.session.cookie_jar.update_cookies({"duban_console": value}, response_url=self.client.make_url("/"))

    def _seen(self, html: str) -> str:
        if found := CSRF.search(html):
            self.csrf = found.group(1)
        return html

    async def sign_in(self, name: str, password: str = PASSWORD) -> tuple[int, str]:
        await self.get("/login")
        return await self.post("/login", {"name": name, "password": password})


async def browser(console: Console) -> Browser:
    client = TestClient(TestServer(console_app(console)))
    await client.start_server()
    return Browser(client)


@pytest.fixture
def console_world(tmp_path, calendar) -> ConsoleWorld:
    world = make_world(tmp_path, calendar)
    yield world
    world.duban.engine.dispose()


@pytest.fixture
def console_world_on_both(tmp_path, calendar, engine) -> ConsoleWorld:
    """The same world on SQLite and on PostgreSQL: for the tests of what the console stores (override
    `console_world` with it in a test module)."""
    return make_world(tmp_path, calendar, engine=engine)


@pytest.fixture
async def anonymous(console_world):
    found = await browser(console_world.console)
    yield found
    await found.client.close()


@pytest.fixture
async def admin(console_world):
    found = await browser(console_world.console)
    status, _ = await found.sign_in(ADMIN)
    assert status == 200 and found.csrf
    yield found
    await found.client.close()


@pytest.fixture
async def observer(console_world):
    found = await browser(console_world.console)
    await found.sign_in(OBSERVER)
    yield found
    await found.client.close()
