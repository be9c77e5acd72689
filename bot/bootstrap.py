"""The one builder of the running Duban, and the clocks it can be handed: real time, or real time that started at
a chosen instant, or a clock that stands still until moved."""
import gc
from datetime import datetime, timedelta, timezone

from sqlalchemy import Engine

from bot.config import Settings
from bot.runtime import Duban
from importers.calendar_data import load_calendar
from store.db import open_database
from store.uow import Clock
from workflows.calendar import WorkCalendar


class RunningClock:
    """Real time; with `start` (DUBAN_NOW) it begins there and runs on, for rehearsals and tests."""

    def __init__(self, start: datetime | None = None):
        self._offset = start - datetime.now(timezone.utc) if start else timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(timezone.utc) + self._offset


REAL_TIME = RunningClock()     # what the command line records its work at, DUBAN_NOW or not


class SetClock:
    """A clock that stands still until moved: what tests and simulations hold."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def move_to(self, now: datetime) -> None:
        self.now = now


def build_duban(settings: Settings, clock: Clock) -> Duban:
    """The running Duban of `duban run` and the process roles: the configured database and holidays, Telegram's
    limits kept."""
    return Duban(open_database(settings.database_url), clock, settings, load_calendar(settings.calendar_file))


def rehearsal_duban(engine: Engine, clock: SetClock, settings: Settings, calendar: WorkCalendar) -> Duban:
    """The running Duban of a rehearsal (the demo, `duban simulate`): its own seeded database and a clock that
    moves when told, against the local emulator, which has no rate limits to keep."""
    return Duban(engine, clock, settings, calendar, paced=False)


def settle_heap() -> None:
    """Once started, set what start-up built (modules, mappers, the calendar) aside from the garbage collector: the
    first round of a province's busiest day makes some 100,000 objects, and every full collection walked the
    start-up's 170,000 as well (bench/tick_province.py)."""
    gc.collect()
    gc.freeze()
