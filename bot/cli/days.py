"""`duban calendar`: working days on the official calendar. The lightest commands: they import the calendar and
nothing else of Duban's (`python -m bench.cli_start`)."""
from pathlib import Path

from bot import messages as m
from importers.calendar_data import load_calendar


def calendar_of(args):
    """The calendar a command counts on: --calendar's file, else DUBAN_CALENDAR_FILE's, over the package's."""
    path = getattr(args, "calendar", None)
    return load_calendar(Path(path) if path else args.settings().calendar_file)


def calendar_add(args) -> int:
    calendar = calendar_of(args)
    day = calendar.add_days(args.date, args.n) if args.days else calendar.add_workdays(args.date, args.n)
    if args.format == "json":
        print(f'{{"date": "{day.date.isoformat()}", "provisional": {str(day.provisional).lower()}}}')
    else:
        print(m.ADD_PROVISIONAL.format(date=day.date.isoformat()) if day.provisional else day.date.isoformat())
    return 0


def calendar_covers(args) -> int:
    calendar = calendar_of(args)
    if calendar.covers(args.year):
        print(m.COVERS_YES.format(year=args.year, source=calendar.source(args.year)))
        return 0
    print(m.COVERS_NO.format(year=args.year))
    return 1
