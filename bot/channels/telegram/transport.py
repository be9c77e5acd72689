"""python-telegram-bot's Bot API calls over aiohttp instead of httpx.

httpx, with httpcore and anyio under it, cost the bot process about 1.4 ms of CPU a call, more than Duban's
own work for a reply; aiohttp, which Duban already runs for the webhook and the emulator, about 0.2 ms
(bench/reply_throughput.py). python-telegram-bot's own aiohttp request lives in ptbcontrib, which is not
published on PyPI; this one follows it, keeping HTTPXRequest's timeouts and errors: a timeout is TimedOut
(Telegram may have taken the message), every other failure to talk to it NetworkError.
"""
import asyncio

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# HTTPXRequest's defaults, in seconds: the bot's fault handling (a send past 5 s is unconfirmed) counts on them
CONNECT_TIMEOUT = READ_TIMEOUT = 5.0
POOL_TIMEOUT = 1.0


def _timeout(value, default: float | None) -> float | None:
    return default if value is BaseRequest.DEFAULT_NONE else value


class AiohttpRequest(BaseRequest):
    """Up to `connections` calls at once; a call waits `pool_timeout` for a free connection."""

    def __init__(self, connections: int, pool_timeout: float = POOL_TIMEOUT):
        self._connections, self._pool_timeout = connections, pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return READ_TIMEOUT

    async def initialize(self) -> None:
        """The session belongs to the running event loop, so it is made here, not in __init__."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self._connections),
                                                  timeout=aiohttp.ClientTimeout(total=None))

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout=BaseRequest.DEFAULT_NONE, write_timeout=BaseRequest.DEFAULT_NONE,
                         connect_timeout=BaseRequest.DEFAULT_NONE,
                         pool_timeout=BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        """aiohttp has no write timeout; its `connect` is the wait for a pooled connection (httpx's pool)."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        timeout = aiohttp.ClientTimeout(total=None, connect=_timeout(pool_timeout, self._pool_timeout),
                                        sock_connect=_timeout(connect_timeout, CONNECT_TIMEOUT),
                                        sock_read=_timeout(read_timeout, READ_TIMEOUT))
        try:
            async with self._session.request(method, url, data=_body(request_data), timeout=timeout,
                                             headers={"User-Agent": self.USER_AGENT}) as response:
                return response.status, await response.read()
        except asyncio.TimeoutError as error:      # aiohttp's timeouts are asyncio's
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{error.__class__.__name__}: {error}") from error


def _body(request_data: RequestData | None) -> dict[str, str] | aiohttp.FormData | None:
    """The parameters form-encoded, as Telegram takes them; with files, multipart, the file's name in UTF-8 as
    httpx sends it (aiohttp would percent-encode it, and Telegram would show 月反馈汇总 as %E6%9C%88…)."""
    if request_data is None:
        return None
    if not request_data.multipart_data:
        return request_data.json_parameters
    form = aiohttp.FormData(request_data.json_parameters, quote_fields=False)
    for name, (file_name, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=file_name, content_type=mime_type)
    return form
