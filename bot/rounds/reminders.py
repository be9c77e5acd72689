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
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import select
from sqlmodel import Session

from bot import messages as m
from bot.render.items import (
    MAX_REMINDED,
    ItemView,
    answer_buttons,
    buttons_json,
    item_lines,
    item_views,
    ongoing_seqs_by_unit,
)
from bot.runtime import Duban
from store import outbox, people, queries
from store.audit import Actor
from store.outbox import Rendered
from store.people import Contact
from store.rules import rules_of
from store.tables import DueItemRow, OutboxRow, PlanRow
from store.uow import UnitOfWork
from workflows.item_state import CHASED
from workflows.ladder import BOTH_LIAISONS, LEADER, LIAISON_A, Ladder, dues_stepping, steps_between, window_start

STRENGTH = ("before", "due", "again", "overdue", "escalated")
DRAFT = "reminder"
FEEDBACK = "monthly-feedback"


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


class WeekAhead(NamedTuple):
    """The week whose notes a round sends (the weekly digest's day came), and whom they go to (`week_readers`)."""
    first: date
    last: date
    readers: list[Contact]


def reminder_keys(person_ids, today: date) -> dict[int, str]:
    """Each person's outbox key for today's reminder."""
    day = today.isoformat()
    return {person_id: f"remind:{person_id}:{day}" for person_id in person_ids}


class Reminded(NamedTuple):
    """One group of items in one person's message: the strongest ladder step it reached, under its plan's ladder."""
    kind: str               # the step's: before, due, overdue, escalated
    on: date
    overdue_leader: int     # the plan's ladder: working days overdue before the leader hears


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


def _message(person: Contact, entries: dict[int, Reminded], chased: list[ItemView], ongoing: list[str],
             week: list[ItemView] | None, today: date, since: date) -> Rendered:
    """The reminder; with the rest of the week's items when it carries the week's note (`week`: those not reminded
    of, None if it does not), and the 月反馈 section, listing everything else open, when a feedback is due."""
    views = [v for v in chased if v.id in entries]
    strongest = max(entries.values(), key=lambda r: STRENGTH.index(r.kind))
    unit = views[0].unit
    lines = _sections(views, today, strongest.kind, unit)
    why = m.WHY_REMINDER[strongest.kind].format(unit=unit, role=m.ROLE_NAMES[person.role],
                                                days=strongest.overdue_leader)
    if any(r.on < today for r in entries.values()):
        why += "\n" + m.WHY_CATCH_UP.format(since=since.isoformat())
    if week is not None:
        why += "\n" + m.WHY_WEEK_IN_REMINDER
    if week:
        lines += [m.WEEK_AHEAD_SECTION, *item_lines(week, today, MAX_REMINDED)]
    # the buttons: what today's steps are about before what is only chased again (or a late joiner hears of)
    again = [v for v in views if entries[v.id].kind == "again"]
    listed = [v for v in views if entries[v.id].kind != "again"] + (week or []) + again
    feedback = next((v for v in views if v.kind == FEEDBACK), None)
    if person.role in people.LIAISONS and feedback:
        shown = {v.id for v in listed}
        late = [v for v in chased if v.id not in shown and v.due < today]
        lines += _feedback_section(feedback, ongoing, late)
        listed += late
    if person.role in people.LIAISONS:
        return Rendered("\n".join([*lines, m.REMINDER_FOOT, why]), buttons_json(answer_buttons(listed)))
    return Rendered("\n".join([*lines, why]))


FEEDBACK_SEQS = 8      # the 序号 named in a line of the 月反馈 section; the rest are counted, and /my lists them


def _seqs(names: list[str]) -> str:
    return "、".join(names[:FEEDBACK_SEQS]) + (m.AND_MORE if len(names) > FEEDBACK_SEQS else "")


def _feedback_section(feedback: ItemView, ongoing: list[str], late: list[ItemView]) -> list[str]:
    """The 月反馈 in a few lines: what is asked, the ongoing rows and the overdue items needing a word, by 序号."""
    lines = [m.FEEDBACK_ASK.format(label=feedback.label)]
    if ongoing:
        lines.append(m.FEEDBACK_ONGOING.format(seqs=_seqs(ongoing), count=len(ongoing)))
    if late:
        example = next((v.seq for v in late if v.seq), "12")
        lines.append(m.FEEDBACK_LATE.format(names=_seqs(list(dict.fromkeys(v.label for v in late))),
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


@dataclass(frozen=True)
class Stepping:
    """A plan's open items with a step in the round's window: due on `dues`, reminded under `ladder`."""
    plan_id: int
    ladder: Ladder
    dues: set[date]


def _heard(uow: UnitOfWork, duban: Duban, plans: list[Stepping], reachable: dict[int, list[Contact]], today: date,
           since: date):
    """person id → {(plan, due, kind): the strongest step that group reached for them}, and the people by id.
    The items of a group share their steps, so this reads groups, not a province's tens of thousands of items;
    and the groups of a due date share theirs, so each date's steps are worked out once."""
    heard: dict[int, dict[tuple, Reminded]] = defaultdict(dict)
    persons: dict[int, Contact] = {}
    told: dict[tuple[int, str], list[Contact]] = {}
    for plan in plans:
        stepped: dict[tuple[date, str], list[tuple[str, int, Reminded]]] = {}
        for unit_id, due, kind in queries.chased_groups(uow.session, plan.plan_id, plan.dues):
            if (due, kind) not in stepped:
                stepped[due, kind] = [(step.audience, STRENGTH.index(step.kind),
                                       Reminded(step.kind, step.on, plan.ladder.overdue_leader))
                                      for step in steps_between(due, since, today, duban.calendar, plan.ladder, kind)]
            group = plan.plan_id, due, kind
            for who, strength, reminded in stepped[due, kind]:
                if (unit_id, who) not in told:
                    told[unit_id, who] = audience(reachable.get(unit_id, []), who)
                for person in told[unit_id, who]:
                    persons[person.id] = person
                    known = heard[person.id].get(group)
                    if known is None or strength >= STRENGTH.index(known.kind):
                        heard[person.id][group] = reminded
    return heard, persons


def _draft(today: date, since: date, groups: dict[tuple, Reminded], week: WeekAhead | None) -> str:
    draft = {"kind": DRAFT, "today": today.isoformat(), "since": since.isoformat(),
             "groups": [[plan_id, due.isoformat(), kind, step.kind, step.on.isoformat(), step.overdue_leader]
                        for (plan_id, due, kind), step in groups.items()]}
    if week:
        draft["week"] = [week.first.isoformat(), week.last.isoformat()]
    return json.dumps(draft)


def _groups(draft: dict) -> dict[tuple, Reminded]:
    return {(plan_id, date.fromisoformat(due), kind): Reminded(step, date.fromisoformat(on), days)
            for plan_id, due, kind, step, on, days in draft["groups"]}


def week_readers(reachable: dict[int, list[Contact]], units: list[int]) -> list[Contact]:
    """Whom a week's notes go to: as reminders do, liaison A of each unit with something due in it (B standing in)."""
    return [person for unit_id in units for person in audience(reachable.get(unit_id, []), LIAISON_A)]


def _chased_again(session: Session, plan_id: int, ladder: Ladder, since: date, today: date, calendar) -> set[date]:
    """The due dates of open items older than the ladder's window (`dues_stepping` has the rest) chased again in
    this round: read from the open-items index, so a round with nothing that old overdue reads nothing."""
    return {due for due in queries.chased_dues_before(session, plan_id, window_start(since, ladder))
            if steps_between(due, since, today, calendar, ladder)}


def plan_reminders(duban: Duban, since: date, reachable: dict[int, list[Contact]], week: WeekAhead | None) -> int:
    """Enqueue today's reminders to the `reachable` (`people.reachable_by_unit`), with what a downtime after `since`
    missed, as drafts the sender renders; how many were newly queued. People already reminded today (an earlier
    round of the minute tick) are left out. A reminder to a reader of the `week` going out carries it."""
    today = duban.today()
    with UnitOfWork(duban.engine, duban.clock, Actor("scheduler", "system")) as uow:
        plans = [Stepping(plan_id, ladder, dues_stepping(since, today, duban.calendar, ladder) |
                          _chased_again(uow.session, plan_id, ladder, since, today, duban.calendar))
                 for plan_id in uow.session.execute(select(PlanRow.id)).scalars()
                 for ladder in [rules_of(uow.session, plan_id).ladder]]
        heard, persons = _heard(uow, duban, plans, reachable, today, since)
        keys = reminder_keys(heard, today)
        done = outbox.existing(uow.session, list(keys.values()))
        readers = {person.id for person in week.readers} if week else set()
        written: dict[tuple, str] = {}     # a province's units mostly have the same rows due: one text each
        drafts = []
        for p, groups in heard.items():
            if keys[p] not in done:
                same = (tuple(groups.items()), p in readers)
                if same not in written:
                    written[same] = _draft(today, since, groups, week if p in readers else None)
                drafts.append(outbox.Text(keys[p], persons[p].telegram_user_id, p, draft=written[same]))
        queued = outbox.enqueue_many(uow.session, drafts, uow.now)
        uow.commit()
    return queued


def _unheard(session: Session, duban: Duban, views: list[ItemView], entries: dict[int, Reminded], joined: date,
             today: date, memo: dict) -> dict[int, Reminded]:
    """The unit's overdue items a liaison who joined late has not been chased about since joining (their steps all
    came before): listed in their first reminder, rather than at the next chase again, up to a week later. `memo`
    keeps each plan's ladder and each answer: a round's reminders ask about the same few dates."""
    unheard = {}
    for v in views:
        if v.id in entries or v.due >= today or v.kind == FEEDBACK:    # a month's round before joining is past
            continue
        key = v.plan_id, v.due, v.kind, joined
        if key not in memo:
            if v.plan_id not in memo:
                memo[v.plan_id] = rules_of(session, v.plan_id).ladder
            ladder = memo[v.plan_id]
            heard = steps_between(v.due, joined - timedelta(days=1), today - timedelta(days=1), duban.calendar,
                                  ladder, v.kind)
            memo[key] = None if heard else Reminded("again", today, ladder.overdue_leader)
        if memo[key]:
            unheard[v.id] = memo[key]
    return unheard


def _reminded_before(session: Session, person_id: int, today: date) -> bool:
    """Whether the person had a reminder before today (a range of their outbox keys, read from its index)."""
    first, today_key = reminder_keys([person_id], date.min)[person_id], reminder_keys([person_id], today)[person_id]
    return session.execute(select(OutboxRow.id).where(OutboxRow.idempotency_key >= first,
                                                      OutboxRow.idempotency_key < today_key).limit(1)).first() is not None


def render(session: Session, claimed: list[tuple[OutboxRow, dict]], duban: Duban) -> dict[int, Rendered | None]:
    """The claimed reminders as messages, each item as it stands now: one answered since the round is left out.
    A reminder left with none is dropped (None), as is one to a person no longer active, unless it carries the
    week's note and the week still has items: then it is that note."""
    persons = people.contacts(session, {row.person_id for row, _ in claimed})
    chased = chased_by_unit(session, {person.unit_id for person in persons.values()})
    ongoing = ongoing_seqs_by_unit(session, sorted({p.unit_id for p in persons.values() if p.role in people.LIAISONS}))
    joined = people.joined_on(session, set(persons), duban.settings.timezone)
    memo: dict = {}
    rendered = {}
    for row, draft in claimed:
        person, groups, today = persons.get(row.person_id), _groups(draft), date.fromisoformat(draft["today"])
        unit_views = chased.get(person.unit_id, []) if person else []
        entries = {v.id: groups[v.plan_id, v.due, v.kind] for v in unit_views if (v.plan_id, v.due, v.kind) in groups}
        if entries and person.role in people.LIAISONS:
            unheard = _unheard(session, duban, unit_views, entries, joined[person.id], today, memo)
            if unheard and not _reminded_before(session, person.id, today):
                entries |= unheard
        week = None
        if "week" in draft:
            first, last = (date.fromisoformat(day) for day in draft["week"])
            week = [v for v in unit_views if first <= v.due <= last and v.id not in entries]
        if entries:
            rendered[row.id] = _message(person, entries, unit_views, ongoing.get(person.unit_id, []), week, today,
                                        date.fromisoformat(draft["since"]))
        else:
            rendered[row.id] = week_note(person, week, today) if week else None
    return rendered


class Chased(NamedTuple):
    """What 一键催办 did: the people newly written to, of those it was for, about how many items."""
    sent: list[Contact]
    readers: int
    items: int


def _step_on(due: date, today: date) -> str:
    """The ladder's step an item's date puts it on today, for a reminder asked for out of turn."""
    return "overdue" if due < today else "due" if due == today else "before"


def remind_unit_now(uow: UnitOfWork, duban: Duban, unit_id: int) -> Chased:
    """一键催办: today's reminder to the unit's liaison A (B standing in) now, of every open item with a date, each
    at the step its date puts it on; rendered and sent as the round's are. Within the rule of one reminder per
    person per working day: someone already reminded today is not written to again."""
    today = duban.today()
    views = chased_by_unit(uow.session, {unit_id}).get(unit_id, [])
    readers = audience(people.reachable_by_unit(uow.session).get(unit_id, []), LIAISON_A)
    if not views or not readers:
        return Chased([], len(readers), len(views))
    ladders = {plan_id: rules_of(uow.session, plan_id).ladder for plan_id in {v.plan_id for v in views}}
    groups = {(v.plan_id, v.due, v.kind): Reminded(_step_on(v.due, today), today, ladders[v.plan_id].overdue_leader)
              for v in views}
    keys = reminder_keys([p.id for p in readers], today)
    done = outbox.existing(uow.session, list(keys.values()))
    fresh = [p for p in readers if keys[p.id] not in done]
    draft = _draft(today, today, groups, None)
    outbox.enqueue_many(uow.session, [outbox.Text(keys[p.id], p.telegram_user_id, p.id, draft=draft) for p in fresh],
                        uow.now)
    uow.audit("unit.reminded", f"unit:{unit_id}", after={"people": [p.id for p in fresh], "items": len(views)})
    return Chased(fresh, len(readers), len(views))
