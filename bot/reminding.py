"""The scheduling round (tick): which reminders are due now, written to the outbox once each.

One message per person per working day, listing everything due for them; only
on working days within office hours; nothing for items already submitted,
accepted or waived. The outbox key `remind:<person>:<day>` makes a second tick
on the same day (another worker, a restart) a no-op for that person. After
downtime (a weekend, a week) the first round covers every day since the last
one: each person gets one message with what they missed at its strongest step,
not the missed ladder replayed.
"""
import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from bot import messages as m
from bot.chat import Duban
from bot.views import (MAX_REMINDED, ItemView, answer_buttons, buttons_json, item_lines, item_views,
                       item_views_by_id, ongoing_lines_by_unit)
from store import outbox, people, queries
from store.audit import Actor
from store.rules import rules_of
from store.people import Contact
from store.tables import DueItemRow, PlanRow
from store.uow import UnitOfWork
from workflows.item_state import CHASED
from workflows.ladder import BOTH_LIAISONS, LEADER, Ladder, Step, dues_stepping, steps_between

STRENGTH = ("before", "due", "overdue", "escalated")


def in_office_hours(duban: Duban) -> bool:
    local = duban.clock().astimezone(duban.settings.timezone)
    start, end = duban.settings.office_hours
    return duban.calendar.is_workday(local.date()) and start <= local.time() <= end


def audience(unit_people: list[Contact], who: str) -> list[Contact]:
    """Of a unit's reachable people (`people.reachable_by_unit`), those a step of the ladder is for."""
    if who == LEADER:
        return [p for p in unit_people if p.role == "leader"]
    found = [p for p in unit_people if p.role in people.LIAISONS]
    if who == BOTH_LIAISONS:
        return found
    first = [p for p in found if p.role == "liaison-a"]   # A first; B stands in when A is missing or unreachable
    return first or found[:1]


@dataclass(frozen=True)
class Reminded:
    """One item in one person's message: the strongest ladder step it reached, under its plan's ladder."""
    step: Step
    ladder: Ladder


@dataclass(frozen=True)
class Lookups:
    """What the round's messages show, read once for all of them (a province writes thousands)."""
    views: dict[int, ItemView]
    chased: dict[int, list[ItemView]]      # unit id → its open, chased items: the 月反馈 section
    ongoing: dict[int, list[str]]          # unit id → its ongoing rows

    @classmethod
    def read(cls, session, chased: dict[int, list[ItemView]], by_person: dict[int, dict[int, Reminded]],
             feedback_units: set[int]) -> "Lookups":
        """The views of everything reminded: a 月反馈 unit's are among its chased items, the rest are read by id."""
        views = {view.id: view for unit_views in chased.values() for view in unit_views}
        views.update(item_views_by_id(session, {i for entries in by_person.values() for i in entries} - set(views)))
        return cls(views, chased, ongoing_lines_by_unit(session, sorted(feedback_units)))


def _chased_views(session, feedback_units: set[int]) -> dict[int, list[ItemView]]:
    """unit id → its open, chased items, for the units whose liaisons are asked for the 月反馈."""
    chased = defaultdict(list)
    for ids in queries.chunks(sorted(feedback_units)):
        for view in item_views(session, DueItemRow.unit_id.in_(ids), DueItemRow.state.in_(CHASED),
                               DueItemRow.due.is_not(None)):
            chased[view.unit_id].append(view)
    return chased


def _message(person: Contact, entries: dict[int, Reminded], lookups: Lookups, today: date,
             since: date) -> tuple[str, str]:
    views = sorted((lookups.views[i] for i in entries), key=lambda v: (v.due, v.row, v.id))
    strongest = max(entries.values(), key=lambda r: STRENGTH.index(r.step.kind))
    unit = views[0].unit
    lines = [m.REMINDER_HEAD[strongest.step.kind].format(unit=unit), *item_lines(views, today, MAX_REMINDED)]
    why = m.WHY_REMINDER[strongest.step.kind].format(unit=unit, role=m.ROLE_NAMES[person.role],
                                                     days=strongest.ladder.overdue_leader)
    if any(r.step.on < today for r in entries.values()):
        why += "\n" + m.WHY_CATCH_UP.format(since=since.isoformat())
    if person.role in people.LIAISONS and any(v.kind == "monthly-feedback" for v in views):
        others = [v for v in lookups.chased[person.unit_id] if v.id not in entries]
        lines += [m.FEEDBACK_SECTION, *lookups.ongoing.get(person.unit_id, []), *item_lines(others, today, MAX_REMINDED)]
    if person.role in people.LIAISONS:
        return "\n".join([*lines, m.REMINDER_FOOT, why]), buttons_json(answer_buttons(views))
    return "\n".join([*lines, why]), ""


@dataclass(frozen=True)
class Stepping:
    """A plan's open items with a step in the round's window: due on `dues`, reminded under `ladder`."""
    plan_id: int
    ladder: Ladder
    dues: set[date]


def _heard(uow: UnitOfWork, duban: Duban, plans: list[Stepping], today: date, since: date):
    """person id → {(plan, due, kind): the strongest step that group reached for them}, and the people by id.
    The items of a group share their steps, so this reads groups, not a province's tens of thousands of items."""
    heard: dict[int, dict[tuple, Reminded]] = defaultdict(dict)
    persons: dict[int, Contact] = {}
    reachable = people.reachable_by_unit(uow.session)
    for plan in plans:
        stepped = {}
        for unit_id, due, kind in queries.chased_groups(uow.session, plan.plan_id, plan.dues):
            if (due, kind) not in stepped:
                stepped[due, kind] = steps_between(due, since, today, duban.calendar, plan.ladder, kind)
            for step in stepped[due, kind]:
                for person in audience(reachable.get(unit_id, []), step.audience):
                    persons[person.id] = person
                    known = heard[person.id].get((plan.plan_id, due, kind))
                    if known is None or STRENGTH.index(step.kind) >= STRENGTH.index(known.step.kind):
                        heard[person.id][plan.plan_id, due, kind] = Reminded(step, plan.ladder)
    return heard, persons


def _entries(uow: UnitOfWork, plans: list[Stepping], heard: dict[int, dict[tuple, Reminded]],
             persons: dict[int, Contact], chased: dict[int, list[ItemView]]) -> dict[int, dict[int, Reminded]]:
    """person id → {item id: its step}: the groups each person heard of, item by item. A 月反馈 unit's items are
    among its chased ones, already read; only the other units' are read here."""
    by_unit = defaultdict(list)
    for person_id in heard:
        by_unit[persons[person_id].unit_id].append(person_id)
    by_person: dict[int, dict[int, Reminded]] = defaultdict(dict)
    others = sorted(unit_id for unit_id in by_unit if unit_id not in chased)
    read = (item for plan in plans for item in queries.chased_due_on(uow.session, plan.plan_id, plan.dues, others))
    for item in itertools.chain(itertools.chain.from_iterable(chased.values()), read):
        for person_id in by_unit[item.unit_id]:
            reminded = heard[person_id].get((item.plan_id, item.due, item.kind))
            if reminded is not None:
                by_person[person_id][item.id] = reminded
    return by_person


def plan_reminders(duban: Duban, since: date) -> int:
    """Enqueue today's reminders, with what a downtime after `since` missed; how many were newly queued.
    People already reminded today (an earlier round of the minute tick) are left out before anything is built."""
    today = duban.today()
    with UnitOfWork(duban.engine, duban.clock, Actor("scheduler", "system")) as uow:
        plans = [Stepping(plan_id, ladder, dues_stepping(since, today, duban.calendar, ladder))
                 for plan_id in uow.session.execute(select(PlanRow.id)).scalars()
                 for ladder in [rules_of(uow.session, plan_id).ladder]]
        heard, persons = _heard(uow, duban, plans, today, since)
        keys = {person_id: f"remind:{person_id}:{today.isoformat()}" for person_id in heard}
        done = outbox.existing(uow.session, list(keys.values()))
        heard = {p: groups for p, groups in heard.items() if keys[p] not in done}
        feedback_units = {persons[p].unit_id for p, groups in heard.items() if persons[p].role in people.LIAISONS
                          and any(kind == "monthly-feedback" for _, _, kind in groups)}
        chased = _chased_views(uow.session, feedback_units)
        by_person = _entries(uow, plans, heard, persons, chased)
        lookups = Lookups.read(uow.session, chased, by_person, feedback_units)
        messages = []
        for person_id, entries in by_person.items():
            text, buttons = _message(persons[person_id], entries, lookups, today, since)
            messages.append(outbox.Text(keys[person_id], persons[person_id].telegram_user_id, person_id, text, buttons))
        queued = outbox.enqueue_many(uow.session, messages, uow.now)
        uow.commit()
    return queued

