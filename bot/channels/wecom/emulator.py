"""A local WeCom emulator: gettoken, message/send, media upload and get, and a driver that plays the members.

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

import aiohttp
from aiohttp import web

from bot.channels.base import RatePerPerson
from bot.channels.emulation import Fault, PlatformEmulator, Seen
from bot.channels.wecom.client import PER_MEMBER
from bot.channels.wecom.crypto import WeComCrypto

CORP_PER_MINUTE = 10_000


class WeComEmulator(PlatformEmulator):
    def __init__(self, corp_id: str, secret: str, members: set[str],
                 per_member: tuple[RatePerPerson, ...] = PER_MEMBER, corp_per_minute: int = CORP_PER_MINUTE,
                 clock=None):
        super().__init__(clock)
        self.corp_id, self.secret, self.members = corp_id, secret, members
        self.per_member, self.corp_per_minute = per_member, corp_per_minute
        self.calls: collections.Counter = collections.Counter()
        self.calls_refused = 0        # 45009 answers past the corp's calls a minute
        self.callback_url = ""
        self.last_callback: tuple[dict, str] | None = None
        self._crypto: WeComCrypto | None = None
        self._delivered_at: dict[str, list[float]] = collections.defaultdict(list)
        self._minute: collections.deque = collections.deque()
        self._msgids = itertools.count(1)

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/cgi-bin/gettoken", self._gettoken)
        app.router.add_post("/cgi-bin/message/send", self._send)
        app.router.add_post("/cgi-bin/media/upload", self._upload)
        app.router.add_get("/cgi-bin/media/get", self._media_get)

    def refusal(self, fault: Fault) -> web.Response:
        return web.json_response({"errcode": fault.code, "errmsg": "scripted fault"}, status=fault.status)

    async def _gettoken(self, request: web.Request) -> web.Response:
        if request.query.get("corpid") != self.corp_id or request.query.get("corpsecret") != self.secret:
            return web.json_response({"errcode": 40001, "errmsg": "invalid credential"})
        return web.json_response({"errcode": 0, "errmsg": "ok", "access_token": self.issue_token(),
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

    async def _media_get(self, request: web.Request) -> web.StreamResponse:
        """A member's file, as WeCom serves it: the bytes, or a JSON error."""
        if not self.token_valid(request.query.get("access_token", "")):
            return web.json_response({"errcode": 42001, "errmsg": "access_token expired"})
        found = self.media.get(request.query.get("media_id", ""))
        if found is None:
            return web.json_response({"errcode": 40007, "errmsg": "invalid media_id"})
        return web.Response(body=found[1], content_type="application/octet-stream",
                            headers={"Content-Disposition": f'attachment; filename="{found[0]}"'})

    async def _answer(self, request: web.Request, path: str, act) -> web.StreamResponse:
        self.calls[path] += 1
        if not self.token_valid(request.query.get("access_token", "")):
            return web.json_response({"errcode": 42001, "errmsg": "access_token expired"})
        return await self.faulted(request, path, act, lambda: web.json_response(self._corp_limited() or act()))

    def _corp_limited(self) -> dict | None:
        now = _now()
        while self._minute and self._minute[0] <= now - 60:
            self._minute.popleft()
        self._minute.append(now)
        if len(self._minute) > self.corp_per_minute:
            self.calls_refused += 1
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
                self.deliver(person, _seen(body, self.media))
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


def _seen(body: dict, media: dict) -> Seen:
    kind = body["msgtype"]
    if kind == "template_card":
        card, buttons = body["template_card"], body["template_card"]["button_list"]
        return Seen("card", card.get("sub_title_text", ""), card["main_title"]["title"],
                    tuple(button["text"] for button in buttons), tuple(button["key"] for button in buttons))
    if kind == "file":
        return Seen("file", file=media[body["file"]["media_id"]][0], media=body["file"]["media_id"])
    return Seen(kind, body[kind]["content"])
