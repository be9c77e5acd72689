"""单位: a unit's people, its items by state, its circulations, notices and messages; 一键催办."""
from aiohttp import web
from sqlmodel import Session

from bot import messages as m
from bot.console.acting import Done, act
from bot.console.pages import console_of, render
from bot.render.items import label, title
from bot.console.reading import LIGHT_NAMES, current_plan, item_rows
from store.views import item_views
from bot.rounds.reminders import remind_unit_now
from bot.services.chat import Answer
from store import people
from store.console_views import circulations_of, unit_messages, unit_summaries
from store.tables import DueItemRow, UnitRow
from workflows.item_state import STATE_NAMES
from workflows.roles import IN_UNITS
from workflows.rectification import RECTIFICATION

ROLES = IN_UNITS


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/unit/{unit_id:\\d+}", _page, name="unit")
    router.add_post("/unit/{unit_id:\\d+}/remind", _remind, name="unit_remind")


def unit_page(duban, unit_id: int) -> dict | None:
    with Session(duban.engine) as session:
        unit = session.get(UnitRow, unit_id)
        plan = current_plan(session)
        if unit is None or plan is None:
            return None
        today = duban.today()
        found = unit_summaries(session, plan.id, plan.year, today, duban.calendar, duban.settings.timezone, [unit.id])
        joined = {p.role: p for p in people.people_of(session, unit.id, ROLES)}
        items = item_rows(item_views(session, DueItemRow.unit_id == unit.id), today, duban.calendar)
        by_state = {state: [i for i in items if i.view.state == state] for state in STATE_NAMES}
        return {"unit": unit, "summary": found[0] if found else None, "today": today,
                "people": [(role, joined.get(role)) for role in ROLES],
                "by_state": {s: rows for s, rows in by_state.items() if rows},
                "notices": [i for i in items if i.view.kind == RECTIFICATION],
                "circulations": circulations_of(session, plan.id, unit.name),
                "messages": unit_messages(session, unit.id)}


async def _page(request: web.Request, done: Done | None = None) -> web.Response:
    console = console_of(request)
    context = await console.duban.one_message(unit_page, console.duban, int(request.match_info["unit_id"]))
    if context is None:
        raise web.HTTPNotFound(text=m.CONSOLE_NO_UNIT)
    return render(request, "unit.html", light_names=LIGHT_NAMES, state_names=STATE_NAMES, role_names=m.ROLE_NAMES,
                  label=label, title=title,
                  zone=console.duban.settings.timezone, done=done, **context)


async def _remind(request: web.Request) -> web.Response:
    """一键催办, within one reminder per person per day; the audit trail names the account that asked."""
    duban, unit_id = console_of(request).duban, int(request.match_info["unit_id"])

    def work(uow, person) -> Answer:
        chased = remind_unit_now(uow, duban, unit_id)
        if not chased.items:
            return Answer(m.CONSOLE_NOTHING_TO_CHASE)
        if not chased.readers:
            return Answer(m.CONSOLE_NOBODY_TO_CHASE)
        if not chased.sent:
            return Answer(m.CONSOLE_CHASED_TODAY)
        return Answer(m.CONSOLE_CHASED.format(count=chased.items, people=len(chased.sent)))
    return await _page(request, await act(request, work))
