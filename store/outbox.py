"""The outbox: every message the bot will send or has sent, each under a unique idempotency key.

    queued → sending (claimed, with a lease) → sent | failed | unconfirmed | dropped

The scheduler enqueues (the same key twice is one message); senders claim
queued rows, and rows whose lease ran out (the sender died), with
`FOR UPDATE SKIP LOCKED` where the database has it, so no row goes to two
senders at once. A send that timed out may have been delivered: it is marked
unconfirmed, never resent blindly. A scheduling round queues drafts (what a
message is about, not its text): the sender renders them once claimed, and
drops one whose subject went away meanwhile (every item answered).
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (Insert, Integer, Select, bindparam, cast, func, literal, literal_column, or_, select, true,
                        update)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from store.tables import OutboxRow, UtcDateTime

QUEUED, SENDING, SENT, FAILED, UNCONFIRMED, DROPPED = "queued", "sending", "sent", "failed", "unconfirmed", "dropped"


def enqueue(session: Session, key: str, chat_id: int, text: str, now: datetime, person_id: int | None = None,
            buttons: str = "", file: tuple[str, bytes] | None = None) -> bool:
    """Queue a message (`buttons`: an inline keyboard as JSON; `file`: name and bytes, sent with `text` as its
    caption); False when the key already exists."""
    name, data = file or ("", None)
    try:
        with session.begin_nested():
            session.add(OutboxRow(idempotency_key=key, chat_id=chat_id, person_id=person_id, text=text,
                                  buttons=buttons, file_name=name, file_data=data, created_at=now, updated_at=now))
        return True
    except IntegrityError:
        return False


@dataclass(frozen=True)
class Text:
    """A text message to queue, with its inline keyboard as JSON; or the draft both are rendered from when the
    message is claimed (a scheduling round's)."""
    key: str
    chat_id: int
    person_id: int
    text: str = ""
    buttons: str = ""
    draft: str = ""


def enqueue_many(session: Session, messages: list[Text], now: datetime) -> int:
    """Queue many messages at once (a province's reminders); keys already there are skipped. How many were new.
    The rows go as one JSON parameter to one INSERT … SELECT (as an executemany, binding thousands of rows one
    by one was most of a round's time), each naming its body (text, keyboard, draft) in a second: a round's 3,000
    reminders share two or three, and a body written into every row was four fifths of what was sent and parsed."""
    if not messages:
        return 0
    bodies: dict[tuple[str, str, str], int] = {}
    rows = [[m.key, m.chat_id, m.person_id, bodies.setdefault((m.text, m.buttons, m.draft), len(bodies))]
            for m in messages]     # as in _ROW, then the body's place in `bodies`
    statement = _ENQUEUE[session.get_bind().dialect.name]
    return len(session.connection().execute(statement, {"rows": rows, "bodies": list(bodies), "now": now}).all())


# what a row of `enqueue_many` gives, in its order, and what its body gives; the other columns are the same for all
_ROW, _BODY = ("idempotency_key", "chat_id", "person_id"), ("text", "buttons", "draft")


def _enqueue(insert, given: Select) -> Insert:
    """The INSERT of the rows `given` selects, their `_ROW` and `_BODY` values in that order, as new messages."""
    now = bindparam("now", type_=UtcDateTime())
    # WHERE true: SQLite would read the upsert's ON as the FROM's join condition
    rows = given.add_columns(literal(QUEUED), literal(0), literal(""), literal(""), now, now).where(true())
    return (insert(OutboxRow).on_conflict_do_nothing(index_elements=["idempotency_key"])
            .from_select([*_ROW, *_BODY, "state", "attempts", "last_error", "file_name", "created_at", "updated_at"],
                         rows)
            .returning(OutboxRow.id))     # the new rows: a statement led by WITH has no rowcount in Python's sqlite3


# `rows`: each a JSON array of the `_ROW` columns' values and its body's index; `bodies`: each the `_BODY` values
def _from_jsonb_elements() -> Insert:
    # jsonb: parsed once; a json element is parsed again for every ->> taken from it
    rows = (func.jsonb_array_elements(bindparam("rows", type_=postgresql.JSONB))
            .table_valued("value", with_ordinality="n").render_derived())
    body = bindparam("bodies", type_=postgresql.JSONB).op("->")(
        cast(rows.c.value.op("->>")(literal_column(str(len(_ROW)))), Integer))
    column = OutboxRow.__table__.c
    given = [cast(rows.c.value.op("->>")(literal_column(str(n))), column[name].type) for n, name in enumerate(_ROW)]
    given += [cast(body.op("->>")(literal_column(str(n))), column[name].type) for n, name in enumerate(_BODY)]
    return _enqueue(postgresql.insert, select(*given).select_from(rows).order_by(rows.c.n))


def _from_json_each() -> Insert:
    rows = func.json_each(bindparam("rows", type_=sqlite.JSON)).table_valued("key", "value")
    # materialized and joined on its key, which SQLite then indexes: json_extract(bodies, path) parsed `bodies`
    # again for every row, as did a join it could flatten
    bodies = (select(*func.json_each(bindparam("bodies", type_=sqlite.JSON)).table_valued("key", "value").c)
              .cte("body").prefix_with("MATERIALIZED"))
    given = [func.json_extract(rows.c.value, f"$[{n}]") for n in range(len(_ROW))]
    given += [func.json_extract(bodies.c.value, f"$[{n}]") for n in range(len(_BODY))]
    source = rows.join(bodies, bodies.c.key == func.json_extract(rows.c.value, f"$[{len(_ROW)}]"))
    return _enqueue(sqlite.insert, select(*given).select_from(source).order_by(rows.c.key))


_ENQUEUE = {"postgresql": _from_jsonb_elements(), "sqlite": _from_json_each()}     # by the session's dialect


# the keys go as one JSON parameter, as the rows do: psycopg took longer to parse an IN list of a thousand, or
# to quote an array's every text, than the server to run the query
def _existing(elements, json_type):
    keys = select(elements(bindparam("keys", type_=json_type)).table_valued("value").c.value).scalar_subquery()
    return select(OutboxRow.idempotency_key).where(OutboxRow.idempotency_key.in_(keys))


_EXISTING = {"postgresql": _existing(func.jsonb_array_elements_text, postgresql.JSONB),
             "sqlite": _existing(func.json_each, sqlite.JSON)}


def existing(session: Session, keys: list[str]) -> set[str]:
    """Which of these keys are already queued or sent: what a round need not build again."""
    statement = _EXISTING[session.get_bind().dialect.name]
    return set(session.connection().execute(statement, {"keys": keys}).scalars().all())     # fetched at once


def any_key_between(session: Session, first: str, before: str) -> bool:
    """Whether a message was queued with a key from `first` up to, not including, `before` (read from its index)."""
    return session.execute(select(OutboxRow.id).where(OutboxRow.idempotency_key >= first,
                                                      OutboxRow.idempotency_key < before).limit(1)).first() is not None


def queued_after(session: Session, row_id: int) -> list[OutboxRow]:
    """What was queued after row `row_id`, in order (the simulation reads each day's messages)."""
    return list(session.execute(select(OutboxRow).where(OutboxRow.id > row_id).order_by(OutboxRow.id)).scalars())


def claim(session: Session, now: datetime, limit: int = 30, lease: timedelta = timedelta(minutes=2)) -> list[OutboxRow]:
    """Take up to `limit` messages to send, in the order they were queued."""
    rows = session.execute(
        select(OutboxRow).where(or_(OutboxRow.state == QUEUED,
                                    (OutboxRow.state == SENDING) & (OutboxRow.lease_until < now)))
        .order_by(OutboxRow.id).limit(limit).with_for_update(skip_locked=True)).scalars().all()
    for row in rows:
        row.state, row.lease_until, row.attempts, row.updated_at = SENDING, now + lease, row.attempts + 1, now
    return list(rows)


@dataclass(frozen=True)
class Rendered:
    """A claimed draft made into the message it stands for."""
    text: str
    buttons: str = ""
    file: tuple[str, bytes] | None = None


def render(session: Session, rendered: dict[int, Rendered | None], now: datetime) -> None:
    """Store what claimed drafts became (None: nothing left to say, dropped), if the claim is still this one's."""
    for row_id, message in rendered.items():
        claimed = update(OutboxRow).where(OutboxRow.id == row_id, OutboxRow.state == SENDING)
        if message is None:
            session.execute(claimed.values(state=DROPPED, lease_until=None, updated_at=now))
            continue
        name, data = message.file or ("", None)
        session.execute(claimed.values(text=message.text, buttons=message.buttons, file_name=name, file_data=data,
                                       draft="", updated_at=now))


def ready(claimed: list[OutboxRow], rendered: dict[int, Rendered | None], broken) -> list[OutboxRow]:
    """The claimed rows as they now go out: drafts as rendered (the claim's own copies, which `render` stored);
    those dropped or `broken` left out."""
    for row in claimed:
        if rendered.get(row.id) is not None:
            message = rendered[row.id]
            row.text, row.buttons, row.draft = message.text, message.buttons, ""
            row.file_name, row.file_data = message.file or ("", None)
    return [row for row in claimed if row.id not in broken and rendered.get(row.id, row) is not None]


def _finish(session: Session, row_id: int, state: str, now: datetime, **values) -> None:
    """One UPDATE, no read first: on SQLite a write-first transaction waits for the lock instead of failing
    when another sender committed meanwhile."""
    session.execute(update(OutboxRow).where(OutboxRow.id == row_id)
                    .values(state=state, lease_until=None, updated_at=now, **values))


def release(session: Session, row_id: int, now: datetime) -> None:
    """A claimed row not tried after all goes back to the queue, unless its outcome is already known."""
    session.execute(update(OutboxRow).where(OutboxRow.id == row_id, OutboxRow.state == SENDING)
                    .values(state=QUEUED, lease_until=None, updated_at=now))


def sent(session: Session, row_id: int, message_id: int, now: datetime) -> None:
    _finish(session, row_id, SENT, now, telegram_message_id=message_id, last_error="")


def retry_later(session: Session, row_id: int, error: str, now: datetime) -> None:
    """A refused or failed attempt that may be tried again (429, 5xx, connection refused)."""
    _finish(session, row_id, QUEUED, now, last_error=error)


def failed(session: Session, row_id: int, error: str, now: datetime) -> None:
    """Never to be retried (the person blocked the bot)."""
    _finish(session, row_id, FAILED, now, last_error=error)


def unconfirmed(session: Session, row_id: int, error: str, now: datetime) -> None:
    """Timed out: it may have been delivered, so it is not resent."""
    _finish(session, row_id, UNCONFIRMED, now, last_error=error)
