"""DingTalk both ways, as the channel contract (bot.channels.base) asks: the robot client sends, Stream receives.

The channel owns its HTTP session. `open()` readies sending alone (a process that
only sends); `start(on_event)` also opens the Stream connection, which DingTalk
balances across the connections of one app, so several receivers do not each get
every message.
"""
import aiohttp

from bot.channels.base import Message, OnEvent, SentRef
from bot.channels.configs import DingTalkConfig
from bot.channels.dingtalk.client import CAPABILITIES, DingTalkClient
from bot.channels.dingtalk.stream import DingTalkReceiver


class DingTalkChannel:
    name = "dingtalk"
    capabilities = CAPABILITIES

    def __init__(self, config: DingTalkConfig):
        self.config = config
        self.client: DingTalkClient | None = None
        self._receiver: DingTalkReceiver | None = None

    async def open(self) -> None:
        if self.client is None:
            self.client = DingTalkClient(self.config, aiohttp.ClientSession())

    async def start(self, on_event: OnEvent) -> None:
        await self.open()
        self._receiver = DingTalkReceiver(self.config.client_id, self.config.client_secret, self.config.api)
        await self._receiver.start(on_event)

    async def stop(self) -> None:
        if self._receiver:
            await self._receiver.stop()
        if self.client:
            await self.client.close()
            self.client = None

    async def send(self, person: str, message: Message) -> SentRef:
        return await self.client.send(person, message)

    async def send_file(self, person: str, name: str, content: bytes, caption: str = "") -> SentRef:
        return await self.client.send_file(person, name, content, caption)

    async def fetch(self, media: str) -> bytes:
        return await self.client.fetch(media)
