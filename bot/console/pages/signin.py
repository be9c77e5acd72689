"""Signing in (a password, or a one-time link the bot sent) and out.

The sign-in forms have no session yet: their CSRF token is bound to a random
cookie the form's page sets. A link is opened on a page with a button, so that
a link preview fetching the address does not spend it.
"""
import asyncio
import hmac
import ipaddress
import secrets

from aiohttp import web

from bot import messages as m
from bot.console import accounts
from bot.console.pages import console_of, render, see_other, signed_in

COOKIE = "duban_console"
NONCE_COOKIE = "duban_console_login"


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/login", _form, name="sign_in_form")
    router.add_post("/login", _sign_in, name="sign_in")
    router.add_get("/link/{code}", _link_form, name="link_form")
    router.add_post("/link/{code}", _link, name="link")
    router.add_post("/logout", _sign_out, name="sign_out")


def _cookie(response: web.StreamResponse, request: web.Request, name: str, value: str) -> None:
    response.set_cookie(name, value, httponly=True, samesite="Strict", secure=console_of(request).secure, path="/")


def _with_nonce(request: web.Request, template: str, status: int = 200, **context) -> web.Response:
    nonce = secrets.token_urlsafe(16)
    response = render(request, template, status=status, form_token=console_of(request).sessions.login_token(nonce),
                      **context)
    _cookie(response, request, NONCE_COOKIE, nonce)
    return response


def _next(request: web.Request) -> str:
    """Where to go after signing in: a page of this console only (not //elsewhere)."""
    wanted = request.query.get("next", "/")
    return wanted if wanted.startswith("/") and not wanted.startswith(("//", "/\\")) else "/"


async def _form(request: web.Request) -> web.Response:
    return _with_nonce(request, "sign_in.html", next=_next(request))


async def _form_genuine(request: web.Request) -> bool:
    nonce = request.cookies.get(NONCE_COOKIE, "")
    given = str((await request.post()).get("csrf", ""))
    return bool(nonce) and hmac.compare_digest(given.encode(), console_of(request).sessions.login_token(nonce).encode())


def _address(request: web.Request) -> str:
    """Who is signing in, for the throttle: behind a reverse proxy on this machine, the address the proxy saw (the
    last one it appended to X-Forwarded-For; earlier ones are the client's own claim). Someone connecting to the
    loopback directly can claim any address, but the account's own throttle still holds."""
    remote = request.remote or ""
    forwarded = request.headers.get("X-Forwarded-For", "")
    return forwarded.split(",")[-1].strip()[:64] if forwarded and _loopback(remote) else remote


def _loopback(remote: str) -> bool:
    try:
        return ipaddress.ip_address(remote).is_loopback
    except ValueError:
        return False


async def _signed_in(request: web.Request, user, via: str, target: str) -> web.StreamResponse:
    console = console_of(request)
    cookie = await asyncio.to_thread(console.sessions.open, user, _address(request), via)
    response = see_other(target)
    _cookie(response, request, COOKIE, cookie)
    response.del_cookie(NONCE_COOKIE, path="/")
    return response


async def _sign_in(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    name, target = str(form.get("name", "")).strip(), _next(request)
    if not await _form_genuine(request):
        return _with_nonce(request, "sign_in.html", 403, next=target, name=name, error=m.CONSOLE_FORGED)
    console = console_of(request)
    try:
        user = await asyncio.to_thread(accounts.check_password, console.duban.engine, console.sessions.wall(), name,
                                       str(form.get("password", "")), _address(request))
    except accounts.SignInRefused as refused:
        return _with_nonce(request, "sign_in.html", 403, next=target, name=name, error=str(refused))
    return await _signed_in(request, user, "password", target)


async def _link_form(request: web.Request) -> web.Response:
    return _with_nonce(request, "link.html", code=request.match_info["code"])


async def _link(request: web.Request) -> web.StreamResponse:
    code = request.match_info["code"]
    if not await _form_genuine(request):
        return _with_nonce(request, "link.html", 403, code=code, error=m.CONSOLE_FORGED)
    console = console_of(request)
    try:
        user = await asyncio.to_thread(accounts.take_link, console.duban.engine, console.sessions.wall(), code)
    except accounts.SignInRefused as refused:
        return _with_nonce(request, "link.html", 403, code=code, error=str(refused), spent=True)
    return await _signed_in(request, user, "link", "/")


async def _sign_out(request: web.Request) -> web.StreamResponse:
    await asyncio.to_thread(console_of(request).sessions.close, signed_in(request))
    response = see_other("/login")
    response.del_cookie(COOKIE, path="/")
    return response
