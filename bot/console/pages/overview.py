"""总览: a placeholder until the dashboard page replaces it."""
from aiohttp import web

from bot.console.pages import render


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/", _page, name="overview")


async def _page(request: web.Request) -> web.Response:
    return render(request, "overview.html")
