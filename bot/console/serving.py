"""Starting the console beside the bot: its settings from the deployment's, served on its own address."""
import contextlib
from datetime import datetime, timezone

from aiohttp import web

from bot import messages as m
from bot.console.app import Console, console_app
from bot.console.sessions import Sessions, deployment_key
from bot.runtime import Duban
from store.uow import Clock


def wall_clock() -> datetime:
    return datetime.now(timezone.utc)


def console_for(duban: Duban, public_url: str, wall: Clock = wall_clock) -> Console:
    """The console of this deployment: sessions signed with its key; cookies Secure when it is reached over HTTPS
    (behind the proxy, DUBAN_CONSOLE_URL=https://…)."""
    sessions = Sessions(duban.engine, duban.clock, wall, deployment_key(duban.settings.audit_key()))
    return Console(duban, sessions, secure=public_url.startswith("https://"), public_url=public_url)


def address(text: str) -> tuple[str, int] | None:
    """HOST:PORT as (host, port); None when it is not one."""
    host, _, port = text.rpartition(":")
    return (host.strip("[]") or "127.0.0.1", int(port)) if port.isdigit() and int(port) < 65536 else None


@contextlib.asynccontextmanager
async def serving(console: Console, host: str, port: int):
    """The console listening on host:port while the block runs."""
    runner = web.AppRunner(console_app(console), access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        yield
    finally:
        await runner.cleanup()


async def alongside(duban: Duban, listen: tuple[str, int] | None, main) -> None:
    """`main` (the bot's loop) with the console served on `listen` meanwhile, when asked for."""
    if listen is None:
        await main
        return
    console = console_for(duban, duban.settings.console_url or f"http://{listen[0]}:{listen[1]}")
    async with serving(console, *listen):
        print(m.CONSOLE_STARTED.format(url=console.public_url), flush=True)
        await main
