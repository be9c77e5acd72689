"""The console's accounts, sessions, sign-in attempts and one-time links (bot/console decides; this keeps them).

Tokens and codes are stored as their SHA-256 only: whoever reads the database
cannot sign in with what it holds.
"""
import hashlib
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, select

from store.tables import ConsoleLinkRow, ConsoleLoginAttemptRow, ConsoleSessionRow, ConsoleUserRow, PersonRow
from workflows.glossary import ADMIN


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def user_named(session: Session, name: str) -> ConsoleUserRow | None:
    return session.exec(select(ConsoleUserRow).where(ConsoleUserRow.name == name)).first()


def user_of_person(session: Session, person: PersonRow, now: datetime) -> ConsoleUserRow:
    """The console account of a chat admin, made the first time they ask for a sign-in link."""
    found = session.exec(select(ConsoleUserRow).where(ConsoleUserRow.person_id == person.id)).first()
    if found is None:
        found = ConsoleUserRow(name=f"{person.name}（{person.id}）", role=ADMIN, person_id=person.id, created_at=now)
        session.add(found)
        session.flush()
    return found


def failures_since(session: Session, since: datetime, account: str | None = None, address: str | None = None) -> int:
    query = select(func.count()).select_from(ConsoleLoginAttemptRow).where(
        ConsoleLoginAttemptRow.at >= since, ConsoleLoginAttemptRow.ok.is_(False))
    if account is not None:
        query = query.where(ConsoleLoginAttemptRow.account == account)
    if address is not None:
        query = query.where(ConsoleLoginAttemptRow.address == address)
    return session.exec(query).one()


def record_attempt(session: Session, account: str, address: str, ok: bool, now: datetime) -> None:
    session.add(ConsoleLoginAttemptRow(at=now, account=account[:64], address=address[:64], ok=ok))


def open_session(session: Session, user: ConsoleUserRow, token: str, csrf: str, address: str,
                 now: datetime) -> ConsoleSessionRow:
    row = ConsoleSessionRow(token_hash=digest(token), user_id=user.id, csrf=csrf, created_at=now, seen_at=now,
                            address=address[:64])
    session.add(row)
    session.flush()
    return row


def live_session(session: Session, token: str) -> tuple[ConsoleSessionRow, ConsoleUserRow] | None:
    found = session.exec(select(ConsoleSessionRow, ConsoleUserRow).join(ConsoleUserRow).where(
        ConsoleSessionRow.token_hash == digest(token), ConsoleSessionRow.ended_at.is_(None),
        ConsoleUserRow.active.is_(True))).first()
    return tuple(found) if found else None


def touch(session: Session, session_id: int, now: datetime) -> None:
    session.execute(update(ConsoleSessionRow).where(ConsoleSessionRow.id == session_id).values(seen_at=now))


def end_session(session: Session, session_id: int, now: datetime) -> None:
    session.execute(update(ConsoleSessionRow)
                    .where(ConsoleSessionRow.id == session_id, ConsoleSessionRow.ended_at.is_(None))
                    .values(ended_at=now))


def create_link(session: Session, user: ConsoleUserRow, code: str, now: datetime, ttl: timedelta) -> None:
    session.add(ConsoleLinkRow(code_hash=digest(code), user_id=user.id, created_at=now, expires_at=now + ttl))


def take_link(session: Session, code: str, now: datetime) -> ConsoleUserRow | None:
    """The account a link signs in, once: a used, expired or unknown code is None. The update is the claim, so two
    browsers opening the same link at once cannot both sign in."""
    link = session.exec(select(ConsoleLinkRow).where(ConsoleLinkRow.code_hash == digest(code))).first()
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    claimed = session.execute(update(ConsoleLinkRow)
                              .where(ConsoleLinkRow.id == link.id, ConsoleLinkRow.used_at.is_(None))
                              .values(used_at=now)).rowcount
    user = session.get(ConsoleUserRow, link.user_id)
    return user if claimed == 1 and user.active else None
