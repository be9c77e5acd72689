"""The `duban` command line: one parser; each command a function in bot.cli.days, bot.cli.files (no database, no
chat) or bot.cli.commands, imported once the arguments are parsed."""
import argparse
import contextlib
import functools
import importlib
import sys
from datetime import date

from bot import messages as m
from bot.config import load_settings
from bot.logs import guard_process, redact
from importers import unreadable
from store import audit_key
from workflows.errors import UserError
from workflows.period_words import report_kind
from workflows.rectification import DEFAULT_WORKDAYS


class ChineseHelp(argparse.HelpFormatter):
    """Placeholders of options in Chinese (--unit 单位), as argparse.MetavarTypeHelpFormatter renames them."""

    def _get_default_metavar_for_optional(self, action) -> str:
        return m.CLI_PLACEHOLDERS.get(action.dest, action.dest.upper())


def _catalogued(table: dict[str, str], prog: str, name: str) -> str | None:
    """The catalogue's words for `name` (an option, an argument, a command) of the command `prog`: its own, else
    those every command shares."""
    path = prog.removeprefix("duban").strip()
    found = table.get(f"{path} {name}".strip(), table.get(name))
    return found.format(workdays=DEFAULT_WORKDAYS) if found else found


class CatalogueCommands(argparse._SubParsersAction):
    """A command's help from the catalogue, as it is added."""

    def add_parser(self, name, **kwargs):
        kwargs.setdefault("help", _catalogued(m.CLI_HELP, self._prog_prefix, name))
        return super().add_parser(name, **kwargs)


class ChineseParser(argparse.ArgumentParser):
    """Every parser of `duban`, its subcommands' too (they are made of the parent's class), writes help this way,
    its words from the catalogue (m.CLI_HELP, m.CLI_ARGUMENTS) by command and name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, formatter_class=ChineseHelp, **kwargs)
        self.register("action", "parsers", CatalogueCommands)

    def add_argument(self, *names, **kwargs):
        kwargs.setdefault("help", _catalogued(m.CLI_HELP, self.prog, names[0]))
        if (placeholder := _catalogued(m.CLI_ARGUMENTS, self.prog, names[0])) is not None:
            kwargs.setdefault("metavar", placeholder)
        return super().add_argument(*names, **kwargs)

    def add_subparsers(self, **kwargs):
        listed = "<commands>" if self.prog == "duban" else "<actions>"
        return super().add_subparsers(help=m.CLI_HELP[listed], metavar=m.CLI_ARGUMENTS[listed], **kwargs)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(m.CLI_BAD_DATE.format(text=text))


def _number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(m.CLI_BAD_NUMBER.format(text=text))


def _plan_options(parser):
    parser.add_argument("--plan-year", type=_number)
    parser.add_argument("--issued", type=_day)
    parser.add_argument("--issuer")
    parser.add_argument("--doc-number")
    parser.add_argument("--calendar")
    parser.add_argument("--columns", action="append", default=[], help=m.COLUMNS_HELP)


def _calendar_commands(commands_):
    calendar = _actions(commands_.add_parser("calendar"))
    add = calendar.add_parser("add")
    add.add_argument("date", type=_day)
    add.add_argument("n", type=_number)
    add.add_argument("--days", action="store_true")
    add.add_argument("--format", choices=("text", "json"), default="text")
    add.add_argument("--calendar")
    add.set_defaults(run="days.calendar_add")
    covers = calendar.add_parser("covers")
    covers.add_argument("year", type=_number)
    covers.add_argument("--calendar")
    covers.set_defaults(run="days.calendar_covers")


def _plan_commands(commands_):
    plan = _actions(commands_.add_parser("plan"))
    check = plan.add_parser("check")
    check.add_argument("plan")
    check.add_argument("--roster")
    check.add_argument("--format", choices=("table", "json"), default="table")
    _plan_options(check)
    check.set_defaults(run="files.plan_check")
    export = plan.add_parser("export")
    export.add_argument("plan")
    export.add_argument("--roster")
    export.add_argument("--out", required=True)
    _plan_options(export)
    export.set_defaults(run="files.plan_export")

    imported = commands_.add_parser("import")
    imported.add_argument("plan")
    imported.add_argument("--roster", required=True)
    imported.add_argument("--feedback-day", type=_number, default=25)
    imported.add_argument("--roll-to", type=_number)
    _plan_options(imported)
    imported.set_defaults(run="commands.import_plan")

    due = commands_.add_parser("due")
    due.add_argument("--plan")
    due.add_argument("--roster")
    due.add_argument("--unit")
    due.add_argument("--from", dest="start", type=_day)
    due.add_argument("--to", dest="end", type=_day)
    due.add_argument("--format", choices=("table", "json"), default="table")
    due.add_argument("--feedback-day", type=_number, default=25)
    _plan_options(due)
    due.set_defaults(run="files.due")


def _roster_commands(commands_):
    roster = _actions(commands_.add_parser("roster"))
    export = roster.add_parser("export")
    export.add_argument("--roster", required=True)
    export.add_argument("--out", required=True)
    export.set_defaults(run="files.roster_export")
    imported = roster.add_parser("import")
    imported.add_argument("file")
    imported.set_defaults(run="commands.roster_import")


def _report_kind(word: str) -> str:
    kind = "circulate" if word.strip() in ("circulate", "印发") else report_kind(word)
    if kind is None:
        raise argparse.ArgumentTypeError(m.CLI_NO_SUCH_REPORT.format(word=word))
    return kind


def _role(word: str) -> str:
    role = m.ROLE_WORDS.get(word.strip().upper())
    if role is None:
        raise argparse.ArgumentTypeError(m.CLI_NO_SUCH_ROLE.format(word=word))
    return role


def _actions(parser):
    return parser.add_subparsers(dest="action", required=True)


def _report_commands(commands_):
    report = commands_.add_parser("report")
    report.add_argument("kind", type=_report_kind)
    report.add_argument("--plan")
    report.add_argument("--period", default="")
    report.add_argument("--out")
    report.set_defaults(run="commands.report")


def _notice_command(commands_):
    notice = commands_.add_parser("notice")
    notice.add_argument("--unit", required=True)
    notice.add_argument("--items", required=True)
    notice.add_argument("--problem", required=True)
    notice.add_argument("--workdays", type=_number)
    notice.add_argument("--plan")
    notice.add_argument("--out", required=True)
    notice.set_defaults(run="commands.notice")


def _rules_command(commands_):
    rules = commands_.add_parser("rules")
    rules.add_argument("--plan")
    rules.add_argument("--file")
    rules.set_defaults(run="commands.plan_rules")


def _annual_commands(commands_):
    annual = _actions(commands_.add_parser("annual"))
    template = annual.add_parser("template")
    template.add_argument("--unit", required=True)
    template.add_argument("--plan")
    template.add_argument("--out", required=True)
    template.set_defaults(run="commands.annual_template")
    load = annual.add_parser("load")
    load.add_argument("file")
    load.add_argument("--plan")
    load.set_defaults(run="commands.annual_load")


def _export_commands(commands_):
    export = _actions(commands_.add_parser("export"))
    ledger = export.add_parser("ledger")
    ledger.add_argument("--plan")
    ledger.add_argument("--unit")
    ledger.add_argument("--out", required=True)
    ledger.set_defaults(run="commands.export_ledger")


def _store_commands(commands_):
    db = _actions(commands_.add_parser("db"))
    db.add_parser("upgrade").set_defaults(run="commands.db_upgrade")
    audit = _actions(commands_.add_parser("audit"))
    verify = audit.add_parser("verify")
    verify.add_argument("--against")
    verify.set_defaults(run="commands.audit_verify")
    export = audit.add_parser("export")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--out")
    export.set_defaults(run="commands.audit_export")
    backup = commands_.add_parser("backup")
    backup.add_argument("--out", required=True)
    backup.set_defaults(run="commands.backup")
    restore = commands_.add_parser("restore")
    restore.add_argument("file")
    restore.set_defaults(run="commands.restore")


def _bot_commands(commands_):
    run = commands_.add_parser("run")
    run.add_argument("--role", choices=("all", "receiver", "scheduler", "sender"))
    run.add_argument("--webhook", action="store_true")
    run.add_argument("--listen", default="127.0.0.1:8443")
    run.add_argument("--url")
    run.add_argument("--channel", choices=("telegram", "dingtalk", "wecom"))
    run.add_argument("--year", type=_number)
    run.add_argument("--port", type=_number, default=8765)
    run.add_argument("--console")
    run.set_defaults(run="commands.run")
    simulate = commands_.add_parser("simulate")
    simulate.add_argument("--plan", required=True)
    simulate.add_argument("--roster", required=True)
    simulate.add_argument("--from", dest="start", required=True, type=_day)
    simulate.add_argument("--to", dest="end", required=True, type=_day)
    simulate.add_argument("--behaviour")
    simulate.add_argument("--out", default="simulation")
    simulate.add_argument("--calendar")
    simulate.set_defaults(run="commands.simulate_plan")
    commands_.add_parser("tick").set_defaults(run="commands.tick")
    invite = commands_.add_parser("invite")
    invite.add_argument("--unit")
    invite.add_argument("--role", required=True, type=_role)
    invite.set_defaults(run="commands.invite")


def _check_commands(commands_):
    check = _actions(commands_.add_parser("check"))
    evidence = check.add_parser("evidence")
    evidence.add_argument("target")
    evidence.set_defaults(run="check.check_evidence")


def _console_commands(commands_):
    console = _actions(commands_.add_parser("console"))
    user = _actions(console.add_parser("user"))
    add = user.add_parser("add")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=("admin", "observer"))
    add.add_argument("--password-stdin", action="store_true")
    add.set_defaults(run="commands.console_user_add")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="duban", description=m.CLI_DESCRIPTION)
    commands_ = parser.add_subparsers(dest="command", required=True)
    _calendar_commands(commands_)
    _plan_commands(commands_)
    _store_commands(commands_)
    _roster_commands(commands_)
    _export_commands(commands_)
    _annual_commands(commands_)
    _report_commands(commands_)
    _notice_command(commands_)
    _rules_command(commands_)
    _bot_commands(commands_)
    _check_commands(commands_)
    _console_commands(commands_)
    return parser


@contextlib.contextmanager
def _argparse_in_chinese():
    """argparse's own words (usage, headings, its errors) from the catalogue. argparse looks its `_` up each time
    it speaks, and Python ships no Chinese catalogue for it; the English one is put back afterwards."""
    english = argparse._
    argparse._ = lambda text: m.ARGPARSE.get(text, text)
    try:
        yield
    finally:
        argparse._ = english


def _command(name: str):
    """The function a command runs, "module.function" of bot.cli: its module, and what that imports, is loaded only
    now, once the arguments are parsed (a command imports what it uses)."""
    module, function = name.rsplit(".", 1)
    return getattr(importlib.import_module(f"bot.cli.{module}"), function)


def main(argv: list[str] | None = None) -> int:
    guard_process()
    with _argparse_in_chinese():
        args = build_parser().parse_args(argv)
    # read once, when the command first needs it; `duban run --channel` stands for DUBAN_CHANNEL
    args.settings = functools.cache(lambda: load_settings(channel=getattr(args, "channel", None)))
    audit_key.use_key(lambda: args.settings().audit_key())     # read when a command first writes the trail
    try:
        return _command(args.run)(args)
    except UserError as error:       # anything else is a defect: its traceback shows where
        print(redact(m.FILE_ERROR.format(error=error)), file=sys.stderr)
    except (OSError, UnicodeDecodeError) as error:     # a file named on the command line, or an --out folder
        failed = m.CLI_FILE_FAILED.format(file=getattr(error, "filename", None) or "", reason=unreadable.reason(error))
        print(redact(m.FILE_ERROR.format(error=failed)), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
