"""设置: the plan's rules (reminder ladder, naming, 考评 points, 整改 days, annual report, 文号) as a form."""
from typing import NamedTuple

from aiohttp import web
from sqlmodel import Session, select

from bot import messages as m
from bot.console.pages import actor, console_of, render, see_other
from bot.console.rules_form import fields_of, read_form
from store import queries
from store.rules import rules_of, set_rules
from store.tables import PlanRow
from store.uow import UnitOfWork
from workflows.annual_rollup import SCOPES


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/settings", _page, name="settings")
    router.add_post("/settings", _save, name="settings_save")


class Plan(NamedTuple):
    id: int
    title: str


def _plans(session: Session) -> list[Plan]:
    return [Plan(*row) for row in session.exec(select(PlanRow.id, PlanRow.title)
                                               .order_by(PlanRow.imported_at.desc(), PlanRow.id.desc()))]


def _chosen(session: Session, raw: str) -> Plan | None:
    plan_id = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else queries.latest_plan_id(session)
    plan = session.get(PlanRow, plan_id) if plan_id else None
    return Plan(plan.id, plan.title) if plan else None


def _read(engine, raw: str) -> dict:
    with Session(engine) as session:
        plan = _chosen(session, raw)
        return {"plan": plan, "plans": _plans(session),
                "values": fields_of(rules_of(session, plan.id)) if plan else {}}


def _groups(values: dict) -> list[tuple[str, list[str]]]:
    grouped: dict[str, list[str]] = {}
    for name in values:
        grouped.setdefault(name.partition(".")[0], []).append(name)
    return list(grouped.items())


def _show(request: web.Request, found: dict, status: int = 200, errors: dict | None = None,
          flash: str = "") -> web.Response:
    problem = m.CONSOLE_RULES_INVALID.format(count=len(errors)) if errors else ""
    return render(request, "settings.html", status=status, labels=m.CONSOLE_RULE_LABELS, scopes=SCOPES,
                  scope_names=m.CONSOLE_SCOPE_NAMES, group_names=m.CONSOLE_RULE_GROUPS,
                  groups=_groups(found["values"]), errors=errors or {}, flash=flash, problem=problem, **found)


async def _page(request: web.Request) -> web.Response:
    console = console_of(request)
    found = await console.duban.one_message(_read, console.duban.engine, request.query.get("plan", ""))
    return _show(request, found, flash=m.CONSOLE_RULES_SAVED if request.query.get("saved") == "1" else "")


def _save_rules(engine, clock, who, raw: str, form) -> dict:
    """Saves what the form sets, or returns the errors by field; the page's data either way."""
    with UnitOfWork(engine, clock, who) as uow:
        plan = _chosen(uow.session, raw)
        if plan is None:
            return {"errors": {"": m.NO_PLAN_STORED}}
        current = rules_of(uow.session, plan.id)
        rules, errors = read_form(form, current)
        if rules is None:       # the form again, with what was typed, to be corrected
            shown = fields_of(current)
            return {"errors": errors, "plan": plan, "plans": _plans(uow.session),
                    "values": {name: form.get(name, value) for name, value in shown.items()}}
        set_rules(uow, plan.id, rules)
        uow.commit()
        return {"saved": plan.id}


async def _save(request: web.Request) -> web.Response:
    console = console_of(request)
    form = await request.post()
    outcome = await console.duban.one_message(_save_rules, console.duban.engine, console.duban.clock, actor(request),
                                              str(form.get("plan", "")), form)
    if "saved" in outcome:
        return see_other(f"/settings?plan={outcome['saved']}&saved=1")
    errors = outcome.pop("errors")
    return _show(request, {"plan": None, "plans": [], "values": {}, **outcome}, status=400, errors=errors)
