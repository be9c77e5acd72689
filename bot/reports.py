"""The cadence reports, built once for every way they leave Duban: `duban report`, /report, and the scheduled round.

Each is computed in workflows/ as data from the stored facts and rendered by
one module per format (documents/); here it gets its title, file name and the
short chat summary the office reads before opening the file.
"""
from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session

from bot import messages as m
from documents.anchor import with_anchor
from documents.cadence_files import circulation_document, inspection_workbook, rollup_workbook, score_workbook
from documents.digest_chart import rates_chart
from store import audit, circulations
from store.facts import item_facts
from store.rules import rules_of
from store.tables import PlanRow
from workflows.cadence import (ItemFact, ScoreRules, circulation_names, inspection_list, interview_list,
                               monthly_rollup, quarterly_ranking, year_end_scores)
from workflows.calendar import WorkCalendar
from workflows.digest import WeeklyDigest, weekly_digest
from workflows.period_words import period_words
from workflows.periods import report_period

LISTED = 12     # lines per section of a chat summary; the file has everything
NAMED = 30      # unit names in one line of a summary: a province's 1,500 would pass Telegram's 4,096 characters


@dataclass(frozen=True)
class Report:
    kind: str
    period: str
    title: str
    summary: str          # the chat message, also printed by the CLI
    file_name: str
    data: bytes
    quiet: bool = False   # nothing happened and nothing is due: the scheduled round sends nothing


def _names(units: list[str]) -> str:
    if not units:
        return m.NONE
    shown = "、".join(units[:NAMED])
    return shown if len(units) <= NAMED else m.AND_MORE_UNITS.format(names=shown, count=len(units))


def _fact_lines(facts: tuple[ItemFact, ...]) -> list[str]:
    lines = [m.DIGEST_ITEM.format(unit=f.unit, label=m.SEQ_LABEL.format(seq=f.seq) if f.seq else m.FEEDBACK_NAME,
                                  due=f"{f.due:%m-%d}" if f.due else m.WHEN_UNDATED) for f in facts[:LISTED]]
    if len(facts) > LISTED:
        lines.append(m.DIGEST_MORE.format(count=len(facts) - LISTED))
    return lines


def digest_text(title: str, digest: WeeklyDigest) -> str:
    lines = [title, m.DIGEST_LIGHTS.format(**{light: _names(sorted(u for u, l in digest.lights.items() if l == light))
                                              for light in ("red", "yellow")},
                                           green=sum(light == "green" for light in digest.lights.values()))]
    for heading, facts in ((m.DIGEST_DUE, digest.due_this_week), (m.DIGEST_OVERDUE, digest.newly_overdue),
                           (m.DIGEST_BLOCKED, digest.blocked), (m.DIGEST_DONE, digest.newly_done),
                           (m.DIGEST_WAITING, digest.waiting)):
        listed = _fact_lines(facts) if heading != m.DIGEST_DONE else []
        lines.append(heading.format(count=len(facts)) + ("：" if listed else "。"))
        lines += listed
    weakest = [r for r in digest.rates if r.rate < 1][:LISTED]
    if weakest:
        lines.append(m.DIGEST_RATES)
        lines += [m.DIGEST_RATE.format(unit=r.unit, rate=r.rate, on_time=r.on_time, due=r.due,
                                       change=m.DIGEST_CHANGE.format(change=r.change) if r.change else "")
                  for r in weakest]
    return "\n".join(lines)


def _weekly(plan, facts, period, first, last, _sent, _scores, calendar) -> Report:
    digest = weekly_digest(facts, first, date(plan.year, 1, 1), calendar)
    title = m.DIGEST_TITLE.format(first=first, last=last)
    chart = rates_chart(m.CHART_TITLE.format(title=plan.title, period=m.WEEK_DATES.format(first=first, last=last)),
                        list(digest.rates))
    return Report("weekly", period, title, digest_text(title, digest), f"周报-{period}.png", chart, digest.quiet)


def _monthly(plan, facts, period, first, last, _sent, _scores, _calendar) -> Report:
    rows = monthly_rollup(facts, first, last)
    title = m.ROLLUP_TITLE.format(title=plan.title, period=period)
    silent = [r.unit for r in rows if not r.answered]
    summary = m.ROLLUP_SUMMARY.format(title=title, answered=len(rows) - len(silent), silent=len(silent),
                                      names=_names(silent), overdue=sum(r.overdue for r in rows),
                                      blocked=sum(r.blocked for r in rows))
    return Report("monthly", period, title, summary, f"月反馈汇总-{period}.xlsx", rollup_workbook(title, rows))


def _quarterly(plan, facts, period, first, last, sent, _scores, _calendar) -> Report:
    ranking = quarterly_ranking(facts, first, last)
    named = circulation_names(ranking)
    earlier = [units for quarter, units in sent.items() if quarter != period]
    title = m.CIRCULATION_TITLE.format(title=plan.title, period=period)
    summary = m.CIRCULATION_SUMMARY.format(title=title, ranked=len(ranking), named=len(named), names=_names(named),
                                           interview=_names(interview_list(earlier + [named], ranking)))
    document = circulation_document(title, plan.issuer, first, last, ranking, named)
    return Report("quarterly", period, title, summary, f"季度通报草稿-{period}.docx", document)


def _half_year(plan, facts, period, first, last, _sent, _scores, _calendar) -> Report:
    entries = inspection_list(facts, first, last)
    title = m.INSPECTION_TITLE.format(title=plan.title, period=period)
    inspected = {e.unit for e in entries}
    open_items = [f for f in facts if f.unit in inspected and (f.overdue_on(last) or f.blocked)]
    summary = m.INSPECTION_SUMMARY.format(title=title, names=_names([e.unit for e in entries]))
    return Report("half-year", period, title, summary, f"半年督查名单-{period}.xlsx",
                  inspection_workbook(title, entries, open_items))


def _year_end(plan, facts, period, first, _last, sent, rules: ScoreRules, _calendar) -> Report:
    scores = year_end_scores(facts, first.year, sent, rules)
    title = m.SCORES_TITLE.format(title=plan.title, period=period)
    lowest = [s.unit for s in scores[-3:]][::-1]
    summary = m.SCORES_SUMMARY.format(title=title, units=len(scores), lowest=_names(lowest))
    return Report("year-end", period, title, summary, f"年底考评-{period}.xlsx", score_workbook(title, scores))


BUILDERS = {"weekly": _weekly, "monthly": _monthly, "quarterly": _quarterly, "half-year": _half_year,
            "year-end": _year_end}


def build(session: Session, plan: PlanRow, kind: str, period: str, timezone, calendar: WorkCalendar,
          approve: str = m.CIRCULATE_IN_CHAT) -> Report:
    """One report of the stored plan; ValueError when the period is not one of `kind`'s. `approve` is how the
    reader approves a quarterly draft where they read it: /circulate in chat, `duban report circulate` at the CLI."""
    return build_many(session, plan, [(kind, period)], timezone, calendar, approve)[0]


def build_many(session: Session, plan: PlanRow, wanted: list[tuple[str, str]], timezone,
               calendar: WorkCalendar, approve: str = m.CIRCULATE_IN_CHAT) -> list[Report]:
    """Reports of the stored plan, (kind, period) each, from one reading of its facts: a quarter's first working
    day makes three, and a province's facts are 50,000 rows."""
    periods = [(kind, *report_period(kind, period)) for kind, period in wanted]
    if not periods:
        return []
    facts = item_facts(session, plan.id, timezone)
    sent, rules, anchor = circulations.sent(session, plan.id), rules_of(session, plan.id).scores, audit.anchor(session)
    built = [BUILDERS[kind](plan, facts, period, first, last, sent, rules, calendar)
             for kind, period, first, last in periods]
    built = [replace(report, summary=f"{report.summary}\n{_step(approve, report.period)}")
             if report.kind == "quarterly" else report for report in built]
    return [replace(report, data=with_anchor(report.file_name, report.data, anchor)) for report in built]


def _step(approve: str, period: str) -> str:
    return approve.format(period=period, words=period_words("quarterly", period))
