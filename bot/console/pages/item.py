"""事项: an item's row in full, its dates, timeline and evidence, and the office's actions on it.

Every action is the chat's own use case (bot.services.acting, bot.services.office), run as the signed-in account.
"""
from aiohttp import web
from sqlmodel import Session

from bot import messages as m
from bot.console.acting import Done, act
from bot.console.files import PHOTOS, file_response
from bot.console.pages import console_of, render
from bot.console.preview import PREVIEWED, preview
from bot.render.evidence import marked_lines
from bot.render.items import label, title
from bot.services import acting
from bot.services.chat import Answer
from bot.services.office import issue_notice
from store import evidence, evidence_checks
from store.console_views import item_record, timeline
from store.views import item_view
from store.rules import rules_of
from store.tables import PlanRow, UnitRow
from workflows.errors import InputError, NotAllowed
from workflows.item_state import EXTENSION_REQUESTED, STATE_NAMES

ACTIONS = ("accept", "return", "hold", "refuse_hold", "extension_ok", "extension_no", "waive", "notice")


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/item/{item_id:\\d+}", _page, name="item")
    router.add_post("/item/{item_id:\\d+}/{action}", _act, name="item_action")
    router.add_get("/evidence/{digest:[0-9a-f]{64}}", _evidence, name="evidence")


def item_page(duban, item_id: int) -> dict | None:
    with Session(duban.engine) as session:
        view, record = item_view(session, item_id), item_record(session, item_id)
        if view is None or record is None:
            return None
        steps = timeline(session, item_id, view.unit_id, label(view), view.due)
        files = {f.hash: f for f in evidence.files_of_items(session, [item_id]).get(item_id, [])}
        previews = {digest: preview(f.name, evidence.data_of(session, digest)) for digest, f in files.items()
                    if f.name.endswith(PREVIEWED)}
        submission = evidence_checks.last_submission(session, item_id)
        checks = evidence_checks.checks_of_reply(session, submission) if submission else []
        zone = duban.settings.timezone
        return {"view": view, "item": record, "steps": steps, "files": files, "previews": previews, "zone": zone,
                "photos": PHOTOS,
                "checks": [line for check, at in checks for line in marked_lines(check, at, zone)],
                "extension_asked": record.extension == EXTENSION_REQUESTED}


async def _page(request: web.Request, done: Done | None = None) -> web.Response:
    console = console_of(request)
    context = await console.duban.one_message(item_page, console.duban, int(request.match_info["item_id"]))
    if context is None:
        raise web.HTTPNotFound(text=m.CONSOLE_NO_ITEM)
    return render(request, "item.html", state_names=STATE_NAMES, actions=m.HISTORY_ACTIONS, done=done, label=label,
                  title=title, **context)


def _notice(duban, form):
    """整改通知书 on the item's row: the unit's liaisons and leader get it, and it is tracked as an item."""
    def work(uow, person, item) -> Answer:
        if not item.seq:
            raise NotAllowed(m.CONSOLE_NOTICE_NO_SEQ)
        plan = uow.session.get(PlanRow, item.plan_id)
        workdays = rules_of(uow.session, plan.id).rectification_workdays
        made, _ = issue_notice(uow, plan, uow.session.get(UnitRow, item.unit_id), (item.seq,), form["problems"],
                               duban.calendar, duban.today(), workdays)
        return Answer(m.CONSOLE_NOTICE_ISSUED.format(number=made.number, unit=made.unit, due=made.due))
    return work


def _work(duban, action: str, form):
    """What the action does to the item, as the chat's use case for it."""
    reason = form.get("reason", "").strip()
    if action in ("return", "refuse_hold", "waive", "notice") and not (reason or form.get("problems", "").strip()):
        raise InputError(m.CONSOLE_REASON_NEEDED)
    return {"accept": lambda uow, person, item: acting.verdict(uow, person, item, "accept"),
            "return": lambda uow, person, item: acting.verdict(uow, person, item, "return", reason),
            "hold": lambda uow, person, item: acting.hold(uow, person, item),
            "refuse_hold": lambda uow, person, item: acting.refuse_hold(uow, person, item, reason),
            "extension_ok": lambda uow, person, item: acting.decide(uow, person, item, approve=True),
            "extension_no": lambda uow, person, item: acting.decide(uow, person, item, approve=False),
            "waive": lambda uow, person, item: acting.waive(uow, person, item, reason),
            "notice": _notice(duban, form)}[action]


def on_item(item_id: int, work):
    """`work(uow, person, item)` on the item as it stands in the unit of work."""
    def run(uow, person) -> Answer:
        item = item_view(uow.session, item_id)
        if item is None:
            raise InputError(m.CONSOLE_NO_ITEM)
        return work(uow, person, item)
    return run


async def _act(request: web.Request) -> web.Response:
    action, item_id = request.match_info["action"], int(request.match_info["item_id"])
    if action not in ACTIONS:
        raise web.HTTPNotFound()
    form = {k: str(v) for k, v in (await request.post()).items()}
    try:
        work = _work(console_of(request).duban, action, form)
    except InputError as wrong:
        return await _page(request, Done(str(wrong), False))
    return await _page(request, await act(request, on_item(item_id, work)))


def _kept(duban, digest: str):
    with Session(duban.engine) as session:
        found = evidence.found(session, digest)
        return (found, evidence.data_of(session, digest)) if found else None


async def _evidence(request: web.Request) -> web.Response:
    """A file or photo a unit sent: pictures and PDFs open in the page, anything else downloads."""
    console = console_of(request)
    kept = await console.duban.one_message(_kept, console.duban, request.match_info["digest"])
    if kept is None:
        raise web.HTTPNotFound()
    found, data = kept
    shown = found.mime in PHOTOS + ("application/pdf",)
    name = found.name or (f"photo.{found.mime.split('/')[-1]}" if found.is_image else "evidence")
    return file_response(data, name, found.mime, inline=shown)
