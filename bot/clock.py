"""Clocks the bot can be handed: real time, or real time that started at a chosen instant."""
from datetime import datetime, timedelta, timezone


class RunningClock:
    """Real time; with `start` (DUBAN_NOW) it begins there and runs on, for rehearsals and tests."""

    def __init__(self, start: datetime | None = None):
        self._offset = start - datetime.now(timezone.utc) if start else timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(timezone.utc) + self._offset


class SetClock:
    """A clock that stands still until moved: what tests and simulations hold."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def move_to(self, now: datetime) -> None:
        self.now = now
