"""The commands that read a plan and a roster and print or write a file: no database, no chat.

Kept apart from `bot.cli.commands` so that they start in a tenth of a second: they import the core and the readers
they use, never the store, Telegram or the charts (`python -m bench.cli_start`).
"""
from pathlib import Path

from bot import messages as m
from bot.cli import render as cli_render
from bot.cli.days import calendar_of
from bot.cli.usage import UsageError, columns
from importers.plan_file import read_plan_file
from importers.plan_text import PlanTextError
from importers.roster_file import load_roster
from workflows.check import check_plan
from workflows.due import due_items
from workflows.responsibility import resolve_name


def read_plan(args):
    try:
        return read_plan_file(Path(args.plan), args.plan_year, args.issued, args.issuer, args.doc_number,
                              columns(args))
    except PlanTextError as error:
        raise UsageError(str(error))


def plan_check(args) -> int:
    check = check_plan(read_plan(args), load_roster(Path(args.roster)) if args.roster else None)
    print(cli_render.check_json(check) if args.format == "json" else cli_render.check_text(check))
    return 1 if check.errors else 0


def plan_export(args) -> int:
    from documents.review_xlsx import review_workbook  # openpyxl: a quarter of a second plan check does not need
    check = check_plan(read_plan(args), load_roster(Path(args.roster)) if args.roster else None)
    Path(args.out).write_bytes(review_workbook(check))
    print(m.EXPORTED.format(out=args.out))
    return 0


def _due_from_file(args) -> int:
    plan, roster = read_plan(args), load_roster(Path(args.roster))
    units = resolve_name(args.unit, roster) if args.unit else None   # as the plan writes it (市司法局), or in full
    if args.unit and not units:
        raise UsageError(m.UNKNOWN_UNIT.format(unit=args.unit))
    check = check_plan(plan, roster)
    items = due_items(plan, list(check.rows), calendar_of(args), args.start, args.end, args.feedback_day)
    items = [i for i in items if units is None or i.unit in {u.name for u in units}]
    contents = {t.row: t.content for t in plan.tasks}
    print(cli_render.due_json(items) if args.format == "json" else cli_render.due_table(items, contents))
    return 0


def due(args) -> int:
    """A plan file with its roster is read as it stands; otherwise a stored plan (--plan by id or file, else the
    latest), with each item's state."""
    if args.plan and args.roster:
        return _due_from_file(args)
    from bot.cli import commands  # the store: only when the plan is a stored one
    return commands.due_from_database(args)


def roster_export(args) -> int:
    from documents.roster_files import roster_workbook, roster_yaml
    roster = load_roster(Path(args.roster))
    out = Path(args.out)
    if out.suffix.lower() == ".xlsx":
        out.write_bytes(roster_workbook(roster))
    else:
        out.write_text(roster_yaml(roster), encoding="utf-8")
    print(m.ROSTER_WRITTEN.format(out=out))
    return 0
