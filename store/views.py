"""The read models of bot/ and their queries: items as people see them (one, a unit's open ones, those chased by
unit), an item's history and task text, the office's counts, the names of units.

The statements that every reply runs are built once: building and keying them
cost more than running them.
"""
from datetime import date
from typing import NamedTuple

from sqlalchemy import Select, bindparam, func, select, tuple_
from sqlmodel import Session

from store.queries import chunks
from store.tables import AssignmentRow, DueItemRow, PersonRow, PlanRow, ReplyRow, TaskRow, UnitRow
from workflows.deadline import Ongoing
from workflows.deadline_text import parse_deadline
from workflows.item_state import CHASED, OPEN, SUBMITTED

TITLE_LENGTH = 18


class ItemView(NamedTuple):
    """An item as people see it (a tuple: a province's round builds tens of thousands); bot.render.items names it."""
    id: int
    plan_id: int
    unit_id: int
    unit: str
    seq: str
    title: str           # the task's text, cut to TITLE_LENGTH ("" for the monthly feedback)
    metric: str
    kind: str
    due: date | None
    state: str
    extension_to: date | None
    reason: str
    row: int             # the plan row: listings go by due date, then row


def _title(content: str | None) -> str:
    text = content or ""
    return text if len(text) <= TITLE_LENGTH else text[:TITLE_LENGTH] + "…"


def _selected(*conditions) -> Select:
    """The items that meet the conditions, by due date, then plan row; each with its task row's number, title
    and metric (a notice or the monthly feedback has no task row: its title is its own text)."""
    return (select(DueItemRow.id, DueItemRow.plan_id, DueItemRow.unit_id, UnitRow.name, func.coalesce(TaskRow.seq, ""),
                   func.substr(func.coalesce(TaskRow.content, DueItemRow.detail), 1, TITLE_LENGTH + 1),
                   func.coalesce(TaskRow.metric, ""), DueItemRow.kind, DueItemRow.due, DueItemRow.state,
                   DueItemRow.extension_to, DueItemRow.reason, DueItemRow.row)
            .join(UnitRow, UnitRow.id == DueItemRow.unit_id)
            .outerjoin(TaskRow, (TaskRow.plan_id == DueItemRow.plan_id) & (TaskRow.row == DueItemRow.row))
            .where(DueItemRow.retired.is_(False), *conditions)
            .order_by(DueItemRow.due, DueItemRow.row, DueItemRow.id))


def _views(rows) -> list[ItemView]:
    return [ItemView(i, p, u, name, seq, _title(title), metric, *rest)
            for i, p, u, name, seq, title, metric, *rest in rows]


def item_views(session: Session, *conditions) -> list[ItemView]:
    return _views(session.execute(_selected(*conditions)))


# what replies read: built once (building and keying these statements cost more than running them)
_OPEN_OF_UNIT = (DueItemRow.unit_id == bindparam("unit_id"), DueItemRow.state.in_(OPEN))
_OPEN_NUMBERED = _selected(*_OPEN_OF_UNIT, tuple_(DueItemRow.plan_id, DueItemRow.row).in_(
    select(TaskRow.plan_id, TaskRow.row).where(TaskRow.seq == bindparam("seq"))))
_OPEN_LISTED = _selected(*_OPEN_OF_UNIT, DueItemRow.id.in_(bindparam("item_ids", expanding=True)))
_ALL_OPEN = _selected(*_OPEN_OF_UNIT)
_ONE = _selected(DueItemRow.id == bindparam("item_id"))


def item_view(session: Session, item_id: int) -> ItemView | None:
    found = _views(session.execute(_ONE, {"item_id": item_id}))
    return found[0] if found else None


def open_items(session: Session, unit_id: int, seq: str | None, item_ids: list[int]) -> list[ItemView]:
    """The unit's open items of the rows numbered `seq`; without one, those of `item_ids`; without those, all."""
    if seq is not None:
        return _views(session.execute(_OPEN_NUMBERED, {"unit_id": unit_id, "seq": seq}))
    if item_ids:
        return _views(session.execute(_OPEN_LISTED, {"unit_id": unit_id, "item_ids": item_ids}))
    return _views(session.execute(_ALL_OPEN, {"unit_id": unit_id}))


def ongoing_seqs_by_unit(session: Session, unit_ids: list[int]) -> dict[int, list[str]]:
    """Each unit's ongoing rows (长期坚持, 全年持续推进) by 序号: they have no due date, only the monthly feedback."""
    seqs = {task_id: seq for task_id, seq, deadline, year in session.execute(
                select(TaskRow.id, TaskRow.seq, TaskRow.deadline_text, PlanRow.year)
                .join(PlanRow, PlanRow.id == TaskRow.plan_id))
            if isinstance(parse_deadline(deadline, year), Ongoing)}
    found: dict[int, list[str]] = {}
    for ids in chunks(unit_ids):
        for unit_id, task_id in session.execute(
                select(AssignmentRow.unit_id, AssignmentRow.task_id).join(TaskRow, TaskRow.id == AssignmentRow.task_id)
                .where(AssignmentRow.unit_id.in_(ids), AssignmentRow.task_id.in_(list(seqs)))
                .order_by(TaskRow.plan_id, TaskRow.row)):
            found.setdefault(unit_id, []).append(seqs[task_id])
    return found


def open_items_of_unit(session: Session, unit_id: int, until: date | None = None) -> list[ItemView]:
    """The unit's dated items still open or waiting for verification, due by `until` if given."""
    conditions = [DueItemRow.unit_id == unit_id, DueItemRow.state.in_(OPEN + (SUBMITTED,)), DueItemRow.due.is_not(None)]
    if until:
        conditions.append(DueItemRow.due <= until)
    return item_views(session, *conditions)


def unit_name(session: Session, unit_id: int | None) -> str | None:
    """The unit's name; None for no unit (the office)."""
    unit = session.get(UnitRow, unit_id) if unit_id else None
    return unit.name if unit else None


def history(session: Session, item_id: int) -> list[ReplyRow]:
    return list(session.execute(select(ReplyRow).where(ReplyRow.item_id == item_id).order_by(ReplyRow.id)).scalars())


def task_text(session: Session, plan_id: int, row: int) -> tuple[str, str] | None:
    """The task row's full content and metric (a notice or the monthly feedback has none)."""
    found = session.execute(select(TaskRow.content, TaskRow.metric).where(
        TaskRow.plan_id == plan_id, TaskRow.row == row)).first()
    return (found.content, found.metric) if found else None


def units_of_kinds(session: Session, kinds: tuple[str, ...]) -> list[UnitRow]:
    return list(session.execute(select(UnitRow).where(UnitRow.kind.in_(kinds)).order_by(UnitRow.id)).scalars())


def unit_id_named(session: Session, name: str) -> int:
    return session.execute(select(UnitRow.id).where(UnitRow.name == name)).scalar_one()


def count_items(session: Session, *conditions) -> int:
    return session.execute(select(func.count(DueItemRow.id)).where(DueItemRow.retired.is_(False), *conditions)
                           ).scalar_one()


def overdue_by_unit(session: Session, today: date) -> list[tuple[str, int]]:
    """Units with overdue items and how many, most first: counted by the database (a province has 50,000 items)."""
    overdue = func.count(DueItemRow.id)
    return list(session.execute(select(UnitRow.name, overdue).join(UnitRow, UnitRow.id == DueItemRow.unit_id)
                                .where(DueItemRow.retired.is_(False), DueItemRow.state.in_(CHASED),
                                       DueItemRow.due < today)
                                .group_by(UnitRow.name).order_by(overdue.desc(), UnitRow.name)).all())


def joined_units(session: Session) -> int:
    """How many units have at least one active person."""
    return session.execute(select(func.count(func.distinct(PersonRow.unit_id)))
                           .where(PersonRow.active.is_(True), PersonRow.unit_id.is_not(None))).scalar_one()


def open_dated_items(session: Session) -> list[tuple[int, date, str]]:
    """(item id, due date, unit name) of every open item with a date."""
    return [tuple(row) for row in session.execute(
        select(DueItemRow.id, DueItemRow.due, UnitRow.name).join(UnitRow, UnitRow.id == DueItemRow.unit_id)
        .where(DueItemRow.state.in_(OPEN), DueItemRow.due.is_not(None), DueItemRow.retired.is_(False)))]


def plans(session: Session) -> list[PlanRow]:
    return list(session.execute(select(PlanRow)).scalars())


def task_contents(session: Session, plan_id: int) -> dict[int, str]:
    """The plan's task rows' content by row number."""
    return dict(session.execute(select(TaskRow.row, TaskRow.content).where(TaskRow.plan_id == plan_id)).all())


def unit_count(session: Session) -> int:
    return session.execute(select(func.count(UnitRow.id))).scalar_one()


def chased_by_unit(session: Session, units: set[int]) -> dict[int, list[ItemView]]:
    """unit id → its open, chased items with a date, by due date: what a reminder or a week-ahead note lists, and
    the 月反馈 section."""
    chased: dict[int, list[ItemView]] = {}
    for ids in chunks(sorted(units)):
        for view in item_views(session, DueItemRow.unit_id.in_(ids), DueItemRow.state.in_(CHASED),
                               DueItemRow.due.is_not(None)):
            chased.setdefault(view.unit_id, []).append(view)
    return chased
