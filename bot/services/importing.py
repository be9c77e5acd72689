"""Importing a plan with its roster (`duban import`, the rehearsal): read, check, compute the due items, store.

The files are read and checked by the pure core, and the outcome stored in one
unit of work, so a failure anywhere leaves the database as it was.
"""
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from bot import messages as m
from importers import unreadable
from importers.plan_file import read_plan_bytes
from importers.plan_text import PlanTextError
from importers.roster_file import load_roster
from store.audit import Actor
from store.plans import ImportResult, import_plan, source_hash
from store.uow import Clock, UnitOfWork
from workflows.calendar import WorkCalendar
from workflows.check import PlanCheck, check_plan
from workflows.due import due_items
from workflows.errors import UserError
from workflows.rollover import roll_plan


class StoreError(UserError, RuntimeError):
    """The database refused the write; nothing of it was stored. The message says why."""


@dataclass(frozen=True)
class PlanOverrides:
    """What the office states instead of what the document says (or where it says nothing)."""
    year: int | None = None
    issued: date | None = None
    issuer: str | None = None
    doc_number: str | None = None
    roll_to: int | None = None      # last year's plan as this year's template (workflows.rollover)
    columns: dict | None = None     # headers the office maps to fields (workflows.table.column_mapping)


@dataclass(frozen=True)
class Imported:
    check: PlanCheck
    result: ImportResult | None     # None when the plan has errors and was not stored


def _describe(error: OperationalError) -> str:
    text = str(error.orig)
    if "full" in text:
        return m.IMPORT_DISK_FULL
    return m.IMPORT_WRITE_FAILED.format(error=text)


def import_plan_file(engine: Engine, clock: Clock, actor: Actor, plan_path: Path, roster_path: Path,
                     calendar: WorkCalendar, overrides: PlanOverrides = PlanOverrides(),
                     feedback_day: int = 25) -> Imported:
    try:
        data = plan_path.read_bytes()
        plan = read_plan_bytes(data, plan_path.name, overrides.year, overrides.issued, overrides.issuer,
                               overrides.doc_number, overrides.columns)
    except OSError as error:
        raise PlanTextError(m.PLAN_UNREADABLE.format(path=plan_path, reason=unreadable.reason(error)))
    except PlanTextError as error:
        raise PlanTextError(f"{plan_path}: {error}")
    if overrides.roll_to:
        plan = roll_plan(plan, overrides.roll_to)
    roster = load_roster(roster_path)
    check = check_plan(plan, roster)
    if check.errors:
        return Imported(check, None)
    items = due_items(plan, list(check.rows), calendar, feedback_day=feedback_day)
    for attempt in (1, 2):  # a concurrent import of the same plan may win the unique constraint once
        try:
            with UnitOfWork(engine, clock, actor) as uow:
                result = import_plan(uow, check, roster, items, plan_path.name, source_hash(data))
                uow.commit()
                return Imported(check, result)
        except IntegrityError:
            if attempt == 2:
                raise StoreError(m.IMPORT_CONCURRENT)
        except OperationalError as error:
            raise StoreError(_describe(error))
