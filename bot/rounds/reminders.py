"""The scheduling round (tick): which reminders are due now, written to the outbox once each.

One message per person per working day, listing everything due for them; only
on working days within office hours; nothing for items already submitted,
accepted or waived. The outbox key `remind:<person>:<day>` makes a second tick
on the same day (another worker, a restart) a no-op for that person. After
downtime (a weekend, a week) the first round covers every day since the last
one: each person gets one message with what they missed at its strongest step,
not the missed ladder replayed. Who hears of what is the core's decision
(`workflows.reminders`); the round reads the open groups and the people, and
queues each message as a draft (`workflows.drafts.ReminderDraft`), who hears of
which groups of items at which step; the sender renders it when it
claims the row (`render`), each item as it stands then. On the day a week's
notes go out (`WeekAhead`), a person who gets a reminder gets the week in it
instead of a second message.
"""
from datetime import date
from typing import NamedTuple

from sqlmodel import Session

from bot.render.reminders import reminder, week_note
from bot.runtime import Duban
from store import outbox, people, queries
from store.audit import Actor
from store.outbox import Rendered
from store.people import Contact
from store.rules import rules_of
from store.tables import OutboxRow
from store.uow import UnitOfWork
from store.views import ItemView, chased_by_unit, ongoing_seqs_by_unit
from workflows import remind_now
from workflows.digest import week_ahead
from workflows.drafts import ReminderDraft
from workflows.ladder import window_start
from workflows.reminders import Group, PlanGroups, Remind, catch_up, decide, dues_to_read
from workflows.roles import LIAISONS

DRAFT = ReminderDraft.KIND


def in_office_hours(duban: Duban) -> bool:
    local = duban.clock().astimezone(duban.settings.timezone)
    start, end = duban.settings.office_hours
    return duban.calendar.is_workday(local.date()) and start <= local.time() <= end


class WeekAhead(NamedTuple):
    """The week whose notes a round sends (the weekly digest's day came), and whom they go to (`week_readers`)."""
    first: date
    last: date
    readers: list[Contact]


def reminder_keys(person_ids, today: date) -> dict[int, str]:
    """Each person's outbox key for today's reminder."""
    day = today.isoformat()
    return {person_id: f"remind:{person_id}:{day}" for person_id in person_ids}


def _plans(session: Session, since: date, today: date, calendar) -> list[PlanGroups]:
    """Each plan's open groups with a step in the round: those due on a date whose ladder steps in it, and the
    older ones chased again in it (read from the open-items index, so a round with nothing that old reads nothing)."""
    plans = []
    for plan_id in queries.plan_ids(session):
        ladder = rules_of(session, plan_id).ladder
        older = queries.chased_dues_before(session, plan_id, window_start(since, ladder))
        dues = dues_to_read(since, today, calendar, ladder, older)
        plans.append(PlanGroups(plan_id, ladder, queries.chased_groups(session, plan_id, dues)))
    return plans


def plan_reminders(duban: Duban, since: date, reachable: dict[int, list[Contact]], week: WeekAhead | None) -> int:
    """Enqueue today's reminders to the `reachable` (`people.reachable_by_unit`), with what a downtime after `since`
    missed, as drafts the sender renders (`workflows.reminders.decide` says who hears of what); how many were newly
    queued. People already reminded today (an earlier round of the minute tick) are left out. A reminder to a
    reader of the `week` going out carries it."""
    today = duban.today()
    with UnitOfWork(duban.engine, duban.clock, Actor("scheduler", "system")) as uow:
        decided = decide(_plans(uow.session, since, today, duban.calendar), reachable, since, today, duban.calendar)
        keys = reminder_keys(decided, today)
        done = outbox.existing(uow.session, list(keys.values()))
        readers = {person.id for person in week.readers} if week else set()
        written: dict[tuple, str] = {}     # a province's units mostly have the same rows due: one text each
        drafts = []
        for p, reminder in decided.items():
            if keys[p] not in done:
                same = (tuple(reminder.groups.items()), p in readers)
                if same not in written:
                    carried = (week.first, week.last) if p in readers else None
                    written[same] = ReminderDraft(today, since, reminder.groups, carried).dumps()
                drafts.append(outbox.Text(keys[p], reminder.person.telegram_user_id, p, draft=written[same]))
        queued = outbox.enqueue_many(uow.session, drafts, uow.now)
        uow.commit()
    return queued


def _caught_up(session: Session, duban: Duban, views: list[ItemView], entries: dict[int, Remind], joined: date,
               today: date, memo: dict) -> dict[int, Remind]:
    """The unit's overdue items a liaison who joined late was not chased about since joining
    (`workflows.reminders.catch_up`). `memo` keeps each plan's ladder and each answer: a round's reminders ask
    about the same few dates."""
    caught = {}
    for v in views:
        if v.id in entries:
            continue
        key = v.plan_id, v.due, v.kind, joined
        if key not in memo:
            if v.plan_id not in memo:
                memo[v.plan_id] = rules_of(session, v.plan_id).ladder
            memo[key] = catch_up(v.due, v.kind, joined, today, duban.calendar, memo[v.plan_id])
        if memo[key]:
            caught[v.id] = memo[key]
    return caught


def _reminded_before(session: Session, person_id: int, today: date) -> bool:
    """Whether the person had a reminder before today (a range of their outbox keys)."""
    first, today_key = reminder_keys([person_id], date.min)[person_id], reminder_keys([person_id], today)[person_id]
    return outbox.any_key_between(session, first, today_key)


def render(session: Session, claimed: list[tuple[OutboxRow, dict]], duban: Duban) -> dict[int, Rendered | None]:
    """The claimed reminders as messages, each item as it stands now: one answered since the round is left out.
    A reminder left with none is dropped (None), as is one to a person no longer active, unless it carries the
    week's note and the week still has items: then it is that note."""
    persons = people.contacts(session, {row.person_id for row, _ in claimed})
    chased = chased_by_unit(session, {person.unit_id for person in persons.values()})
    ongoing = ongoing_seqs_by_unit(session, sorted({p.unit_id for p in persons.values() if p.role in LIAISONS}))
    joined = people.joined_on(session, set(persons), duban.settings.timezone)
    memo: dict = {}
    rendered = {}
    for row, stored in claimed:
        person, draft = persons.get(row.person_id), ReminderDraft.of(stored)
        unit_views = chased.get(person.unit_id, []) if person else []
        entries = {v.id: draft.groups[group] for v in unit_views
                   if (group := Group(v.plan_id, v.due, v.kind)) in draft.groups}
        if entries and person.role in LIAISONS:
            caught = _caught_up(session, duban, unit_views, entries, joined[person.id], draft.today, memo)
            if caught and not _reminded_before(session, person.id, draft.today):
                entries |= caught
        week = None
        if draft.week:
            week = [v for v in week_ahead(unit_views, *draft.week) if v.id not in entries]
        if entries:
            rendered[row.id] = reminder(person, entries, unit_views, ongoing.get(person.unit_id, []), week,
                                        draft.today, draft.since)
        else:
            rendered[row.id] = week_note(person, week, draft.today) if week else None
    return rendered


class Chased(NamedTuple):
    """What 一键催办 did: the people newly written to, of those it was for, about how many items."""
    sent: list[Contact]
    readers: int
    items: int


def remind_unit_now(uow: UnitOfWork, duban: Duban, unit_id: int) -> Chased:
    """一键催办: today's reminder to the unit's liaison A (B standing in) now, of every open item with a date, each
    at the step its date puts it on; rendered and sent as the round's are. Within the rule of one reminder per
    person per working day: someone already reminded today is not written to again."""
    today = duban.today()
    views = chased_by_unit(uow.session, {unit_id}).get(unit_id, [])
    readers = remind_now.readers(people.reachable_by_unit(uow.session).get(unit_id, []))
    if not views or not readers:
        return Chased([], len(readers), len(views))
    ladders = {plan_id: rules_of(uow.session, plan_id).ladder for plan_id in {v.plan_id for v in views}}
    groups = remind_now.asked_now({Group(v.plan_id, v.due, v.kind) for v in views}, today, ladders)
    keys = reminder_keys([p.id for p in readers], today)
    done = outbox.existing(uow.session, list(keys.values()))
    fresh = [p for p in readers if keys[p.id] not in done]
    draft = ReminderDraft(today, today, groups).dumps()
    outbox.enqueue_many(uow.session, [outbox.Text(keys[p.id], p.telegram_user_id, p.id, draft=draft) for p in fresh],
                        uow.now)
    uow.audit("unit.reminded", f"unit:{unit_id}", after={"people": [p.id for p in fresh], "items": len(views)})
    return Chased(fresh, len(readers), len(views))
