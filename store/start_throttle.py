"""The /start throttle: wrong invite codes counted per Telegram user in the database, so that every receiving
process sees the same count and guessing codes is slowed however many receivers run."""
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlmodel import Session

from store.tables import StartFailureRow

MAX_FAILURES, WINDOW = 5, timedelta(minutes=10)


def throttled(session: Session, telegram_user_id: int, now: datetime) -> bool:
    """Whether this person failed MAX_FAILURES times within the last WINDOW."""
    recent = session.execute(select(func.count(StartFailureRow.id)).where(
        StartFailureRow.telegram_user_id == telegram_user_id, StartFailureRow.failed_at > now - WINDOW)).scalar_one()
    return recent >= MAX_FAILURES


def record_failure(session: Session, telegram_user_id: int, now: datetime) -> None:
    """A wrong code; this person's failures older than the window are forgotten, so the table stays small."""
    session.execute(delete(StartFailureRow).where(StartFailureRow.telegram_user_id == telegram_user_id,
                                                  StartFailureRow.failed_at <= now - WINDOW))
    session.add(StartFailureRow(telegram_user_id=telegram_user_id, failed_at=now))
