"""Duban on any channel, each through its real client stack against its local emulator, driven by people.

`platform(name)` starts the platform's emulator (it outlives a Duban process, as the real platform does);
`on_channel(platform, …)` runs Duban on it with the Yongning plan imported and a set clock. People are numbers
in the tests (1001 …); on DingTalk and WeCom their platform ids are strings made from them.
"""
import asyncio
import contextlib
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Callable

from sqlmodel import Session, select

from bot.bootstrap import SetClock
from bot.channels.configs import DingTalkConfig, WeComCallback, WeComConfig
from bot.channels.dingtalk.channel import DingTalkChannel
from bot.channels.dingtalk.emulator import DingTalkEmulator
from bot.channels.running import Running
from bot.channels.wecom.channel import WeComChannel
from bot.channels.wecom.emulator import WeComEmulator
from bot.channels.telegram.application import build_application, running
from bot.config import Settings
from bot.rehearsal.emulator import Emulator
from bot.rounds.scheduling import scheduling_round
from bot.runtime import Duban
from bot.services.importing import import_plan_file
from store import people
from store.tables import OutboxRow
from store.uow import UnitOfWork
from tests.bot_harness import OFFICE, SHANGHAI, TOKEN, every_link_opens
from tests.conftest import EXAMPLES

CHANNELS = ("telegram", "dingtalk", "wecom")
APP_ID, SECRET, AGENT = "dingyongning2022", "app-secret", 1000002
CALLBACK_TOKEN, AES_KEY = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo", "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"


def platform_id(channel: str, number: int):
    return number if channel == "telegram" else f"staff{number}"


@contextlib.asynccontextmanager
async def platform(channel: str):
    """The platform's emulator, every test person a member of the corp."""
    members = {platform_id(channel, n) for n in range(1000, 10000)} if channel != "telegram" else set()
    emulator = {"telegram": lambda: Emulator(TOKEN), "dingtalk": lambda: DingTalkEmulator(APP_ID, SECRET, members),
                "wecom": lambda: WeComEmulator(APP_ID, SECRET, members)}[channel]()
    await emulator.start()
    try:
        yield emulator
    finally:
        await emulator.stop()


@dataclass
class OnChannel:
    channel: str
    duban: Duban
    clock: SetClock
    emulator: object
    kick: Callable[[], None]

    def person(self, number: int):
        return self.emulator.person(platform_id(self.channel, number))

    def invite(self, role: str, unit: str | None) -> str:
        with UnitOfWork(self.duban.engine, self.clock, OFFICE) as uow:
            code = people.create_invite(uow, role, people.find_unit(uow.session, unit) if unit else None).code
            uow.commit()
        return code

    async def join(self, number: int, role: str, unit: str | None):
        return await self.joins_with(number, self.invite(role, unit))

    async def joins_with(self, number: int, code: str):
        """Telegram's invite is a /start link; elsewhere the person sends the bot the code itself."""
        person = self.person(number)
        seen = len(person.received())
        await person.says(f"/start {code}" if self.channel == "telegram" else code)
        return await person.next(after=seen)

    async def tick(self) -> int:
        queued = await asyncio.to_thread(scheduling_round, self.duban)
        self.kick()
        return queued

    async def delivered(self) -> None:
        def done() -> bool:
            with Session(self.duban.engine) as session:
                return not session.execute(select(OutboxRow.id).where(
                    OutboxRow.state.in_(("queued", "sending")))).first()
        await self.emulator.wait_for(done)


def settings_for(channel: str, emulator, engine) -> Settings:
    settings = Settings(database_url=str(engine.url), timezone=SHANGHAI, calendar_file=None, channel=channel)
    if channel == "telegram":
        return replace(settings, telegram_token=TOKEN, telegram_base_url=emulator.base_url)
    if channel == "dingtalk":
        return replace(settings, dingtalk=DingTalkConfig(APP_ID, SECRET, APP_ID, api=emulator.url, oapi=emulator.url))
    return replace(settings, wecom=WeComConfig(APP_ID, SECRET, AGENT, api=emulator.url),
                   wecom_callback=WeComCallback(CALLBACK_TOKEN, AES_KEY, port=0))


@contextlib.asynccontextmanager
async def on_channel(channel: str, emulator, engine, calendar, now: datetime):
    clock = SetClock(now)
    settings = settings_for(channel, emulator, engine)
    import_plan_file(engine, clock, OFFICE, EXAMPLES / "yongning-2022" / "plan.txt",
                     EXAMPLES / "yongning-2022" / "roster.yaml", calendar)
    duban = Duban(engine, clock, settings, calendar, open_link=every_link_opens)
    if channel == "telegram":
        application = build_application(duban, tick_seconds=None)
        async with running(application):
            yield OnChannel(channel, duban, clock, emulator, application.bot_data.kick.set)
        return
    made = DingTalkChannel(settings.dingtalk) if channel == "dingtalk" else WeComChannel(settings.wecom,
                                                                                          settings.wecom_callback)
    async with Running(duban, made, tick_seconds=None) as runner:
        if channel == "wecom":
            emulator.connect_callback(made.callback_url, CALLBACK_TOKEN, AES_KEY)
        yield OnChannel(channel, duban, clock, emulator, runner.kick.set)
