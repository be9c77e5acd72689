"""`duban run` with no bot token: the whole loop in a browser, against the built-in Bot API emulator.

The bot runs its real python-telegram-bot stack against bot.rehearsal.emulator; the web
chat (bot.rehearsal.webchat) lets a visitor be the office or any unit's liaison and move
the rehearsal's clock. The demo keeps its own SQLite file in a temporary folder,
fresh each start, so it never touches the database a real deployment configured.
"""
import asyncio
import logging
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

from bot import messages as m
from bot.bootstrap import SetClock, rehearsal_duban
from bot.channels.telegram.application import Application, build_application, running
from bot.channels.telegram.sending import send_queued
from bot.config import Settings
from bot.console.accounts import link_for_office
from bot.console.app import Console
from bot.console.serving import console_for, serving
from bot.rehearsal import webchat
from bot.rehearsal.emulator import Emulator
from bot.rehearsal.year import (SAMPLE, Persona, at_round, cast, days_until, first_day, import_sample, invite_code,
                                next_workday, run_day)
from bot.runtime import Duban
from importers.calendar_data import load_calendar
from store import people
from store.db import make_engine, upgrade
from workflows.roles import IN_UNITS

TOKEN = "100000001:local-emulator-not-a-telegram-token"
REHEARSAL_LINK_TTL = timedelta(days=1)     # printed at start, opened whenever the visitor gets to it
TICK_SECONDS = 5       # the clock stands still between moves; a newcomer's reminders come within seconds
DEMO_ROLES = IN_UNITS     # everyone the ladder reaches: escalations can be watched
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN_NAMES = ("敏", "静", "伟", "芳", "军", "磊", "洋", "艳", "勇", "娟", "涛", "明", "超", "霞", "平", "刚",
               "丽", "强", "红", "斌", "婷", "鹏", "宁", "华")


@dataclass
class Demo:
    duban: Duban
    clock: SetClock
    api: Emulator
    personas: list[Persona]
    application: Application | None = None
    moving: asyncio.Lock = field(default_factory=asyncio.Lock)
    platform: str = "Telegram"       # what the page says it stands in for
    console: Console | None = None

    def console_link(self) -> str | None:
        """The office's way into the rehearsal's console: a fresh one-time link (printed at start, and the web
        chat's 「打开控制台」 asks for one)."""
        if self.console is None:
            return None
        code = link_for_office(self.duban.engine, self.clock, self.console.sessions.wall(),
                               m.CONSOLE_REHEARSAL_ACCOUNT, REHEARSAL_LINK_TTL)
        return self.console.link(code)

    def joined(self) -> set[int]:
        with Session(self.duban.engine) as session:
            return people.active_telegram_ids(session)

    def persona(self, user_id: int) -> Persona | None:
        return next((p for p in self.personas if p.user_id == user_id), None)

    async def join(self, persona: Persona) -> None:
        """The persona opens the invite link the office would have sent: /start with a fresh code."""
        code = await asyncio.to_thread(invite_code, self.duban, persona)
        self.api.name_user(persona.user_id, persona.name)
        self.api.user_sends(persona.user_id, f"/start {code}")

    async def move_to(self, target: date) -> None:
        """Day by day to `target`: each day's round, then its messages, so they arrive dated that day."""
        async with self.moving:
            for day in days_until(self.duban, target):
                await asyncio.to_thread(run_day, self.duban, self.clock, day)
                await send_queued(self.application.bot, self.duban)

    async def next_workday(self) -> None:
        await self.move_to(next_workday(self.duban))


async def prepare(settings: Settings, year: int, port: int, database_url: str) -> Demo:
    """The seeded demo with its emulator and web chat listening; the bot not started yet."""
    settings = replace(settings, database_url=database_url, telegram_token=TOKEN)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    calendar = load_calendar(settings.calendar_file)
    clock = SetClock(at_round(first_day(year, calendar), settings))
    await asyncio.to_thread(import_sample, engine, clock, calendar, SAMPLE / "plan.txt", SAMPLE / "roster.yaml", year)
    api = Emulator(TOKEN, clock=clock)
    demo = Demo(rehearsal_duban(engine, clock, settings, calendar), clock, api,
                named(cast(SAMPLE / "roster.yaml", DEMO_ROLES)))
    webchat.register(api.app, demo)
    await api.start(port)
    demo.duban.settings = replace(settings, telegram_base_url=api.base_url)
    demo.application = build_application(demo.duban, TICK_SECONDS)
    return demo


def named(personas: list[Persona]) -> list[Persona]:
    """People's names for the cast, so that a welcome reads 你好，王敏！你现在是… and not the role twice."""
    return [replace(p, name=SURNAMES[n % len(SURNAMES)] + GIVEN_NAMES[(n * 7) % len(GIVEN_NAMES)])
            for n, p in enumerate(personas)]


def quiet() -> None:
    """The visitor reads the page, not the console: no line per long poll, per minute job, per migration."""
    for name in ("aiohttp.access", "apscheduler", "alembic", "telegram.ext.Application"):
        logging.getLogger(name).setLevel(logging.WARNING)


def attach_console(demo: Demo, host: str, port: int) -> Console:
    """The rehearsal's console, served at http://host:port beside the web chat (the caller serves it)."""
    url = f"http://{host}:{port}"
    demo.duban.settings = replace(demo.duban.settings, console_url=url)
    demo.console = console_for(demo.duban, url)
    return demo.console


async def serve(settings: Settings, year: int, port: int, console_at: tuple[str, int]) -> None:
    quiet()
    with tempfile.TemporaryDirectory(prefix="duban-demo-") as folder:
        demo = await prepare(settings, year, port, f"sqlite:///{Path(folder) / 'demo.sqlite3'}")
        console = attach_console(demo, *console_at)
        try:
            async with running(demo.application), serving(console, *console_at):
                print(m.DEMO_STARTED.format(port=demo.api.port, day=demo.duban.today().isoformat()), flush=True)
                print(m.CONSOLE_REHEARSAL_LINK.format(link=demo.console_link()), flush=True)
                await asyncio.Event().wait()
        finally:
            await demo.api.stop()
            demo.duban.engine.dispose()
