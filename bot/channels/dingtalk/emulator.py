"""A local DingTalk emulator: token, Stream gateway and WebSocket, robot messages, cards, media, 工作通知.

Like bot/rehearsal/emulator.py for Telegram: the real SDK and client run against it on
127.0.0.1 (`api` and `oapi` both point here). `/v1.0/gateway/connections/open`
returns a local WebSocket that pushes CALLBACK frames and checks each ack. The
driver plays a person: `user_sends`, `user_presses` (only a button the person
was sent), `user_sends_file`; `transcript(person)` is what the person received.
Modelled as DingTalk does it: past the app's QPS, 403 QpsLimitForApi; a
工作通知 with content the person already had today, or past 500 a day, answers
success and delivers nothing (`dropped`). Faults are scripted per path.
"""
import asyncio
import collections
import hashlib
import itertools
import json
import secrets
import time
from dataclasses import dataclass, field

from aiohttp import WSMsgType, web

from bot.channels.dingtalk.client import APP_QPS, NOTICE_PER_DAY

ROBOT_TOPIC, CARD_TOPIC = "/v1.0/im/bot/messages/get", "/v1.0/card/instances/callback"
BATCH_SEND, CARD_SEND = "/v1.0/robot/oToMessages/batchSend", "/v1.0/im/v1.0/robot/interactiveCards/send"
NOTICE, UPLOAD = "/topapi/message/corpconversation/asyncsend_v2", "/media/upload"


@dataclass
class Fault:
    status: int = 200
    code: str = ""
    delay: float = 0.0
    disconnect: bool = False
    delivered: bool = False   # the message arrives, then the fault answers (a lost or late response)


@dataclass
class DingTalkEmulator:
    client_id: str
    client_secret: str
    staff: set[str]
    qps: float = APP_QPS
    token_lifetime: int = 7200
    received: dict[str, list[tuple]] = field(default_factory=lambda: collections.defaultdict(list))
    dropped: list[tuple[str, dict]] = field(default_factory=list)
    media: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    acks: list[dict] = field(default_factory=list)
    tokens_issued: int = 0
    over_qps: int = 0

    def __post_init__(self):
        self._tokens: dict[str, float] = {}
        self._faults: dict[str, list[Fault]] = collections.defaultdict(list)
        self._second: collections.deque = collections.deque()
        self._notices: dict[str, list[str]] = collections.defaultdict(list)
        self._cards: dict[str, list[dict]] = collections.defaultdict(list)
        self._sockets: list[web.WebSocketResponse] = []
        self._waiting: dict[str, asyncio.Future] = {}
        self._ids = itertools.count(1)
        self.subscriptions: list[dict] = []
        self.url = ""

    def fail_next(self, path: str, *faults: Fault) -> None:
        self._faults[path].extend(faults)

    def expire_tokens(self) -> None:
        self._tokens.clear()

    def transcript(self, person: str) -> list[tuple]:
        """("markdown", title, text), ("text", …), ("card", title, text, labels), ("file", name), ("notice", …)."""
        return list(self.received[person])

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/v1.0/oauth2/accessToken", self._token)
        app.router.add_post("/v1.0/gateway/connections/open", self._open)
        app.router.add_get("/connect", self._connect)
        for path in (BATCH_SEND, CARD_SEND, NOTICE, UPLOAD):
            app.router.add_post(path, self._call)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        return self.url

    async def stop(self) -> None:
        await self.drop_connections()
        await self._runner.cleanup()

    async def drop_connections(self) -> None:
        sockets, self._sockets = self._sockets, []     # gone at once: the next push waits for a new connection
        for socket in sockets:
            await socket.close()

    # --- the Stream gateway ---
    async def _open(self, request: web.Request) -> web.Response:
        body = await request.json()
        if (body.get("clientId"), body.get("clientSecret")) != (self.client_id, self.client_secret):
            return web.json_response({"code": "InvalidAuthentication", "message": "clientId 或 clientSecret 有误"},
                                     status=401)
        self.subscriptions = body.get("subscriptions", [])
        return web.json_response({"endpoint": self.url.replace("http", "ws") + "/connect",
                                  "ticket": secrets.token_hex(8)})

    async def _connect(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        async for frame in socket:
            if frame.type == WSMsgType.TEXT:
                ack = json.loads(frame.data)
                self.acks.append(ack)
                waiting = self._waiting.pop(ack.get("headers", {}).get("messageId", ""), None)
                if waiting and not waiting.done():
                    waiting.set_result(ack)
        if socket in self._sockets:
            self._sockets.remove(socket)
        return socket

    async def connected(self, timeout: float = 10.0) -> None:
        """Wait until Duban's Stream client holds a connection."""
        deadline = time.monotonic() + timeout
        while not self._sockets:
            if time.monotonic() > deadline:
                raise TimeoutError("Duban never opened the DingTalk stream")
            await asyncio.sleep(0.02)

    async def push(self, topic: str, data: dict, timeout: float = 10.0) -> dict:
        """A CALLBACK frame as DingTalk sends it; returns Duban's ack, checked to answer this very frame."""
        await self.connected()
        message_id = f"msg-{next(self._ids)}"
        frame = {"specVersion": "1.0", "type": "CALLBACK", "data": json.dumps(data, ensure_ascii=False),
                 "headers": {"appId": self.client_id, "connectionId": "c1", "contentType": "application/json",
                             "messageId": message_id, "time": str(int(time.time() * 1000)), "topic": topic}}
        self._waiting[message_id] = asyncio.get_running_loop().create_future()
        await self._sockets[-1].send_str(json.dumps(frame, ensure_ascii=False))
        ack = await asyncio.wait_for(self._waiting[message_id], timeout)
        assert ack["headers"]["messageId"] == message_id
        return ack

    # --- the driver: a person writing to the robot ---
    async def user_sends(self, person: str, text: str) -> dict:
        return await self.push(ROBOT_TOPIC, {**_robot_message(person), "msgtype": "text", "text": {"content": text}})

    async def user_sends_file(self, person: str, name: str, content: bytes) -> dict:
        code = f"download-{len(self.media) + 1}"
        self.media[code] = (name, content)
        return await self.push(ROBOT_TOPIC, {**_robot_message(person), "msgtype": "file",
                                             "content": {"downloadCode": code, "fileName": name}})

    async def user_presses(self, person: str, key: str) -> dict:
        card = next(card for card in reversed(self._cards[person]) if key in card["keys"])   # only what they got
        content = {"cardPrivateData": {"actionIds": [key], "params": {}}}
        return await self.push(CARD_TOPIC, {"outTrackId": card["outTrackId"], "corpId": "ding-corp", "userId": person,
                                            "type": "actionCallback", "content": json.dumps(content),
                                            "extension": "{}"})

    # --- the OpenAPI ---
    async def _token(self, request: web.Request) -> web.Response:
        body = await request.json()
        if (body.get("appKey"), body.get("appSecret")) != (self.client_id, self.client_secret):
            return web.json_response({"code": "invalidClientSecret", "message": "appSecret 有误"}, status=400)
        token = secrets.token_hex(16)
        self._tokens[token] = asyncio.get_running_loop().time() + self.token_lifetime
        self.tokens_issued += 1
        return web.json_response({"accessToken": token, "expireIn": self.token_lifetime})

    async def _call(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        token = request.headers.get("x-acs-dingtalk-access-token") or request.query.get("access_token", "")
        if self._tokens.get(token, 0) < asyncio.get_running_loop().time():
            return web.json_response({"code": "InvalidAuthentication", "message": "不合法的access_token"}, status=401)
        act = await self._action(path, request)
        fault = self._faults[path].pop(0) if self._faults[path] else None
        if fault is None:
            return self._qps_refusal() or web.json_response(act())
        if fault.delivered:
            act()
        await asyncio.sleep(fault.delay)
        if fault.disconnect:
            request.transport.close()
            return web.Response()
        return web.json_response({"code": fault.code or "scripted", "message": "scripted fault"}, status=fault.status)

    def _qps_refusal(self) -> web.Response | None:
        now = asyncio.get_running_loop().time()
        while self._second and self._second[0] <= now - 1:
            self._second.popleft()
        self._second.append(now)
        if len(self._second) <= self.qps:
            return None
        self.over_qps += 1
        return web.json_response({"code": "Forbidden.AccessDenied.QpsLimitForApi", "message": "超过QPS限制"},
                                 status=403)

    async def _action(self, path: str, request: web.Request):
        if path == UPLOAD:
            form = await request.post()
            return lambda: self._store_media(form["media"].filename, form["media"].file.read())
        body, act = await request.json(), {BATCH_SEND: self._robot, CARD_SEND: self._card, NOTICE: self._notice}[path]
        return lambda: act(body)

    def _store_media(self, name: str, content: bytes) -> dict:
        media_id = f"@media-{len(self.media) + 1}"
        self.media[media_id] = (name, content)
        return {"errcode": 0, "errmsg": "ok", "type": "file", "media_id": media_id}

    def _robot(self, body: dict) -> dict:
        param, invalid = json.loads(body["msgParam"]), []
        for person in body["userIds"]:
            if person not in self.staff:
                invalid.append(person)
            else:
                self.received[person].append(_seen(body["msgKey"], param, self.media))
        return {"processQueryKey": secrets.token_hex(8), "invalidStaffIdList": invalid,
                "flowControlledStaffIdList": []}

    def _card(self, body: dict) -> dict:
        person, card = json.loads(body["singleChatReceiver"])["userId"], json.loads(body["cardData"])
        if person not in self.staff:
            return {"success": False, "result": {}, "invalidStaffIdList": [person]}
        [markdown, actions] = card["contents"]
        buttons = actions["actions"]
        self._cards[person].append({"outTrackId": body["outTrackId"], "keys": [button["id"] for button in buttons]})
        self.received[person].append(("card", card["header"]["title"]["text"], markdown["text"],
                                      tuple(button["label"]["text"] for button in buttons)))
        return {"success": True, "result": {"processQueryKey": body["outTrackId"]}}

    def _notice(self, body: dict) -> dict:
        markdown = body["msg"]["markdown"]
        content = hashlib.sha256(f"{markdown['title']}\n{markdown['text']}".encode()).hexdigest()
        for person in body["userid_list"].split(","):
            had = self._notices[person]
            if content in had or len(had) >= NOTICE_PER_DAY:
                self.dropped.append((person, body))     # 工作通知's silent drop: "ok", and nothing arrives
                continue
            had.append(content)
            self.received[person].append(("notice", markdown["title"], markdown["text"]))
        return {"errcode": 0, "errmsg": "ok", "task_id": next(self._ids), "request_id": secrets.token_hex(6)}


def _robot_message(person: str) -> dict:
    return {"conversationId": f"cid-{person}", "conversationType": "1", "msgId": secrets.token_hex(8),
            "senderNick": person, "senderStaffId": person, "senderId": f"$:{person}", "robotCode": "duban",
            "chatbotUserId": "duban-bot", "createAt": int(time.time() * 1000), "isAdmin": False,
            "sessionWebhook": "http://127.0.0.1/session-webhook", "sessionWebhookExpiredTime": 0}


def _seen(key: str, param: dict, media: dict) -> tuple:
    if key == "sampleMarkdown":
        return ("markdown", param["title"], param["text"])
    if key == "sampleFile":
        return ("file", media[param["mediaId"]][0])
    return ("text", param["content"])
