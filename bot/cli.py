"""The `duban` command line: calendar look-ups, plan checks and due items."""
import argparse
import os
import sys
from datetime import date
from pathlib import Path

from bot import cli_render, messages as m
from importers.calendar_data import CalendarFileError, load_calendar
from importers.plan_text import PlanTextError, read_plan_text
from importers.roster_file import RosterError, load_roster
from workflows.check import check_plan
from workflows.due import due_items
from workflows.roster import Roster

CALENDAR_ENV = "DUBAN_CALENDAR_FILE"


class UsageError(Exception):
    """A bad argument or input file: printed as one line, exit status 2."""


def _calendar(args):
    path = args.calendar or os.environ.get(CALENDAR_ENV)
    return load_calendar(Path(path) if path else None)


def _read_plan(args):
    try:
        text = Path(args.plan).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{args.plan}: 无法读取：{error}")
    try:
        return read_plan_text(text, args.plan_year, args.issued)
    except PlanTextError as error:
        raise UsageError(f"{args.plan}: {error}")


def cmd_calendar_add(args) -> int:
    calendar = _calendar(args)
    day = calendar.add_days(args.date, args.n) if args.days else calendar.add_workdays(args.date, args.n)
    if args.format == "json":
        print(f'{{"date": "{day.date.isoformat()}", "provisional": {str(day.provisional).lower()}}}')
    else:
        print(m.ADD_PROVISIONAL.format(date=day.date.isoformat()) if day.provisional else day.date.isoformat())
    return 0


def cmd_calendar_covers(args) -> int:
    calendar = _calendar(args)
    if calendar.covers(args.year):
        print(m.COVERS_YES.format(year=args.year, source=calendar.source(args.year)))
        return 0
    print(m.COVERS_NO.format(year=args.year))
    return 1


def cmd_plan_check(args) -> int:
    plan = _read_plan(args)
    roster = load_roster(Path(args.roster)) if args.roster else None
    check = check_plan(plan, roster)
    print(cli_render.check_json(check) if args.format == "json" else cli_render.check_text(check))
    return 1 if check.errors else 0


def _unit_filter(roster: Roster, name: str | None) -> str | None:
    if name is None:
        return None
    unit = roster.find(name)
    if unit is None:
        raise UsageError(m.UNKNOWN_UNIT.format(unit=name))
    return unit.name


def cmd_due(args) -> int:
    plan = _read_plan(args)
    roster = load_roster(Path(args.roster))
    unit = _unit_filter(roster, args.unit)
    check = check_plan(plan, roster)
    items = due_items(plan, list(check.rows), _calendar(args), args.start, args.end, args.feedback_day)
    items = [i for i in items if unit is None or i.unit == unit]
    tasks = {t.row: t for t in plan.tasks}
    print(cli_render.due_json(items) if args.format == "json" else cli_render.due_table(items, tasks))
    return 0


def _plan_options(parser):
    parser.add_argument("--plan-year", type=int, help="计划年度（覆盖文中所写）")
    parser.add_argument("--issued", type=date.fromisoformat, help="印发日期 YYYY-MM-DD（覆盖文中所写）")
    parser.add_argument("--calendar", help=f"本地节假日文件（YAML），也可用环境变量 {CALENDAR_ENV}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="duban", description="督办：政务公开工作要点的到期事项与提醒")
    commands = parser.add_subparsers(dest="command", required=True)

    calendar = commands.add_parser("calendar", help="工作日日历").add_subparsers(dest="action", required=True)
    add = calendar.add_parser("add", help="某日之后第N个工作日（或自然日）")
    add.add_argument("date", type=date.fromisoformat)
    add.add_argument("n", type=int)
    add.add_argument("--days", action="store_true", help="按自然日计算")
    add.add_argument("--format", choices=("text", "json"), default="text")
    add.add_argument("--calendar")
    add.set_defaults(run=cmd_calendar_add)
    covers = calendar.add_parser("covers", help="是否已收录某年度的节假日安排")
    covers.add_argument("year", type=int)
    covers.add_argument("--calendar")
    covers.set_defaults(run=cmd_calendar_covers)

    plan = commands.add_parser("plan", help="工作要点").add_subparsers(dest="action", required=True)
    check = plan.add_parser("check", help="检查任务表：每行的责任单位、完成时限和问题")
    check.add_argument("plan")
    check.add_argument("--roster")
    check.add_argument("--format", choices=("table", "json"), default="table")
    _plan_options(check)
    check.set_defaults(run=cmd_plan_check)

    due = commands.add_parser("due", help="各单位的到期事项")
    due.add_argument("--plan", required=True)
    due.add_argument("--roster", required=True)
    due.add_argument("--unit", help="单位名称（全称或文中简称）")
    due.add_argument("--from", dest="start", type=date.fromisoformat)
    due.add_argument("--to", dest="end", type=date.fromisoformat)
    due.add_argument("--format", choices=("table", "json"), default="table")
    due.add_argument("--feedback-day", type=int, default=25, help="月反馈日（默认每月25日）")
    _plan_options(due)
    due.set_defaults(run=cmd_due)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (UsageError, RosterError, CalendarFileError, ValueError) as error:
        print(m.FILE_ERROR.format(error=error), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
