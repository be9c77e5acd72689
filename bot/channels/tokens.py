"""An access token kept until shortly before it expires, fetched once however many sends wait for it."""
import asyncio
from typing import Awaitable, Callable

from bot.channels.base import Transient

REFRESH_BEFORE = 300.0   # both platforms give 7,200 s; a token is renewed 5 minutes early, as DingTalk's SDK does


class TokenCache:
    def __init__(self, fetch: Callable[[], Awaitable[tuple[str, float]]]):
        """`fetch` returns (token, seconds it lives)."""
        self._fetch = fetch
        self._token, self._until = "", 0.0
        self._lock = asyncio.Lock()
        self.fetched = 0

    async def get(self) -> str:
        async with self._lock:
            now = asyncio.get_running_loop().time()
            if not self._token or now >= self._until:
                try:
                    token, lives = await self._fetch()
                except asyncio.TimeoutError:   # before any message left: safe to try again
                    raise Transient("获取 access_token 超时") from None
                self._token, self._until = token, now + lives - REFRESH_BEFORE
                self.fetched += 1
            return self._token

    def expire(self, token: str) -> None:
        """The platform refused `token` before its time (revoked, or another server fetched a new one)."""
        if token == self._token:
            self._token = ""
