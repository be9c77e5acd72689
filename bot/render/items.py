"""How items look in chat: their labels and names, one line each, with the buttons to answer them."""
import functools
import json
from datetime import date

from bot import messages as m
from store.views import ItemView
from workflows.glossary import MONTHLY_FEEDBACK as FEEDBACK
from workflows.rectification import RECTIFICATION

MAX_LISTED = 10          # lines in a chat listing, rows of answer buttons
MAX_REMINDED = 30        # lines in a reminder: everything due for the person, within Telegram's 4096 characters


def label(item: ItemView) -> str:
    if item.kind == FEEDBACK and item.due:
        return m.FEEDBACK_LABEL.format(month=item.due.month)
    if item.kind == RECTIFICATION:
        return m.NOTICE_LABEL
    return m.SEQ_LABEL.format(seq=item.seq)


def title(item: ItemView) -> str:
    """The monthly feedback has no task row nor text of its own: it is named by what it asks for."""
    return item.title or (m.FEEDBACK_TITLE if item.kind == FEEDBACK else "")


def named(item: ItemView) -> str:
    """The item as a prompt or a confirmation names it: its label and title."""
    return m.ITEM_NAMED.format(label=label(item), title=title(item))


def when(due: date | None, today: date) -> str:
    if due is None:
        return m.WHEN_UNDATED
    text = m.MONTH_DAY.format(month=due.month, day=due.day)
    days = (due - today).days
    if days > 0:
        return m.WHEN_DUE_IN.format(date=text, days=days)
    if days == 0:
        return m.WHEN_DUE_TODAY.format(date=text)
    return m.WHEN_OVERDUE.format(date=text, days=-days)


@functools.lru_cache(maxsize=4096)
def _line(shown: str, text: str, due: date | None, today: date) -> str:
    """One item's line: a province's reminders repeat the same few hundred (the same rows, the same dates)."""
    return m.ITEM_LINE.format(label=shown, title=text, when=when(due, today))


def item_lines(items: list[ItemView], today: date, limit: int = MAX_LISTED) -> list[str]:
    lines = [_line(label(i), title(i), i.due, today) for i in items[:limit]]
    if len(items) > limit:
        lines.append(m.MORE_ITEMS.format(count=len(items) - limit))
    return lines


def answer_buttons(items: list[ItemView]) -> list[list[tuple[str, str]]]:
    """One row per item: 已完成 / 推进中 / 有困难 / 申请延期, labelled with the item's number."""
    return [[(f"{i.seq or label(i)} {m.BUTTON_DONE}", f"done:{i.id}"), (m.BUTTON_PROGRESS, f"prog:{i.id}"),
             (m.BUTTON_BLOCKED, f"block:{i.id}"), (m.BUTTON_EXTEND, f"ext:{i.id}")] for i in items[:MAX_LISTED]]


def choice_buttons(items: list[ItemView], verb: str, today: date) -> list[list[tuple[str, str]]]:
    """One button per item, labelled with its number and date, doing `verb` to the one picked."""
    return [[(f"{label(i)} {when(i.due, today)}", f"{verb}:{i.id}")] for i in items[:MAX_LISTED]]


def buttons_json(rows: list[list[tuple[str, str]]]) -> str:
    return json.dumps([[{"text": t, "callback_data": d} for t, d in row] for row in rows], ensure_ascii=False)
