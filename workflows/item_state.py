"""The life of a due item, enforced in one place.

    pending → acknowledged (签收) → in_progress / blocked → submitted (with evidence)
            → accepted (办结) | returned (退回, with a reason) → in_progress / blocked / submitted …
    blocked → held (the office approves the reason: the reminder ladder pauses)
            → in_progress / submitted when the unit resumes
    any open state → waived (by the office, with a reason)

Extensions (延期) run beside the state: requested before the due date, approved
or refused by the office; an approved one moves the due date and keeps the
original. Overdue is never stored: it is computed from the dates and the state.
"""
from dataclasses import dataclass, replace
from datetime import date

from workflows.errors import NotAllowed
from workflows.glossary import (ACCEPTED, ACKNOWLEDGED, ACTION_NAMES, BLOCKED, HELD, IN_PROGRESS, PENDING, RETURNED,
                                STATE_NAMES, SUBMITTED, WAIVED)

OPEN = (PENDING, ACKNOWLEDGED, IN_PROGRESS, BLOCKED, RETURNED, HELD)
CHASED = tuple(s for s in OPEN if s != HELD)   # what the reminder ladder chases; a held item waits, still open
CLOSED = (ACCEPTED, WAIVED)

# action: (states it may start from, state it leads to, needs a reason, office only)
TRANSITIONS = {
    "acknowledge": ((PENDING,), ACKNOWLEDGED, False, False),
    "progress": ((PENDING, ACKNOWLEDGED, BLOCKED, RETURNED, HELD), IN_PROGRESS, False, False),
    "block": ((PENDING, ACKNOWLEDGED, IN_PROGRESS, RETURNED), BLOCKED, True, False),
    "submit": (OPEN, SUBMITTED, False, False),
    "hold": ((BLOCKED,), HELD, False, True),
    "refuse_hold": ((BLOCKED,), IN_PROGRESS, True, True),     # the office says the difficulty is no reason to stop
    "accept": ((SUBMITTED,), ACCEPTED, False, True),
    "return": ((SUBMITTED,), RETURNED, True, True),
    "waive": (OPEN + (SUBMITTED,), WAIVED, True, True),
}
NO_EXTENSION, EXTENSION_REQUESTED, EXTENSION_APPROVED, EXTENSION_REFUSED = "", "requested", "approved", "refused"


class TransitionError(NotAllowed, ValueError):
    """The action is not allowed now; the message says why, in words the user sees."""


@dataclass(frozen=True)
class ItemState:
    state: str
    due: date | None            # the date in force: the original, or the approved extension
    original_due: date | None
    extension: str = NO_EXTENSION
    extension_to: date | None = None

    def is_overdue(self, today: date) -> bool:
        return self.due is not None and self.state in OPEN and today > self.due


def apply(item: ItemState, action: str, *, by_office: bool, reason: str = "") -> ItemState:
    """The item after `action`, or TransitionError."""
    if action not in TRANSITIONS:
        raise TransitionError(f"未知操作「{action}」")
    sources, target, needs_reason, office_only = TRANSITIONS[action]
    if office_only and not by_office:
        raise TransitionError("该操作只能由政务公开办执行")
    if item.state not in sources:
        raise TransitionError(f"事项当前为「{STATE_NAMES[item.state]}」，不能{ACTION_NAMES[action]}")
    if needs_reason and not reason.strip():
        raise TransitionError("请写明原因")
    return replace(item, state=target)


def request_extension(item: ItemState, to: date, today: date) -> ItemState:
    if item.due is None or item.state not in OPEN:
        raise TransitionError("只有未完成且有完成时限的事项可以申请延期")
    if today > item.due:
        raise TransitionError("延期须在到期日之前申请")
    if to <= item.due:
        raise TransitionError("延期后的日期应晚于原完成时限")
    if item.extension == EXTENSION_REQUESTED:
        raise TransitionError("已有待审批的延期申请")
    return replace(item, extension=EXTENSION_REQUESTED, extension_to=to)


def decide_extension(item: ItemState, approve: bool) -> ItemState:
    if item.extension != EXTENSION_REQUESTED:
        raise TransitionError("没有待审批的延期申请")
    if approve:
        return replace(item, extension=EXTENSION_APPROVED, due=item.extension_to)
    return replace(item, extension=EXTENSION_REFUSED)
