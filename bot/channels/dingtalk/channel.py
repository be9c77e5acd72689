"""DingTalk both ways, as the channel contract (bot.channels.base) asks: the robot client sends, Stream receives.

The channel owns its HTTP session. `open()` readies sending alone (a process that
only sends); `start(on_event)` also opens the Stream connection, which DingTalk
balances across the connections of one app, so several receivers do not each get
every message.
"""
import aiohttp

from bot.channels.base import OnEvent
from bot.channels.client_channel import ClientChannel
from bot.channels.configs import DingTalkConfig
from bot.channels.dingtalk.client import CAPABILITIES, DingTalkClient
from bot.channels.dingtalk.stream import DingTalkReceiver


class DingTalkChannel(ClientChannel):
    name = "dingtalk"
    capabilities = CAPABILITIES

    def __init__(self, config: DingTalkConfig):
        self.config = config
        self._receiver: DingTalkReceiver | None = None

    def new_client(self, session: aiohttp.ClientSession) -> DingTalkClient:
        return DingTalkClient(self.config, session)

    async def start(self, on_event: OnEvent) -> None:
        await self.open()
        self._receiver = DingTalkReceiver(self.config.client_id, self.config.client_secret, self.config.api)
        await self._receiver.start(on_event)

    async def stop(self) -> None:
        if self._receiver:
            await self._receiver.stop()
        await self.close_client()
