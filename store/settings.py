"""What Duban learns at run time and keeps, one named accessor each, so no key is spelt in two places.

The `setting` table holds them as key → value; the store's own modules keep
theirs beside their use (rounds: the reminder window, mutes, rules,
circulations); these are the ones the bot's rounds and roles keep.
"""
from datetime import datetime

from sqlmodel import Session

from store.tables import SettingRow

BOT_USERNAME = "bot_username"
LEADER = "scheduler:leader"


def _get(session: Session, key: str) -> str | None:
    row = session.get(SettingRow, key)
    return row.value if row else None


def _put(session: Session, key: str, value: str) -> str | None:
    """Set `key`; the value it had before (None: it was not set)."""
    row = session.get(SettingRow, key)
    before = row.value if row else None
    row = row or SettingRow(key=key)
    row.value = value
    session.add(row)
    return before


def bot_username(session: Session) -> str | None:
    """The bot's username as Telegram's getMe gave it, once asked."""
    return _get(session, BOT_USERNAME)


def keep_bot_username(session: Session, username: str) -> None:
    _put(session, BOT_USERNAME, username)


def leader(session: Session) -> str | None:
    """Which scheduler process leads (host:pid), for the operator."""
    return _get(session, LEADER)


def keep_leader(session: Session, worker: str) -> None:
    _put(session, LEADER, worker)


def _report_key(kind: str, period: str) -> str:
    return f"report-queued:{kind}:{period}"


def report_queued(session: Session, kind: str, period: str) -> bool:
    """Whether the scheduled round already queued this report for its readers."""
    return _get(session, _report_key(kind, period)) is not None


def mark_report_queued(session: Session, kind: str, period: str, now: datetime) -> None:
    _put(session, _report_key(kind, period), now.isoformat())


def _templates_key(plan_id: int) -> str:
    return f"annual-templates:{plan_id}"


def templates_queued(session: Session, plan_id: int) -> bool:
    """Whether the annual report's templates of this plan went to the units."""
    return _get(session, _templates_key(plan_id)) is not None


def mark_templates_queued(session: Session, plan_id: int, now: datetime) -> None:
    _put(session, _templates_key(plan_id), now.isoformat())
