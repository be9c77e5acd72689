"""The console's aiohttp application: its pages, the guard every request passes, and the templates.

Each page module has `register(router)`; add a module to PAGES to serve it.
Every route needs a signed-in session except those named in PUBLIC; every
request that changes something (any method but GET/HEAD) must carry the
session's CSRF token (form field `csrf`, or the X-CSRF-Token header htmx sends),
and an observer's is refused.
"""
import hmac
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import urlencode

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot import messages as m
from bot.console.pages import CONSOLE, SIGNED, audit_trail, overview, people, plans, refuse, rules, see_other, signin
from bot.console.pages import item, reports, review, unit
from bot.console.sessions import Sessions
from bot.console.uploads import Uploads
from bot.runtime import Duban

PAGES = (signin, overview, plans, people, audit_trail, rules, unit, item, review, reports)
PUBLIC = {"sign_in", "sign_in_form", "link", "link_form", "static"}
OBSERVERS_MAY = {"sign_out"}          # the one change an observer makes: leaving
CSRF_HEADER = "X-CSRF-Token"
MAX_UPLOAD = 20 * 1024 * 1024          # a plan, roster or review workbook; the chat's own limit for files
SAFE = ("GET", "HEAD")
HEADERS = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                                      "form-action 'self'; base-uri 'none'"}
NAV = (("总览", "/"), ("待审核", "/review"), ("报告", "/reports"), ("计划与名册", "/plans"), ("留痕", "/audit"),
       ("设置", "/settings"))


@dataclass
class Console:
    duban: Duban
    sessions: Sessions
    secure: bool          # cookies only over HTTPS: true behind the proxy (a https public address)
    public_url: str       # where links to the console point (the bot's sign-in links)
    uploads: Uploads = field(default_factory=Uploads)

    def link(self, code: str) -> str:
        return f"{self.public_url.rstrip('/')}/link/{code}"


async def _csrf_given(request: web.Request) -> str:
    if CSRF_HEADER in request.headers:
        return request.headers[CSRF_HEADER]
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return str((await request.post()).get("csrf", ""))
    return ""


@web.middleware
async def _guard(request: web.Request, handler):
    route = request.match_info.route.name
    if route in PUBLIC or request.match_info.http_exception is not None:
        return _hardened(await handler(request))
    console = request.app[CONSOLE]
    signed = await console.duban.one_message(console.sessions.find, request.cookies.get(signin.COOKIE))
    if signed is None:
        return _hardened(_to_sign_in(request))
    if request.method not in SAFE:
        if not _same(await _csrf_given(request), signed.csrf):
            return _hardened(refuse(request, 403, m.CONSOLE_FORGED))
        if not signed.acts and route not in OBSERVERS_MAY:
            return _hardened(refuse(request, 403, m.CONSOLE_OBSERVER))
    request[SIGNED] = signed
    return _hardened(await handler(request))


def _same(given: str, wanted: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), wanted.encode())


def _to_sign_in(request: web.Request) -> web.StreamResponse:
    if request.method not in SAFE:
        return refuse(request, 403, m.CONSOLE_NO_SESSION)
    target = "/login?" + urlencode({"next": request.path_qs})
    if request.headers.get("HX-Request"):       # htmx swaps the page: tell it to load the sign-in page instead
        return web.Response(status=401, headers={"HX-Redirect": target})
    return see_other(target)


def _hardened(response: web.StreamResponse) -> web.StreamResponse:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def console_app(console: Console) -> web.Application:
    app = web.Application(middlewares=[_guard], client_max_size=MAX_UPLOAD)
    app[CONSOLE] = console
    aiohttp_jinja2.setup(app, loader=jinja2.PackageLoader("bot.console", "templates"),
                         context_processors=[_context], autoescape=True)
    app.router.add_static("/static", str(resources.files("bot.console") / "static"), name="static")
    for page in PAGES:
        page.register(app.router)
    return app


async def _context(request: web.Request) -> dict:
    signed = request.get(SIGNED)
    return {"signed": signed, "csrf": signed.csrf if signed else "", "nav": NAV, "path": request.path}
