"""Console accounts: made on the command line, signed in with a password (argon2) or a one-time link from the bot.

Failed password sign-ins are counted in the database, per account and per
address, so that guessing is slowed however many processes serve the console.
"""
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine
from sqlmodel import Session

from bot import messages as m
from store import console as store
from store.audit import Actor
from store.tables import ConsoleUserRow, PersonRow
from store.uow import Clock, UnitOfWork
from workflows.errors import InputError, NotAllowed
from workflows.glossary import ADMIN
from workflows.roles import UNITLESS

ROLES = UNITLESS         # the office's roles: an admin acts, an observer reads
MIN_PASSWORD = 10
THROTTLE_WINDOW = timedelta(minutes=15)
ACCOUNT_FAILURES = 5      # an account guessed at this often in the window is closed to passwords until it passes
ADDRESS_FAILURES = 20     # an address trying many accounts likewise
LINK_TTL = timedelta(minutes=10)
_hasher = PasswordHasher()
_NOBODY = _hasher.hash("an unknown account takes as long to refuse as a wrong password")


class AccountError(InputError):
    """An account that cannot be made; the message says why, in Chinese."""


class SignInRefused(NotAllowed):
    """A sign-in refused; the message is what the page shows."""


def actor_of(name: str, role: str) -> Actor:
    """Who acts in the audit trail: the account's name, with the console as its origin."""
    return Actor(f"console:{name}", role)


def add_user(engine: Engine, clock: Clock, actor: Actor, name: str, role: str, password: str) -> ConsoleUserRow:
    name = name.strip()
    if not name or len(name) > 64:
        raise AccountError(m.CONSOLE_BAD_NAME)
    if role not in ROLES:
        raise AccountError(m.CONSOLE_BAD_ROLE.format(role=role))
    if len(password) < MIN_PASSWORD:
        raise AccountError(m.CONSOLE_SHORT_PASSWORD.format(least=MIN_PASSWORD))
    with UnitOfWork(engine, clock, actor) as uow:
        if store.user_named(uow.session, name):
            raise AccountError(m.CONSOLE_NAME_TAKEN.format(name=name))
        user = ConsoleUserRow(name=name, role=role, password_hash=_hasher.hash(password), created_at=uow.now)
        uow.session.add(user)
        uow.session.flush()
        uow.audit("console.user.add", f"console_user:{user.id}", after={"name": name, "role": role})
        uow.commit()
    return user


def _throttled(session: Session, name: str, address: str, now: datetime) -> bool:
    since = now - THROTTLE_WINDOW
    return (store.failures_since(session, since, account=name) >= ACCOUNT_FAILURES
            or store.failures_since(session, since, address=address) >= ADDRESS_FAILURES)


def check_password(engine: Engine, now: datetime, name: str, password: str, address: str) -> ConsoleUserRow:
    """The account whose password this is; SignInRefused (wrong, unknown, or too many tries lately) otherwise.
    A throttled attempt is refused before the password is looked at, so guessing on learns nothing."""
    with Session(engine, expire_on_commit=False) as session:
        if _throttled(session, name, address, now):
            store.record_attempt(session, name, address, False, now)
            session.commit()
            raise SignInRefused(m.CONSOLE_THROTTLED.format(minutes=int(THROTTLE_WINDOW.total_seconds() // 60)))
        user = store.user_named(session, name)
        ok = _verified(user.password_hash if user and user.active else None, password)
        store.record_attempt(session, name, address, ok, now)
        session.commit()
    if not ok:
        raise SignInRefused(m.CONSOLE_WRONG_PASSWORD)
    return user


def _verified(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _NOBODY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def link_for_person(engine: Engine, clock: Clock, wall: datetime, person: PersonRow, ttl: timedelta = LINK_TTL) -> str:
    """A one-time sign-in code for a chat admin (/console), recorded in the audit trail; their console account is
    made the first time."""
    with UnitOfWork(engine, clock, Actor(f"tg:{person.telegram_user_id}:{person.name}", person.role)) as uow:
        return _link(uow, store.user_of_person(uow.session, person, uow.now), wall, ttl)


def link_for_office(engine: Engine, clock: Clock, wall: datetime, name: str, ttl: timedelta) -> str:
    """A one-time sign-in code for an office account without a password (the rehearsal's), made if missing."""
    with UnitOfWork(engine, clock, Actor("rehearsal:office", ADMIN)) as uow:
        user = store.user_named(uow.session, name)
        if user is None:
            user = ConsoleUserRow(name=name, role=ADMIN, created_at=uow.now)
            uow.session.add(user)
            uow.session.flush()
        return _link(uow, user, wall, ttl)


def _link(uow: UnitOfWork, user: ConsoleUserRow, wall: datetime, ttl: timedelta) -> str:
    code = secrets.token_urlsafe(24)
    store.create_link(uow.session, user, code, wall, ttl)
    uow.audit("console.link", f"console_user:{user.id}", after={"minutes": int(ttl.total_seconds() // 60)})
    uow.commit()
    return code


def take_link(engine: Engine, now: datetime, code: str) -> ConsoleUserRow:
    with Session(engine, expire_on_commit=False) as session:
        user = store.take_link(session, code, now)
        session.commit()
    if user is None:
        raise SignInRefused(m.CONSOLE_LINK_SPENT)
    return user
