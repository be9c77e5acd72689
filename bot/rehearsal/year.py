"""A rehearsal of a plan year on a clock that only moves when told: the web demo and `duban simulate` share it.

The plan and roster are imported as an office would (optionally rolled into
another year), people are the sample's cast (an admin; liaisons, and for the
simulator leaders, of every unit), and each day the rehearsal runs the same
scheduling round `duban run` runs every minute.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Engine

from bot import messages as m
from bot.bootstrap import SetClock
from bot.config import Settings
from bot.rounds.scheduling import scheduling_round
from bot.runtime import Duban
from bot.services.importing import PlanOverrides, import_plan_file
from importers.roster_file import load_roster
from store import people
from store.audit import Actor
from store.uow import UnitOfWork
from workflows.calendar import WorkCalendar
from workflows.errors import NotAllowed

SAMPLE = Path(__file__).resolve().parent / "sample"     # the Yongning 2022 plan and roster, shipped in the wheel
SAMPLE_YEAR = 2022
OFFICE = Actor("rehearsal:office", "admin")
ROUND_HOUR = time(10, 0)        # the day's round runs inside office hours, as the minute tick would
FIRST_DAY = (6, 8)              # a week before the sample's first deadlines (6-15), with nothing yet overdue
MAX_DAYS = 400                  # a jump further than a plan year is a typo


class RehearsalError(NotAllowed, ValueError):
    """A move of the clock that cannot be made; the message says why."""


@dataclass(frozen=True)
class Persona:
    user_id: int
    name: str
    role: str
    unit: str | None


def cast(roster_path: Path, roles: tuple[str, ...]) -> list[Persona]:
    """One admin, then each unit's people in `roles`, with stable Telegram ids."""
    units = [u.name for u in load_roster(roster_path).units]
    found = [Persona(1, m.ROLE_NAMES["admin"], "admin", None)]
    for n, unit in enumerate(units):
        found += [Persona(10_000 + 10 * n + k, f"{unit}{m.ROLE_NAMES[role]}", role, unit)
                  for k, role in enumerate(roles)]
    return found


def first_day(year: int, calendar: WorkCalendar) -> date:
    return calendar.first_workday_on_or_after(date(year, *FIRST_DAY)).date


def at_round(day: date, settings: Settings) -> datetime:
    return datetime.combine(day, ROUND_HOUR, settings.timezone)


def import_sample(engine: Engine, clock: SetClock, calendar: WorkCalendar, plan: Path, roster: Path,
                  year: int | None = None) -> None:
    imported = import_plan_file(engine, clock, OFFICE, plan, roster, calendar, PlanOverrides(roll_to=year))
    if imported.result is None:
        raise RehearsalError("；".join(p.message for p in imported.check.errors))


def _invite(uow: UnitOfWork, persona: Persona) -> str:
    unit = people.find_unit(uow.session, persona.unit) if persona.unit else None
    return people.create_invite(uow, persona.role, unit).code


def invite_code(duban: Duban, persona: Persona) -> str:
    with UnitOfWork(duban.engine, duban.clock, OFFICE) as uow:
        code = _invite(uow, persona)
        uow.commit()
    return code


def bind(duban: Duban, personas: list[Persona]) -> None:
    """Everyone joined at once, through real invites: what the simulator starts from."""
    with UnitOfWork(duban.engine, duban.clock, OFFICE) as uow:
        for persona in personas:
            people.redeem(uow, _invite(uow, persona), persona.user_id, persona.name)
        uow.commit()


def days_until(duban: Duban, target: date) -> list[date]:
    """The days the clock passes to reach `target`, each of which gets its round."""
    today = duban.today()
    if target <= today:
        raise RehearsalError(m.REHEARSAL_NOT_BACK.format(today=today.isoformat()))
    if (target - today).days > MAX_DAYS:
        raise RehearsalError(m.REHEARSAL_TOO_FAR.format(days=MAX_DAYS))
    return [today + timedelta(days=n) for n in range(1, (target - today).days + 1)]


def next_workday(duban: Duban) -> date:
    return duban.calendar.add_workdays(duban.today(), 1).date


def run_day(duban: Duban, clock: SetClock, day: date) -> int:
    clock.move_to(at_round(day, duban.settings))
    return scheduling_round(duban)
