"""WeCom both ways, as the channel contract (bot.channels.base) asks: the client sends, the callback receives.

The callback is served by Duban's own aiohttp on `listen` at `path`; WeCom reaches
it only at a domain 备案'd under the office's 主体, so in production it sits behind
the office's HTTPS proxy. The channel owns its HTTP session; `open()` readies
sending alone (a process that only sends).
"""
import aiohttp
from aiohttp import web

from bot.channels.base import OnEvent
from bot.channels.client_channel import ClientChannel
from bot.channels.wecom.callback import callback_app
from bot.channels.configs import WeComCallback, WeComConfig
from bot.channels.wecom.client import CAPABILITIES, WeComClient
from bot.channels.wecom.crypto import WeComCrypto


class WeComChannel(ClientChannel):
    name = "wecom"
    capabilities = CAPABILITIES

    def __init__(self, config: WeComConfig, callback: WeComCallback):
        self.config, self.callback = config, callback
        self.callback_url = ""
        self._runner: web.AppRunner | None = None

    def new_client(self, session: aiohttp.ClientSession) -> WeComClient:
        return WeComClient(self.config, session)

    async def start(self, on_event: OnEvent) -> None:
        await self.open()
        crypto = WeComCrypto(self.callback.token, self.callback.aes_key, self.config.corp_id)
        app = web.Application()
        app.add_subapp(self.callback.path, callback_app(crypto, on_event))
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.callback.host, self.callback.port)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.callback_url = f"http://{self.callback.host}:{port}{self.callback.path}/"

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()
        await self.close_client()
