"""A local WeCom emulator: gettoken, message/send, media/upload, and a driver that plays the members.

Like bot/rehearsal/emulator.py for Telegram: the real client runs against it on 127.0.0.1.
It models what a test cannot see on the real platform: a member outside the
app's range comes back in `invaliduser`; past 30 messages a minute or 1,000 an
hour to one member, WeCom answers ok and delivers nothing (`dropped`); past the
corp's per-minute calls, 45009. Faults are scripted per path (`fail_next`).
The driver POSTs signed, encrypted callbacks to Duban's callback URL.
"""
import asyncio
import collections
import itertools
import json
import secrets
import time
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

from bot.channels.base import RatePerPerson
from bot.channels.wecom.client import PER_MEMBER
from bot.channels.wecom.crypto import WeComCrypto

CORP_PER_MINUTE = 10_000


@dataclass
class Fault:
    status: int = 200
    errcode: int = 0
    delay: float = 0.0
    disconnect: bool = False     # the connection is closed with no answer
    delivered: bool = False      # the message arrives, then the fault answers (a lost or late response)


@dataclass
class WeComEmulator:
    corp_id: str
    secret: str
    members: set[str]
    per_member: tuple[RatePerPerson, ...] = PER_MEMBER
    corp_per_minute: int = CORP_PER_MINUTE
    token_lifetime: int = 7200
    received: dict[str, list[tuple]] = field(default_factory=lambda: collections.defaultdict(list))
    dropped: list[tuple[str, dict]] = field(default_factory=list)
    media: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    tokens_issued: int = 0
    calls: collections.Counter = field(default_factory=collections.Counter)

    def __post_init__(self):
        self._tokens: dict[str, float] = {}
        self._faults: dict[str, list[Fault]] = collections.defaultdict(list)
        self._delivered_at: dict[str, list[float]] = collections.defaultdict(list)
        self._minute: collections.deque = collections.deque()
        self._msgids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.url = self.callback_url = ""
        self._crypto: WeComCrypto | None = None
        self.last_callback: tuple[dict, str] | None = None

    def fail_next(self, path: str, *faults: Fault) -> None:
        self._faults[path].extend(faults)

    def expire_tokens(self) -> None:
        self._tokens.clear()

    def transcript(self, person: str) -> list[tuple]:
        """What the member saw, in order: ("text", …), ("markdown", …), ("card", title, text, labels),
        ("file", name)."""
        return list(self.received[person])

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/cgi-bin/gettoken", self._gettoken)
        app.router.add_post("/cgi-bin/message/send", self._send)
        app.router.add_post("/cgi-bin/media/upload", self._upload)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        return self.url

    async def stop(self) -> None:
        await self._runner.cleanup()

    async def _gettoken(self, request: web.Request) -> web.Response:
        if request.query.get("corpid") != self.corp_id or request.query.get("corpsecret") != self.secret:
            return web.json_response({"errcode": 40001, "errmsg": "invalid credential"})
        token = secrets.token_hex(16)
        self._tokens[token] = _now() + self.token_lifetime
        self.tokens_issued += 1
        return web.json_response({"errcode": 0, "errmsg": "ok", "access_token": token,
                                  "expires_in": self.token_lifetime})

    async def _send(self, request: web.Request) -> web.StreamResponse:
        body = json.loads(await request.text())
        return await self._answer(request, "/cgi-bin/message/send", lambda: self._deliver(body))

    async def _upload(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        media_id = f"media-{len(self.media) + 1}"
        self.media[media_id] = (form["media"].filename, form["media"].file.read())
        return await self._answer(request, "/cgi-bin/media/upload",
                                  lambda: {"errcode": 0, "errmsg": "ok", "type": "file", "media_id": media_id})

    async def _answer(self, request: web.Request, path: str, act) -> web.StreamResponse:
        self.calls[path] += 1
        fault = self._faults[path].pop(0) if self._faults[path] else None
        if self._tokens.get(request.query.get("access_token", ""), 0) < _now():
            return web.json_response({"errcode": 42001, "errmsg": "access_token expired"})
        if fault is None:
            return web.json_response(self._corp_limited() or act())
        if fault.delivered:
            act()
        await asyncio.sleep(fault.delay)
        if fault.disconnect:
            request.transport.close()
            return web.Response()
        return web.json_response({"errcode": fault.errcode, "errmsg": "scripted fault"}, status=fault.status)

    def _corp_limited(self) -> dict | None:
        now = _now()
        while self._minute and self._minute[0] <= now - 60:
            self._minute.popleft()
        self._minute.append(now)
        if len(self._minute) > self.corp_per_minute:
            return {"errcode": 45009, "errmsg": "api freq out of limit"}
        return None

    def _deliver(self, body: dict) -> dict:
        invalid = []
        for person in body["touser"].split("|"):
            if person not in self.members:
                invalid.append(person)
            elif self._over_limit(person):
                self.dropped.append((person, body))     # WeCom's silent drop: "ok", and nothing arrives
            else:
                self.received[person].append(_seen(body, self.media))
        return {"errcode": 0, "errmsg": "ok", "invaliduser": "|".join(invalid), "msgid": f"msg{next(self._msgids)}"}

    def _over_limit(self, person: str) -> bool:
        now, times = _now(), self._delivered_at[person]
        times.append(now)
        return any(sum(1 for at in times if at > now - limit.seconds) > limit.count for limit in self.per_member)

    def connect_callback(self, url: str, token: str, aes_key: str) -> None:
        """Duban's callback URL, Token and EncodingAESKey, as the admin enters them in WeCom's console."""
        self.callback_url, self._crypto = url, WeComCrypto(token, aes_key, self.corp_id)

    async def user_sends(self, person: str, text: str) -> int:
        return await self._callback(_xml(self.corp_id, person, "text", Content=text))

    async def user_presses(self, person: str, key: str) -> int:
        return await self._callback(_xml(self.corp_id, person, "event", Event="template_card_event", EventKey=key,
                                         TaskId="task", CardType="button_interaction"))

    async def user_sends_file(self, person: str, name: str, content: bytes) -> int:
        media_id = f"media-{len(self.media) + 1}"
        self.media[media_id] = (name, content)
        return await self._callback(_xml(self.corp_id, person, "file", MediaId=media_id, FileName=name))

    async def _callback(self, plain: str) -> int:
        """POST as WeCom does; the status Duban answered (403 when it refused the callback)."""
        timestamp, nonce = str(int(time.time())), secrets.token_hex(8)
        encrypted, signed = self._crypto.seal(plain, timestamp, nonce)
        self.last_callback = ({"msg_signature": signed, "timestamp": timestamp, "nonce": nonce},
                              f"<xml><ToUserName><![CDATA[{self.corp_id}]]></ToUserName>"
                              f"<Encrypt><![CDATA[{encrypted}]]></Encrypt><AgentID>1</AgentID></xml>")
        return await self.post_callback(*self.last_callback)

    async def post_callback(self, params: dict, body: str) -> int:
        """Any request to the callback URL: a replay of `last_callback`, or a forged one."""
        async with aiohttp.ClientSession() as session:
            async with session.post(self.callback_url, params=params, data=body.encode()) as response:
                return response.status

    async def verify_url(self, echostr_plain: str) -> tuple[int, str]:
        """WeCom's check when the admin saves the callback URL: Duban must answer the decrypted echostr."""
        timestamp, nonce = str(int(time.time())), secrets.token_hex(8)
        echostr, signed = self._crypto.seal(echostr_plain, timestamp, nonce)
        params = {"msg_signature": signed, "timestamp": timestamp, "nonce": nonce, "echostr": echostr}
        async with aiohttp.ClientSession() as session:
            async with session.get(self.callback_url, params=params) as response:
                return response.status, await response.text()


def _now() -> float:
    return asyncio.get_running_loop().time()


def _xml(corp_id: str, person: str, kind: str, **fields: str) -> str:
    extra = "".join(f"<{tag}><![CDATA[{value}]]></{tag}>" for tag, value in fields.items())
    return (f"<xml><ToUserName><![CDATA[{corp_id}]]></ToUserName><FromUserName><![CDATA[{person}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>{extra}</xml>")


def _seen(body: dict, media: dict) -> tuple:
    kind = body["msgtype"]
    if kind == "template_card":
        card = body["template_card"]
        return ("card", card["main_title"]["title"], card.get("sub_title_text", ""),
                tuple(button["text"] for button in card["button_list"]))
    if kind == "file":
        return ("file", media[body["file"]["media_id"]][0])
    return (kind, body[kind]["content"])
