"""A line of the ledger (台账): one due item of a plan with its status, completion, evidence and verification."""
from dataclasses import dataclass
from datetime import date, datetime

from workflows.item_state import HELD, ItemState


@dataclass(frozen=True)
class LedgerLine:
    seq: str
    heading: str
    content: str
    metric: str
    unit: str
    deadline_text: str
    due: date | None
    state: str
    completed: datetime | None      # when the accepted submission was made
    evidence: str                   # links, files (name and SHA-256) and notes of the submissions
    verdicts: tuple[tuple[datetime, str, str, str], ...]   # the office's: when, who, action, why

    def overdue_on(self, today: date) -> bool:
        """Open past its date in force; an item the office agreed to hold waits, not late."""
        return self.state != HELD and ItemState(self.state, self.due, self.due).is_overdue(today)
