"""计划与名册 › 人员: who has joined each unit and who has not, invites (with a QR code of the deep link), and the
office's handover of a post to a successor."""
import asyncio

import segno
from aiohttp import web
from markupsafe import Markup
from sqlmodel import Session

from bot import messages as m
from bot.console.pages import actor, console_of, refuse, render
from store import people
from store.people_board import board, cached_bot_username
from store.tables import PersonRow, UnitRow
from store.uow import UnitOfWork
from workflows.roles import IN_UNITS, LIAISONS, UNITLESS


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/plans/people", _page, name="people")
    router.add_post("/plans/people/invite", _invite, name="people_invite")
    router.add_post("/plans/people/handover", _handover, name="people_handover")


def _read(engine) -> list:
    with Session(engine) as session:
        return board(session)


async def _page(request: web.Request) -> web.Response:
    console = console_of(request)
    places = await console.duban.one_message(_read, console.duban.engine)
    units = [p for p in places if p.unit_id is not None]
    unjoined = [p for p in units if not any(p.people.get(r) for r in LIAISONS)]
    only_unjoined = request.query.get("show") == "unjoined"
    return render(request, "people.html", units=unjoined if only_unjoined else units, office=places[-1],
                  unjoined=unjoined, only_unjoined=only_unjoined, unit_roles=IN_UNITS, office_roles=UNITLESS,
                  role_names=m.ROLE_NAMES)


def _number(text) -> int | None:
    text = str(text or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def _link(console, session: Session, code: str) -> str | None:
    """The invite's deep link, where the chat channel has one (Telegram: t.me/<bot>?start=<code>)."""
    duban = console.duban
    username = duban.bot_username or duban.settings.bot_username or cached_bot_username(session)
    return f"https://t.me/{username}?start={code}" if username else None


def _made(engine, clock, who, role: str, unit_id: int | None, successor_of: int | None, console) -> dict | str:
    """An invite (or a handover's, for the successor of person `successor_of`): its code and link, or a refusal."""
    with UnitOfWork(engine, clock, who) as uow:
        outgoing = uow.session.get(PersonRow, successor_of) if successor_of else None
        if successor_of and (outgoing is None or not outgoing.active):
            return m.CONSOLE_NO_SUCH_PERSON
        if outgoing:
            role, unit_id = outgoing.role, outgoing.unit_id
        unit = uow.session.get(UnitRow, unit_id) if unit_id else None
        if unit_id and unit is None:
            return m.UNKNOWN_UNIT.format(unit=unit_id)
        try:
            made = people.create_invite(uow, role, unit, handover_of=outgoing)
        except people.InviteError as refusal:
            return str(refusal)
        uow.commit()
        return {"code": made.code, "link": _link(console, uow.session, made.code), "role": made.role,
                "unit": made.unit or m.CONSOLE_OFFICE, "outgoing": outgoing.name if outgoing else "",
                "expires": uow.now + people.INVITE_TTL}


def _qr(link: str | None) -> Markup | None:
    return Markup(segno.make(link, micro=False).svg_inline(scale=4, title=link)) if link else None


async def _answer(request: web.Request, role: str, unit_id: int | None, successor_of: int | None) -> web.Response:
    console = console_of(request)
    made = await asyncio.to_thread(_made, console.duban.engine, console.duban.clock, actor(request), role, unit_id,
                                   successor_of, console)
    if isinstance(made, str):
        return refuse(request, 400, made)
    return render(request, "invite.html", qr=_qr(made["link"]), role_names=m.ROLE_NAMES,
                  zone=console.duban.settings.timezone, **made)


async def _invite(request: web.Request) -> web.Response:
    form = await request.post()
    return await _answer(request, str(form.get("role", "")), _number(form.get("unit")), None)


async def _handover(request: web.Request) -> web.Response:
    form = await request.post()
    person_id = _number(form.get("person"))
    if person_id is None:
        return refuse(request, 400, m.CONSOLE_NO_SUCH_PERSON)
    return await _answer(request, "", None, person_id)
