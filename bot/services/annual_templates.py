"""The annual report's templates: each unit in the office's scope gets its own, filled with what Duban knows
from last year, on the first working day after the plan's year; a liaison asks for it again with /annual.

The round decides who gets one and queues drafts; the sender builds each workbook
when it claims the message (some 0.1 s each, too long for a round that sends a
county's 200), and drops it if the unit has sent its report meanwhile.
"""
import json

from sqlmodel import Session

from bot import messages as m
from bot.runtime import Duban
from bot.services.annual_report import AnnualRefused, latest_plan
from bot.services.chat import Answer
from documents.annual_report_xlsx import template_workbook, title_of
from store import annual_reports, outbox, people, queries, settings, views
from store.audit import Actor
from store.outbox import Rendered
from store.rules import rules_of
from store.tables import DueItemRow, OutboxRow, PlanRow, UnitRow
from store.uow import UnitOfWork
from workflows.annual_report import carried_forward
from workflows.annual_rollup import SCOPES
from workflows.item_state import OPEN
from workflows.roles import LIAISONS

DRAFT = "annual-template"
NOTE, FILE = "note", "file"


def template_for(session: Session, plan: PlanRow, unit: UnitRow) -> tuple[str, bytes]:
    """The unit's template for the plan's year, with what last year's figures tell."""
    last = annual_reports.figures_of(session, unit, plan.year - 1)
    data = template_workbook(carried_forward(last, unit.name, plan.year), last)
    return f"{title_of(unit.name, plan.year)}.xlsx", data


def template_answer(duban: Duban, user_id: int) -> Answer:
    """/annual: the liaison's own template, at any time."""
    with Session(duban.engine) as session:
        person = people.person_by_telegram(session, user_id)
        if person is None or person.unit_id is None:
            return Answer(m.ANNUAL_TEMPLATE_UNITLESS if person else m.NOT_BOUND)
        try:
            plan = latest_plan(session)
        except AnnualRefused as refused:
            return Answer(str(refused))
        file = template_for(session, plan, session.get(UnitRow, person.unit_id))
    return Answer(m.ANNUAL_TEMPLATE_ASKED, file=file)


def queue_templates(duban: Duban) -> int:
    """From the first working day after the plan's year, each unit in the office's scope with its annual report
    still to do gets its template, once; how many messages were queued."""
    with UnitOfWork(duban.engine, duban.clock, Actor("scheduler", "system")) as uow:
        plan_id = queries.latest_plan_id(uow.session)
        plan = uow.session.get(PlanRow, plan_id) if plan_id else None
        if plan is None or duban.today().year <= plan.year or settings.templates_queued(uow.session, plan_id):
            return 0
        queued = outbox.enqueue_many(uow.session, _messages(uow.session, plan), uow.now)
        settings.mark_templates_queued(uow.session, plan_id, uow.now)
        uow.commit()
    return queued


def _to_chase(session: Session, plan: PlanRow, scope: str) -> list[tuple[UnitRow, DueItemRow]]:
    units = views.units_of_kinds(session, SCOPES[scope])
    items = ((unit, annual_reports.annual_item(session, plan.id, unit.id)) for unit in units)
    return [(unit, item) for unit, item in items if item is not None and item.state in OPEN and item.due]


def _messages(session: Session, plan: PlanRow) -> list[outbox.Text]:
    """For each liaison of a unit to chase: the note, then the template in a message of its own (a caption holds
    1,024 characters), both drafts."""
    messages = []
    for unit, item in _to_chase(session, plan, rules_of(session, plan.id).annual_report.scope):
        for person in people.people_of(session, unit.id, LIAISONS):
            key = f"{DRAFT}:{item.id}:{person.id}"
            for part, suffix in ((NOTE, ""), (FILE, ":file")):
                draft = json.dumps({"kind": DRAFT, "plan": plan.id, "unit": unit.id, "item": item.id, "part": part})
                messages.append(outbox.Text(key + suffix, person.telegram_user_id, person.id, draft=draft))
    return messages


def render(session: Session, claimed: list[tuple[OutboxRow, dict]], _duban: Duban) -> dict[int, Rendered | None]:
    """The claimed notes and templates, each template built once for the liaisons who share it; both dropped
    once the unit has sent its report."""
    built: dict[int, Rendered | None] = {}
    rendered = {}
    for row, draft in claimed:
        if (draft["item"], draft["part"]) not in built:
            built[draft["item"], draft["part"]] = _rendered(session, draft)
        rendered[row.id] = built[draft["item"], draft["part"]]
    return rendered


def _rendered(session: Session, draft: dict) -> Rendered | None:
    item = session.get(DueItemRow, draft["item"])
    if item is None or item.state not in OPEN:
        return None
    plan, unit = session.get(PlanRow, draft["plan"]), session.get(UnitRow, draft["unit"])
    if draft["part"] == NOTE:
        return Rendered(m.ANNUAL_TEMPLATE_SENT.format(title=title_of(unit.name, plan.year), due=item.due.isoformat()))
    name, data = template_for(session, plan, unit)
    return Rendered(name, file=(name, data))
