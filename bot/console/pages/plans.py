"""计划与名册: upload a plan → the check's findings and what importing it would change → the review workbook →
the corrected one uploaded → import; the roster uploaded and downloaded."""
import asyncio
from urllib.parse import quote, unquote

from aiohttp import web
from sqlmodel import Session, func, select

from bot import messages as m
from bot.cli import render as cli_render
from bot.console import plan_files
from bot.console.pages import actor, console_of, refuse, render, signed_in
from documents.review_xlsx import review_workbook
from documents.roster_files import roster_workbook
from importers.roster_file import RosterError
from store import queries
from store.tables import PlanRow, TaskRow, UnitRow
from workflows.errors import InputError, UserError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/plans", _page, name="plans")
    router.add_post("/plans/check", _check, name="plans_check")
    router.add_get("/plans/upload/{token}/review.xlsx", _review, name="plans_review")
    router.add_post("/plans/import", _import, name="plans_import")
    router.add_get("/plans/roster.xlsx", _roster_file, name="roster_file")
    router.add_post("/plans/roster", _roster_upload, name="roster_upload")


def _state(engine) -> dict:
    with Session(engine) as session:
        plan_id = queries.latest_plan_id(session)
        plan = session.get(PlanRow, plan_id) if plan_id else None
        rows = session.exec(select(func.count()).select_from(TaskRow).where(TaskRow.plan_id == plan_id)).one()
        units = session.exec(select(func.count()).select_from(UnitRow)).one()
        return {"plan": plan and {"title": plan.title, "doc_number": plan.doc_number, "revision": plan.revision,
                                  "source": plan.source_name, "imported_at": plan.imported_at, "rows": rows},
                "units": units}


async def _page(request: web.Request, status: int = 200, **context) -> web.Response:
    console = console_of(request)
    state = await console.duban.one_message(_state, console.duban.engine)
    _, whole = await asyncio.to_thread(plan_files.office_roster, console.duban.engine)
    return render(request, "plans.html", status=status, roster_whole=whole, zone=console.duban.settings.timezone,
                  **state, **context)


async def _upload(request: web.Request) -> tuple[str, bytes] | None:
    field = (await request.post()).get("file")
    if not isinstance(field, web.FileField):
        return None
    # browsers escape a name's quotes and line breaks as %22, %0A; aiohttp's client escapes every non-ASCII byte
    return unquote(field.filename or ""), field.file.read()


def _checked(console, who, name: str, data: bytes, overrides) -> dict:
    roster, whole = plan_files.office_roster(console.duban.engine)
    check = plan_files.check_upload(roster, name, data, overrides)
    found = {"check": check, "roster_whole": whole, "counts": cli_render.check_summary(check),
             "missing": cli_render.missing_units(check), "preview": None}
    if not check.errors:
        found["preview"] = plan_files.preview(console.duban.engine, console.duban.clock, who, check, roster,
                                              console.duban.calendar, name, data)
    return found


async def _check(request: web.Request) -> web.Response:
    console = console_of(request)
    upload = await _upload(request)
    if upload is None or not upload[1]:
        return await _page(request, 400, plan_error=m.CONSOLE_NO_FILE)
    name, data = upload
    form = await request.post()
    try:
        overrides = plan_files.overrides_of(str(form.get("plan_year", "")), str(form.get("roll_to", "")),
                                            str(form.get("columns", "")))
        found = await asyncio.to_thread(_checked, console, actor(request), name, data, overrides)
    except InputError as error:      # the file, or a column mapping or year that is not one
        return await _page(request, 400, plan_error=str(error), typed=form)
    token = console.uploads.hold(signed_in(request).session_id, name, data, console.sessions.wall(), overrides)
    check = found["check"]
    summary = m.CHECK_SUMMARY.format(title=check.plan.title, doc_number=check.plan.doc_number, rows=len(check.rows),
                                     issued=check.plan.issued.isoformat() if check.plan.issued else m.UNKNOWN_ISSUED,
                                     errors=len(check.errors), notices=len(check.problems) - len(check.errors))
    return render(request, "plans_check.html", name=name, token=token, summary=summary, overrides=overrides,
                  severity=m.SEVERITY_LABELS, diff=_diff_text(found["preview"]), **found)


def _diff_text(result) -> str:
    """What importing would change, in the words of the import's own report."""
    return "" if result is None else cli_render.import_change(result, m.CONSOLE_PREVIEW)


def _held(request: web.Request, token: str):
    console = console_of(request)
    return console.uploads.get(token, signed_in(request).session_id, console.sessions.wall())


async def _review(request: web.Request) -> web.StreamResponse:
    held = _held(request, request.match_info["token"])
    if held is None:
        return refuse(request, 404, m.CONSOLE_UPLOAD_GONE)
    roster, _ = await asyncio.to_thread(plan_files.office_roster, console_of(request).duban.engine)
    check = await asyncio.to_thread(plan_files.check_upload, roster, held.name, held.data, held.overrides)
    data = await asyncio.to_thread(review_workbook, check)
    return _attachment(data, m.CONSOLE_REVIEW_FILE.format(name=held.name.rsplit(".", 1)[0]))


def _attachment(data: bytes, name: str) -> web.Response:
    return web.Response(body=data, content_type=XLSX,
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


async def _import(request: web.Request) -> web.Response:
    console = console_of(request)
    held = _held(request, str((await request.post()).get("token", "")))
    if held is None:
        return refuse(request, 404, m.CONSOLE_UPLOAD_GONE)
    try:
        imported = await asyncio.to_thread(plan_files.import_upload, console.duban.engine, console.duban.clock,
                                           actor(request), console.duban.calendar, held.name, held.data,
                                           held.overrides)
    except UserError as error:        # the file, the database refusing the write, a concurrent import
        return await _page(request, 400, plan_error=str(error))
    return render(request, "plans_imported.html", name=held.name, imported=imported,
                  outcome=cli_render.import_summary(imported), severity=m.SEVERITY_LABELS)


async def _roster_file(request: web.Request) -> web.Response:
    roster, _ = await asyncio.to_thread(plan_files.office_roster, console_of(request).duban.engine)
    return _attachment(await asyncio.to_thread(roster_workbook, roster), m.CONSOLE_ROSTER_FILE)


async def _roster_upload(request: web.Request) -> web.Response:
    console = console_of(request)
    upload = await _upload(request)
    if upload is None or not upload[1]:
        return await _page(request, 400, roster_error=m.CONSOLE_NO_FILE)
    try:
        roster = await asyncio.to_thread(plan_files.take_roster, console.duban.engine, console.duban.clock,
                                         actor(request), *upload)
    except RosterError as error:
        return await _page(request, 400, roster_error=str(error))
    return await _page(request, roster_flash=m.ROSTER_STORED.format(count=len(roster.units)))
