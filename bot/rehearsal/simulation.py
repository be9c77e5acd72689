"""`duban simulate`: a plan's period fast-forwarded day by day, before going live.

Every unit has a liaison A, a liaison B and a leader; each day runs the same
scheduling round as `duban run`, then the units act as the behaviour file says
and the office accepts what is submitted and approves each quarterly draft the
day it arrives. Nothing is sent: what would have been sent is read back from
the outbox, printed by day, and counted per person per week, which is the
office's check against reminder fatigue.
"""
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml
from sqlmodel import Session

from bot import messages as m
from bot.bootstrap import SetClock, rehearsal_duban
from bot.config import Settings
from bot.rehearsal.year import OFFICE, Persona, bind, cast, import_sample, run_day
from bot.rounds.drafts import as_sent
from bot.runtime import Duban
from bot.services.office import send_circulation
from importers.roster_file import load_roster
from store import items, outbox, views
from store.db import make_engine, upgrade
from store.uow import UnitOfWork
from workflows.calendar import WorkCalendar
from workflows.errors import InputError
from workflows.glossary import QUARTERLY
from workflows.report_schedule import reports_on
from workflows.roles import IN_UNITS

ROLES = IN_UNITS
PROMPT, LATE, SILENT = "prompt", "late", "silent"
BEHAVIOURS = (PROMPT, LATE, SILENT)
PROMPT_LEAD_DAYS = 7        # a prompt unit acts on its first reminder
LATE_WORKDAYS = 2           # a late unit answers after liaisons A and B are told, before the leader is
ACT_HOUR = time(11, 0)      # after the morning's round


class SimulationError(InputError):
    """A behaviour file or period that cannot be simulated; the message names the file or value."""


@dataclass(frozen=True)
class Behaviour:
    default: str = SILENT
    units: tuple[tuple[str, str], ...] = ()

    def of(self, unit: str) -> str:
        return dict(self.units).get(unit, self.default)


@dataclass(frozen=True)
class Message:
    day: date
    persona: Persona
    text: str
    file_name: str


def read_behaviour(path: Path, roster_path: Path) -> Behaviour:
    """`default: silent` and `units: {县司法局: prompt, …}`; units by the roster's names or aliases."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise SimulationError(m.SIM_BEHAVIOUR_BAD.format(file=path, problem=error))
    roster = load_roster(roster_path)
    if not isinstance(data, dict) or not isinstance(data.get("units", {}), dict):
        raise SimulationError(m.SIM_BEHAVIOUR_BAD.format(file=path, problem=m.SIM_BEHAVIOUR_SHAPE))
    units = []
    for name, kind in data.get("units", {}).items():
        unit = roster.find(str(name))
        if unit is None or kind not in BEHAVIOURS:
            problem = m.SIM_NO_UNIT.format(unit=name) if unit is None else m.SIM_NO_BEHAVIOUR.format(kind=kind)
            raise SimulationError(m.SIM_BEHAVIOUR_BAD.format(file=path, problem=problem))
        units.append((unit.name, kind))
    default = data.get("default", SILENT)
    if default not in BEHAVIOURS:
        raise SimulationError(m.SIM_BEHAVIOUR_BAD.format(file=path, problem=m.SIM_NO_BEHAVIOUR.format(kind=default)))
    return Behaviour(default, tuple(units))


def _acts_today(kind: str, due: date, day: date, calendar: WorkCalendar) -> bool:
    if kind == PROMPT:
        return due <= day + timedelta(days=PROMPT_LEAD_DAYS)
    if kind == LATE:
        return calendar.add_workdays(due, LATE_WORKDAYS).date <= day
    return False


def _units_act(uow: UnitOfWork, behaviour: Behaviour, day: date, calendar: WorkCalendar) -> None:
    for item_id, due, unit in views.open_dated_items(uow.session):
        if _acts_today(behaviour.of(unit), due, day, calendar):
            items.act(uow, item_id, "submit", by_office=False)
            items.act(uow, item_id, "accept", by_office=True)


def _office_acts(uow: UnitOfWork, day: date, calendar: WorkCalendar, timezone) -> None:
    for report in reports_on(day, calendar):
        if report.kind == QUARTERLY:
            for plan in views.plans(uow.session):
                if send_circulation(uow, plan, report.period, timezone, calendar, OFFICE.name).draft:
                    send_circulation(uow, plan, report.period, timezone, calendar, OFFICE.name)   # the new draft


def _new_messages(duban: Duban, after: int, day: date, personas: dict[int, Persona]):
    """What was queued after outbox row `after`, as the sender would render it now: (the last row id, the
    messages, the attached files)."""
    with Session(duban.engine) as session:
        rows = outbox.queued_after(session, after)
    found, files = [], []
    for row, message in as_sent(duban, rows):
        name, data = message.file or ("", None)
        found.append(Message(day, personas[row.chat_id], message.text, name))
        files += [(name, data)] if name else []
    return (rows[-1].id if rows else after), found, files


def simulate(settings: Settings, calendar: WorkCalendar, plan: Path, roster: Path, first: date, last: date,
             behaviour: Behaviour, out: Path):
    """Yields each day, the messages it would send and the report files it wrote into `out`."""
    if last < first:
        raise SimulationError(m.SIM_BAD_PERIOD.format(first=first, last=last))
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'simulation.sqlite3'}")
        upgrade(engine)
        clock = SetClock(datetime.combine(first, time(8, 0), settings.timezone))
        import_sample(engine, clock, calendar, plan, roster)
        duban = rehearsal_duban(engine, clock, settings, calendar)
        personas = cast(roster, ROLES)
        bind(duban, personas)
        by_id, seen = {p.user_id: p for p in personas}, 0
        day = first
        while day <= last:
            run_day(duban, clock, day)
            seen, sent, files = _new_messages(duban, seen, day, by_id)       # sent before anyone acts
            clock.move_to(datetime.combine(day, ACT_HOUR, settings.timezone))
            with UnitOfWork(engine, clock, OFFICE) as uow:
                _units_act(uow, behaviour, day, calendar)
                _office_acts(uow, day, calendar, settings.timezone)
                uow.commit()
            seen, answers, answer_files = _new_messages(duban, seen, day, by_id)    # what the office's acts sent
            sent, files = sent + answers, files + answer_files
            for name, data in files:
                (out / name).write_bytes(data)
            yield day, sent, sorted({name for name, _ in files})
            day += timedelta(days=1)
        engine.dispose()


def weekly_counts(messages: list[Message]) -> dict[Persona, Counter]:
    """person → messages per ISO week (e.g. '2022-W47')."""
    counts: dict[Persona, Counter] = defaultdict(Counter)
    for message in messages:
        year, week, _ = message.day.isocalendar()
        counts[message.persona][f"{year}-W{week:02d}"] += 1
    return counts
