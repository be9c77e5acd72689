"""A local Bot API emulator: the methods Duban uses, over HTTP, so the bot runs its real client stack.

Tests start it and point python-telegram-bot's `base_url` at it; people (users)
are simulated by `user_sends` / `user_presses`, and what the bot sent is in
`sent`. Faults are scripted per method (`fail_next`). Bodies arrive form-encoded
(every field a string, objects as JSON), as python-telegram-bot sends them.
`duban run` without a token serves the same emulator with a web chat on top
(bot.rehearsal.webchat), so what a visitor clicks is what the tests drive.
"""
import asyncio
import collections
import itertools
import json
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from aiohttp import web

TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024     # Telegram's, enforced as Telegram does: 400 Bad Request
BOT_USER = {"id": 999000111, "is_bot": True, "first_name": "督办", "username": "duban_test_bot"}


@dataclass
class Fault:
    status: int
    description: str
    retry_after: int | None = None
    delay: float = 0.0
    delivered: bool = False      # the message arrives, and then this answer comes back (a lost or late response)


def _refusal(fault: Fault) -> web.Response:
    """The Bot API's error body, as Telegram sends it."""
    body = {"ok": False, "error_code": fault.status, "description": fault.description}
    if fault.retry_after is not None:
        body["parameters"] = {"retry_after": fault.retry_after}
    return web.json_response(body, status=fault.status)


@dataclass(frozen=True)
class RateLimits:
    """Telegram's limits on sending (about 30 messages a second in all, one a second to a chat), optionally
    scaled up so a benchmark of thousands of messages runs in seconds. Over a limit: 429, retry after 1 s."""
    overall: float = 30.0
    per_chat: float = 1.0

    def scaled(self, factor: float) -> "RateLimits":
        return RateLimits(self.overall * factor, self.per_chat)


SENDING = ("sendMessage", "sendDocument", "sendPhoto")


@dataclass
class Emulator:
    token: str
    updates: list[dict] = field(default_factory=list)
    sent: list[dict] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    users: dict[int, dict] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    answers: list[str] = field(default_factory=list)   # callback query answers, in order
    said: list[dict] = field(default_factory=list)     # what the people sent, for the web chat's transcript
    clock: Callable[[], datetime] | None = None        # message dates; a rehearsal's clock, else real time
    latency: float = 0.0                               # seconds each call takes: a slow network, a batch in flight
    limits: RateLimits | None = None                   # Telegram's flood limits, enforced with 429s

    def __post_init__(self):
        self._ids = itertools.count(1)
        self._arrived = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.webhook: dict = {}
        self._watched: dict[int, asyncio.Future] = {}
        self.sent_at: list[float] = []           # monotonic time of each message the bot sent
        self.throttled = 0                        # 429s given for going over `limits`
        self._recent: collections.deque[tuple[float, int]] = collections.deque()   # (time, chat) of the last second
        self.app = web.Application(client_max_size=50 * 1024 * 1024)
        self.app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self.app.router.add_get("/file/bot{token}/files/{file_id}", self._file)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self, port: int = 0) -> "Emulator":
        self._runner = web.AppRunner(self.app)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, "127.0.0.1", port)
        await self._site.start()
        self.port = self._site._server.sockets[0].getsockname()[1]
        return self

    async def go_offline(self) -> None:
        """Telegram out of reach: the port closed and every open connection dropped, until `come_back`."""
        await self._site.stop()
        for connection in self._runner.server.connections:
            connection.force_close()

    async def come_back(self) -> None:
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await self._site.start()

    async def stop(self) -> None:
        self._arrived.set()
        if self._runner:
            await self._runner.cleanup()

    def _now(self) -> int:
        return int(self.clock().timestamp()) if self.clock else int(time.time())

    # --- people -----------------------------------------------------------
    def _user(self, user_id: int) -> dict:
        return self.users.setdefault(user_id, {"id": user_id, "is_bot": False, "first_name": f"用户{user_id}"})

    def name_user(self, user_id: int, name: str) -> None:
        self._user(user_id)["first_name"] = name

    def transcript(self, chat_id: int) -> list[dict]:
        """Both sides of one private chat, in the order they were sent."""
        return sorted((m for m in self.said + self.sent if m["chat"]["id"] == chat_id), key=lambda m: m["message_id"])

    def _push(self, update: dict) -> dict:
        update["update_id"] = next(self._ids)
        self.updates.append(update)
        self._arrived.set()
        return update

    def user_sends(self, user_id: int, text: str = "", reply_to: dict | None = None, document: dict | None = None,
                   photo: list | None = None, caption: str = "") -> dict:
        message = {"message_id": next(self._ids), "date": self._now(), "from": self._user(user_id),
                   "chat": {"id": user_id, "type": "private", "first_name": self._user(user_id)["first_name"]}}
        if text:
            message["text"] = text
            if text.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if reply_to:
            message["reply_to_message"] = reply_to
        if document:
            message["document"] = document
        if photo:
            message["photo"] = photo
        if caption:
            message["caption"] = caption
        self.said.append(message)
        return self._push({"message": message})

    def group_sends(self, user_id: int, group_id: int, text: str) -> dict:
        """A message in a group someone added the bot to (Duban works in private chats only)."""
        message = {"message_id": next(self._ids), "date": self._now(), "from": self._user(user_id),
                   "chat": {"id": group_id, "type": "group", "title": "群聊"}, "text": text}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self._push({"message": message})

    def user_presses(self, user_id: int, message: dict, data: str) -> dict:
        return self._push({"callback_query": {"id": str(next(self._ids)), "from": self._user(user_id),
                                              "chat_instance": "1", "data": data, "message": message}})

    def fail_next(self, method: str, *faults: Fault) -> None:
        self.faults.setdefault(method, []).extend(faults)

    def messages_to(self, chat_id: int) -> list[dict]:
        return [m for m in self.sent if m["chat"]["id"] == chat_id]

    async def wait_for(self, condition, timeout: float = 10.0):
        """Wait until condition() is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            await asyncio.sleep(0.02)
        raise AssertionError("timed out waiting for the bot")

    # --- the Bot API ------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _refusal(Fault(401, "Unauthorized"))
        method = request.match_info["method"]
        self.calls.append(method)
        try:
            params = {k: v for k, v in (await request.post()).items()}
        except ConnectionResetError:     # the bot went away before its request was whole: Telegram never saw it
            return web.Response(status=499)
        # a request fully received is carried out, as Telegram does, even when its client dies while it waits
        return await asyncio.shield(self._carry_out(method, params))

    async def _carry_out(self, method: str, params: dict) -> web.Response:
        await asyncio.sleep(self.latency)
        queued = self.faults.get(method)
        fault = queued.pop(0) if queued else None
        if fault:
            if fault.delivered:
                await getattr(self, f"api_{method}")(params)
            await asyncio.sleep(fault.delay)
            return _refusal(fault)
        if self.limits and method in SENDING and self._over_limit(int(params.get("chat_id", 0))):
            self.throttled += 1
            return _refusal(Fault(429, "Too Many Requests: retry after 1", retry_after=1))
        handler = getattr(self, f"api_{method}", None)
        if len(params.get("text", "")) > TEXT_LIMIT or len(params.get("caption", "")) > CAPTION_LIMIT:
            too_long = "message is too long" if "text" in params else "message caption is too long"
            return _refusal(Fault(400, f"Bad Request: {too_long}"))
        if handler is None:
            return _refusal(Fault(404, f"Not Found: {method}"))
        return web.json_response({"ok": True, "result": await handler(params)})

    def _over_limit(self, chat_id: int) -> bool:
        """Over either limit in the last second; otherwise the message counts towards them."""
        now = time.monotonic()
        while self._recent and self._recent[0][0] <= now - 1:
            self._recent.popleft()
        if len(self._recent) >= self.limits.overall or \
                sum(1 for _, chat in self._recent if chat == chat_id) >= self.limits.per_chat:
            return True
        self._recent.append((now, chat_id))
        return False

    async def _file(self, request: web.Request) -> web.Response:
        data = self.files.get(request.match_info["file_id"])
        if request.match_info["token"] != self.token or data is None:
            return web.Response(status=404)
        return web.Response(body=data)

    def keep_file(self, prefix: str, data: bytes) -> str:
        file_id = f"{prefix}{len(self.files) + 1}"
        self.files[file_id] = data
        return file_id

    async def api_getMe(self, params):
        return BOT_USER

    async def api_deleteWebhook(self, params):
        self.webhook = {}
        return True

    async def api_setWebhook(self, params):
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token", "")}
        return True

    async def api_getUpdates(self, params):
        offset, timeout = int(params.get("offset") or 0), float(params.get("timeout") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates and timeout:
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), timeout)
            except asyncio.TimeoutError:
                pass
        return list(self.updates)

    def _bot_message(self, params, **extra) -> dict:
        chat_id = int(params["chat_id"])
        message = {"message_id": next(self._ids), "date": self._now(), "from": BOT_USER,
                   "chat": {"id": chat_id, "type": "private"}, **extra}
        if params.get("reply_markup"):
            message["reply_markup"] = json.loads(params["reply_markup"])
        self.sent.append(message)
        self.sent_at.append(time.monotonic())
        self._wrote(chat_id)
        return message

    def watch(self, chat_id: int) -> asyncio.Future:
        """Resolved (with the loop's time) when the bot next writes to this chat: a reply's latency."""
        self._watched[chat_id] = asyncio.get_running_loop().create_future()
        return self._watched[chat_id]

    def _wrote(self, chat_id: int) -> None:
        future = self._watched.pop(chat_id, None)
        if future is not None and not future.done():
            future.set_result(asyncio.get_running_loop().time())

    async def api_sendMessage(self, params):
        return self._bot_message(params, text=params["text"])

    async def api_sendDocument(self, params):
        document = params.get("document")
        name = getattr(document, "filename", None) or "document"
        file_id = self.keep_file("doc", document.file.read() if hasattr(document, "file") else b"")
        return self._bot_message(params, caption=params.get("caption", ""),
                                 document={"file_id": file_id, "file_unique_id": file_id, "file_name": name})

    async def api_sendPhoto(self, params):
        photo = params.get("photo")
        file_id = self.keep_file("photo", photo.file.read() if hasattr(photo, "file") else b"")
        size = {"file_id": file_id, "file_unique_id": file_id, "width": 1, "height": 1}
        return self._bot_message(params, caption=params.get("caption", ""), photo=[size])

    async def api_editMessageText(self, params):
        for message in self.sent:
            if message["message_id"] == int(params["message_id"]):
                message["text"] = params["text"]
                message.pop("reply_markup", None)
                if params.get("reply_markup"):
                    message["reply_markup"] = json.loads(params["reply_markup"])
                self._wrote(message["chat"]["id"])
                return message
        return True

    async def api_answerCallbackQuery(self, params):
        self.answers.append(params.get("text", ""))
        return True

    async def api_getFile(self, params):
        size = len(self.files.get(params["file_id"], b""))
        return {"file_id": params["file_id"], "file_unique_id": params["file_id"], "file_size": size,
                "file_path": f"files/{params['file_id']}"}
