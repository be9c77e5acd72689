"""The unit of work: one transaction, its audit entries, and the clock it was opened with.

    with UnitOfWork(engine, clock, actor) as uow:
        ... uow.session ..., uow.audit("import", "plan:1", after={...})
        uow.commit()

Nothing is written unless `commit()` is called; an exception rolls everything back,
audit entries included.
"""
from datetime import datetime
from typing import Callable

from sqlalchemy import Engine
from sqlmodel import Session

from store import audit
from store.audit import Actor

Clock = Callable[[], datetime]


class UnitOfWork:
    def __init__(self, engine: Engine, clock: Clock, actor: Actor):
        self.engine, self.clock, self.actor = engine, clock, actor
        self.committed = False

    def __enter__(self) -> "UnitOfWork":
        self.session = Session(self.engine, expire_on_commit=False)
        self.now = self.clock()
        return self

    def __exit__(self, *exc) -> None:
        if not self.committed:
            self.session.rollback()
        self.session.close()

    def audit(self, action: str, subject: str, before=None, after=None) -> None:
        audit.record(self.session, self.actor, action, subject, self.now, before, after)

    def commit(self) -> None:
        self.session.commit()
        self.committed = True
