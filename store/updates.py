"""Webhook updates taken in: each handled once, however often Telegram delivers it.

An update is recorded before it is handled and marked done after. A second
delivery of a done update is answered 200 and dropped; of one still being
handled, refused for now (Telegram retries later); of one whose handler died
mid-way (not done after a while), handled again, so a crash loses nothing.
"""
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete

from store.tables import ReceivedUpdateRow

NEW, DUPLICATE, BUSY = "new", "duplicate", "busy"
STALE = timedelta(minutes=1)      # longer than any handler takes
KEPT = timedelta(days=2)          # Telegram gives up on an update after a day


def take(session: Session, update_id: int, now: datetime) -> str:
    try:
        with session.begin_nested():
            session.add(ReceivedUpdateRow(update_id=update_id, received_at=now))
        if update_id % 1000 == 0:
            session.execute(delete(ReceivedUpdateRow).where(ReceivedUpdateRow.received_at < now - KEPT))
        return NEW
    except IntegrityError:
        row = session.get(ReceivedUpdateRow, update_id, with_for_update=True)
        if row.done:
            return DUPLICATE
        if now - row.received_at < STALE:
            return BUSY
        row.received_at = now
        return NEW


def done(session: Session, update_id: int) -> None:
    session.get(ReceivedUpdateRow, update_id).done = True
