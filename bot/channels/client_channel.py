"""What the DingTalk and WeCom channels share: a platform client on the channel's own HTTP session, which sends
messages and files and fetches what a person sent; each channel adds its own way of receiving."""
import aiohttp

from bot.channels.base import Message, SentRef


class ClientChannel:
    client = None

    def new_client(self, session: aiohttp.ClientSession):
        raise NotImplementedError

    async def open(self) -> None:
        """Ready sending alone (a process that only sends)."""
        if self.client is None:
            self.client = self.new_client(aiohttp.ClientSession())

    async def close_client(self) -> None:
        if self.client:
            await self.client.close()
            self.client = None

    async def send(self, person: str, message: Message) -> SentRef:
        return await self.client.send(person, message)

    async def send_file(self, person: str, name: str, content: bytes, caption: str = "") -> SentRef:
        return await self.client.send_file(person, name, content, caption)

    async def fetch(self, media: str) -> bytes:
        return await self.client.fetch(media)
