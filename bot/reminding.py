"""The scheduling round (tick): which reminders are due now, written to the outbox once each.

One message per person per working day, listing everything due for them; only
on working days within office hours; nothing for items already submitted,
accepted or waived. The outbox key `remind:<person>:<day>` makes a second tick
on the same day (another worker, a restart) a no-op for that person. After
downtime (a weekend, a week) the first round covers every day since the last
one: each person gets one message with what they missed at its strongest step,
not the missed ladder replayed.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from bot import messages as m
from bot.chat import Duban, open_items_of_unit
from bot.views import MAX_REMINDED, answer_buttons, buttons_json, item_lines, item_views, ongoing_lines
from store import outbox, people, queries
from store.audit import Actor
from store.rules import longest_lead, rules_of
from store.tables import DueItemRow, PersonRow
from store.uow import UnitOfWork
from workflows.item_state import CHASED
from workflows.ladder import BOTH_LIAISONS, LEADER, Ladder, Step, steps_between

LONGEST_BREAK = 8          # rest days in a row (国庆): a step moved back over them is still found
STRENGTH = ("before", "due", "overdue", "escalated")


def in_office_hours(duban: Duban) -> bool:
    local = duban.clock().astimezone(duban.settings.timezone)
    start, end = duban.settings.office_hours
    return duban.calendar.is_workday(local.date()) and start <= local.time() <= end


def recipients(uow: UnitOfWork, unit_id: int, audience: str) -> list[PersonRow]:
    if audience == LEADER:
        roles = ("leader",)
    else:
        roles = people.LIAISONS
    found = [p for p in people.people_of(uow.session, unit_id, roles) if p.reachable]
    if audience in (BOTH_LIAISONS, LEADER):
        return found
    first = [p for p in found if p.role == "liaison-a"]   # A first; B stands in when A is missing or unreachable
    return first or found[:1]


@dataclass(frozen=True)
class Reminded:
    """One item in one person's message: the strongest ladder step it reached, under its plan's ladder."""
    step: Step
    ladder: Ladder


def _message(person: PersonRow, entries: dict[int, Reminded], duban: Duban, uow: UnitOfWork,
             since: date) -> tuple[str, str]:
    views = item_views(uow.session, DueItemRow.id.in_(list(entries)))
    strongest = max(entries.values(), key=lambda r: STRENGTH.index(r.step.kind))
    unit = views[0].unit if views else ""
    lines = [m.REMINDER_HEAD[strongest.step.kind].format(unit=unit), *item_lines(views, duban.today(), MAX_REMINDED)]
    why = m.WHY_REMINDER[strongest.step.kind].format(unit=unit, role=m.ROLE_NAMES[person.role],
                                                     days=strongest.ladder.overdue_leader)
    if any(r.step.on < duban.today() for r in entries.values()):
        why += "\n" + m.WHY_CATCH_UP.format(since=since.isoformat())
    if person.role in people.LIAISONS and any(v.kind == "monthly-feedback" for v in views):
        lines += _feedback_section(uow, person.unit_id, {v.id for v in views}, duban)
    if person.role in people.LIAISONS:
        return "\n".join([*lines, m.REMINDER_FOOT, why]), buttons_json(answer_buttons(views))
    return "\n".join([*lines, why]), ""


def _feedback_section(uow: UnitOfWork, unit_id: int, listed: set[int], duban: Duban) -> list[str]:
    """月反馈: the unit's ongoing rows and every other open item (not those on hold), so one answer covers them all."""
    others = [v for v in open_items_of_unit(uow.session, unit_id) if v.id not in listed and v.state in CHASED]
    return [m.FEEDBACK_SECTION, *ongoing_lines(uow.session, unit_id), *item_lines(others, duban.today(), MAX_REMINDED)]


def _reminded(uow: UnitOfWork, duban: Duban, today: date, since: date):
    """person id → {item id: the strongest step it reached after `since`}, and the people by id."""
    by_person: dict[int, dict[int, Reminded]] = defaultdict(dict)
    persons: dict[int, PersonRow] = {}
    ladders: dict[int, Ladder] = {}
    horizon = longest_lead(uow.session) + LONGEST_BREAK
    for item in queries.due_or_overdue(uow.session, today, horizon):
        if item.plan_id not in ladders:
            ladders[item.plan_id] = rules_of(uow.session, item.plan_id).ladder
        for step in steps_between(item.due, since, today, duban.calendar, ladders[item.plan_id], item.kind):
            for person in recipients(uow, item.unit_id, step.audience):
                persons[person.id] = person
                known = by_person[person.id].get(item.id)
                if known is None or STRENGTH.index(step.kind) >= STRENGTH.index(known.step.kind):
                    by_person[person.id][item.id] = Reminded(step, ladders[item.plan_id])
    return by_person, persons


def plan_reminders(duban: Duban, since: date) -> int:
    """Enqueue today's reminders, with what a downtime after `since` missed; how many were newly queued."""
    today = duban.today()
    with UnitOfWork(duban.engine, duban.clock, Actor("scheduler", "system")) as uow:
        by_person, persons = _reminded(uow, duban, today, since)
        queued = 0
        for person_id, entries in by_person.items():
            person = persons[person_id]
            text, buttons = _message(person, entries, duban, uow, since)
            queued += outbox.enqueue(uow.session, f"remind:{person_id}:{today.isoformat()}", person.telegram_user_id,
                                     text, uow.now, person_id, buttons)
        uow.commit()
    return queued
