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
import json
from collections import defaultdict
from datetime import date, timedelta

from sqlmodel import Session

from bot import messages as m
from bot.rounds.reminders import WeekAhead, chased_by_unit, reminder_keys, week_note, week_readers
from bot.runtime import Duban
from bot.services.reports import build_many, keep_if_draft
from store import circulations, mutes, outbox, people, queries
from store.audit import Actor
from store.outbox import Rendered
from store.people import Contact
from store.tables import OutboxRow, PlanRow, SettingRow
from store.uow import UnitOfWork
from workflows.period_words import period_words
from workflows.periods import next_period, report_period
from workflows.report_schedule import WEEKLY, YEAR_END, ScheduledReport, reports_on

READERS = {WEEKLY: ("admin", "observer")}
OFFICE = ("admin",)
REPORT_DRAFT, WEEK_DRAFT = "report", "week"
SUMMARY, FILE = "summary", "file"


def _queued_key(report: ScheduledReport) -> str:
    return f"report-queued:{report.kind}:{report.period}"


def _send_report(uow: UnitOfWork, plan_id: int, due: ScheduledReport) -> int:
    """Its readers' drafts: the summary, then the file in a message of its own (a caption holds 1,024
    characters)."""
    drafts = []
    for person in people.people_of(uow.session, None, READERS.get(due.kind, OFFICE)):
        why = m.WHY_REPORT.format(role=m.ROLE_NAMES[person.role], report=m.REPORT_KINDS[due.kind],
                                  next=period_words(due.kind, next_period(due.kind, due.period)))
        key = f"report:{due.kind}:{due.period}:{person.id}"
        for part, suffix in ((SUMMARY, ""), (FILE, ":file")):
            draft = {"kind": REPORT_DRAFT, "plan": plan_id, "report": due.kind, "period": due.period, "part": part,
                     "why": why}
            drafts.append(outbox.Text(key + suffix, person.telegram_user_id, person.id, draft=json.dumps(draft)))
    return outbox.enqueue_many(uow.session, drafts, uow.now)


def render_report(session: Session, claimed: list[tuple[OutboxRow, dict]], duban: Duban) -> dict[int, Rendered | None]:
    """The claimed reports' summaries and files; a report with nothing to say (quiet) is dropped."""
    wanted = defaultdict(set)
    for _, draft in claimed:
        wanted[draft["plan"]].add((draft["report"], draft["period"]))
    built = {(plan_id, report.kind, report.period): report for plan_id, reports in wanted.items()
             for report in build_many(session, session.get(PlanRow, plan_id), sorted(reports),
                                      duban.settings.timezone, duban.calendar, duban.clock())}
    _keep_drafts(duban, built)
    rendered = {}
    for row, draft in claimed:
        report = built[draft["plan"], draft["report"], draft["period"]]
        if report.quiet or (draft["part"] == FILE and not report.data):
            rendered[row.id] = None
        elif draft["part"] == SUMMARY:
            rendered[row.id] = Rendered(f"{report.summary}\n{draft['why']}")
        else:
            rendered[row.id] = Rendered(report.title, file=(report.file_name, report.data))
    return rendered


def _keep_drafts(duban: Duban, built: dict) -> None:
    """The quarterly drafts the office is about to get are what it will approve: kept at once, apart from the
    reading (`circulations.keep_draft`)."""
    drafts = [(plan_id, report) for (plan_id, kind, _), report in built.items() if kind == "quarterly"]
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
    if not weekly or session.get(SettingRow, _queued_key(weekly[0])):
        return None
    _, first, last = report_period(WEEKLY, weekly[0].period)
    return WeekAhead(first, last, week_readers(reachable, queries.units_with_chased_due(session, first, last)))


def _week_ahead(uow: UnitOfWork, week: WeekAhead, today: date) -> int:
    """One note, in the reminders' style, to each reader of the week who has no reminder today (theirs carries it)."""
    draft = json.dumps({"kind": WEEK_DRAFT, "first": week.first.isoformat(), "last": week.last.isoformat(),
                        "today": today.isoformat()})
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
    for row, draft in claimed:
        person = persons.get(row.person_id)
        first, last = date.fromisoformat(draft["first"]), date.fromisoformat(draft["last"])
        views = [v for v in chased.get(person.unit_id, []) if first <= v.due <= last] if person else []
        rendered[row.id] = week_note(person, views, date.fromisoformat(draft["today"])) if views else None
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
        todo = [due for due in scheduled if not uow.session.get(SettingRow, _queued_key(due))
                and not (due.kind == YEAR_END and f"{due.period}Q4" not in sent)]   # the scores need the last one
        queued = sum(_send_report(uow, plan_id, due) for due in todo
                     if not mutes.is_muted(uow.session, due.kind, due.period))
        for due in todo:
            if due.kind == WEEKLY and week:     # the units' notes are reminders: muting the office's digest keeps them
                queued += _week_ahead(uow, week, today)
            uow.session.add(SettingRow(key=_queued_key(due), value=uow.now.isoformat()))
        uow.commit()
    return queued
