"""报告: every report of the cadence for any period of the plan's year, previewed in the page and downloaded; the
quarterly draft reviewed and approved (what circulates is the snapshot the office reviewed); a scheduled report
muted or restored; the 台账 downloaded.

The reports are the chat's and the command line's: bot.services.reports, bot.services.office.send_circulation,
store.mutes.
"""
from datetime import date, timedelta

from aiohttp import web
from sqlmodel import Session

from bot import messages as m
from bot.console.acting import Done, act
from bot.console.files import file_response
from bot.console.pages import console_of, render, signed_in
from bot.console.preview import preview
from bot.console.reading import current_plan
from bot.services.chat import Answer
from bot.services.office import send_circulation
from bot.services.overview import ledger_of
from bot.services.reports import build, keep_if_draft
from store import circulations, mutes
from workflows.errors import InputError, NotAllowed
from workflows.period_words import latest, period_words
from workflows.periods import next_period, report_period
from workflows.report_schedule import KINDS, QUARTERLY

FIRST_OF_YEAR = {"weekly": "{year}-W01", "monthly": "{year}-01", "quarterly": "{year}Q1", "half-year": "{year}H1",
                 "year-end": "{year}"}


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/reports", _page, name="reports")
    router.add_get("/reports/file", _file, name="report_file")
    router.add_post("/reports/mute", _mute, name="report_mute")
    router.add_post("/reports/circulate", _circulate, name="report_circulate")
    router.add_get("/ledger", _ledger, name="ledger")


def periods(kind: str, year: int, today: date) -> list[str]:
    """The periods of `kind` from the plan year's first up to the one under way today (or the year's last), and
    next week's for the 周报, which is sent when its week begins: the next one to mute."""
    found, period = [], FIRST_OF_YEAR[kind].format(year=year)
    until = today + timedelta(days=7) if kind == "weekly" else today
    while report_period(kind, period)[1] <= until and (kind == "weekly" or period.startswith(str(year))):
        found.append(period)
        period = next_period(kind, period)
    return found or [FIRST_OF_YEAR[kind].format(year=year)]


def _asked(query, today: date) -> tuple[str, str]:
    kind = query.get("kind", "weekly")
    kind = kind if kind in KINDS else "weekly"
    try:
        return kind, report_period(kind, query.get("period") or latest(kind, today))[0]
    except InputError:         # a period written wrong in the address: the latest instead
        return kind, latest(kind, today)


def _report(duban, kind: str, period: str, keep: bool):
    """The report as the chat's /report makes it; a quarterly draft shown is the one kept for approval."""
    with Session(duban.engine, expire_on_commit=False) as session:
        plan = current_plan(session)
        if plan is None:
            return None, None
        made = build(session, plan, kind, period, duban.settings.timezone, duban.calendar, duban.clock(),
                     approve=m.CONSOLE_APPROVE_HERE)
        if keep:
            keep_if_draft(session, plan.id, made)
            session.commit()
        return plan, made


def reports_page(duban, kind: str, period: str) -> dict:
    plan, made = _report(duban, kind, period, keep=True)
    if plan is None:
        return {"plan": None}
    with Session(duban.engine) as session:
        muted = mutes.is_muted(session, kind, period)
        sent = circulations.sent(session, plan.id) if kind == QUARTERLY else {}
    return {"plan": plan, "kind": kind, "period": period, "words": period_words(kind, period), "report": made,
            "periods": periods(kind, plan.year, duban.today()), "muted": muted, "circulated": period in sent,
            "preview": preview(made.file_name, made.data), "kinds": m.REPORT_KINDS}


async def _page(request: web.Request, done: Done | None = None, asked: tuple[str, str] | None = None) -> web.Response:
    console = console_of(request)
    kind, period = asked or _asked(request.query, console.duban.today())
    context = await console.duban.one_message(reports_page, console.duban, kind, period)
    return render(request, "reports.html", done=done, **context)


async def _file(request: web.Request) -> web.Response:
    console = console_of(request)
    kind, period = _asked(request.query, console.duban.today())
    _, made = await console.duban.one_message(_report, console.duban, kind, period, False)
    if made is None or not made.data:
        raise web.HTTPNotFound(text=m.CONSOLE_REPORT_NO_FILE)
    return file_response(made.data, made.file_name, inline=request.query.get("inline") == "1")


async def _mute(request: web.Request) -> web.Response:
    form = await request.post()
    kind, period = _asked(form, console_of(request).duban.today())
    silence, by = form.get("mute") == "1", signed_in(request).name

    def work(uow, person) -> Answer:
        if silence:
            mutes.mute(uow, kind, period, by)
        else:
            mutes.unmute(uow, kind, period)
        text = m.CONSOLE_MUTED if silence else m.CONSOLE_UNMUTED
        return Answer(text.format(report=m.REPORT_KINDS[kind], words=period_words(kind, period)))
    return await _page(request, await act(request, work), (kind, period))


async def _circulate(request: web.Request) -> web.Response:
    """审定并印发: the draft the office reviewed goes to every ranked unit, unless the data changed since."""
    form = await request.post()
    duban = console_of(request).duban
    kind, period = _asked({"kind": QUARTERLY, "period": form.get("period", "")}, duban.today())
    by = signed_in(request).name

    def work(uow, person) -> Answer:
        plan = current_plan(uow.session)
        try:
            outcome = send_circulation(uow, plan, period, duban.settings.timezone, duban.calendar, by)
        except circulations.AlreadyCirculated:
            raise NotAllowed(m.ALREADY_CIRCULATED.format(period=period_words(QUARTERLY, period)))
        # a draft back means nothing was sent (unread, or the data changed): the page shows the one now kept
        return Answer(outcome.text if outcome.draft is None else m.CONSOLE_REVIEW_DRAFT)
    return await _page(request, await act(request, work), (kind, period))


async def _ledger(request: web.Request) -> web.Response:
    """台账 (.xlsx): the plan's columns with each item's status, evidence and verification; ?unit= for one unit."""
    console = console_of(request)
    answer = await console.duban.one_message(ledger_of, console.duban, request.query.get("unit", ""))
    if answer.file is None:         # no plan yet, or no such unit: the answer says which
        raise web.HTTPNotFound(text=answer.text)
    return file_response(answer.file[1], answer.file[0])
