"""Which scheduler leads: a PostgreSQL advisory lock held on the leader's own connection.

When the leader dies, its connection and lock go with it, so a waiting
scheduler takes over; SQLite deployments run one process, which always leads.
"""
from sqlalchemy import text
from sqlalchemy.engine import Connection

LOCK_KEY = 0x6475_6261_6E00      # "duban" — one advisory lock per database


def try_lead(connection: Connection) -> bool:
    """Take the lock if no other process holds it; held until this connection closes."""
    if connection.dialect.name != "postgresql":
        return True
    return bool(connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}).scalar())


def still_connected(connection: Connection) -> None:
    """Raises once the lock's connection is lost (PostgreSQL restarted): another scheduler may lead by then."""
    connection.execute(text("SELECT 1"))
