"""Files a console session uploaded, held between the steps of a plan import (check → review → import).

Held in the serving process's memory, for one session only, a few at a time
and for an hour: the office goes from the check to the import in minutes, and
a file that is gone is simply uploaded again.
"""
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

HELD_AT_MOST = 20
KEPT_FOR = timedelta(hours=1)


@dataclass(frozen=True)
class Held:
    session_id: int
    name: str
    data: bytes
    at: datetime
    overrides: object       # what the office stated beside the file (bot.services.importing.PlanOverrides)


@dataclass
class Uploads:
    held: dict[str, Held] = field(default_factory=dict)

    def hold(self, session_id: int, name: str, data: bytes, now: datetime, overrides: object = None) -> str:
        self._forget(now)
        while len(self.held) >= HELD_AT_MOST:
            self.held.pop(next(iter(self.held)))       # the oldest goes first
        token = secrets.token_urlsafe(16)
        self.held[token] = Held(session_id, name, data, now, overrides)
        return token

    def get(self, token: str, session_id: int, now: datetime) -> Held | None:
        self._forget(now)
        found = self.held.get(token)
        return found if found is not None and found.session_id == session_id else None

    def _forget(self, now: datetime) -> None:
        for token in [t for t, h in self.held.items() if now - h.at > KEPT_FOR]:
            del self.held[token]
