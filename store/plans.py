"""Storing a checked plan: its tasks, the roster, assignments and the materialised due items.

Due items have a stable identity (plan, row, unit, period), so importing the
same plan again, or a revision of it, never duplicates an item and never resets
one that has a history; an item the revision no longer asks for is deleted when
untouched and kept as `retired` when it has a history.
"""
import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update

from store.annual_reports import chase_internal_date
from store.rules import rules_of
from store.tables import AssignmentRow, DueItemRow, PlanRow, ReplyRow, TaskRow, UnitRow
from store.uow import UnitOfWork
from workflows.check import PlanCheck
from workflows.due import MONTHLY_FEEDBACK, DueItem
from workflows.item_state import PENDING
from workflows.rectification import RECTIFICATION
from workflows.roster import Roster


@dataclass(frozen=True)
class ImportResult:
    plan_id: int
    revision: int
    unchanged: bool
    created: int = 0
    kept: int = 0
    deleted: int = 0
    retired: int = 0
    rows_added: tuple[int, ...] = ()
    rows_removed: tuple[int, ...] = ()
    rows_changed: tuple[int, ...] = ()


def source_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def period_of(item: DueItem) -> str:
    if item.kind == MONTHLY_FEEDBACK:
        return f"feedback:{item.due:%Y-%m}"
    return item.due.isoformat() if item.due else f"{item.kind}:{item.detail}"


def store_roster(uow: UnitOfWork, roster: Roster) -> dict[str, int]:
    """Insert or update the roster's units; their ids by name."""
    session = uow.session
    existing = {u.name: u for u in session.execute(select(UnitRow)).scalars()}
    for unit in roster.units:
        row = existing.get(unit.name) or UnitRow(name=unit.name, kind=unit.kind)
        row.kind, row.aliases, row.groups = unit.kind, "、".join(unit.aliases), "、".join(unit.groups)
        session.add(row)
        existing[unit.name] = row
    session.flush()
    return {name: row.id for name, row in existing.items()}


def _plan_row(uow: UnitOfWork, check: PlanCheck, name: str, digest: str) -> tuple[PlanRow, bool]:
    plan = check.plan
    found = uow.session.execute(select(PlanRow).where(
        PlanRow.issuer == plan.issuer, PlanRow.year == plan.year,
        PlanRow.doc_number == plan.doc_number, PlanRow.title == plan.title)).scalars().first()
    if found and found.source_hash == digest and found.issued == plan.issued:
        return found, True
    row = found or PlanRow(issuer=plan.issuer, year=plan.year, revision=0)
    row.issued, row.doc_number, row.title = plan.issued, plan.doc_number, plan.title
    row.source_name, row.source_hash, row.imported_at, row.revision = name, digest, uow.now, row.revision + 1
    uow.session.add(row)
    uow.session.flush()
    return row, False


def _diff(uow: UnitOfWork, plan_id: int, check: PlanCheck) -> dict:
    """Rows added, removed and changed against the stored revision (by row number)."""
    def key(t):
        return (t.seq, t.heading, t.content, t.metric, t.units_text, t.deadline_text)
    old = {t.row: key(t) for t in uow.session.execute(select(TaskRow).where(TaskRow.plan_id == plan_id)).scalars()}
    new = {a.obligation.task.row: key(a.obligation.task) for a in check.rows}
    if not old:
        return {}
    return dict(rows_added=tuple(sorted(new.keys() - old.keys())), rows_removed=tuple(sorted(old.keys() - new.keys())),
                rows_changed=tuple(sorted(r for r in new.keys() & old.keys() if new[r] != old[r])))


def _tasks(uow: UnitOfWork, plan_id: int, check: PlanCheck, unit_ids: dict[str, int]) -> None:
    session = uow.session
    old_tasks = select(TaskRow.id).where(TaskRow.plan_id == plan_id)
    session.execute(delete(AssignmentRow).where(AssignmentRow.task_id.in_(old_tasks)))
    session.execute(delete(TaskRow).where(TaskRow.plan_id == plan_id))
    tasks = [assigned.obligation.task for assigned in check.rows]
    session.add_all(TaskRow(plan_id=plan_id, row=t.row, seq=t.seq, section=t.section, heading=t.heading,
                            content=t.content, metric=t.metric, units_text=t.units_text,
                            deadline_text=t.deadline_text, notes=t.notes) for t in tasks)
    session.flush()
    task_ids = dict(session.execute(select(TaskRow.row, TaskRow.id).where(TaskRow.plan_id == plan_id)).all())
    assignments = [dict(task_id=task_ids[assigned.obligation.task.row], unit_id=unit_ids[a.unit.name], role=a.role)
                   for assigned in check.rows for a in assigned.assignments]
    if assignments:  # a province has tens of thousands: one executemany, not one object each
        session.connection().execute(insert(AssignmentRow.__table__), assignments)


def _has_history(uow: UnitOfWork, plan_id: int) -> set[int]:
    replied = select(ReplyRow.item_id).join(DueItemRow, DueItemRow.id == ReplyRow.item_id).where(
        DueItemRow.plan_id == plan_id)
    touched = select(DueItemRow.id).where(DueItemRow.plan_id == plan_id,
                                          (DueItemRow.state != PENDING) | (DueItemRow.extension != ""))
    return set(uow.session.execute(replied).scalars()) | set(uow.session.execute(touched).scalars())


def _materialise(uow: UnitOfWork, plan_id: int, items: list[DueItem], unit_ids: dict[str, int]) -> dict:
    session = uow.session
    existing = {(r.row, r.unit_id, r.period): r.id for r in session.execute(
        select(DueItemRow.id, DueItemRow.row, DueItemRow.unit_id, DueItemRow.period)
        .where(DueItemRow.plan_id == plan_id,
               DueItemRow.kind != RECTIFICATION))}   # notices are the office's, not the plan's
    wanted, new_rows = set(), []
    for item in items:
        key = (item.row or 0, unit_ids[item.unit], period_of(item))
        wanted.add(key)
        if key not in existing:
            new_rows.append(dict(plan_id=plan_id, row=key[0], unit_id=key[1], period=key[2], kind=item.kind,
                                 role=item.role, detail=item.detail, due=item.due, original_due=item.due,
                                 provisional=item.provisional, state=PENDING, extension="", reason="",
                                 retired=False, updated_at=uow.now))
    if new_rows:
        session.connection().execute(insert(DueItemRow.__table__), new_rows)  # Core: batched VALUES
    gone = {existing[k] for k in existing.keys() - wanted}
    keep = gone & _has_history(uow, plan_id)
    if gone - keep:
        session.execute(delete(DueItemRow).where(DueItemRow.id.in_(gone - keep)))
    if keep:
        session.execute(update(DueItemRow).where(DueItemRow.id.in_(keep)).values(retired=True, updated_at=uow.now))
    return dict(created=len(new_rows), kept=len(wanted) - len(new_rows), deleted=len(gone - keep), retired=len(keep))


def import_plan(uow: UnitOfWork, check: PlanCheck, roster: Roster, items: list[DueItem],
                source_name: str, digest: str) -> ImportResult:
    """Store the plan and its items in the unit of work; the caller commits."""
    unit_ids = store_roster(uow, roster)
    plan, unchanged = _plan_row(uow, check, source_name, digest)
    if unchanged:
        return ImportResult(plan.id, plan.revision, True)
    diff = _diff(uow, plan.id, check)
    _tasks(uow, plan.id, check, unit_ids)
    counts = _materialise(uow, plan.id, items, unit_ids)
    chase_internal_date(uow, plan.id, rules_of(uow.session, plan.id).annual_report)   # new items: the office's date
    uow.audit("plan.import", f"plan:{plan.id}", after={"title": plan.title, "revision": plan.revision,
                                                        "source": source_name, "hash": digest, **counts, **diff})
    return ImportResult(plan.id, plan.revision, False, **counts, **diff)
