"""计划与名册 in the console: the readers, the check, the review workbook and the import of `duban plan check`,
`duban plan export`, `duban import` and `duban roster import`, on files the office uploads.

The readers take paths, so an upload is written under its own name in a
temporary folder; a reader's error names the file as the office called it.
"""
import contextlib
import tempfile
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from bot import messages as m
from bot.services.importing import Imported, PlanOverrides, import_plan_file
from documents.roster_files import roster_yaml
from importers.plan_file import read_plan_bytes
from importers.plan_text import PlanTextError
from importers.roster_file import RosterError, load_roster
from store import kept_roster
from store.audit import Actor
from store.plans import ImportResult, import_plan, source_hash, store_roster
from store.uow import Clock, UnitOfWork
from workflows.calendar import WorkCalendar
from workflows.check import PlanCheck, check_plan
from workflows.due import due_items
from workflows.errors import InputError
from workflows.rollover import roll_plan
from workflows.roster import Roster
from workflows.table import column_mapping

ROSTER_NAME = "名册.yaml"


def _own_name(name: str) -> str:
    return Path(name.replace("\\", "/")).name.strip() or "上传的文件"


@contextlib.contextmanager
def as_file(name: str, data: bytes):
    """The bytes as a file called `name` (its folder part dropped), for the readers; their errors name `name`."""
    with tempfile.TemporaryDirectory(prefix="duban-console-") as folder:
        path = Path(folder) / _own_name(name)
        path.write_bytes(data)
        try:
            yield path
        except (PlanTextError, RosterError) as error:
            raise type(error)(str(error).replace(f"{folder}/", "")) from None


def office_roster(engine: Engine) -> tuple[Roster, bool]:
    """The roster last uploaded, and True; or the one the unit table holds (no group aliases), and False."""
    with Session(engine) as session:
        text = kept_roster.kept(session)
        if text is None:
            return kept_roster.from_units(session), False
    with as_file(ROSTER_NAME, text.encode()) as path:
        return load_roster(path), True


def overrides_of(year: str, roll_to: str, columns: str) -> PlanOverrides:
    """The form's 计划年度, 顺延到 and 栏目对应 (one 栏目=表头 a line), as `--plan-year`, `--roll-to` and
    `--columns` are read; InputError in Chinese naming the one at fault."""
    numbers = {}
    for key, text in (("year", year.strip()), ("roll_to", roll_to.strip())):
        if text and not (text.isascii() and text.isdigit() and 1900 <= int(text) <= 2999):
            raise InputError(m.CONSOLE_BAD_YEAR.format(text=text))
        numbers[key] = int(text) if text else None
    mapping = column_mapping([line for line in columns.splitlines() if line.strip()])
    return PlanOverrides(year=numbers["year"], roll_to=numbers["roll_to"], columns=mapping or None)


def check_upload(roster: Roster, name: str, data: bytes, overrides: PlanOverrides = PlanOverrides()) -> PlanCheck:
    """`duban plan check` of an uploaded file against the office's roster (with `import`'s --roll-to)."""
    try:
        plan = read_plan_bytes(data, _own_name(name), overrides.year, overrides.issued, overrides.issuer,
                               overrides.doc_number, overrides.columns)
    except PlanTextError as error:
        raise PlanTextError(f"{_own_name(name)}: {error}") from None
    return check_plan(roll_plan(plan, overrides.roll_to) if overrides.roll_to else plan, roster)


def preview(engine: Engine, clock: Clock, actor: Actor, check: PlanCheck, roster: Roster, calendar: WorkCalendar,
            name: str, data: bytes) -> ImportResult:
    """What importing the checked plan would change (rows added, removed, changed; items made, kept, deleted):
    the import itself, in a unit of work never committed."""
    items = due_items(check.plan, list(check.rows), calendar)
    with UnitOfWork(engine, clock, actor) as uow:
        return import_plan(uow, check, roster, items, _own_name(name), source_hash(data))


def import_upload(engine: Engine, clock: Clock, actor: Actor, calendar: WorkCalendar, name: str, data: bytes,
                  overrides: PlanOverrides = PlanOverrides()) -> Imported:
    """`duban import` of the uploaded plan (or corrected review workbook) with the office's roster."""
    roster, _ = office_roster(engine)
    with as_file(name, data) as plan_path, as_file(ROSTER_NAME, roster_yaml(roster).encode()) as roster_path:
        return import_plan_file(engine, clock, actor, plan_path, roster_path, calendar, overrides)


def take_roster(engine: Engine, clock: Clock, actor: Actor, name: str, data: bytes) -> Roster:
    """`duban roster import` of an uploaded roster (.xlsx or YAML), kept whole for the plan checks to come."""
    with as_file(name, data) as path:
        roster = load_roster(path)
    with UnitOfWork(engine, clock, actor) as uow:
        store_roster(uow, roster)
        kept_roster.keep(uow.session, roster_yaml(roster))
        uow.audit("roster.import", "roster", after={"source": _own_name(name), "units": len(roster.units)})
        uow.commit()
    return roster
