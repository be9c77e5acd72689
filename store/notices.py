"""Issuing a 整改通知书: stored as a due item of the unit (kind rectification), so the ladder and reports see it."""
from sqlalchemy import func, select

from store.tables import DueItemRow, TaskRow, UnitRow
from store.uow import UnitOfWork
from workflows.calendar import WorkCalendar
from workflows.errors import InputError
from workflows.item_state import PENDING
from workflows.rectification import RECTIFICATION, RectificationNotice, notice

PREFIX = "rectification:"


def issue(uow: UnitOfWork, plan_id: int, unit: UnitRow, seqs: tuple[str, ...], problems: str, calendar: WorkCalendar,
          today, workdays: int) -> tuple[RectificationNotice, list[tuple[str, str]]]:
    """The notice and the (序号, content) of the items it names; InputError naming a 序号 the plan lacks."""
    tasks = dict(uow.session.execute(select(TaskRow.seq, TaskRow.content).where(
        TaskRow.plan_id == plan_id, TaskRow.seq.in_(seqs))).all())
    missing = [s for s in seqs if s not in tasks]
    if missing:
        raise InputError(f"计划中没有序号 {'、'.join(missing)}")
    issued = uow.session.execute(select(func.count()).where(
        DueItemRow.plan_id == plan_id, DueItemRow.kind == RECTIFICATION)).scalar_one()
    made = notice(issued + 1, unit.name, seqs, problems, today, calendar, workdays)
    row = DueItemRow(plan_id=plan_id, row=0, unit_id=unit.id, period=f"{PREFIX}{made.number}", kind=RECTIFICATION,
                     detail=made.subject, due=made.due, original_due=made.due, state=PENDING, updated_at=uow.now)
    uow.session.add(row)
    uow.session.flush()
    uow.audit("notice.issued", f"item:{row.id}", after={"unit": unit.name, "items": list(seqs), "problems": problems,
                                                        "due": made.due.isoformat()})
    return made, [(s, tasks[s]) for s in seqs]
