"""Which days the reminder round has covered, so a restart after downtime catches up once, not never and not twice.

Kept as one setting, `reminders:round` = "<day of the last round>|<the day its window opened after>".
Every round of a day uses the same window, so a person who joins at noon is
still reminded of what the morning's round covered.
"""
from datetime import date, timedelta

from sqlmodel import Session

from store.tables import SettingRow

KEY = "reminders:round"


def window_after(session: Session, today: date) -> date:
    """The day after which today's round looks for ladder steps (the last day a round ran before today); recorded."""
    row = session.get(SettingRow, KEY)
    if row is None:
        since = today - timedelta(days=1)      # a new installation starts today, with nothing to catch up
        session.add(SettingRow(key=KEY, value=f"{today.isoformat()}|{since.isoformat()}"))
        return since
    last, _, opened = row.value.partition("|")
    since = date.fromisoformat(opened) if last == today.isoformat() else date.fromisoformat(last)
    row.value = f"{today.isoformat()}|{since.isoformat()}"
    session.add(row)
    return since
