"""How items look in chat: one line each, with the buttons to answer them."""
import functools
import json
from datetime import date
from typing import NamedTuple

from sqlalchemy import Select, bindparam, func, select, tuple_
from sqlmodel import Session

from bot import messages as m
from store.queries import chunks
from store.tables import AssignmentRow, DueItemRow, PlanRow, TaskRow, UnitRow
from workflows.deadline import Ongoing
from workflows.deadline_text import parse_deadline
from workflows.item_state import OPEN
from workflows.rectification import RECTIFICATION

TITLE_LENGTH = 18
MAX_LISTED = 10          # lines in a chat listing, rows of answer buttons
FEEDBACK = "monthly-feedback"
MAX_REMINDED = 30        # lines in a reminder: everything due for the person, within Telegram's 4096 characters


class ItemView(NamedTuple):
    """An item as chat shows it (a tuple: a province's round builds tens of thousands)."""
    id: int
    plan_id: int
    unit_id: int
    unit: str
    seq: str
    title: str
    metric: str
    kind: str
    due: date | None
    state: str
    extension_to: date | None
    reason: str
    row: int             # the plan row: listings go by due date, then row

    @property
    def label(self) -> str:
        if self.kind == "monthly-feedback" and self.due:
            return m.FEEDBACK_LABEL.format(month=self.due.month)
        if self.kind == RECTIFICATION:
            return m.NOTICE_LABEL
        return m.SEQ_LABEL.format(seq=self.seq)

    @property
    def named(self) -> str:
        """The item as a prompt or a confirmation names it: its label and title."""
        return m.ITEM_NAMED.format(label=self.label, title=self.title)


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
    # the monthly feedback has no task row nor text of its own: it is named by what it asks for
    return [ItemView(i, p, u, name, seq, _title(title) or (m.FEEDBACK_TITLE if kind == FEEDBACK else ""), metric, kind,
                     *rest) for i, p, u, name, seq, title, metric, kind, *rest in rows]


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


def when(due: date | None, today: date) -> str:
    if due is None:
        return m.WHEN_UNDATED
    text = f"{due.month}月{due.day}日"
    days = (due - today).days
    if days > 0:
        return m.WHEN_DUE_IN.format(date=text, days=days)
    if days == 0:
        return m.WHEN_DUE_TODAY.format(date=text)
    return m.WHEN_OVERDUE.format(date=text, days=-days)


@functools.lru_cache(maxsize=4096)
def _line(label: str, title: str, due: date | None, today: date) -> str:
    """One item's line: a province's reminders repeat the same few hundred (the same rows, the same dates)."""
    return m.ITEM_LINE.format(label=label, title=title, when=when(due, today))


def item_lines(items: list[ItemView], today: date, limit: int = MAX_LISTED) -> list[str]:
    lines = [_line(i.label, i.title, i.due, today) for i in items[:limit]]
    if len(items) > limit:
        lines.append(m.MORE_ITEMS.format(count=len(items) - limit))
    return lines


def answer_buttons(items: list[ItemView]) -> list[list[tuple[str, str]]]:
    """One row per item: 已完成 / 推进中 / 有困难 / 申请延期, labelled with the item's number."""
    return [[(f"{i.seq or i.label} {m.BUTTON_DONE}", f"done:{i.id}"), (m.BUTTON_PROGRESS, f"prog:{i.id}"),
             (m.BUTTON_BLOCKED, f"block:{i.id}"), (m.BUTTON_EXTEND, f"ext:{i.id}")] for i in items[:MAX_LISTED]]


def choice_buttons(items: list[ItemView], verb: str, today: date) -> list[list[tuple[str, str]]]:
    """One button per item, labelled with its number and date, doing `verb` to the one picked."""
    return [[(f"{i.label} {when(i.due, today)}", f"{verb}:{i.id}")] for i in items[:MAX_LISTED]]


def buttons_json(rows: list[list[tuple[str, str]]]) -> str:
    return json.dumps([[{"text": t, "callback_data": d} for t, d in row] for row in rows], ensure_ascii=False)
