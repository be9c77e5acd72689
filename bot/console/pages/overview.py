"""总览: every unit with its light, counts and rates, filtered by group and light and sorted by any column.

The filter form and the column headers ask again with htmx; its requests get the table alone. The units'
figures are kept between requests: every change Duban makes is written to the audit trail, so the entries
after the last one the figures include say which units to read again (an item's, a person's), or that all
must be (a plan imported); sorting, filtering and paging the same figures reads nothing again.
"""
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from aiohttp import web
from sqlalchemy import Engine
from sqlmodel import Session

from bot.console.pages import console_of, render
from bot.console.reading import KIND_NAMES, LIGHT_NAMES, current_plan
from store.console_views import Cadence, UnitSummary, cadence, changed_units, last_change, unit_summaries

_SEVERITY = {"red": 0, "yellow": 1, "grey": 2, "green": 3}
SORTS = {"light": lambda u: (_SEVERITY[u.light], -u.overdue, u.name), "name": lambda u: u.name,
         "open": lambda u: u.open, "soon": lambda u: u.due_soon, "overdue": lambda u: u.overdue,
         "awaiting": lambda u: u.awaiting, "on_time": lambda u: _rate(u.on_time_rate),
         "closed": lambda u: _rate(u.closed_rate)}


PAGE_ROWS = 100         # units a page lists: a province's 1,500 are fifteen pages, a county's one
DESC_FIRST = ("open", "soon", "overdue", "awaiting")     # counts: the most first; rates: the lowest first


def _rate(rate: float | None) -> float:
    return 2.0 if rate is None else rate      # nothing due yet sorts after every rate


@dataclass(frozen=True)
class Asked:
    group: str
    light: str
    sort: str
    descending: bool
    page: int = 1

    @classmethod
    def of(cls, query) -> "Asked":
        sort, page = query.get("sort", "light"), query.get("page", "1")
        return cls(query.get("group", ""), query.get("light", ""), sort if sort in SORTS else "light",
                   query.get("dir") == "desc", int(page) if page.isdigit() and 0 < int(page) < 10**6 else 1)

    def query(self, **changed) -> dict:
        """The query string's values for a link to these units, sorted or paged otherwise."""
        values = {"group": self.group, "light": self.light, "sort": self.sort,
                  "dir": "desc" if self.descending else "asc", "page": self.page}
        return {**values, **changed}

    def keeps(self, unit: UnitSummary) -> bool:
        in_group = not self.group or self.group in unit.groups or self.group == KIND_NAMES.get(unit.kind)
        return in_group and (not self.light or unit.light == self.light)


@dataclass(frozen=True)
class Figures:
    key: tuple                  # the plan and day they are of
    change: int                 # the last audit entry they include
    units: tuple[UnitSummary, ...]
    cadence: Cadence


# each database's newest figures, replaced whole (threads read them safely), gone with the engine
_latest: WeakKeyDictionary[Engine, Figures] = WeakKeyDictionary()


def _read(session: Session, duban, plan, today, only: list[int] | None = None) -> list[UnitSummary]:
    return unit_summaries(session, plan.id, plan.year, today, duban.calendar, duban.settings.timezone, only)


def _figures(session: Session, duban, plan, today) -> Figures:
    """The units' figures, read again only for the units the audited changes since touched."""
    key, change, seen = (plan.id, today), last_change(session), _latest.get(duban.engine)
    if seen is not None and seen.key == key and seen.change == change:
        return seen
    touched = changed_units(session, seen.change) if seen is not None and seen.key == key else None
    if touched is None:
        units = tuple(_read(session, duban, plan, today))
    else:
        fresh = {u.id: u for u in _read(session, duban, plan, today, sorted(touched))} if touched else {}
        kept = {u.id: u for u in seen.units}
        units = tuple(sorted({**kept, **fresh}.values(), key=lambda u: u.name))
    figures = Figures(key, change, units, cadence(session, plan.id, today, duban.calendar))
    _latest[duban.engine] = figures
    return figures


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/", _page, name="overview")


def dashboard(duban, asked: Asked) -> dict:
    with Session(duban.engine) as session:
        plan = current_plan(session)
        if plan is None:
            return {"plan": None}
        today = duban.today()
        figures = _figures(session, duban, plan, today)
        units, dates = figures.units, figures.cadence
    groups = sorted({g for u in units for g in u.groups} | {KIND_NAMES[u.kind] for u in units if u.kind in KIND_NAMES})
    shown = sorted((u for u in units if asked.keeps(u)), key=SORTS[asked.sort], reverse=asked.descending)
    lights = {light: sum(u.light == light for u in units) for light in LIGHT_NAMES}
    pages = max(-(-len(shown) // PAGE_ROWS), 1)
    page = min(asked.page, pages)
    return {"plan": plan, "today": today, "cadence": dates, "units": shown[(page - 1) * PAGE_ROWS:page * PAGE_ROWS],
            "matching": len(shown), "total": len(units), "groups": groups, "lights": lights, "asked": asked,
            "page": page, "pages": pages}


async def _page(request: web.Request) -> web.Response:
    console = console_of(request)
    context = await console.duban.one_message(dashboard, console.duban, Asked.of(request.query))
    partial = request.headers.get("HX-Request") and request.headers.get("HX-Target") == "units"
    return render(request, "overview_units.html" if partial else "overview.html", light_names=LIGHT_NAMES,
                  desc_first=DESC_FIRST, **context)
