"""The web chat over the emulator: pick a person, read and write their chat with the bot, move the clock.

Everything the page does goes through the emulator as that person's Telegram
update (a message, a button press, a file), so the bot cannot tell the page
from Telegram. The page and its assets are files of this package, and the
Chinese font is the one the charts use: no CDN, no build, no tofu.

It listens on 127.0.0.1 and answers only requests addressed to it by that name
(a page on another site cannot reach it by rebinding its own name), and every
action carries the token the page was served with, which another site's page
cannot read: a forged cross-site request is refused.
"""
import asyncio
import secrets
from datetime import date
from importlib import resources
from urllib.parse import quote

from aiohttp import web

from bot import messages as m
from bot.rehearsal.year import RehearsalError
from documents.digest_chart import FONT_FILE

PAGE = resources.files("bot.rehearsal") / "web"
ASSETS = {"index.html": "text/html", "chat.js": "text/javascript", "chat.css": "text/css"}
MAX_UPLOAD = 20 * 1024 * 1024      # Telegram's own limit for a bot's downloads
DEMO = web.AppKey("demo", object)
TOKEN = web.AppKey("token", str)
TOKEN_HEADER = "X-Duban-Token"
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")


@web.middleware
async def _guard(request: web.Request, handler):
    """The emulator's Bot API shares the server: its paths are the bot's, checked for the name only."""
    if request.host.rpartition(":")[0] not in LOCAL_NAMES and request.host not in LOCAL_NAMES:
        raise web.HTTPForbidden(text=m.WEB_WRONG_HOST)
    if request.method == "POST" and request.path.startswith("/api/") and not secrets.compare_digest(
            request.headers.get(TOKEN_HEADER, ""), request.app[TOKEN]):
        raise web.HTTPForbidden(text=m.WEB_NO_TOKEN)
    return await handler(request)


def register(app: web.Application, demo) -> None:
    app[DEMO], app[TOKEN] = demo, secrets.token_urlsafe(24)
    app.middlewares.append(_guard)
    app.router.add_get("/", _asset)
    app.router.add_get("/static/{name}", _asset)
    app.router.add_get("/api/state", _state)
    app.router.add_get("/api/chat/{user_id}", _chat)
    app.router.add_post("/api/join", _join)
    app.router.add_post("/api/send", _send)
    app.router.add_post("/api/press", _press)
    app.router.add_post("/api/upload", _upload)
    app.router.add_get("/api/file/{file_id}", _file)
    app.router.add_post("/api/clock", _clock)
    app.router.add_post("/api/console", _console)


async def _asset(request: web.Request) -> web.Response:
    name = request.match_info.get("name", "index.html")
    if name == "cjk.otf":        # the chart's font, for a browser on a machine without a Chinese one
        return web.FileResponse(str(FONT_FILE), headers={"Cache-Control": "max-age=86400"})
    if name not in ASSETS:
        raise web.HTTPNotFound()
    body = (PAGE / name).read_bytes()
    if name == "index.html":       # the page's actions carry the token it was served with
        body = body.replace(b"{{token}}", request.app[TOKEN].encode())
        body = body.replace(b"{{platform}}", request.app[DEMO].platform.encode())
    return web.Response(body=body, content_type=ASSETS[name], charset="utf-8")


def _persona(request: web.Request, user_id) -> object:
    try:
        persona = request.app[DEMO].persona(int(user_id))
    except (TypeError, ValueError):
        persona = None
    if persona is None:
        raise web.HTTPBadRequest(text=m.WEB_NO_SUCH_PERSON)
    return persona


async def _state(request: web.Request) -> web.Response:
    demo = request.app[DEMO]
    joined = demo.joined()
    today = demo.duban.today()
    return web.json_response({
        "today": today.isoformat(), "weekday": m.WEEKDAYS[today.weekday()],
        "workday": demo.duban.calendar.is_workday(today),
        "personas": [{"id": p.user_id, "name": p.name, "role": p.role, "unit": p.unit, "joined": p.user_id in joined}
                     for p in demo.personas]})


async def _chat(request: web.Request) -> web.Response:
    persona = _persona(request, request.match_info["user_id"])
    return web.json_response({"messages": request.app[DEMO].api.transcript(persona.user_id)})


async def _join(request: web.Request) -> web.Response:
    persona = _persona(request, (await request.json()).get("user_id"))
    await request.app[DEMO].join(persona)
    return web.json_response({"ok": True})


def _message(request: web.Request, persona, message_id) -> dict:
    """A message of this person's chat, by its id: another person's cannot be pressed or replied to as theirs."""
    transcript = request.app[DEMO].api.transcript(persona.user_id)
    found = next((msg for msg in transcript if str(msg["message_id"]) == str(message_id)), None)
    if found is None:
        raise web.HTTPBadRequest(text=m.WEB_NO_SUCH_MESSAGE)
    return found


def _replied(request: web.Request, persona, message_id) -> dict | None:
    return _message(request, persona, message_id) if message_id not in (None, "") else None


async def _send(request: web.Request) -> web.Response:
    body = await request.json()
    persona = _persona(request, body.get("user_id"))
    text = str(body.get("text", "")).strip()
    if text:
        replied = _replied(request, persona, body.get("reply_to"))
        request.app[DEMO].api.user_sends(persona.user_id, text, reply_to=replied)
    return web.json_response({"ok": True})


async def _press(request: web.Request) -> web.Response:
    body = await request.json()
    persona = _persona(request, body.get("user_id"))
    message = _message(request, persona, body.get("message_id"))
    request.app[DEMO].api.user_presses(persona.user_id, message, str(body.get("data", "")))
    return web.json_response({"ok": True})


async def _upload(request: web.Request) -> web.Response:
    """A photo or a file as evidence, with its caption: sent as Telegram would deliver it."""
    form = await request.post()
    persona = _persona(request, form.get("user_id"))
    upload = form.get("file")
    if not isinstance(upload, web.FileField):
        raise web.HTTPBadRequest(text=m.WEB_NO_FILE)
    data = upload.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_UPLOAD, actual_size=len(data))
    api = request.app[DEMO].api
    caption, replied = str(form.get("caption", "")), _replied(request, persona, form.get("reply_to"))
    if (upload.content_type or "").startswith("image/"):
        file_id = api.keep_file("photo", data)
        photo = {"file_id": file_id, "file_unique_id": file_id, "width": 1, "height": 1, "file_size": len(data)}
        api.user_sends(persona.user_id, photo=[photo], caption=caption, reply_to=replied)
    else:
        file_id = api.keep_file("doc", data)
        api.user_sends(persona.user_id, document={"file_id": file_id, "file_unique_id": file_id,
                                                  "file_name": upload.filename, "file_size": len(data)},
                       caption=caption, reply_to=replied)
    return web.json_response({"ok": True})


async def _file(request: web.Request) -> web.Response:
    data = request.app[DEMO].api.files.get(request.match_info["file_id"])
    if data is None:
        raise web.HTTPNotFound()
    name = request.query.get("name", request.match_info["file_id"])
    return web.Response(body=data, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


async def _clock(request: web.Request) -> web.Response:
    demo, body = request.app[DEMO], await request.json()
    try:
        if body.get("to") == "next-workday":
            await demo.next_workday()
        else:
            await demo.move_to(date.fromisoformat(str(body.get("to"))))
    except ValueError as error:      # RehearsalError, or a date that is not one
        text = str(error) if isinstance(error, RehearsalError) else m.WEB_BAD_DATE
        return web.json_response({"ok": False, "error": text}, status=400)
    return web.json_response({"ok": True, "today": demo.duban.today().isoformat()})


async def _console(request: web.Request) -> web.Response:
    """A one-time link that signs the visitor in to the console as the office."""
    link = await asyncio.to_thread(request.app[DEMO].console_link)
    if link is None:
        raise web.HTTPNotFound()
    return web.json_response({"link": link})
