"""People and invites: who may talk to the bot, for which unit, in which role.

Invite codes are random, single use and expiring; only their SHA-256 is stored.
A person is bound by Telegram user id, never by username. A handover invite
(岗位变动) deactivates the predecessor when the successor redeems it.
"""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import bindparam, or_, select
from sqlmodel import Session

from store.tables import InviteRow, PersonRow, UnitRow
from store.uow import UnitOfWork
from workflows.errors import NotAllowed
from workflows.responsibility import resolve_name
from workflows.roles import IN_UNITS, ROLES, UNITLESS
from workflows.roster import Roster, Unit

INVITE_TTL = timedelta(days=7)


class InviteError(NotAllowed, ValueError):
    """A code that cannot be redeemed; the message is what the person is told."""


@dataclass(frozen=True)
class Invite:
    code: str
    role: str
    unit: str | None


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii", "replace")).hexdigest()


def find_unit(session: Session, name: str) -> UnitRow | None:
    """A stored unit by its name or alias, or as a plan writes it (市司法局 for 中卫市司法局)."""
    rows = list(session.execute(select(UnitRow)).scalars())
    for unit in rows:
        if name == unit.name or name in unit.aliases.split("、"):
            return unit
    roster = Roster(tuple(Unit(u.name, u.kind, tuple(filter(None, u.aliases.split("、")))) for u in rows))
    found = resolve_name(name, roster)
    return next((u for u in rows if u.name == found[0].name), None) if found and len(found) == 1 else None


def create_invite(uow: UnitOfWork, role: str, unit: UnitRow | None, ttl: timedelta = INVITE_TTL,
                  handover_of: PersonRow | None = None, issued_by: PersonRow | None = None) -> Invite:
    if role not in ROLES:
        raise InviteError(f"角色应为 {'、'.join(ROLES)} 之一")
    if role not in UNITLESS and unit is None:
        raise InviteError("除政务公开办管理员和观察员外，邀请须指定单位")
    code = secrets.token_urlsafe(24)      # 32 characters of A-Za-z0-9_-: fits a /start deep link
    uow.session.add(InviteRow(code_hash=code_hash(code), role=role, unit_id=unit.id if unit else None,
                              created_at=uow.now, expires_at=uow.now + ttl,
                              handover_of=handover_of.id if handover_of else None,
                              issued_by=(issued_by or handover_of).id if issued_by or handover_of else None))
    uow.audit("invite.create", f"unit:{unit.name if unit else '-'}",
              after={"role": role, "expires": (uow.now + ttl).isoformat(),
                     "handover_of": handover_of.id if handover_of else None})
    return Invite(code, role, unit.name if unit else None)


def redeem(uow: UnitOfWork, code: str, telegram_user_id: int, name: str) -> tuple[PersonRow, PersonRow | None]:
    """Bind the Telegram user; returns the person and, for a handover, the predecessor now inactive."""
    invite = uow.session.execute(select(InviteRow).where(InviteRow.code_hash == code_hash(code))
                                 .with_for_update()).scalars().first()
    if invite is None:
        raise InviteError("邀请码无效")
    if invite.used_at is not None:
        raise InviteError("邀请码已被使用")
    if invite.expires_at <= uow.now:
        raise InviteError("邀请码已过期，请向政务公开办索取新的邀请")
    person = person_by_telegram(uow.session, telegram_user_id, active_only=False) or PersonRow(
        telegram_user_id=telegram_user_id, role=invite.role, created_at=uow.now)
    before = {"unit_id": person.unit_id, "role": person.role, "active": person.active} if person.id else None
    person.name, person.unit_id, person.role = name, invite.unit_id, invite.role
    person.active, person.reachable = True, True
    uow.session.add(person)
    uow.session.flush()
    invite.used_at, invite.used_by = uow.now, person.id
    predecessor = uow.session.get(PersonRow, invite.handover_of) if invite.handover_of else None
    if predecessor is not None and predecessor.id != person.id:
        predecessor.active = False
        uow.audit("person.handover", f"person:{predecessor.id}", before={"active": True},
                  after={"active": False, "successor": person.id})
        _revoke_issued_by(uow, predecessor)
    uow.audit("person.bind", f"person:{person.id}", before=before,
              after={"unit_id": person.unit_id, "role": person.role, "telegram_user_id": telegram_user_id})
    return person, predecessor


def _revoke_issued_by(uow: UnitOfWork, person: PersonRow) -> None:
    """The codes the outgoing person issued and nobody used expire now: one would otherwise bring them back."""
    unused = uow.session.execute(select(InviteRow).where(
        or_(InviteRow.issued_by == person.id, InviteRow.handover_of == person.id),
        InviteRow.used_at.is_(None), InviteRow.expires_at > uow.now)).scalars().all()
    for invite in unused:
        invite.expires_at = uow.now
        uow.audit("invite.revoke", f"invite:{invite.id}", after={"issued_by": person.id, "reason": "handover"})


# every update starts here: built once (building and keying a statement cost more than running it)
_BY_TELEGRAM = select(PersonRow).where(PersonRow.telegram_user_id == bindparam("telegram_user_id"))
_ACTIVE_BY_TELEGRAM = _BY_TELEGRAM.where(PersonRow.active.is_(True))


def mark_unreachable(uow: UnitOfWork, person_id: int) -> PersonRow | None:
    """The platform said this person cannot be reached (blocked the bot): the person, if that is news, else None."""
    person = uow.session.get(PersonRow, person_id)
    if person is None or not person.reachable:
        return None
    person.reachable = False
    uow.session.add(person)
    uow.audit("person.unreachable", f"person:{person.id}", before={"reachable": True}, after={"reachable": False})
    return person


def person_by_telegram(session: Session, telegram_user_id: int, active_only: bool = True) -> PersonRow | None:
    query = _ACTIVE_BY_TELEGRAM if active_only else _BY_TELEGRAM
    return session.execute(query, {"telegram_user_id": telegram_user_id}).scalars().first()


def active_telegram_ids(session: Session) -> set[int]:
    return set(session.execute(select(PersonRow.telegram_user_id).where(PersonRow.active.is_(True))).scalars())


def people_of(session: Session, unit_id: int | None, roles: tuple[str, ...]) -> list[PersonRow]:
    """Active people of a unit (or, for admins and observers, unit None) in the given roles."""
    query = select(PersonRow).where(PersonRow.active.is_(True), PersonRow.role.in_(roles))
    if unit_id is not None:
        query = query.where(PersonRow.unit_id == unit_id)
    return list(session.execute(query.order_by(PersonRow.id)).scalars())


class Contact(NamedTuple):
    """What a scheduling round needs of a person it writes to."""
    id: int
    unit_id: int
    role: str
    telegram_user_id: int


def contacts(session: Session, person_ids: set[int]) -> dict[int, Contact]:
    """The active people among these, by id: whom claimed reminders go to."""
    return {row.id: Contact(*row) for row in session.execute(
        select(PersonRow.id, PersonRow.unit_id, PersonRow.role, PersonRow.telegram_user_id)
        .where(PersonRow.id.in_(sorted(person_ids)), PersonRow.active.is_(True), PersonRow.unit_id.is_not(None)))}


def joined_on(session: Session, person_ids: set[int], zone) -> dict[int, date]:
    """The day (in the organisation's zone) each of these people joined."""
    return {person_id: created.astimezone(zone).date() for person_id, created in session.execute(
        select(PersonRow.id, PersonRow.created_at).where(PersonRow.id.in_(sorted(person_ids))))}


_REACHABLE = (select(PersonRow.id, PersonRow.unit_id, PersonRow.role, PersonRow.telegram_user_id)
              .where(PersonRow.active.is_(True), PersonRow.reachable.is_(True), PersonRow.unit_id.is_not(None),
                     PersonRow.role.in_(IN_UNITS))
              .order_by(PersonRow.id))


def reachable_by_unit(session: Session) -> dict[int, list[Contact]]:
    """Every unit's active, reachable liaisons and leaders, in one query: whom a scheduling round writes to.
    Core rows fetched at once, not the ORM's one by one: a province's 4,500 people came back in 60% of the time."""
    found: dict[int, list[Contact]] = {}
    for row in session.connection().execute(_REACHABLE).all():
        found.setdefault(row[1], []).append(Contact._make(row))
    return found
