"""A local DingTalk emulator: token, Stream gateway and WebSocket, robot messages, cards, media, 工作通知.

Like bot/rehearsal/emulator.py for Telegram: the real SDK and client run against it on
127.0.0.1 (`api` and `oapi` both point here). `/v1.0/gateway/connections/open`
returns a local WebSocket that pushes CALLBACK frames and checks each ack. The
driver (`person(id)`, bot.channels.emulation) plays a person: `user_sends`,
`user_presses` (only a button the person was sent), `user_sends_file`, whose
file Duban fetches through `messageFiles/download`; `transcript(person)` is
what the person received.
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

from aiohttp import WSMsgType, web

from bot.channels.dingtalk.client import APP_QPS, NOTICE_PER_DAY
from bot.channels.emulation import Fault, PlatformEmulator, Seen

ROBOT_TOPIC, CARD_TOPIC = "/v1.0/im/bot/messages/get", "/v1.0/card/instances/callback"
BATCH_SEND, CARD_SEND = "/v1.0/robot/oToMessages/batchSend", "/v1.0/im/v1.0/robot/interactiveCards/send"
NOTICE, UPLOAD = "/topapi/message/corpconversation/asyncsend_v2", "/media/upload"
DOWNLOAD = "/v1.0/robot/messageFiles/download"


class DingTalkEmulator(PlatformEmulator):
    def __init__(self, client_id: str, client_secret: str, staff: set[str], qps: float = APP_QPS, clock=None):
        super().__init__(clock)
        self.client_id, self.client_secret, self.staff, self.qps = client_id, client_secret, staff, qps
        self.acks: list[dict] = []
        self.over_qps = 0
        self.subscriptions: list[dict] = []
        self._second: collections.deque = collections.deque()
        self._notices: dict[str, list[str]] = collections.defaultdict(list)
        self._cards: dict[str, list[dict]] = collections.defaultdict(list)
        self._sockets: list[web.WebSocketResponse] = []
        self._waiting: dict[str, asyncio.Future] = {}
        self._ids = itertools.count(1)

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/v1.0/oauth2/accessToken", self._token)
        app.router.add_post("/v1.0/gateway/connections/open", self._open)
        app.router.add_get("/connect", self._connect)
        app.router.add_get("/files/{code}", self._file)
        for path in (BATCH_SEND, CARD_SEND, NOTICE, UPLOAD, DOWNLOAD):
            app.router.add_post(path, self._call)

    async def stop(self) -> None:
        await self.drop_connections()
        await super().stop()

    def refusal(self, fault: Fault) -> web.Response:
        return web.json_response({"code": fault.code or "scripted", "message": "scripted fault"}, status=fault.status)

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
        return await self.push(ROBOT_TOPIC, {**self._robot_message(person), "msgtype": "text",
                                             "text": {"content": text}})

    async def user_sends_file(self, person: str, name: str, content: bytes) -> dict:
        code = f"download-{len(self.media) + 1}"
        self.media[code] = (name, content)
        return await self.push(ROBOT_TOPIC, {**self._robot_message(person), "msgtype": "file",
                                             "content": {"downloadCode": code, "fileName": name}})

    async def user_presses(self, person: str, key: str) -> dict:
        card = next(card for card in reversed(self._cards[person]) if key in card["keys"])   # only what they got
        content = {"cardPrivateData": {"actionIds": [key], "params": {}}}
        return await self.push(CARD_TOPIC, {"outTrackId": card["outTrackId"], "corpId": "ding-corp", "userId": person,
                                            "type": "actionCallback", "content": json.dumps(content),
                                            "extension": "{}"})

    def _robot_message(self, person: str) -> dict:
        return _robot_message(person, self.names.get(person, person))

    # --- the OpenAPI ---
    async def _token(self, request: web.Request) -> web.Response:
        body = await request.json()
        if (body.get("appKey"), body.get("appSecret")) != (self.client_id, self.client_secret):
            return web.json_response({"code": "invalidClientSecret", "message": "appSecret 有误"}, status=400)
        return web.json_response({"accessToken": self.issue_token(), "expireIn": self.token_lifetime})

    async def _call(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        token = request.headers.get("x-acs-dingtalk-access-token") or request.query.get("access_token", "")
        if not self.token_valid(token):
            return web.json_response({"code": "InvalidAuthentication", "message": "不合法的access_token"}, status=401)
        act = await self._action(path, request)
        return await self.faulted(request, path, act, lambda: self._qps_refusal() or web.json_response(act()))

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
        body = await request.json()
        act = {BATCH_SEND: self._robot, CARD_SEND: self._card, NOTICE: self._notice, DOWNLOAD: self._download}[path]
        return lambda: act(body)

    def _download(self, body: dict) -> dict:
        """A file a person sent the robot: a short-lived URL to fetch it from (here, this emulator)."""
        return {"downloadUrl": f"{self.url}/files/{body['downloadCode']}"}

    async def _file(self, request: web.Request) -> web.Response:
        found = self.media.get(request.match_info["code"])
        return web.Response(body=found[1]) if found else web.Response(status=404)

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
                self.deliver(person, _seen(body["msgKey"], param, self.media))
        return {"processQueryKey": secrets.token_hex(8), "invalidStaffIdList": invalid,
                "flowControlledStaffIdList": []}

    def _card(self, body: dict) -> dict:
        person, card = json.loads(body["singleChatReceiver"])["userId"], json.loads(body["cardData"])
        if person not in self.staff:
            return {"success": False, "result": {}, "invalidStaffIdList": [person]}
        [markdown, *rows] = card["contents"]
        buttons = [(n, button) for n, row in enumerate(rows) for button in row["actions"]]
        self._cards[person].append({"outTrackId": body["outTrackId"], "keys": [b["id"] for _, b in buttons]})
        self.deliver(person, Seen("card", markdown["text"], card["header"]["title"]["text"],
                                  tuple(b["label"]["text"] for _, b in buttons), tuple(b["id"] for _, b in buttons),
                                  rows=tuple(n for n, _ in buttons)))
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
            self.deliver(person, Seen("notice", markdown["text"], markdown["title"]))
        return {"errcode": 0, "errmsg": "ok", "task_id": next(self._ids), "request_id": secrets.token_hex(6)}


def _robot_message(person: str, nick: str) -> dict:
    return {"conversationId": f"cid-{person}", "conversationType": "1", "msgId": secrets.token_hex(8),
            "senderNick": nick, "senderStaffId": person, "senderId": f"$:{person}", "robotCode": "duban",
            "chatbotUserId": "duban-bot", "createAt": int(time.time() * 1000), "isAdmin": False,
            "sessionWebhook": "http://127.0.0.1/session-webhook", "sessionWebhookExpiredTime": 0}


def _seen(key: str, param: dict, media: dict) -> Seen:
    if key == "sampleMarkdown":
        return Seen("markdown", param["text"], param["title"])
    if key == "sampleFile":
        return Seen("file", file=media[param["mediaId"]][0], media=param["mediaId"])
    return Seen("text", param["content"])
