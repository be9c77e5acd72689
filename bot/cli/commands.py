"""What each `duban` command does: read arguments, call the core or a service, print."""
import asyncio
import contextlib
import functools
import getpass
import re
import signal
import sys
import threading
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import yaml
from sqlmodel import Session

from bot import messages as m
from bot.bootstrap import REAL_TIME, RunningClock, build_channel, build_duban, settle_heap
from bot.channels.telegram import webhook
from bot.channels.telegram.application import TokenRefused, bare_bot, build_application, send_once, serve_polling
from bot.cli import render as cli_render
from bot.cli import roles
from bot.cli.days import calendar_of
from bot.cli.usage import UsageError, columns
from bot.console import cli as console_cli
from bot.console import serving as console_serving
from bot.logs import configure_logging
from bot.rehearsal import demo
from bot.rehearsal.simulation import Behaviour, read_behaviour, simulate, weekly_counts
from bot.rehearsal.year import SAMPLE_YEAR
from bot.rounds.scheduling import scheduling_round
from bot.services import annual_report, annual_templates
from bot.services.importing import PlanOverrides, import_plan_file
from bot.services.office import issue_notice, send_circulation
from bot.services.reports import build, keep_if_draft
from documents.anchor import with_anchor
from documents.ledger_xlsx import ledger_workbook
from importers.annual_report_file import AnnualWorkbookError, read_annual_workbook
from importers.roster_file import load_roster
from store import audit, people, queries, views
from store import backup as backups
from store import settings as settings_store
from store.audit import Actor
from store.circulations import AlreadyCirculated
from store.db import make_engine, open_database, upgrade
from store.ledger import ledger
from store.plans import source_hash, store_roster
from store.rules import rules_of, set_rules
from store.tables import PlanRow
from store.uow import UnitOfWork
from workflows.annual_checks import passes
from workflows.glossary import QUARTERLY
from workflows.period_words import period_words, understood_period
from workflows.rules import PlanRules, RulesError, as_mapping, parse_rules


def _telegram(command):
    """A command that speaks to Telegram: its refusal of the token in one line (its own message quotes the token)."""
    @functools.wraps(command)
    def checked(args) -> int:
        try:
            return command(args)
        except TokenRefused:
            raise UsageError(m.TOKEN_REFUSED) from None
    return checked


def _today(args):
    """Today where the office is: DUBAN_NOW's day when it is set (a rehearsal), else the real one."""
    return (args.settings().now or REAL_TIME()).astimezone(args.settings().timezone).date()


def _actor() -> Actor:
    return Actor(f"cli:{getpass.getuser()}", "admin")


def _database(args):
    return open_database(args.settings().database_url)


def _stored_unit(session: Session, name: str) -> str:
    unit = people.find_unit(session, name)
    if unit is None:
        raise UsageError(m.UNKNOWN_UNIT.format(unit=name))
    return unit.name


def due_from_database(args) -> int:
    with Session(_database(args)) as session:
        plan_id = _plan_of(session, args.plan).id
        unit = _stored_unit(session, args.unit) if args.unit else None
        items = queries.items(session, plan_id, unit, args.start, args.end)
        contents = views.task_contents(session, plan_id)
    print(cli_render.due_json(items) if args.format == "json" else cli_render.due_table(items, contents))
    return 0


def import_plan(args) -> int:
    overrides = PlanOverrides(args.plan_year, args.issued, args.issuer, args.doc_number, args.roll_to, columns(args))
    imported = import_plan_file(_database(args), REAL_TIME, _actor(), Path(args.plan), Path(args.roster),
                                calendar_of(args), overrides, args.feedback_day)
    print(cli_render.check_text(imported.check))
    print(cli_render.import_summary(imported))
    return 1 if imported.result is None else 0


def db_upgrade(args) -> int:
    found, head = upgrade(make_engine(args.settings().database_url))
    if found is None:
        print(m.DB_CREATED.format(head=head))
    else:
        print(m.DB_UPGRADED if found == head else m.DB_MIGRATED.format(old=found, head=head))
    return 0


def audit_verify(args) -> int:
    with Session(_database(args)) as session:
        faults = audit.verify(session, args.against)
        count = session.get(audit.AuditHead, 1)
    for fault in faults:
        print(fault)
    if not faults:
        print(m.AUDIT_INTACT.format(count=count.entries if count else 0))
        if args.against:
            print(m.AUDIT_ANCHOR_HELD.format(anchor=args.against))
    return 1 if faults else 0


def audit_export(args) -> int:
    engine = _database(args)
    with UnitOfWork(engine, REAL_TIME, _actor()) as uow:
        uow.audit("audit.export", "audit", after={"format": args.format, "out": args.out or "stdout"})
        uow.commit()
    with Session(engine) as session:
        text, anchor = audit.export(session, args.format, args.settings().timezone), audit.anchor(session)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8-sig" if args.format == "csv" else "utf-8")
        print(m.AUDIT_ANCHOR.format(anchor=anchor))
    else:
        print(text, end="")
    return 0


def backup(args) -> int:
    engine = _database(args)
    with UnitOfWork(engine, REAL_TIME, _actor()) as uow:
        uow.audit("db.backup", "database", after={"out": args.out})
        uow.commit()
    backups.backup(engine, Path(args.out))
    print(m.BACKUP_DONE.format(out=args.out))
    return 0


def restore(args) -> int:
    engine = make_engine(args.settings().database_url)
    kept = backups.restore(engine, Path(args.file))
    engine = _database(args)
    with UnitOfWork(engine, REAL_TIME, _actor()) as uow:
        uow.audit("db.restore", "database", after={"from": args.file})
        uow.commit()
    print(m.RESTORE_DONE.format(file=args.file))
    print(m.RESTORE_KEPT.format(kept=kept))
    return 0


def _duban(args):
    settings = args.settings()
    if settings.channel == "telegram":
        settings.token()   # fail early, in one line, when the token is missing
    elif not settings.has_credentials():
        raise UsageError(m.CREDENTIALS_NEEDED_FOR_ROLE.format(platform=m.CHANNEL_NAMES[settings.channel]))
    return build_duban(settings, RunningClock(settings.now))


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)     # Ctrl-C, and what systemd or a container runtime sends to stop


def _until_stopped(main) -> None:
    """Run the coroutine until a stop signal, then let it clean up (its `finally` blocks run)."""
    async def guarded():
        task = asyncio.current_task()
        for stop in STOP_SIGNALS:
            asyncio.get_running_loop().add_signal_handler(stop, task.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await main
    asyncio.run(guarded())


def _console_address(args) -> tuple[str, int] | None:
    if not args.console:
        return None
    listen = console_serving.address(args.console)
    if listen is None:
        raise UsageError(m.CONSOLE_BAD_ADDRESS)
    return listen


def _rehearse(settings, args) -> int:
    console = _console_address(args) or ("127.0.0.1", args.port + 1)
    try:
        _until_stopped(demo.serve(settings, args.year or SAMPLE_YEAR, args.port, console))
    except OSError as error:       # the port is taken, most often
        raise UsageError(m.DEMO_CANNOT_LISTEN.format(port=args.port, error=error.strerror or error))
    return 0


@_telegram
def run(args) -> int:
    """The bot: all roles in one process, or the one `--role` names; polling, or `--webhook`."""
    configure_logging()
    settings = args.settings()
    if settings.channel != "telegram":
        return _run_channel(settings, args)
    if not settings.telegram_token:
        if args.role or args.webhook:     # a production process that lost its env file must not look up
            raise UsageError(m.TOKEN_NEEDED_FOR_ROLE)
        return _rehearse(settings, args)          # plain `duban run`: the rehearsal, against the built-in emulator
    listen, console = _webhook_address(args), _console_address(args)
    duban = _duban(args)
    if console:
        duban.settings = replace(duban.settings, console_url=duban.settings.console_url
                                 or f"http://{console[0]}:{console[1]}")
    settle_heap()
    if args.role == "scheduler":
        _run_scheduler(duban)
    elif args.role == "sender":
        _until_stopped(console_serving.alongside(duban, console, roles.run_sender(duban)))
    else:
        every = args.role in (None, "all")
        application = build_application(duban, tick_seconds=60 if every else None, sending=every)
        if listen:
            _until_stopped(console_serving.alongside(duban, console, webhook.serve(application, *listen, args.url)))
        else:
            _until_stopped(console_serving.alongside(duban, console, serve_polling(application)))
    return 0


def _run_scheduler(duban) -> None:
    """The scheduler role runs in the main thread until a stop signal."""
    stopped = threading.Event()
    for stop in STOP_SIGNALS:
        signal.signal(stop, lambda *_: stopped.set())
    roles.run_scheduler(duban, stopped.is_set)


def _run_channel(settings, args) -> int:
    """DingTalk or WeCom: the same roles; without the platform's credentials, the rehearsal against its emulator."""
    from bot.channels.running import Running
    from bot.rehearsal import channel_demo
    if not settings.has_credentials():
        if args.role or args.webhook:
            raise UsageError(m.CREDENTIALS_NEEDED_FOR_ROLE.format(platform=m.CHANNEL_NAMES[settings.channel]))
        try:
            _until_stopped(channel_demo.serve(settings, settings.channel, args.year or SAMPLE_YEAR, args.port))
        except OSError as error:
            raise UsageError(m.DEMO_CANNOT_LISTEN.format(port=args.port, error=error.strerror or error))
        return 0
    if args.webhook:
        raise UsageError(m.WEBHOOK_TELEGRAM_ONLY)
    duban = build_duban(settings, RunningClock(settings.now))
    settle_heap()
    if args.role == "scheduler":
        _run_scheduler(duban)
        return 0
    every = args.role in (None, "all")
    runner = Running(duban, build_channel(settings), tick_seconds=60 if every else None,
                     sending=every or args.role == "sender", receiving=args.role != "sender")

    async def serve() -> None:
        async with runner:
            await asyncio.Event().wait()
    _until_stopped(serve())
    return 0


def _webhook_address(args) -> tuple[str, int] | None:
    """--listen as (host, port) when --webhook is asked for, checked before anything starts."""
    if not args.webhook:
        return None
    host, _, port = args.listen.rpartition(":")
    if not args.url or not args.url.startswith("https://") or not port.isdigit():
        raise UsageError(m.WEBHOOK_USAGE)
    return host or "127.0.0.1", int(port)


def simulate_plan(args) -> int:
    """duban simulate --plan P --roster R --from D --to D [--behaviour F] [--out DIR]: the period, day by day."""
    settings, calendar = args.settings(), calendar_of(args)
    roster, out = Path(args.roster), Path(args.out)
    behaviour = read_behaviour(Path(args.behaviour), roster) if args.behaviour else Behaviour()
    messages, written = [], []
    for day, sent, files in simulate(settings, calendar, Path(args.plan), roster, args.start, args.end, behaviour, out):
        print(cli_render.simulated_day(day, sent, calendar.is_workday(day)))
        messages += sent
        written += files
    weeks = len({(args.start + timedelta(days=n)).isocalendar()[:2] for n in range((args.end - args.start).days + 1)})
    print(cli_render.simulation_totals(weekly_counts(messages), weeks, written))
    return 0


@_telegram
def tick(args) -> int:
    """One scheduling round and one sending round, then exit (cron, tests)."""
    duban = _duban(args)

    async def round_() -> int:
        queued = scheduling_round(duban)
        if duban.settings.channel != "telegram":
            from bot.channels.running import send_once as send_on_channel
            await send_on_channel(duban, build_channel(duban.settings))
        elif not await send_once(duban):      # what is queued goes with the next tick
            print(m.TELEGRAM_AWAY, file=sys.stderr)
        return queued

    print(m.TICK_DONE.format(queued=asyncio.run(round_())))
    return 0


def _cached_username(engine, settings) -> str:
    """The bot's username: asked from Telegram (getMe) once, then kept in the database."""
    with Session(engine) as session:
        cached = settings_store.bot_username(session)
        if cached:
            return cached

    async def ask() -> str:
        async with bare_bot(settings) as bot:
            return bot.username

    username = asyncio.run(ask())
    with Session(engine) as session:
        settings_store.keep_bot_username(session, username)
        session.commit()
    return username


@_telegram
def invite(args) -> int:
    settings = args.settings()
    engine = open_database(settings.database_url)
    with UnitOfWork(engine, REAL_TIME, _actor()) as uow:
        unit = people.find_unit(uow.session, args.unit) if args.unit else None
        if args.unit and unit is None:
            raise UsageError(m.UNKNOWN_UNIT.format(unit=args.unit))
        made = people.create_invite(uow, args.role, unit)
        uow.commit()
    if settings.channel != "telegram":      # no deep link into these platforms' bots: the person sends the code
        print(m.CLI_INVITE_CODE.format(code=made.code, platform=m.CHANNEL_NAMES[settings.channel]))
        return 0
    username = settings.bot_username or _cached_username(engine, settings)
    print(m.CLI_INVITE.format(link=f"https://t.me/{username}?start={made.code}", code=made.code))
    return 0


def console_user_add(args) -> int:
    return console_cli.user_add(args, lambda: _database(args), REAL_TIME, _actor)


def roster_import(args) -> int:
    roster = load_roster(Path(args.file))
    with UnitOfWork(_database(args), REAL_TIME, _actor()) as uow:
        ids = store_roster(uow, roster)
        uow.audit("roster.import", "roster", after={"source": Path(args.file).name, "units": len(roster.units)})
        uow.commit()
    print(m.ROSTER_STORED.format(count=len(ids)))
    return 0


def export_ledger(args) -> int:
    settings = args.settings()
    with Session(open_database(settings.database_url)) as session:
        plan = _plan_of(session, args.plan)
        unit = _stored_unit(session, args.unit) if args.unit else None
        lines, anchor = ledger(session, plan.id, unit), audit.anchor(session)
    title = m.LEDGER_TITLE.format(title=plan.title, unit=unit or m.ALL_UNITS)
    today = REAL_TIME().astimezone(settings.timezone).date()
    Path(args.out).write_bytes(with_anchor(".xlsx", ledger_workbook(title, lines, settings.timezone, today), anchor))
    print(m.LEDGER_WRITTEN.format(out=args.out, count=len(lines)))
    print(m.AUDIT_ANCHOR.format(anchor=anchor))
    return 0


def _plan_of(session: Session, reference: str | None) -> PlanRow:
    """--plan: an id or the imported file; the latest stored plan when not given."""
    if reference is None:
        plan_id = queries.latest_plan_id(session)
    else:
        path = Path(reference)
        plan_id = queries.plan_id_of(session, reference, source_hash(path.read_bytes()) if path.is_file() else "")
    if plan_id is None:
        raise UsageError(m.NO_SUCH_PLAN.format(plan=reference) if reference else m.NO_PLAN_STORED)
    return session.get(PlanRow, plan_id)


def report(args) -> int:
    """duban report KIND --period P [--plan PLAN] --out FILE, or `report circulate --period 2022Q3`."""
    settings = args.settings()
    if args.kind == "circulate":
        return _circulate(args, settings)
    if not args.out:
        raise UsageError(m.OUT_NEEDED)
    period = understood_period(args.kind, args.period, _today(args))
    if args.kind == annual_report.ANNUAL:
        return _annual(args, settings, period)
    with Session(open_database(settings.database_url)) as session:
        plan = _plan_of(session, args.plan)
        built = build(session, plan, args.kind, period, settings.timezone, calendar_of(args), REAL_TIME(),
                      m.CIRCULATE_IN_CLI)
        anchor = audit.anchor(session)      # the head the file carries (build_many read it)
        keep_if_draft(session, plan.id, built)
        session.commit()
    Path(args.out).write_bytes(built.data)
    print(built.summary)
    print(m.REPORT_WRITTEN.format(out=args.out))
    print(m.AUDIT_ANCHOR.format(anchor=anchor))
    return 0


def _annual(args, settings, period: str) -> int:
    """duban report annual --period 2022 --out 年度报告.xlsx: the 本级 tables, and the report's skeleton beside them."""
    with Session(open_database(settings.database_url)) as session:
        built = annual_report.compile_report(session, _plan_of(session, args.plan), period, settings.timezone,
                                             REAL_TIME().astimezone(settings.timezone).date())
    xlsx, docx = Path(args.out), Path(args.out).with_suffix(".docx")
    xlsx.write_bytes(built.xlsx[1])
    docx.write_bytes(built.docx[1])
    print(built.summary)
    print(m.ANNUAL_WRITTEN.format(xlsx=xlsx, docx=docx))
    return 0


def annual_template(args) -> int:
    """duban annual template --unit U --out F: one unit's template, as the chat sends it."""
    with Session(_database(args)) as session:
        plan = _plan_of(session, args.plan)
        unit = people.find_unit(session, args.unit)
        if unit is None:
            raise UsageError(m.UNKNOWN_UNIT.format(unit=args.unit))
        _, data = annual_templates.template_for(session, plan, unit)
    Path(args.out).write_bytes(data)
    print(m.ANNUAL_TEMPLATE_WRITTEN.format(out=args.out))
    return 0


def annual_load(args) -> int:
    """duban annual load FILE: a unit's returned workbook, checked and kept (as the chat would); exit 1 if it fails."""
    path = Path(args.file)
    try:
        data = path.read_bytes()
        returned = read_annual_workbook(data, path.name)
    except (OSError, AnnualWorkbookError) as error:
        raise UsageError(m.ANNUAL_FILE_BAD.format(file=path, problem=getattr(error, "strerror", None) or error))
    if returned is None:
        raise UsageError(m.ANNUAL_FILE_BAD.format(file=path, problem=m.ANNUAL_NOT_TEMPLATE))
    with UnitOfWork(_database(args), REAL_TIME, _actor()) as uow:
        plan = _plan_of(uow.session, args.plan)
        unit = people.find_unit(uow.session, returned.unit)
        if unit is None:
            raise UsageError(m.UNKNOWN_UNIT.format(unit=returned.unit))
        taken = annual_report.take_workbook(uow, plan, unit, returned, data, path.name, None)
        uow.commit()
    print(m.ANNUAL_LOADED.format(file=path.name, unit=returned.unit, year=returned.year))
    print(annual_report.findings_text(path.name, taken))
    return 0 if passes(taken.findings) else 1


def _circulate(args, settings) -> int:
    with UnitOfWork(open_database(settings.database_url), REAL_TIME, _actor()) as uow:
        plan = _plan_of(uow.session, args.plan)
        period = understood_period(QUARTERLY, args.period, _today(args))
        try:
            outcome = send_circulation(uow, plan, period, settings.timezone, calendar_of(args), uow.actor.name)
        except AlreadyCirculated:
            raise UsageError(m.ALREADY_CIRCULATED.format(period=period_words(QUARTERLY, period)))
        uow.commit()
    print(outcome.text)
    if outcome.draft:
        print(m.CLI_SEE_NEW_DRAFT.format(period=period))
    return 0 if outcome.draft is None else 1


def plan_rules(args) -> int:
    """duban rules [--plan P] [--file F]: show a plan's rules, or change those the file sets."""
    with UnitOfWork(_database(args), REAL_TIME, _actor()) as uow:
        plan = _plan_of(uow.session, args.plan)
        title, rules = plan.title, rules_of(uow.session, plan.id)
        if args.file:
            rules = _read_rules(Path(args.file), rules)
            set_rules(uow, plan.id, rules)
            uow.commit()
    print((m.RULES_SAVED if args.file else m.RULES_OF).format(title=title))
    print(yaml.safe_dump(as_mapping(rules), allow_unicode=True, sort_keys=False).rstrip())
    return 0


def _read_rules(path: Path, current: PlanRules) -> PlanRules:
    try:
        return parse_rules(yaml.safe_load(path.read_text(encoding="utf-8")) or {}, current)
    except (OSError, yaml.YAMLError, RulesError) as error:
        raise UsageError(m.RULES_FILE_BAD.format(file=path, problem=error))


def notice(args) -> int:
    """duban notice --unit U --items 3,5 --problem TEXT --out FILE: issue a 整改通知书 and track it."""
    settings = args.settings()
    calendar = calendar_of(args)
    with UnitOfWork(open_database(settings.database_url), REAL_TIME, _actor()) as uow:
        plan = _plan_of(uow.session, args.plan)
        unit = people.find_unit(uow.session, args.unit)
        if unit is None:
            raise UsageError(m.UNKNOWN_UNIT.format(unit=args.unit))
        today = uow.now.astimezone(settings.timezone).date()
        seqs = tuple(s for s in re.split(r"[,，、\s]+", args.items) if s)
        workdays = args.workdays or rules_of(uow.session, plan.id).rectification_workdays
        made, document = issue_notice(uow, plan, unit, seqs, args.problem, calendar, today, workdays)
        uow.commit()
        anchor = audit.anchor(uow.session)     # the notice's own entry included
    Path(args.out).write_bytes(with_anchor(".docx", document, anchor))
    print(m.NOTICE_ISSUED.format(number=made.number, unit=made.unit, due=made.due, out=args.out))
    print(m.AUDIT_ANCHOR.format(anchor=anchor))
    return 0
