"""Webhook mode: Telegram posts each update to a path nobody can guess, with a secret header checked in constant time.

The path and the secret are derived from the bot token, so both change with it
and neither is another setting to leak. An update is handled before Telegram
gets its 200, and recorded (store.updates), so a retry or a second delivery
is handled once and an update whose handling died is handled again.
"""
import asyncio
import hashlib
import hmac
import json
import logging

from aiohttp import web
from sqlmodel import Session
from telegram import Update
from telegram.ext import Application

from bot.channels.telegram.application import running
from bot.runtime import Duban
from store import updates

HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024            # an update is a few kilobytes; anything near this is not from Telegram
APPLICATION = web.AppKey("application", Application)
SECRET = web.AppKey("secret", bytes)
log = logging.getLogger(__name__)


def _derived(token: str, purpose: str) -> str:
    return hmac.new(token.encode(), purpose.encode(), hashlib.sha256).hexdigest()


def path_for(token: str) -> str:
    return f"/telegram/{_derived(token, 'duban webhook path')[:32]}"


def secret_for(token: str) -> str:
    return _derived(token, "duban webhook secret")


def _take(duban: Duban, update_id: int) -> str:
    with Session(duban.engine) as session:
        taken = updates.take(session, update_id, duban.clock())
        session.commit()
    return taken


def _done(duban: Duban, update_id: int) -> None:
    with Session(duban.engine) as session:
        updates.done(session, update_id)
        session.commit()


def _update(body: bytes, application: Application) -> Update | None:
    """The update in a body, or None: JSON null, a list, a deep nesting or an update without its id is none."""
    try:
        data = json.loads(body)
        update = Update.de_json(data, application.bot) if isinstance(data, dict) else None
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    return update if update is not None and type(update.update_id) is int else None


async def _receive(request: web.Request) -> web.Response:
    application = request.app[APPLICATION]
    duban: Duban = application.bot_data.duban
    given = request.headers.get(HEADER, "").encode()
    if not hmac.compare_digest(given, request.app[SECRET]):
        log.warning("webhook: refused a request without the secret from %s", request.remote)
        return web.Response(status=403)
    update = _update(await request.read(), application)
    if update is None:
        log.warning("webhook: refused a body that is not an update")
        return web.Response(status=400)
    taken = await duban.one_message(_take, duban, update.update_id)
    if taken == updates.BUSY:
        return web.Response(status=503)       # being handled right now: Telegram will deliver it again
    if taken == updates.NEW:
        await application.update_processor.process_update(update, application.process_update(update))
        await duban.one_message(_done, duban, update.update_id)
    return web.Response(status=200)


def receiver(application: Application) -> web.Application:
    token = application.bot_data.duban.settings.token()
    app = web.Application(client_max_size=MAX_BODY)
    app[APPLICATION], app[SECRET] = application, secret_for(token).encode()
    app.router.add_post(path_for(token), _receive)
    return app


async def serve(application: Application, host: str, port: int, public_url: str) -> None:
    """Run the bot on a webhook until cancelled: tell Telegram where, then take updates there.

    The webhook stays set when this receiver stops: with several receivers behind the proxy, deleting it would stop
    Telegram delivering to the others; a change to polling deletes it anyway (start_polling does)."""
    token = application.bot_data.duban.settings.token()
    runner = web.AppRunner(receiver(application), access_log=None)
    async with running(application, polling=False):
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        await application.bot.set_webhook(public_url.rstrip("/") + path_for(token), secret_token=secret_for(token),
                                          allowed_updates=Update.ALL_TYPES)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()
