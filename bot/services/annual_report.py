"""The statutory annual report (政府信息公开工作年度报告) through Duban: the template each unit fills in, the
workbook it sends back (checked at once, submitted when it passes), and the 本级 tables the office compiles.

The same services serve the chat (bot.channels.telegram.handlers) and the command line; the
templates and their sending are bot.services.annual_templates.
"""
import hashlib
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from bot import messages as m
from bot.runtime import Duban
from bot.services.chat import Answer, actor_of
from documents.annual_report_docx import annual_document
from documents.annual_report_layout import where
from documents.annual_report_xlsx import compiled_workbook, title_of
from importers.annual_report_file import AnnualWorkbookError, Returned, read_annual_workbook
from store import annual_reports, awaiting, evidence as evidence_files, items as item_service, people, queries
from store.audit import Actor
from store.items import Evidence
from store.rules import rules_of
from store.tables import PlanRow, UnitRow
from store.uow import UnitOfWork
from workflows.annual_checks import Finding, check_report, passes
from workflows.annual_rollup import PASSED, Compilation, compile_annual
from workflows.errors import NotAllowed
from workflows.item_state import OPEN, STATE_NAMES
from workflows.roles import LIAISONS

ANNUAL = "annual"        # the report's kind, in `duban report annual` and /report annual
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LISTED_FINDINGS = 12     # a reply names this many problems; a workbook left blank would otherwise fill pages
LISTED_CELLS = 6


class AnnualRefused(NotAllowed, ValueError):
    """A workbook Duban does not take for the unit's annual report; the message says why, in Chinese."""


@dataclass(frozen=True)
class Taken:
    findings: tuple[Finding, ...]
    submitted: bool      # the unit's annual-report item was submitted with it


def take_workbook(uow: UnitOfWork, plan: PlanRow, unit: UnitRow, returned: Returned, data: bytes, file_name: str,
                  person_id: int | None, file_id: str = "") -> Taken:
    """Check and keep a unit's returned workbook; one that passes submits the unit's annual-report item. An earlier
    year's workbook (the office loading last year's figures) is kept as that year's figures."""
    if returned.unit != unit.name:
        raise AnnualRefused(m.ANNUAL_OTHER_UNIT.format(file=file_name, unit=returned.unit))
    item = annual_reports.annual_item(uow.session, plan.id, unit.id) if returned.year == plan.year else None
    if returned.year > plan.year or (returned.year == plan.year and item is None):
        raise AnnualRefused(m.ANNUAL_NO_ITEM.format(unit=unit.name, year=returned.year))
    if item is not None and item.state not in OPEN:
        raise AnnualRefused(m.ANNUAL_CLOSED.format(state=STATE_NAMES[item.state]))
    findings = check_report(returned.figures, annual_reports.figures_of(uow.session, unit, returned.year - 1))
    digest = hashlib.sha256(data).hexdigest()
    annual_reports.record(uow, unit.id, returned.figures, findings, item.id if item else None, file_name, digest)
    submitted = item is not None and passes(findings)
    if submitted:       # the workbook is the item's evidence: kept, so the office's review and the ledger have it
        evidence_files.keep(uow.session, data, file_name, XLSX, uow.now)
        item_service.act(uow, item.id, "submit", by_office=person_id is None, person_id=person_id,
                         evidence=Evidence(text=file_name, file_id=file_id, file_hash=digest))
    return Taken(findings, submitted)


def _cells(finding: Finding) -> str:
    named = "、".join(where(c) for c in finding.cells[:LISTED_CELLS])
    return m.ANNUAL_CELLS_MORE.format(cells=named, count=len(finding.cells)) if len(finding.cells) > LISTED_CELLS \
        else named


def _listed(findings: list[Finding]) -> list[str]:
    lines = [m.ANNUAL_FINDING.format(n=n, text=f.text, cells=_cells(f))
             for n, f in enumerate(findings[:LISTED_FINDINGS], start=1)]
    return lines + ([m.ANNUAL_MORE.format(count=len(findings) - LISTED_FINDINGS)] if len(findings) > LISTED_FINDINGS
                    else [])


def findings_text(file_name: str, taken: Taken) -> str:
    """The reply to a returned workbook: each broken rule with its cells and numbers, then the questions."""
    errors, warnings = [f for f in taken.findings if not f.warning], [f for f in taken.findings if f.warning]
    lines = ([m.ANNUAL_FAILED.format(file=file_name, count=len(errors)), *_listed(errors)] if errors
             else [m.ANNUAL_PASSED.format(file=file_name) + (m.ANNUAL_SUBMITTED if taken.submitted else "")])
    if warnings:
        lines += [m.ANNUAL_WARNINGS, *_listed(warnings)]
    return "\n".join(lines)


def receive(duban: Duban, user_id: int, chat_id: int, file_name: str, file_id: str, data: bytes) -> Answer | None:
    """A workbook sent in chat: the answer to it, or None when it is not an annual-report template (then it is
    ordinary evidence) or its sender has no unit."""
    with UnitOfWork(duban.engine, duban.clock, Actor(f"tg:{user_id}")) as uow:
        person = people.person_by_telegram(uow.session, user_id)
        if person is None or person.unit_id is None:
            return None
        try:
            returned = read_annual_workbook(data, file_name)
            if returned is None:
                return None
            if person.role not in LIAISONS:
                return Answer(m.READ_ONLY)
            plan = latest_plan(uow.session)
            uow.actor = actor_of(person, chat_id)
            taken = take_workbook(uow, plan, uow.session.get(UnitRow, person.unit_id), returned, data, file_name,
                                  person.id, file_id)
        except (AnnualWorkbookError, AnnualRefused) as refused:
            return Answer(str(refused))
        if taken.submitted:     # whatever the bot had asked this person for, the item is answered
            awaiting.await_(uow.session, person, None)
        uow.commit()
    return Answer(findings_text(file_name, taken))


def latest_plan(session: Session) -> PlanRow:
    plan_id = queries.latest_plan_id(session)
    if plan_id is None:
        raise AnnualRefused(m.NO_PLAN_STORED)
    return session.get(PlanRow, plan_id)


@dataclass(frozen=True)
class AnnualBuilt:
    summary: str
    xlsx: tuple[str, bytes]
    docx: tuple[str, bytes]


def government(issuer: str) -> str:
    """The 本级 government whose report it is: the plan's issuer, its general office (办公室) taken for it."""
    return issuer.removesuffix("办公室") or issuer


def _names(units: list[str]) -> str:
    return "、".join(units) or m.NONE


def compile_report(session: Session, plan: PlanRow, period: str, timezone, today: date) -> AnnualBuilt:
    """duban report annual / `/report annual 2022`: the 本级 tables and report skeleton, and who is missing."""
    if period != str(plan.year):
        raise AnnualRefused(m.ANNUAL_PERIOD.format(period=period, title=plan.title, year=plan.year))
    scope = rules_of(session, plan.id).annual_report.scope
    compilation: Compilation = compile_annual(annual_reports.annual_items(session, plan.id, plan.year, scope, timezone),
                                              plan.issuer, plan.year, today)
    title = title_of(government(plan.issuer), plan.year)
    standings = compilation.standings
    summary = m.ANNUAL_SUMMARY.format(
        title=title, units=len(standings), submitted=sum(s.submitted is not None for s in standings),
        passed=sum(s.checks == PASSED for s in standings), included=len(compilation.included),
        late=_names([s.unit for s in standings if s.late]), missing=_names(compilation.missing))
    workbook = compiled_workbook(compilation.figures, list(standings))
    return AnnualBuilt(summary, (m.FILE_ANNUAL_COMPILED.format(title=title), workbook),
                       (f"{title}.docx", annual_document(title, compilation)))
