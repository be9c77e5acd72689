"""The scheduling round (tick): which reminders are due now, written to the outbox once each.

One message per person per working day, listing everything due for them; only
on working days within office hours; nothing for items already submitted,
accepted or waived. The outbox key `remind:<person>:<day>` makes a second tick
on the same day (another worker, a restart) a no-op for that person. After
downtime (a weekend, a week) the first round covers every day since the last
one: each person gets one message with what they missed at its strongest step,
not the missed ladder replayed. The round queues each message as a draft, who
hears of which groups of items at which step; the sender renders it when it
claims the row (`render`), each item as it stands then. On the day a week's
notes go out (`WeekAhead`), a person who gets a reminder gets the week in it
instead of a second message.
"""
from collections import defaultdict
from datetime import date
from typing import NamedTuple

from sqlmodel import Session

from bot import messages as m
from bot.render.items import MAX_REMINDED, answer_buttons, buttons_json, item_lines, label
from bot.runtime import Duban
from store import outbox, people, queries
from store.audit import Actor
from store.outbox import Rendered
from store.people import Contact
from store.rules import rules_of
from store.tables import DueItemRow, OutboxRow
from store.uow import UnitOfWork
from store.views import ItemView, item_views, ongoing_seqs_by_unit
from workflows.digest import week_ahead
from workflows.drafts import ReminderDraft
from workflows.glossary import MONTHLY_FEEDBACK
from workflows.item_state import CHASED
from workflows.ladder import AGAIN, window_start
from workflows.reminders import Group, PlanGroups, Remind, catch_up, decide, dues_to_read, strongest
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


def chased_by_unit(session, units: set[int]) -> dict[int, list[ItemView]]:
    """unit id → its open, chased items with a date, by due date: what a reminder or a week-ahead note lists, and
    the 月反馈 section."""
    chased = defaultdict(list)
    for ids in queries.chunks(sorted(units)):
        for view in item_views(session, DueItemRow.unit_id.in_(ids), DueItemRow.state.in_(CHASED),
                               DueItemRow.due.is_not(None)):
            chased[view.unit_id].append(view)
    return chased


def week_note(person: Contact, views: list[ItemView], today: date) -> Rendered:
    """The unit's items due this week, to whom reminders go, when no reminder goes to them today."""
    why = m.WHY_WEEK_AHEAD.format(unit=views[0].unit, role=m.ROLE_NAMES[person.role])
    text = "\n".join([m.WEEK_AHEAD_HEAD.format(unit=views[0].unit), *item_lines(views, today, MAX_REMINDED),
                      m.REMINDER_FOOT, why])
    return Rendered(text, buttons_json(answer_buttons(views)))


def _message(person: Contact, entries: dict[int, Remind], chased: list[ItemView], ongoing: list[str],
             week: list[ItemView] | None, today: date, since: date) -> Rendered:
    """The reminder; with the rest of the week's items when it carries the week's note (`week`: those not reminded
    of, None if it does not), and the 月反馈 section, listing everything else open, when a feedback is due."""
    views = [v for v in chased if v.id in entries]
    top = strongest(entries.values())
    unit = views[0].unit
    lines = _sections(views, today, top.step, unit)
    why = m.WHY_REMINDER[top.step].format(unit=unit, role=m.ROLE_NAMES[person.role], days=top.overdue_leader)
    if any(r.on < today for r in entries.values()):
        why += "\n" + m.WHY_CATCH_UP.format(since=since.isoformat())
    if week is not None:
        why += "\n" + m.WHY_WEEK_IN_REMINDER
    if week:
        lines += [m.WEEK_AHEAD_SECTION, *item_lines(week, today, MAX_REMINDED)]
    # the buttons: what today's steps are about before what is only chased again (or a late joiner hears of)
    again = [v for v in views if entries[v.id].step == AGAIN]
    listed = [v for v in views if entries[v.id].step != AGAIN] + (week or []) + again
    feedback = next((v for v in views if v.kind == MONTHLY_FEEDBACK), None)
    if person.role in LIAISONS and feedback:
        shown = {v.id for v in listed}
        late = [v for v in chased if v.id not in shown and v.due < today]
        lines += _feedback_section(feedback, ongoing, late)
        listed += late
    if person.role in LIAISONS:
        return Rendered("\n".join([*lines, m.REMINDER_FOOT, why]), buttons_json(answer_buttons(listed)))
    return Rendered("\n".join([*lines, why]))


FEEDBACK_SEQS = 8      # the 序号 named in a line of the 月反馈 section; the rest are counted, and /my lists them


def _seqs(names: list[str]) -> str:
    return "、".join(names[:FEEDBACK_SEQS]) + (m.AND_MORE if len(names) > FEEDBACK_SEQS else "")


def _feedback_section(feedback: ItemView, ongoing: list[str], late: list[ItemView]) -> list[str]:
    """The 月反馈 in a few lines: what is asked, the ongoing rows and the overdue items needing a word, by 序号."""
    lines = [m.FEEDBACK_ASK.format(label=label(feedback))]
    if ongoing:
        lines.append(m.FEEDBACK_ONGOING.format(seqs=_seqs(ongoing), count=len(ongoing)))
    if late:
        example = next((v.seq for v in late if v.seq), "12")
        lines.append(m.FEEDBACK_LATE.format(names=_seqs(list(dict.fromkeys(label(v) for v in late))),
                                            count=len(late), first=example))
    return lines + [m.FEEDBACK_REST]


def _sections(views: list[ItemView], today: date, strongest: str, unit: str) -> list[str]:
    """The items under the header of where each stands today: overdue first, then due today, then due soon."""
    groups = (("overdue", [v for v in views if v.due < today]), ("due", [v for v in views if v.due == today]),
              ("before", [v for v in views if v.due > today]))
    lines: list[str] = []
    for kind, members in groups:
        if members:
            shown = "escalated" if kind == "overdue" and strongest == "escalated" else kind
            head = m.REMINDER_HEAD[shown] if not lines else m.SECTION_HEAD[kind]
            lines += [head.format(unit=unit), *item_lines(members, today, MAX_REMINDED)]
    return lines


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
            rendered[row.id] = _message(person, entries, unit_views, ongoing.get(person.unit_id, []), week,
                                        draft.today, draft.since)
        else:
            rendered[row.id] = week_note(person, week, draft.today) if week else None
    return rendered
