"""The Telegram application: wires python-telegram-bot's Application, the tick and the sender.

The JobQueue only drives the tick (every minute); what is due is decided from
the database, and the sender drains the outbox whenever it is kicked (after a
handler or a tick) or once a minute.
"""
import asyncio
import contextlib
import logging

from telegram import Bot
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

from bot.channels.telegram.handlers import DubanContext, register
from bot.channels.telegram.ordering import PerPersonOrder
from bot.channels.telegram.runtime import Runtime
from bot.channels.telegram.sending import send_queued
from bot.channels.telegram.transport import AiohttpRequest
from bot.config import Settings
from bot.rounds.scheduling import scheduling_round
from bot.runtime import Duban
from bot.services import dates

log = logging.getLogger(__name__)
TokenRefused = InvalidToken     # the command line names it without importing telegram
SENDER_IDLE_SECONDS = 60
SENDER_STOP_SECONDS = 30
KICKS_GATHERED_SECONDS = 0.05     # every handled reply kicks the sender; a burst of them is one look at the outbox
REACH_RETRY_SECONDS = 60          # Telegram out of reach at start-up: tried again at most this far apart


# a sender's sends overlap (bot.channels.telegram.pacing); a wait for a connection must not time out a send
SEND_CONNECTIONS = 64
SEND_POOL_TIMEOUT = 30


def _sending_request() -> AiohttpRequest:
    return AiohttpRequest(SEND_CONNECTIONS, pool_timeout=SEND_POOL_TIMEOUT)


def bare_bot(settings: Settings) -> Bot:
    """A bare Bot API client for the configured server, for work outside the Application (tick, senders)."""
    return Bot(settings.token(), base_url=settings.telegram_base_url, request=_sending_request(),
               get_updates_request=AiohttpRequest(1))


async def _sender_loop(application: Application) -> None:
    runtime: Runtime = application.bot_data
    duban, kick, stopping = runtime.duban, runtime.kick, runtime.stopping
    while not stopping.is_set():
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(kick.wait(), SENDER_IDLE_SECONDS)
            await asyncio.sleep(KICKS_GATHERED_SECONDS)
        kick.clear()
        if stopping.is_set():
            return
        try:
            await send_queued(application.bot, duban)
        except Exception:   # the database or network is down: keep the loop, try again next round
            log.exception("sending round failed")


async def tick(context: DubanContext) -> None:
    """One scheduling round, then wake the sender."""
    try:
        if await asyncio.to_thread(scheduling_round, context.duban):
            context.kick_sender()
    except Exception:
        log.exception("scheduling round failed")


async def _post_init(application: Application) -> None:
    await asyncio.to_thread(dates.prepare)
    runtime: Runtime = application.bot_data
    runtime.duban.bot_username = runtime.duban.settings.bot_username or application.bot.username
    if runtime.sending:
        runtime.sender = asyncio.get_running_loop().create_task(_sender_loop(application))
        runtime.kick.set()     # what was queued before (Telegram away at start-up) goes now


async def _post_shutdown(application: Application) -> None:
    """Stop the sender by asking it (cancelling alone can be lost inside wait_for on Python 3.11)."""
    runtime: Runtime = application.bot_data
    sender, runtime.sender = runtime.sender, None
    if sender is None:
        return
    runtime.stopping.set()
    runtime.kick.set()
    try:
        await asyncio.wait_for(sender, SENDER_STOP_SECONDS)
    except asyncio.TimeoutError:
        log.warning("the sender did not finish its round in time; it was cancelled")


def build_application(duban: Duban, tick_seconds: float | None = 60, sending: bool = True) -> Application:
    """The Application; `tick_seconds=None` leaves scheduling to the caller (tests, `duban tick`, a scheduler
    process), `sending=False` the outbox to sender processes."""
    application = (ApplicationBuilder().token(duban.settings.token()).base_url(duban.settings.telegram_base_url)
                   .base_file_url(duban.settings.telegram_file_url)
                   .request(_sending_request()).get_updates_request(AiohttpRequest(1))
                   .defaults(Defaults(tzinfo=duban.settings.timezone))
                   .context_types(ContextTypes(context=DubanContext)).concurrent_updates(PerPersonOrder())
                   .post_init(_post_init)
                   .post_shutdown(_post_shutdown).build())
    application.bot_data = Runtime(duban, sending, ticking=bool(tick_seconds))
    register(application)
    if tick_seconds:
        application.job_queue.run_repeating(tick, interval=tick_seconds, first=1)
    return application


async def until_reached(initialize, meanwhile=None) -> None:
    """`initialize` (getMe), however long Telegram stays out of reach, doing `meanwhile` between tries (the
    scheduling round, which queues what is due for when it answers). A refused token (InvalidToken) is no network
    fault: it is raised."""
    delay = 1.0
    while True:
        try:
            await initialize()
            return
        except NetworkError as error:       # TimedOut too
            log.warning("Telegram is out of reach (%s); trying again in %.0f s", error.__class__.__name__, delay)
        if meanwhile:
            with contextlib.suppress(Exception):      # the database away too: the next try will tell
                await meanwhile()
        await asyncio.sleep(delay)
        delay = min(delay * 2, REACH_RETRY_SECONDS)


@contextlib.asynccontextmanager
async def running(application: Application, polling: bool = True, poll_timeout: int = 1):
    """The application started without run_polling (`duban run`, tests, a webhook); stops cleanly on exit.
    `polling=False` leaves updates to the caller (bot.channels.telegram.webhook feeds them in)."""
    runtime: Runtime = application.bot_data
    await until_reached(application.initialize, runtime.ticking and (
        lambda: asyncio.to_thread(scheduling_round, runtime.duban)))
    await application.post_init(application)
    await application.start()
    if polling:
        await application.updater.start_polling(poll_interval=0, timeout=poll_timeout)
    try:
        yield application
    finally:
        if polling:
            await application.updater.stop()
        await application.stop()
        await application.post_shutdown(application)
        await application.shutdown()


async def serve_polling(application: Application) -> None:
    """`duban run` in polling mode, until cancelled (a stop signal)."""
    async with running(application, poll_timeout=10):
        await asyncio.Event().wait()


async def send_once(duban: Duban) -> bool:
    """One sending round with a bare Bot (`duban tick`); False when Telegram is out of reach."""
    try:
        async with bare_bot(duban.settings) as bot:
            await send_queued(bot, duban)
    except NetworkError:      # out of reach: what is queued goes with the next round
        return False
    return True
