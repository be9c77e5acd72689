"""The cadence reports, built once for every way they leave Duban: `duban report`, /report, and the scheduled round.

Each is computed in workflows/ as data from the stored facts and rendered by
one module per format (documents/); here it gets its title, file name and the
short chat summary the office reads before opening the file. Every report is
seen from one day (`workflows.standing.as_of`): its period's end, or the day it
is made if that is earlier, when it says it is provisional.
"""
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlmodel import Session

from bot import messages as m
from bot.render.digest import NAMED, digest_text, unit_names
from documents.anchor import with_anchor
from documents.cadence_files import circulation_document, inspection_workbook, rollup_workbook, score_workbook
from documents.digest_chart import rates_chart
from documents.official_docx import Letterhead
from store import audit, circulations
from store.facts import feedback_replies, item_facts, joined_units
from store.rules import rules_of
from store.tables import PlanRow
from workflows.cadence import ItemFact, monthly_rollup, year_end_scores
from workflows.calendar import WorkCalendar
from workflows.digest import weekly_digest
from workflows.glossary import HALF_YEAR, MONTHLY, QUARTERLY, WEEKLY, YEAR_END
from workflows.period_words import period_words
from workflows.periods import report_period
from workflows.rules import PlanRules
from workflows.standing import AsOf, Interview, NamingRules, UnitStanding, as_of, inspection_list, interviews, standings



@dataclass(frozen=True)
class Report:
    kind: str
    period: str
    title: str
    summary: str          # the chat message, also printed by the CLI
    file_name: str
    data: bytes           # b"" when there is no file to send (a digest with no rate to chart)
    quiet: bool = False   # nothing happened and nothing is due: the scheduled round sends nothing
    when: AsOf | None = None                  # a quarterly draft's day and ranking: what the office reviews
    ranking: tuple[UnitStanding, ...] = ()


@dataclass(frozen=True)
class Inputs:
    """What every report of one plan is built from, read once."""
    plan: PlanRow
    facts: list[ItemFact]
    sent: dict[str, list[str]]
    rules: PlanRules
    calendar: WorkCalendar
    made: datetime          # now: the files' creation time
    today: date
    session: Session


def _provisional(title: str, when: AsOf) -> str:
    return title + (m.PROVISIONAL if when.provisional else "")


def _weekly(given: Inputs, period, first, last) -> Report:
    plan = given.plan
    digest = weekly_digest(given.facts, first, date(plan.year, 1, 1), given.calendar)
    title = m.DIGEST_TITLE.format(first=first, last=last)
    joined = joined_units(given.session)
    chart = rates_chart(m.CHART_TITLE.format(title=plan.title, period=m.WEEK_DATES.format(first=first, last=last)),
                        list(digest.rates), digest.lights, m.CHART_LEGEND) if digest.rates else b""
    return Report(WEEKLY, period, title, digest_text(title, digest, joined), m.FILE_WEEKLY.format(period=period),
                  chart, digest.quiet)


def _monthly(given: Inputs, period, first, last) -> Report:
    when = as_of(last, given.today)
    rows = monthly_rollup(given.facts, first, when.seen, feedback_replies(given.session, given.plan.id, first, last))
    title = _provisional(m.ROLLUP_TITLE.format(title=given.plan.title, period=period_words(MONTHLY, period)), when)
    joined = joined_units(given.session)
    silent = [r.unit for r in rows if not r.answered and r.unit in joined]
    unjoined = [r.unit for r in rows if not r.answered and r.unit not in joined]
    summary = m.ROLLUP_SUMMARY.format(title=title, answered=len(rows) - len(silent) - len(unjoined),
                                      silent=len(silent), names=unit_names(silent),
                                      overdue=sum(r.overdue for r in rows), blocked=sum(r.blocked for r in rows))
    if unjoined:      # they were never asked: the office invites them, rather than chasing them
        summary += "\n" + m.ROLLUP_UNJOINED.format(count=len(unjoined), names=unit_names(unjoined))
    return Report(MONTHLY, period, title, summary, m.FILE_ROLLUP.format(period=period),
                  rollup_workbook(title, when, rows))


def letterhead(given: Inputs, kind: str, number: int, day: date) -> Letterhead:
    pattern = given.rules.doc_number[kind]
    return Letterhead(given.plan.issuer, pattern.format(issuer=given.plan.issuer, year=day.year, number=number),
                      given.made, day)


def quarterly_draft(given: Inputs, period: str, first: date, ranking, when: AsOf, final: bool = False) -> bytes:
    """The 季度通报 of `ranking`: the draft the office reviews, or (`final`) the notice it approved."""
    template = m.CIRCULATION_FINAL_TITLE if final else m.CIRCULATION_TITLE
    title = _provisional(template.format(title=given.plan.title, period=period_words(QUARTERLY, period)), when)
    head = letterhead(given, "circulation", int(period[-1]), given.today)
    return circulation_document(title, head, first, when, ranking, given.rules.naming)


def _interview_reason(interview: Interview, rules: NamingRules) -> str:
    named = "、".join(period_words(QUARTERLY, p) for p in interview.circulations)
    reasons = [m.INTERVIEW_NAMED.format(times=len(interview.circulations), periods=named)
               ] if len(interview.circulations) >= rules.interview_circulations else []
    return "；".join(reasons + ([m.INTERVIEW_LAST] if interview.last else []))


def interview_lines(given: Inputs, period: str, ranking) -> str:
    """建议约谈 with each unit's reason; the draft's own names count as this quarter's."""
    named_now = {**{p: u for p, u in given.sent.items() if p != period}, period: [r.unit for r in ranking if r.named]}
    found = interviews(named_now, ranking, given.rules.naming)
    return "\n".join(m.INTERVIEW_LINE.format(unit=i.unit, why=_interview_reason(i, given.rules.naming))
                     for i in found[:NAMED]) or m.NONE


def _quarterly(given: Inputs, period, first, last) -> Report:
    when = as_of(last, given.today)
    ranking = standings(given.facts, first, when, given.calendar, given.rules.naming)
    named = [r.unit for r in ranking if r.named]
    words = period_words(QUARTERLY, period)
    title = _provisional(m.CIRCULATION_TITLE.format(title=given.plan.title, period=words), when)
    summary = m.CIRCULATION_SUMMARY_RULED.format(
        title=title, ranked=len(ranking), named=len(named), names=unit_names(named),
        rule=m.NAMING_RULE.format(days=given.rules.naming.overdue_workdays, items=given.rules.naming.late_items),
        interview=interview_lines(given, period, ranking))
    return Report(QUARTERLY, period, title, summary, m.FILE_CIRCULATION_DRAFT.format(period=period),
                  quarterly_draft(given, period, first, ranking, when), when=when, ranking=tuple(ranking))


def keep_if_draft(session: Session, plan_id: int, report: Report) -> None:
    """A quarterly draft given to the office is what it will approve: keep it (the caller commits)."""
    if report.kind == QUARTERLY:
        circulations.keep_draft(session, plan_id, report.period, report.when, list(report.ranking))


def _half_year(given: Inputs, period, first, last) -> Report:
    when = as_of(last, given.today)
    entries = inspection_list(given.facts, first, when, given.calendar, given.rules.naming)
    words = period_words(HALF_YEAR, period)
    title = _provisional(m.INSPECTION_TITLE.format(title=given.plan.title, period=words), when)
    summary = m.INSPECTION_SUMMARY_RULED.format(title=title, size=given.rules.naming.inspection_size,
                                                names=unit_names([e.unit for e in entries]))
    return Report(HALF_YEAR, period, title, summary, m.FILE_INSPECTION.format(period=period),
                  inspection_workbook(title, when, entries, given.rules.naming))


def _year_end(given: Inputs, period, first, last) -> Report:
    when = as_of(last, given.today)
    scores = year_end_scores(given.facts, when.seen, given.sent, given.rules.scores)
    title = _provisional(m.SCORES_TITLE.format(title=given.plan.title, period=period_words(YEAR_END, period)), when)
    lowest_score = scores[-1].score if scores else None
    lowest = [s.unit for s in scores if s.score == lowest_score]
    summary = m.SCORES_SUMMARY.format(title=title, units=len(scores), lowest=unit_names(lowest))
    return Report(YEAR_END, period, title, summary, m.FILE_SCORES.format(period=period),
                  score_workbook(title, when, scores))


BUILDERS = {WEEKLY: _weekly, MONTHLY: _monthly, QUARTERLY: _quarterly, HALF_YEAR: _half_year,
            YEAR_END: _year_end}


def inputs(session: Session, plan: PlanRow, timezone, calendar: WorkCalendar, now: datetime) -> Inputs:
    return Inputs(plan, item_facts(session, plan.id, timezone), circulations.sent(session, plan.id),
                  rules_of(session, plan.id), calendar, now, now.astimezone(timezone).date(), session)


def build(session: Session, plan: PlanRow, kind: str, period: str, timezone, calendar: WorkCalendar,
          now: datetime, approve: str = m.CIRCULATE_IN_CHAT) -> Report:
    """One report of the stored plan as of `now`; ValueError when the period is not one of `kind`'s. `approve` is
    how the reader approves a quarterly draft where they read it: /circulate in chat, `duban report circulate` at
    the CLI."""
    return build_many(session, plan, [(kind, period)], timezone, calendar, now, approve)[0]


def build_many(session: Session, plan: PlanRow, wanted: list[tuple[str, str]], timezone,
               calendar: WorkCalendar, now: datetime, approve: str = m.CIRCULATE_IN_CHAT) -> list[Report]:
    """Reports of the stored plan, (kind, period) each, from one reading of its facts: a quarter's first working
    day makes three, and a province's facts are 50,000 rows."""
    periods = [(kind, *report_period(kind, period)) for kind, period in wanted]
    if not periods:
        return []
    given = inputs(session, plan, timezone, calendar, now)
    built = [BUILDERS[kind](given, period, first, last) for kind, period, first, last in periods]
    built = [replace(report, summary=f"{report.summary}\n{_step(approve, report.period)}")
            if report.kind == QUARTERLY else report for report in built]
    anchor = audit.anchor(session)
    return [replace(report, data=with_anchor(report.file_name, report.data, anchor)) for report in built]


def _step(approve: str, period: str) -> str:
    return approve.format(period=period, words=period_words(QUARTERLY, period))
