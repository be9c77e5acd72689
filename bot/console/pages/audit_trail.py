"""留痕: the audit trail, filterable by unit, person, action and dates; `verify` with its result and the anchor."""
from datetime import date

from aiohttp import web
from sqlmodel import Session, select

from bot import messages as m
from bot.console.pages import console_of, render
from store import audit
from store.audit_search import PAGE, Subject, TrailFilter, actions, search, subjects_of
from store.tables import UnitRow
from workflows.item_state import ACTION_NAMES


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/audit", _page, name="audit")
    router.add_get("/audit/verify", _verify, name="audit_verify")


def action_name(action: str) -> str:
    """An entry's action as the office says it: the item's verbs from the glossary, the others from the catalogue."""
    kind, _, verb = action.partition(".")
    if kind == "item" and verb in ACTION_NAMES:
        return m.CONSOLE_ITEM_ACTION.format(verb=ACTION_NAMES[verb])
    return m.CONSOLE_AUDIT_ACTIONS.get(action, action)


def subject_text(subject: Subject) -> str:
    if subject.kind == "item":
        kind, _, month = subject.period.partition(":")
        period = m.CONSOLE_FEEDBACK_PERIOD.format(month=month) if kind == "feedback" else subject.period
        return m.CONSOLE_ITEM_SUBJECT.format(unit=subject.unit, seq=subject.seq, period=period) if subject.seq \
            else m.CONSOLE_ITEM_SUBJECT_NO_SEQ.format(unit=subject.unit, period=period)
    if subject.kind == "person":
        return m.CONSOLE_PERSON_SUBJECT.format(name=subject.name, unit=subject.unit or m.CONSOLE_OFFICE)
    return subject.name


def _day(text: str, errors: dict, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[field] = m.CONSOLE_BAD_DAY.format(text=text)
        return None


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def _filter(query) -> tuple[TrailFilter, dict]:
    errors: dict[str, str] = {}
    wanted = TrailFilter(unit_id=_number(query.get("unit", "")), person=query.get("person", "").strip(),
                         action=query.get("action", ""), start=_day(query.get("from", ""), errors, "from"),
                         end=_day(query.get("to", ""), errors, "to"))
    return wanted, errors


def _read(engine, wanted: TrailFilter, zone, page: int) -> dict:
    with Session(engine) as session:
        entries, total = search(session, wanted, zone, page)
        return {"entries": entries, "total": total, "actions": actions(session),
                "subjects": {k: subject_text(v) for k, v in subjects_of(session, [e.subject for e in entries]).items()},
                "units": session.exec(select(UnitRow).order_by(UnitRow.kind, UnitRow.name)).all()}


async def _page(request: web.Request) -> web.Response:
    console = console_of(request)
    wanted, errors = _filter(request.query)
    page = _number(request.query.get("page", "")) or 0
    zone = console.duban.settings.timezone
    found = await console.duban.one_message(_read, console.duban.engine, wanted, zone, page)
    query = {k: v for k, v in request.query.items() if k != "page"}
    return render(request, "audit.html", wanted=wanted, errors=errors, page=page, per_page=PAGE, query=query,
                  zone=zone, action_name=action_name, **found)


def _verified(engine, against: str | None) -> dict:
    with Session(engine) as session:
        try:
            faults = audit.verify(session, against)
        except ValueError as error:       # not an anchor as printed
            return {"bad_anchor": str(error)}
        head = session.get(audit.AuditHead, 1)
        return {"faults": faults, "count": head.entries if head else 0, "anchor": audit.anchor(session)}


async def _verify(request: web.Request) -> web.Response:
    console = console_of(request)
    against = request.query.get("against", "").strip() or None
    result = await console.duban.one_message(_verified, console.duban.engine, against)
    template = "audit_verify.html" if request.headers.get("HX-Request") else "audit_verify_page.html"
    return render(request, template, against=against or "", **result)
