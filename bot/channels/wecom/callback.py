"""WeCom's callback, served by Duban's aiohttp: the URL check (GET) and signed, encrypted messages (POST).

Mount `callback_app(...)` under the path given to WeCom as the callback URL. A
request that fails the signature, the replay window or decryption gets 403 and
reaches no handler. Messages become the channel's events; others are ignored.
An accepted callback is answered at once and its event handled after: WeCom asks
again when no answer comes within five seconds, and a reply may wait for the
member's 30-a-minute window (bot.channels.pacing).
"""
import asyncio
import time
from typing import Callable

from aiohttp import web

from bot.channels.base import ButtonPress, Event, File, OnEvent, Sender, Text
from bot.channels.wecom.crypto import CallbackRefused, WeComCrypto, xml_fields

MEDIA_TYPES = ("file", "image", "voice", "video")


def callback_app(crypto: WeComCrypto, on_event: OnEvent, now: Callable[[], float] = time.time) -> web.Application:
    handling: set[asyncio.Task] = set()     # held, or the loop may collect an event's task mid-way

    async def verify_url(request: web.Request) -> web.Response:
        query = request.query
        try:
            echo = crypto.check(query.get("msg_signature", ""), query.get("timestamp", ""), query.get("nonce", ""),
                                query.get("echostr", ""), now())
        except CallbackRefused as refused:
            raise web.HTTPForbidden(text=f"企业微信回调校验失败：{refused}") from None
        return web.Response(text=echo)

    async def receive(request: web.Request) -> web.Response:
        query = request.query
        try:
            encrypted = xml_fields(await request.text()).get("Encrypt", "")
            plain = crypto.check(query.get("msg_signature", ""), query.get("timestamp", ""), query.get("nonce", ""),
                                 encrypted, now())
            event = to_event(xml_fields(plain))
        except CallbackRefused as refused:
            raise web.HTTPForbidden(text=f"企业微信回调被拒：{refused}") from None
        if event is not None:
            task = asyncio.get_running_loop().create_task(on_event(event))
            handling.add(task)
            task.add_done_callback(handling.discard)
        return web.Response(text="")   # an empty 200: WeCom expects no passive reply

    app = web.Application()
    app.router.add_get("/", verify_url)
    app.router.add_post("/", receive)
    return app


def to_event(fields: dict[str, str]) -> Event | None:
    sender = Sender(fields.get("FromUserName", ""))
    kind = fields.get("MsgType")
    if kind == "text":
        return Text(sender, fields.get("Content", ""))
    if kind == "event" and fields.get("Event") == "template_card_event":
        return ButtonPress(sender, fields.get("EventKey", ""))
    if kind in MEDIA_TYPES and fields.get("MediaId"):
        return File(sender, fields["MediaId"], fields.get("FileName", ""))
    return None
