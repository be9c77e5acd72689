"""总览: every unit with its light, counts and rates, filtered by group and light and sorted by any column.

The filter form and the column headers ask again with htmx; its requests get the table alone.
"""
from dataclasses import dataclass

from aiohttp import web
from sqlmodel import Session

from bot.console.pages import console_of, render
from bot.console.reading import LIGHT_NAMES, KIND_NAMES, current_plan
from store.console_views import UnitSummary, cadence, unit_summaries

_SEVERITY = {"red": 0, "yellow": 1, "grey": 2, "green": 3}
SORTS = {"light": lambda u: (_SEVERITY[u.light], -u.overdue, u.name), "name": lambda u: u.name,
         "open": lambda u: u.open, "soon": lambda u: u.due_soon, "overdue": lambda u: u.overdue,
         "awaiting": lambda u: u.awaiting, "on_time": lambda u: _rate(u.on_time_rate),
         "closed": lambda u: _rate(u.closed_rate)}


DESC_FIRST = ("open", "soon", "overdue", "awaiting")     # counts: the most first; rates: the lowest first


def _rate(rate: float | None) -> float:
    return 2.0 if rate is None else rate      # nothing due yet sorts after every rate


@dataclass(frozen=True)
class Asked:
    group: str
    light: str
    sort: str
    descending: bool

    @classmethod
    def of(cls, query) -> "Asked":
        sort = query.get("sort", "light")
        return cls(query.get("group", ""), query.get("light", ""), sort if sort in SORTS else "light",
                   query.get("dir") == "desc")

    def keeps(self, unit: UnitSummary) -> bool:
        in_group = not self.group or self.group in unit.groups or self.group == KIND_NAMES.get(unit.kind)
        return in_group and (not self.light or unit.light == self.light)


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/", _page, name="overview")


def dashboard(duban, asked: Asked) -> dict:
    with Session(duban.engine) as session:
        plan = current_plan(session)
        if plan is None:
            return {"plan": None}
        today = duban.today()
        units = unit_summaries(session, plan.id, plan.year, today, duban.calendar, duban.settings.timezone)
        dates = cadence(session, plan.id, today, duban.calendar)
    groups = sorted({g for u in units for g in u.groups} | {KIND_NAMES[u.kind] for u in units if u.kind in KIND_NAMES})
    shown = sorted((u for u in units if asked.keeps(u)), key=SORTS[asked.sort], reverse=asked.descending)
    lights = {light: sum(u.light == light for u in units) for light in LIGHT_NAMES}
    return {"plan": plan, "today": today, "cadence": dates, "units": shown, "total": len(units), "groups": groups,
            "lights": lights, "asked": asked}


async def _page(request: web.Request) -> web.Response:
    console = console_of(request)
    context = await console.duban.one_message(dashboard, console.duban, Asked.of(request.query))
    partial = request.headers.get("HX-Request") and request.headers.get("HX-Target") == "units"
    return render(request, "overview_units.html" if partial else "overview.html", light_names=LIGHT_NAMES,
                  desc_first=DESC_FIRST, **context)
