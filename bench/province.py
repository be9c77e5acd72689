"""A province in a database, shared by the benchmarks: Yongning's 54 rows over 1,500 units, each unit with
liaisons A and B and a leader bound, on SQLite (a temporary file) and on the local PostgreSQL (a schema)."""
import contextlib
import os
import secrets
import subprocess
import sys
import tempfile
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, insert, select, text
from sqlmodel import Session

from bench.expand_province import EXAMPLE, province_roster
from importers.calendar_data import load_calendar
from importers.plan_text import read_plan_text
from store import audit_key
from store.audit import Actor
from store.db import make_engine, upgrade
from store.plans import import_plan
from store.tables import PersonRow, UnitRow
from store.uow import UnitOfWork
from workflows.check import check_plan
from workflows.due import due_items

TOKEN = "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ra"     # the emulator's bot
POSTGRES = os.environ.get("DUBAN_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
ROLES = ("liaison-a", "liaison-b", "leader")
# the benchmarks' databases are thrown away: a key of their own, shared with the `duban run` they start
os.environ.setdefault("DUBAN_AUDIT_KEY", secrets.token_hex(32))
audit_key.use_key(lambda: os.environ["DUBAN_AUDIT_KEY"].encode())


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def province_plan():
    """The checked plan, the roster and every due item of the year."""
    plan = read_plan_text((EXAMPLE / "plan.txt").read_text(encoding="utf-8"))
    roster = province_roster()
    check = check_plan(plan, roster)
    return check, roster, due_items(plan, list(check.rows), load_calendar())


def fill(engine: Engine, clock=utc_now) -> int:
    """Import the province and bind its people; how many due items were stored."""
    check, roster, items = province_plan()
    upgrade(engine)
    with UnitOfWork(engine, clock, Actor("bench")) as uow:
        import_plan(uow, check, roster, items, "plan.txt", "bench")
        uow.commit()
    with Session(engine) as session:
        unit_ids = session.execute(select(UnitRow.id).order_by(UnitRow.id)).scalars().all()
        session.execute(insert(PersonRow), [
            {"telegram_user_id": 100_000 + 10 * n + k, "name": f"{role}{n}", "unit_id": unit_id, "role": role,
             "active": True, "reachable": True, "awaiting": "", "created_at": clock()}
            for n, unit_id in enumerate(unit_ids) for k, role in enumerate(ROLES)])
        session.commit()
    return len(items)


def settle(engine) -> None:
    """What the database's own upkeep (autovacuum, ANALYZE) does in production after a mass update."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE due_item, outbox" if engine.url.get_backend_name() != "sqlite"
                                else "ANALYZE"))


@contextlib.contextmanager
def sqlite_database():
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        yield engine
        engine.dispose()


@contextlib.contextmanager
def postgres_database():
    """A fresh schema on the local server, dropped afterwards; None when no server answers."""
    schema = f"duban_bench_{uuid.uuid4().hex[:8]}"
    try:
        with make_engine(POSTGRES).begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:
        print(f"postgresql skipped: {error.__class__.__name__}")
        yield None
        return
    engine = make_engine(POSTGRES, schema)
    try:
        yield engine
    finally:
        engine.dispose()
        with make_engine(POSTGRES).begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def process_url(engine: Engine) -> str:
    """The URL another process (`duban run`) opens the same database by, schema included."""
    url = engine.url.render_as_string(hide_password=False)
    if engine.url.get_backend_name() != "postgresql":
        return url
    with engine.connect() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    return f"{url}?options={quote(f'-csearch_path={schema}')}"


@contextlib.contextmanager
def duban_run(url: str, base_url: str, now: str, *args: str, **env: str):
    """`duban run [args]` as its own process, as in production, talking to the emulator at `base_url`; stopped
    on exit."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", *args],
        env={**os.environ, "DUBAN_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": base_url,
             "DUBAN_NOW": now, "DUBAN_BOT_USERNAME": "duban_bench_bot", **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(30)


def databases():
    """(name, context manager) for each database the benchmarks measure."""
    return [("sqlite", sqlite_database), ("postgresql", postgres_database)]


def engines():
    """(name, engine) for each database the benchmarks measure that this machine has, each dropped after its turn."""
    for name, database in databases():
        with database() as engine:
            if engine is not None:
                yield name, engine
