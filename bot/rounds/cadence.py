"""The cadence's scheduled round: on a report's day its readers get it once, as one summary and its file.

The weekly digest goes to admins and observers, and a unit with something due
that week gets one note of the week ahead, sent like reminders to liaison A (B
standing in), or carried by the reminder they get that day, so that nobody gets
two messages at once; a unit with nothing due hears nothing. The monthly,
quarterly, half-year and year-end reports go to admins; the year-end table
waits until the fourth quarter's circulation is sent.
A report an admin muted for its period is not sent to its readers. Once queued, a
report is marked so later ticks that day do not build it again. After downtime,
the reports whose day passed meanwhile are sent on return, once; of the weekly
digests only the latest, since an old week's digest is news nobody needs.
The round queues drafts; the sender builds each report when it claims its
messages (`render_report`, once for the messages claimed together) and the
week-ahead notes as it claims them (`render_week`); a report with nothing to
say is dropped then.
"""
from collections import defaultdict
from datetime import date, timedelta

from sqlmodel import Session

from bot import messages as m
from bot.render.reminders import week_note
from bot.rounds.reminders import WeekAhead, reminder_keys
from bot.runtime import Duban
from bot.services.reports import build_many, keep_if_draft
from store import circulations, mutes, outbox, people, queries, settings
from store.audit import Actor
from store.outbox import Rendered
from store.people import Contact
from store.tables import OutboxRow, PlanRow
from store.uow import UnitOfWork
from store.views import chased_by_unit
from workflows.digest import week_ahead
from workflows.drafts import ReportDraft, WeekDraft
from workflows.glossary import ADMIN, QUARTERLY
from workflows.period_words import period_words
from workflows.periods import next_period, report_period
from workflows.reminders import week_readers
from workflows.report_schedule import WEEKLY, YEAR_END, ScheduledReport, reports_on
from workflows.roles import UNITLESS

READERS = {WEEKLY: UNITLESS}
OFFICE = (ADMIN,)
REPORT_DRAFT, WEEK_DRAFT = ReportDraft.KIND, WeekDraft.KIND


def _send_report(uow: UnitOfWork, plan_id: int, due: ScheduledReport) -> int:
    """Its readers' drafts: the summary, then the file in a message of its own (a caption holds 1,024
    characters)."""
    drafts = []
    for person in people.people_of(uow.session, None, READERS.get(due.kind, OFFICE)):
        why = m.WHY_REPORT.format(role=m.ROLE_NAMES[person.role], report=m.REPORT_KINDS[due.kind],
                                  next=period_words(due.kind, next_period(due.kind, due.period)))
        key = f"report:{due.kind}:{due.period}:{person.id}"
        for part, suffix in ((ReportDraft.SUMMARY, ""), (ReportDraft.FILE, ":file")):
            draft = ReportDraft(plan_id, due.kind, due.period, part, why)
            drafts.append(outbox.Text(key + suffix, person.telegram_user_id, person.id, draft=draft.dumps()))
    return outbox.enqueue_many(uow.session, drafts, uow.now)


def render_report(session: Session, claimed: list[tuple[OutboxRow, dict]], duban: Duban) -> dict[int, Rendered | None]:
    """The claimed reports' summaries and files; a report with nothing to say (quiet) is dropped."""
    drafts = [(row, ReportDraft.of(stored)) for row, stored in claimed]
    wanted = defaultdict(set)
    for _, draft in drafts:
        wanted[draft.plan_id].add((draft.report, draft.period))
    built = {(plan_id, report.kind, report.period): report for plan_id, reports in wanted.items()
             for report in build_many(session, session.get(PlanRow, plan_id), sorted(reports),
                                      duban.settings.timezone, duban.calendar, duban.clock())}
    _keep_drafts(duban, built)
    rendered = {}
    for row, draft in drafts:
        report = built[draft.plan_id, draft.report, draft.period]
        if report.quiet or (draft.part == ReportDraft.FILE and not report.data):
            rendered[row.id] = None
        elif draft.part == ReportDraft.SUMMARY:
            rendered[row.id] = Rendered(f"{report.summary}\n{draft.why}")
        else:
            rendered[row.id] = Rendered(report.title, file=(report.file_name, report.data))
    return rendered


def _keep_drafts(duban: Duban, built: dict) -> None:
    """The quarterly drafts the office is about to get are what it will approve: kept at once, apart from the
    reading (`circulations.keep_draft`)."""
    drafts = [(plan_id, report) for (plan_id, kind, _), report in built.items() if kind == QUARTERLY]
    if drafts:
        with Session(duban.engine) as session:
            for plan_id, report in drafts:
                keep_if_draft(session, plan_id, report)
            session.commit()


def week_to_send(session: Session, since: date, today: date, calendar,
                 reachable: dict[int, list[Contact]]) -> WeekAhead | None:
    """The week whose notes this round sends to the `reachable` (`people.reachable_by_unit`): the latest weekly
    digest's day came after `since` and it is not yet queued. Read before the reminders are queued, which carry it."""
    weekly = [due for due in _scheduled(since, today, calendar) if due.kind == WEEKLY]
    if not weekly or settings.report_queued(session, weekly[0].kind, weekly[0].period):
        return None
    _, first, last = report_period(WEEKLY, weekly[0].period)
    return WeekAhead(first, last, week_readers(reachable, queries.units_with_chased_due(session, first, last)))


def _week_ahead(uow: UnitOfWork, week: WeekAhead, today: date) -> int:
    """One note, in the reminders' style, to each reader of the week who has no reminder today (theirs carries it)."""
    draft = WeekDraft(week.first, week.last, today).dumps()
    keys = reminder_keys((person.id for person in week.readers), today)
    reminded = outbox.existing(uow.session, list(keys.values()))
    notes = [outbox.Text(f"week:{person.id}:{week.first.isoformat()}", person.telegram_user_id, person.id, draft=draft)
             for person in week.readers if keys[person.id] not in reminded]
    return outbox.enqueue_many(uow.session, notes, uow.now)


def render_week(session: Session, claimed: list[tuple[OutboxRow, dict]], _duban: Duban) -> dict[int, Rendered | None]:
    """The claimed week-ahead notes, each item as it stands now; a note left with nothing due is dropped."""
    persons = people.contacts(session, {row.person_id for row, _ in claimed})
    chased = chased_by_unit(session, {person.unit_id for person in persons.values()})
    rendered = {}
    for row, stored in claimed:
        person, draft = persons.get(row.person_id), WeekDraft.of(stored)
        views = week_ahead(chased.get(person.unit_id, []), draft.first, draft.last) if person else ()
        rendered[row.id] = week_note(person, list(views), draft.today) if views else None
    return rendered


def _scheduled(since: date, today: date, calendar) -> list[ScheduledReport]:
    """The reports whose day is after `since`, up to today, each once; the latest weekly digest only."""
    found = {}
    for n in range(1, (today - since).days + 1):
        for report in reports_on(since + timedelta(days=n), calendar):
            found[(report.kind, report.period)] = report
    reports = list(found.values())
    return [r for r in reports if r.kind != WEEKLY] + [r for r in reports if r.kind == WEEKLY][-1:]


def plan_reports(duban: Duban, since: date, week: WeekAhead | None) -> int:
    """Queue the reports whose day is after `since` up to today, and the `week`'s notes (`week_to_send`); how many
    messages were newly queued."""
    today = duban.today()
    scheduled = _scheduled(since, today, duban.calendar)
    if not scheduled:
        return 0
    with UnitOfWork(duban.engine, duban.clock, Actor("scheduler", "system")) as uow:
        plan_id = queries.latest_plan_id(uow.session)
        if plan_id is None:
            return 0
        sent = circulations.sent(uow.session, plan_id)
        todo = [due for due in scheduled if not settings.report_queued(uow.session, due.kind, due.period)
                and not (due.kind == YEAR_END and f"{due.period}Q4" not in sent)]   # the scores need the last one
        queued = sum(_send_report(uow, plan_id, due) for due in todo
                     if not mutes.is_muted(uow.session, due.kind, due.period))
        for due in todo:
            if due.kind == WEEKLY and week:     # the units' notes are reminders: muting the office's digest keeps them
                queued += _week_ahead(uow, week, today)
            settings.mark_report_queued(uow.session, due.kind, due.period, uow.now)
        uow.commit()
    return queued
