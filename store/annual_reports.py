"""The annual reports units returned, and the plan's annual-report items they answer.

Every returned workbook is kept with what its checks found; a unit's figures for a
year are its latest workbook that passed. The office's internal date (the plan's
`annual_report.days_early`) is the items' due date, so the ladder chases toward it.
"""
import json
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlmodel import Session

from store.tables import AnnualReportRow, DueItemRow, UnitRow
from store.uow import UnitOfWork
from workflows.annual_checks import Finding, passes
from workflows.annual_report import AnnualFigures, Cell, is_annual_report
from workflows.annual_rollup import SCOPES, AnnualItem, AnnualReportRules

SEPARATOR = "|"
ANNUAL = DueItemRow.detail.like("%年度报告%")     # narrows in SQL; is_annual_report decides


def _cells_json(figures: AnnualFigures) -> str:
    return json.dumps({SEPARATOR.join(cell): value for cell, value in figures.cells.items()}, ensure_ascii=False)


def _figures(unit: str, row: AnnualReportRow) -> AnnualFigures:
    cells: dict[Cell, object] = {tuple(key.split(SEPARATOR)): value for key, value in json.loads(row.cells).items()}
    return AnnualFigures(unit, row.year, cells)


def record(uow: UnitOfWork, unit_id: int, figures: AnnualFigures, findings: tuple[Finding, ...],
           item_id: int | None, file_name: str, file_hash: str) -> AnnualReportRow:
    row = AnnualReportRow(unit_id=unit_id, year=figures.year, item_id=item_id, cells=_cells_json(figures),
                          passed=passes(findings), errors=sum(not f.warning for f in findings),
                          warnings=sum(f.warning for f in findings), file_name=file_name, file_hash=file_hash,
                          received_at=uow.now)
    uow.session.add(row)
    uow.session.flush()
    uow.audit("annual_report.received", f"unit:{unit_id}", after={"year": figures.year, "item": item_id,
                                                                   "passed": row.passed, "errors": row.errors,
                                                                   "file": file_name, "sha256": file_hash})
    return row


def figures_of(session: Session, unit: UnitRow, year: int) -> AnnualFigures | None:
    """The unit's figures for `year`: its latest workbook that passed, if any."""
    row = session.execute(select(AnnualReportRow).where(
        AnnualReportRow.unit_id == unit.id, AnnualReportRow.year == year, AnnualReportRow.passed.is_(True))
        .order_by(AnnualReportRow.id.desc()).limit(1)).scalars().first()
    return _figures(unit.name, row) if row else None


def annual_item(session: Session, plan_id: int, unit_id: int) -> DueItemRow | None:
    """The unit's annual-report item of the plan (its latest, should a revised plan have left a retired one)."""
    rows = session.execute(select(DueItemRow).where(DueItemRow.plan_id == plan_id, DueItemRow.unit_id == unit_id,
                                                    DueItemRow.retired.is_(False), ANNUAL)
                           .order_by(DueItemRow.id.desc())).scalars()
    return next((r for r in rows if is_annual_report(r.detail)), None)


def annual_items(session: Session, plan_id: int, year: int, scope: str, timezone) -> list[AnnualItem]:
    """The annual-report items of the units in `scope`, each with its latest workbook of `year`."""
    latest = (select(AnnualReportRow.unit_id, func.max(AnnualReportRow.id).label("id"))
              .where(AnnualReportRow.year == year).group_by(AnnualReportRow.unit_id).subquery())
    query = (select(UnitRow, DueItemRow, AnnualReportRow)
             .join(UnitRow, UnitRow.id == DueItemRow.unit_id)
             .outerjoin(latest, latest.c.unit_id == DueItemRow.unit_id)
             .outerjoin(AnnualReportRow, AnnualReportRow.id == latest.c.id)
             .where(DueItemRow.plan_id == plan_id, DueItemRow.retired.is_(False), ANNUAL,
                    UnitRow.kind.in_(SCOPES[scope])).order_by(UnitRow.id))
    items = []
    for unit, item, report in session.execute(query):
        if not is_annual_report(item.detail):
            continue
        received = report.received_at.astimezone(timezone).date() if report else None
        items.append(AnnualItem(unit.name, item.state, item.due, received, report.passed if report else None,
                                _figures(unit.name, report) if report else None))
    return items


def chase_internal_date(uow: UnitOfWork, plan_id: int, rules: AnnualReportRules) -> int:
    """Move the plan's annual-report items to the office's internal date (their period is the statutory date);
    an item with an extension keeps the date the office approved. How many items moved."""
    rows = uow.session.execute(select(DueItemRow.id, DueItemRow.period, DueItemRow.detail, DueItemRow.due).where(
        DueItemRow.plan_id == plan_id, DueItemRow.retired.is_(False), DueItemRow.extension == "", ANNUAL)).all()
    moved = 0
    for item_id, period, detail, due in rows:
        wanted = _internal(period, rules.days_early)
        if is_annual_report(detail) and wanted and wanted != due:
            uow.session.execute(update(DueItemRow).where(DueItemRow.id == item_id)
                                .values(due=wanted, original_due=wanted, updated_at=uow.now))
            moved += 1
    return moved


def _internal(period: str, days_early: int) -> date | None:
    try:
        return date.fromisoformat(period) - timedelta(days=days_early)
    except ValueError:      # an undated item: nothing to move
        return None
