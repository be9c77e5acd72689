"""待审核: the submissions waiting for the office, oldest first, each with its evidence beside it; bulk 通过 and
one-key 退回 with a reason. Difficulties and extension requests wait below, each a click from its item page."""
from aiohttp import web
from sqlmodel import Session

from bot import messages as m
from bot.console.acting import Done, act
from bot.console.files import PHOTOS
from bot.render.items import label, title
from bot.console.pages import console_of, render
from bot.console.pages.item import on_item
from store.views import item_views
from bot.services import acting
from store import evidence
from store.console_views import REVIEW_LISTED, submissions
from store.tables import DueItemRow
from workflows.item_state import BLOCKED, EXTENSION_REQUESTED, SUBMITTED


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/review", _page, name="review")
    router.add_post("/review/accept", _accept, name="review_accept")
    router.add_post("/review/return/{item_id:\\d+}", _return, name="review_return")


def queue(duban, unit_id: int | None) -> dict:
    with Session(duban.engine) as session:
        mine = (DueItemRow.unit_id == unit_id,) if unit_id else ()
        waiting = item_views(session, DueItemRow.state == SUBMITTED, *mine)
        last = submissions(session, [i.id for i in waiting])
        waiting.sort(key=lambda i: (last[i.id].at, i.id) if i.id in last else (i.due, i.id))
        shown = waiting[:REVIEW_LISTED]
        files = evidence.files_of_items(session, [i.id for i in shown])
        return {"waiting": [(i, last.get(i.id), {f.hash: f for f in files.get(i.id, [])}) for i in shown],
                "total": len(waiting), "unit_id": unit_id, "zone": duban.settings.timezone, "photos": PHOTOS,
                "blocked": item_views(session, DueItemRow.state == BLOCKED, *mine),
                "extensions": item_views(session, DueItemRow.extension == EXTENSION_REQUESTED, *mine)}


async def _page(request: web.Request, done: list[Done] = ()) -> web.Response:
    console = console_of(request)
    unit = request.query.get("unit", "")
    context = await console.duban.one_message(queue, console.duban, int(unit) if unit.isdigit() else None)
    return render(request, "review.html", done=list(done), label=label, title=title, **context)


async def _accept(request: web.Request) -> web.Response:
    """通过 every item ticked, each in a unit of work of its own: one refused (answered meanwhile) stops no other."""
    chosen = [int(v) for v in (await request.post()).getall("item", []) if str(v).isdigit()]
    if not chosen:
        return await _page(request, [Done(m.CONSOLE_NONE_CHOSEN, False)])
    done = [await act(request, on_item(item_id, lambda uow, person, item: acting.verdict(uow, person, item, "accept")))
            for item_id in chosen]
    return await _page(request, done)


async def _return(request: web.Request) -> web.Response:
    reason = str((await request.post()).get("reason", "")).strip()
    if not reason:
        return await _page(request, [Done(m.CONSOLE_REASON_NEEDED, False)])
    item_id = int(request.match_info["item_id"])
    returned = on_item(item_id, lambda uow, person, item: acting.verdict(uow, person, item, "return", reason))
    return await _page(request, [await act(request, returned)])
