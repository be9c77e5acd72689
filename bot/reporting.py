"""The cadence's scheduled round: on a report's day its readers get it once, as one summary and its file.

The weekly digest goes to admins and observers, and a unit with something due
that week gets one note of the week ahead, sent like reminders to liaison A (B
standing in); a unit with nothing due hears nothing. The monthly, quarterly, half-year and year-end reports go to
admins; the year-end table waits until the fourth quarter's circulation is sent.
A report an admin muted for its period is not sent to its readers. Once queued, a
report is marked so later ticks that day do not build it again. After downtime,
the reports whose day passed meanwhile are sent on return, once; of the weekly
digests only the latest, since an old week's digest is news nobody needs.
"""
from collections import defaultdict
from datetime import date, timedelta

from bot import messages as m
from bot.chat import Duban, send_with_file
from bot.reminding import audience
from bot.reports import Report, build_many
from bot.views import MAX_REMINDED, answer_buttons, buttons_json, item_lines, item_views
from store import circulations, mutes, outbox, people, queries
from store.audit import Actor
from store.tables import DueItemRow, PlanRow, SettingRow
from store.uow import UnitOfWork
from workflows.item_state import CHASED
from workflows.ladder import LIAISON_A
from workflows.periods import next_period, report_period
from workflows.report_schedule import WEEKLY, YEAR_END, ScheduledReport, reports_on

READERS = {WEEKLY: ("admin", "observer")}
OFFICE = ("admin",)


def _queued_key(report: ScheduledReport) -> str:
    return f"report-queued:{report.kind}:{report.period}"


def _send_report(uow: UnitOfWork, report: Report) -> int:
    queued = 0
    for person in people.people_of(uow.session, None, READERS.get(report.kind, OFFICE)):
        why = m.WHY_REPORT.format(role=m.ROLE_NAMES[person.role], report=m.REPORT_KINDS[report.kind],
                                  kind=report.kind, next=next_period(report.kind, report.period))
        queued += send_with_file(uow, person, f"report:{report.kind}:{report.period}:{person.id}",
                                 f"{report.summary}\n{why}", report.title, (report.file_name, report.data))
    return queued


def _week_ahead(uow: UnitOfWork, first: date, last: date, today: date) -> int:
    """A unit with something due this week: one note, in the reminders' style, to whom reminders go."""
    by_unit = defaultdict(list)
    for view in item_views(uow.session, DueItemRow.state.in_(CHASED), DueItemRow.due >= first,
                           DueItemRow.due <= last, DueItemRow.retired.is_(False)):
        by_unit[view.unit_id].append(view)
    notes, reachable = [], people.reachable_by_unit(uow.session)
    for unit_id, views in by_unit.items():
        for person in audience(reachable.get(unit_id, []), LIAISON_A):
            why = m.WHY_WEEK_AHEAD.format(unit=views[0].unit, role=m.ROLE_NAMES[person.role])
            text = "\n".join([m.WEEK_AHEAD_HEAD.format(unit=views[0].unit), *item_lines(views, today, MAX_REMINDED),
                              m.REMINDER_FOOT, why])
            notes.append(outbox.Text(f"week:{person.id}:{first.isoformat()}", person.telegram_user_id, person.id, text,
                                     buttons_json(answer_buttons(views))))
    return outbox.enqueue_many(uow.session, notes, uow.now)


def _scheduled(since: date, today: date, calendar) -> list[ScheduledReport]:
    """The reports whose day is after `since`, up to today, each once; the latest weekly digest only."""
    found = {}
    for n in range(1, (today - since).days + 1):
        for report in reports_on(since + timedelta(days=n), calendar):
            found[(report.kind, report.period)] = report
    reports = list(found.values())
    return [r for r in reports if r.kind != WEEKLY] + [r for r in reports if r.kind == WEEKLY][-1:]


def plan_reports(duban: Duban, since: date) -> int:
    """Queue the reports whose day is after `since` up to today; how many messages were newly queued."""
    today = duban.today()
    scheduled = _scheduled(since, today, duban.calendar)
    if not scheduled:
        return 0
    with UnitOfWork(duban.engine, duban.clock, Actor("scheduler", "system")) as uow:
        plan_id = queries.latest_plan_id(uow.session)
        if plan_id is None:
            return 0
        plan = uow.session.get(PlanRow, plan_id)
        sent = circulations.sent(uow.session, plan_id)
        todo = [due for due in scheduled if not uow.session.get(SettingRow, _queued_key(due))
                and not (due.kind == YEAR_END and f"{due.period}Q4" not in sent)]   # the scores need the last one
        # built before anything is written: on SQLite, writing takes the database's one write lock, and a
        # province's reports take a second to build
        reports = build_many(uow.session, plan, [(due.kind, due.period) for due in todo
                                                 if not mutes.is_muted(uow.session, due.kind, due.period)],
                             duban.settings.timezone, duban.calendar)
        queued = sum(_send_report(uow, report) for report in reports if not report.quiet)
        for due in todo:
            if due.kind == WEEKLY:     # the units' notes are reminders: muting the office's digest keeps them
                _, first, last = report_period(WEEKLY, due.period)
                queued += _week_ahead(uow, first, last, today)
            uow.session.add(SettingRow(key=_queued_key(due), value=uow.now.isoformat()))
        uow.commit()
    return queued
