"""整改通知书: the office's formal notice to a unit about named items, itself a tracked item with a deadline.

The deadline defaults to 10 working days after the notice is issued (the
circulation asks for the same); the notice then follows the reminder ladder
like any item and counts in later reports as an item of its own.
"""
from dataclasses import dataclass
from datetime import date

from workflows.calendar import WorkCalendar
from workflows.errors import InputError

RECTIFICATION = "rectification"
DEFAULT_WORKDAYS = 10


@dataclass(frozen=True)
class RectificationNotice:
    number: int                 # the office's running number within the plan: 整改通知书第N号
    unit: str
    items: tuple[str, ...]      # 序号 of the items the problems were found in
    problems: str
    issued: date
    due: date

    @property
    def subject(self) -> str:
        """The item's text as the unit sees it in reminders and the ledger."""
        return f"整改通知书第{self.number}号（序号{'、'.join(self.items)}）：{self.problems}"


def notice(number: int, unit: str, items: tuple[str, ...], problems: str, issued: date, calendar: WorkCalendar,
           workdays: int = DEFAULT_WORKDAYS) -> RectificationNotice:
    """The notice with its deadline counted in working days; InputError when it names nothing to rectify."""
    if not items or not problems.strip():
        raise InputError("整改通知书须写明涉及的事项序号和发现的问题")
    return RectificationNotice(number, unit, items, problems.strip(), issued,
                               calendar.add_workdays(issued, workdays).date)
