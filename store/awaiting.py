"""What a person's next message answers, kept on their row (`PersonRow.awaiting`) so that it survives a restart
and holds with several receivers: one typed value, stored as JSON ("" when nothing is awaited).

    Awaiting("submit", item=17)                     evidence for 已完成 of item 17 (also block, extend, return,
                                                    refuse_hold: the reason or date asked for)
    Awaiting("choose", items=(3, 4), kept=…)        `12号已完成` fitted several items: the evidence kept while the
                                                    person picks which
    Awaiting("move", items=(5,), moved_from=4, …)   `53号推进中` taken as the nearest period: what to undo there
                                                    (`before`) and redo if the person picks another
"""
import json
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import update
from sqlmodel import Session

from store.items import Evidence
from store.tables import PersonRow
from workflows.item_state import ItemState

ASKED = ("submit", "block", "extend", "return", "refuse_hold")
CHOOSE, MOVE = "choose", "move"
_DATES = ("due", "original_due", "extension_to")


@dataclass(frozen=True)
class Awaiting:
    what: str                                   # one of ASKED, CHOOSE or MOVE
    item: int | None = None                     # ASKED: the item asked about
    items: tuple[int, ...] = ()                 # CHOOSE, MOVE: the items the person may pick
    kept: Evidence = field(default_factory=Evidence)    # CHOOSE, MOVE: what came with the message
    status: str = ""                            # MOVE: the answer given (DONE or PROGRESS)
    moved_from: int | None = None               # MOVE: the item answered first
    before: ItemState | None = None             # MOVE: its state before, restored when moved


def dump(awaiting: Awaiting | None) -> str:
    if awaiting is None:
        return ""
    raw = asdict(awaiting)
    raw["kept"].pop("expected_date")
    if awaiting.before is not None:
        raw["before"] = {k: v.isoformat() if isinstance(v, date) else v for k, v in raw["before"].items()}
    return json.dumps(raw, ensure_ascii=False)


def parse(raw: str) -> Awaiting | None:
    if not raw:
        return None
    value = json.loads(raw)
    kept = value.pop("kept")
    before = value.pop("before")
    return Awaiting(**{**value, "items": tuple(value["items"])},
                    kept=Evidence(kept["text"], tuple(kept["urls"]), kept["file_id"], kept["file_hash"]),
                    before=None if before is None else ItemState(**{
                        k: date.fromisoformat(v) if k in _DATES and v else v for k, v in before.items()}))


def of(person: PersonRow) -> Awaiting | None:
    return parse(person.awaiting)


def await_(session: Session, person: PersonRow, awaiting: Awaiting | None) -> None:
    """What the person's next message answers from now on (None: nothing)."""
    person.awaiting = dump(awaiting)
    session.add(person)


def end_wait(session: Session, telegram_user_id: int) -> None:
    """A command is a message of its own: whatever was awaited from this person lapses (one statement, no read)."""
    session.execute(update(PersonRow).where(PersonRow.telegram_user_id == telegram_user_id, PersonRow.awaiting != "")
                    .values(awaiting=""))
