"""Console sessions: a random token in a cookie, signed with this deployment's key; its hash in the database.

The signature is keyed from the audit key, which is the deployment's own secret
(kept outside the database): a cookie from another office's console fails it
before any look-up, and would find no session in this database anyway. A session
ends after `idle` without a request and `lifetime` after sign-in, whatever its use.
Every session carries a CSRF token, which each form and htmx request must echo.
"""
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from bot.console.accounts import actor_of
from store import console as store
from store.tables import ConsoleUserRow
from store.uow import Clock, UnitOfWork
from workflows.glossary import ADMIN

IDLE = timedelta(minutes=30)
LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class SignedIn:
    session_id: int
    user_id: int
    name: str
    role: str
    csrf: str

    @property
    def acts(self) -> bool:
        return self.role == ADMIN


def deployment_key(audit_key: bytes) -> bytes:
    return hmac.new(audit_key, b"duban console sessions", hashlib.sha256).digest()


@dataclass
class Sessions:
    engine: Engine
    clock: Clock        # the plan's clock: audit entries are dated by it, as every other action's
    wall: Clock         # real time: sessions, links and the throttle expire by it, also in a rehearsal
    key: bytes
    idle: timedelta = IDLE
    lifetime: timedelta = LIFETIME

    def _sign(self, token: str) -> str:
        return hmac.new(self.key, token.encode(), hashlib.sha256).hexdigest()

    def open(self, user: ConsoleUserRow, address: str, via: str) -> str:
        """A new session for `user` (recorded as a sign-in); the cookie's value."""
        token = secrets.token_urlsafe(32)
        with UnitOfWork(self.engine, self.clock, actor_of(user.name, user.role)) as uow:
            row = store.open_session(uow.session, user, token, secrets.token_urlsafe(32), address, self.wall())
            uow.audit("console.sign_in", f"console_session:{row.id}", after={"via": via})
            uow.commit()
        return f"{token}.{self._sign(token)}"

    def find(self, cookie: str | None) -> SignedIn | None:
        """The live session this cookie holds, its last use moved to now; None for a forged, foreign or expired one."""
        token, _, signature = (cookie or "").partition(".")
        if not token or not hmac.compare_digest(signature, self._sign(token)):
            return None
        now = self.wall()
        with Session(self.engine) as session:
            found = store.live_session(session, token)
            if found is None:
                return None
            row, user = found
            if now - row.seen_at > self.idle or now - row.created_at > self.lifetime:
                store.end_session(session, row.id, now)
                session.commit()
                return None
            store.touch(session, row.id, now)
            session.commit()
            return SignedIn(row.id, user.id, user.name, user.role, row.csrf)

    def close(self, signed: SignedIn) -> None:
        with UnitOfWork(self.engine, self.clock, actor_of(signed.name, signed.role)) as uow:
            store.end_session(uow.session, signed.session_id, self.wall())
            uow.audit("console.sign_out", f"console_session:{signed.session_id}")
            uow.commit()

    def login_token(self, nonce: str) -> str:
        """The CSRF token of the sign-in forms, bound to a cookie the form's page set (there is no session yet)."""
        return self._sign("login:" + nonce)
