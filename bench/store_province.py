"""Materialising a province's year into the database, and the reminder tick's query at that size.

Run: make bench   (PostgreSQL is measured too when DUBAN_BENCH_POSTGRES_URL or the local server answers)
Prints, per database: seconds to import 1,500 units × 54 rows (one transaction), and the best time
of the tick's query ("which units have open items with a reminder step today") on a mid-year day
where earlier items are done.
"""
import time
from datetime import date, timedelta

from sqlalchemy import update
from sqlmodel import Session

from bench.province import engines, province_plan, settle, utc_now
from importers.calendar_data import load_calendar
from store import queries
from store.audit import Actor
from store.db import upgrade
from store.plans import import_plan
from store.tables import DueItemRow
from store.uow import UnitOfWork
from workflows.ladder import dues_stepping

TODAY = date(2022, 9, 8)


def measure(name: str, engine, check, roster, items) -> None:
    upgrade(engine)
    start = time.perf_counter()
    with UnitOfWork(engine, utc_now, Actor("bench")) as uow:
        plan_id = import_plan(uow, check, roster, items, "plan.txt", "bench").plan_id
        uow.commit()
    imported = time.perf_counter() - start
    dues = dues_stepping(TODAY - timedelta(days=1), TODAY, load_calendar())
    with Session(engine) as session:   # mid-year: everything due before today was answered and accepted
        session.execute(update(DueItemRow).where(DueItemRow.due < TODAY).values(state="accepted"))
        session.commit()
        settle(engine)
        timings = []
        for _ in range(20):
            begin = time.perf_counter()
            found = queries.chased_groups(session, plan_id, dues)
            timings.append(time.perf_counter() - begin)
    print(f"import_{name}: {imported:.2f} s  ({len(items)} items)")
    print(f"tick_query_{name}: {min(timings) * 1000:.1f} ms  ({len(found)} unit groups stepping on {TODAY})")


def main() -> None:
    check, roster, items = province_plan()
    for name, engine in engines():
        measure(name, engine, check, roster, items)


if __name__ == "__main__":
    main()
