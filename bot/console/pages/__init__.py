"""What every console page shares: the console at hand, who is signed in, rendering and refusing."""
import aiohttp_jinja2
from aiohttp import web

from bot.console.accounts import actor_of
from bot.console.sessions import SignedIn
from store.audit import Actor

CONSOLE = web.AppKey("console", object)
SIGNED = web.RequestKey("signed", SignedIn)


def console_of(request: web.Request):
    return request.app[CONSOLE]


def signed_in(request: web.Request) -> SignedIn:
    return request[SIGNED]


def actor(request: web.Request) -> Actor:
    """The person acting, as the audit trail records them: the account, with the console as the origin."""
    signed = signed_in(request)
    return actor_of(signed.name, signed.role)


def render(request: web.Request, template: str, status: int = 200, **context) -> web.Response:
    return aiohttp_jinja2.render_template(template, request, context, status=status)


def refuse(request: web.Request, status: int, message: str) -> web.Response:
    """A refusal as a page in Chinese (or, for htmx, the fragment that shows it)."""
    return render(request, "refused.html", status=status, message=message)


def see_other(target: str) -> web.Response:
    """The answer to a form that worked: go to `target` (a response, so that cookies set on it are kept)."""
    return web.Response(status=303, headers={"Location": target})
