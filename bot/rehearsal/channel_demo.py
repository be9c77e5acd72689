"""`duban run --channel dingtalk|wecom` without that platform's credentials: the rehearsal against its emulator.

As the Telegram rehearsal (bot.rehearsal.demo): the sample plan year, the web
chat, a clock the visitor moves; here Duban runs its real DingTalk or WeCom
client stack (the Stream SDK, the encrypted callback) against the platform's
local emulator, and the web chat acts through the emulator's person driver
(bot.channels.chatview). People join by sending the invite code to the bot,
as they do on these platforms.
"""
import asyncio
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from bot import messages as m
from bot.bootstrap import SetClock, rehearsal_duban
from bot.channels.chatview import ChannelChat
from bot.channels.configs import DingTalkConfig, WeComCallback, WeComConfig
from bot.channels.running import InFlight, Numbered, Running
from bot.config import Settings
from bot.rehearsal import webchat
from bot.rehearsal.demo import DEMO_ROLES, TICK_SECONDS, Demo, named, quiet
from bot.rehearsal.year import SAMPLE, at_round, cast, days_until, first_day, import_sample, invite_code, run_day
from bot.rounds.sending import drain
from importers.calendar_data import load_calendar
from store.db import make_engine, upgrade
from store.tables import ChannelIdentityRow, PersonRow

APP_ID, SECRET, AGENT = "duban-rehearsal", "local-emulator-not-a-secret", 1000002
CALLBACK_TOKEN, AES_KEY = "rehearsal", "ZHViYW4gcmVoZWFyc2FsOiBub3QgYSByZWFsIGtleSE"   # 43 characters, as WeCom's


@dataclass
class ChannelDemo(Demo):
    channel: object = None

    def joined(self) -> set[int]:
        """The personas who joined, by the numbers the web chat knows them by (their platform ids)."""
        with Session(self.duban.engine) as session:
            ids = session.exec(select(ChannelIdentityRow.platform_id).join(
                PersonRow, PersonRow.telegram_user_id == ChannelIdentityRow.id).where(PersonRow.active.is_(True)))
            return {int(platform_id) for platform_id in ids}

    async def join(self, persona) -> None:
        """The persona sends the bot the invite code the office gave them."""
        code = await asyncio.to_thread(invite_code, self.duban, persona)
        self.api.name_user(persona.user_id, persona.name)
        self.api.user_sends(persona.user_id, code)

    async def move_to(self, target: date) -> None:
        async with self.moving:
            for day in days_until(self.duban, target):
                await asyncio.to_thread(run_day, self.duban, self.clock, day)
                await drain(Numbered(self.channel, self.duban), self.duban, InFlight())


def _platform(name: str, personas, clock):
    """The emulator, the channel's settings pointed at it, and the channel."""
    members = {str(persona.user_id) for persona in personas}
    if name == "dingtalk":
        from bot.channels.dingtalk.channel import DingTalkChannel
        from bot.channels.dingtalk.emulator import DingTalkEmulator
        emulator = DingTalkEmulator(APP_ID, SECRET, members, clock=clock)
        return emulator, lambda url: {"dingtalk": DingTalkConfig(APP_ID, SECRET, APP_ID, api=url, oapi=url)}, \
            lambda settings: DingTalkChannel(settings.dingtalk)
    from bot.channels.wecom.channel import WeComChannel
    from bot.channels.wecom.emulator import WeComEmulator
    emulator = WeComEmulator(APP_ID, SECRET, members, clock=clock)
    return emulator, lambda url: {"wecom": WeComConfig(APP_ID, SECRET, AGENT, api=url),
                                  "wecom_callback": WeComCallback(CALLBACK_TOKEN, AES_KEY, port=0)}, \
        lambda settings: WeComChannel(settings.wecom, settings.wecom_callback)


async def prepare(settings: Settings, name: str, year: int, port: int, database_url: str) -> ChannelDemo:
    settings = replace(settings, database_url=database_url, channel=name)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    calendar = load_calendar(settings.calendar_file)
    clock = SetClock(at_round(first_day(year, calendar), settings))
    await asyncio.to_thread(import_sample, engine, clock, calendar, SAMPLE / "plan.txt", SAMPLE / "roster.yaml", year)
    personas = named(cast(SAMPLE / "roster.yaml", DEMO_ROLES))
    emulator, configured, make_channel = _platform(name, personas, clock)
    chat = ChannelChat(emulator)
    demo = ChannelDemo(rehearsal_duban(engine, clock, settings, calendar), clock, chat, personas,
                       platform=m.CHANNEL_NAMES[name])
    webchat.register(chat.app, demo)
    await chat.start(port)
    demo.duban.settings = replace(settings, **configured(emulator.url))
    demo.channel = make_channel(demo.duban.settings)
    return demo


async def serve(settings: Settings, name: str, year: int, port: int) -> None:
    quiet()
    with tempfile.TemporaryDirectory(prefix="duban-demo-") as folder:
        demo = await prepare(settings, name, year, port, f"sqlite:///{Path(folder) / 'demo.sqlite3'}")
        try:
            async with Running(demo.duban, demo.channel, TICK_SECONDS):
                if name == "wecom":
                    demo.api.emulator.connect_callback(demo.channel.callback_url, CALLBACK_TOKEN, AES_KEY)
                print(m.CHANNEL_DEMO_STARTED.format(platform=demo.platform, port=demo.api.port,
                                                    day=demo.duban.today().isoformat()), flush=True)
                await asyncio.Event().wait()
        finally:
            await demo.api.stop()
            demo.duban.engine.dispose()
