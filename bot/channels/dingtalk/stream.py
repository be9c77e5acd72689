"""Receiving from DingTalk in Stream mode, with the official `dingtalk-stream` SDK.

Duban opens the connection itself (`/v1.0/gateway/connections/open`, then a
WebSocket), so a county server needs no public URL, no 备案 domain, no open port.
The SDK parses the frames, routes them by topic to the handlers below and builds
the acknowledgements; this module owns the connection loop, because the SDK's
own `start()` calls the blocking `requests` inside the event loop and retries
forever at a fixed 10 s: here the blocking call runs in a thread, reconnects
back off, and `stop()` ends it. A frame is acknowledged after Duban handled
its event, so one that failed is answered 500 and DingTalk delivers it again.
"""
import asyncio
import json
import logging
from urllib.parse import quote_plus

import websockets
from dingtalk_stream import AckMessage, CallbackHandler, ChatbotMessage, Credential, DingTalkStreamClient
from dingtalk_stream.card_callback import CardCallbackMessage

from bot.channels.base import ButtonPress, Event, File, OnEvent, Sender, Text

CARD_TOPIC = "/v1.0/card/instances/callback"
BACKOFF = (1.0, 2.0, 5.0, 10.0, 30.0)
log = logging.getLogger(__name__)


def robot_event(data: dict) -> Event | None:
    """A robot message (topic /v1.0/im/bot/messages/get) as the channel's event; None for what Duban ignores."""
    message = ChatbotMessage.from_dict(data)
    sender = Sender(message.sender_staff_id or "", message.sender_nick or "")
    if message.message_type == "text":
        return Text(sender, message.text.content.strip())
    if message.message_type in ("file", "picture"):
        content = data.get("content", {})
        return File(sender, content.get("downloadCode", ""), content.get("fileName", ""))
    return None


def card_event(data: dict) -> Event | None:
    """A card-button press: the button's id is Duban's key (item:action:period)."""
    callback = CardCallbackMessage.from_dict(data)
    actions = callback.content.get("cardPrivateData", {}).get("actionIds", [])
    return ButtonPress(Sender(callback.user_id), actions[0]) if actions else None


class _Forward(CallbackHandler):
    def __init__(self, to_event, on_event: OnEvent):
        super().__init__()
        self._to_event, self._on_event = to_event, on_event

    async def process(self, message):
        event = self._to_event(message.data)
        if event is not None:
            try:
                await self._on_event(event)
            except Exception:
                log.exception("handling a DingTalk event failed; DingTalk will deliver it again")
                return AckMessage.STATUS_SYSTEM_EXCEPTION, "error"
        return AckMessage.STATUS_OK, "OK"


class DingTalkReceiver:
    def __init__(self, client_id: str, client_secret: str, api: str):
        # the SDK reads its endpoint once, from DINGTALK_OPENAPI_ENDPOINT at import; it is process-wide there too
        DingTalkStreamClient.OPEN_CONNECTION_API = api + "/v1.0/gateway/connections/open"
        self._sdk = DingTalkStreamClient(Credential(client_id, client_secret), logger=log)
        self._task: asyncio.Task | None = None
        self._handling: set[asyncio.Task] = set()     # held, or the loop may collect a frame's task mid-way
        self.connections = 0

    async def start(self, on_event: OnEvent) -> None:
        """Receive in the background until stop(); reconnects with back-off."""
        self._sdk.register_callback_handler(ChatbotMessage.TOPIC, _Forward(robot_event, on_event))
        self._sdk.register_callback_handler(CARD_TOPIC, _Forward(card_event, on_event))
        self._sdk.pre_start()
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        failures = 0
        while True:
            connection = await asyncio.to_thread(self._sdk.open_connection)
            if connection:
                try:
                    await self._receive(connection)
                    failures = 0
                except (OSError, websockets.ConnectionClosed) as error:
                    log.warning("DingTalk stream closed: %s", error)
            await asyncio.sleep(BACKOFF[min(failures, len(BACKOFF) - 1)])
            failures += 1

    async def _receive(self, connection: dict) -> None:
        uri = f'{connection["endpoint"]}?ticket={quote_plus(connection["ticket"])}'
        async with websockets.connect(uri) as websocket:
            self._sdk.websocket = websocket
            self.connections += 1
            async for raw in websocket:
                task = asyncio.create_task(self._sdk.background_task(json.loads(raw)))
                self._handling.add(task)
                task.add_done_callback(self._handling.discard)
