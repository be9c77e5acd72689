"""Materialising a province's year into the database, and the reminder tick's query at that size.

Run: make bench   (PostgreSQL is measured too when DUBAN_BENCH_POSTGRES_URL or the local server answers)
Prints, per database: seconds to import 1,500 units × 54 rows (one transaction), and the
best time of "what is open and due or overdue now" on a mid-year day where earlier items are done.
"""
import os
import tempfile
import time
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import text, update
from sqlmodel import Session

from bench.expand_province import EXAMPLE, province_roster
from importers.calendar_data import load_calendar
from importers.plan_text import read_plan_text
from store import queries
from store.audit import Actor
from store.db import make_engine, upgrade
from store.plans import import_plan
from store.tables import DueItemRow
from store.uow import UnitOfWork
from workflows.check import check_plan
from workflows.due import due_items

TODAY = date(2022, 9, 8)
POSTGRES = os.environ.get("DUBAN_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def clock():
    return datetime.now(timezone.utc)


def settle(engine) -> None:
    """What the database's own upkeep (autovacuum, ANALYZE) does in production after a mass update."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE due_item" if engine.url.get_backend_name() != "sqlite" else "ANALYZE"))


def measure(engine, check, roster, items) -> None:
    upgrade(engine)
    start = time.perf_counter()
    with UnitOfWork(engine, clock, Actor("bench")) as uow:
        import_plan(uow, check, roster, items, "plan.txt", "bench")
        uow.commit()
    imported = time.perf_counter() - start
    with Session(engine) as session:   # mid-year: everything due before today was answered and accepted
        session.execute(update(DueItemRow).where(DueItemRow.due < TODAY).values(state="accepted"))
        session.commit()
        settle(engine)
        timings = []
        for _ in range(20):
            begin = time.perf_counter()
            found = queries.due_or_overdue(session, TODAY)
            timings.append(time.perf_counter() - begin)
    print(f"{engine.url.get_backend_name():<11} import {len(items)} items: {imported:.2f} s   "
          f"due-or-overdue query ({len(found)} rows): {min(timings) * 1000:.1f} ms")


def main() -> None:
    plan = read_plan_text((EXAMPLE / "plan.txt").read_text(encoding="utf-8"))
    roster = province_roster()
    check = check_plan(plan, roster)
    items = due_items(plan, list(check.rows), load_calendar())
    with tempfile.TemporaryDirectory() as folder:
        measure(make_engine(f"sqlite:///{Path(folder) / 'bench.sqlite3'}"), check, roster, items)
    schema = f"duban_bench_{uuid.uuid4().hex[:8]}"
    try:
        with make_engine(POSTGRES).begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:
        print(f"postgresql  skipped: {error.__class__.__name__}")
        return
    try:
        measure(make_engine(POSTGRES, schema), check, roster, items)
    finally:
        with make_engine(POSTGRES).begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
