"""The deadline engine at province scale, beside the naive alternative: one APScheduler job per reminder.

Run: make bench   (or .venv/bin/python -m bench.engine_vs_jobs)
Duban: checking the plan for 1,500 units, expanding the year's due items and every ladder step
(each reminder the year will send), and the process's peak memory after it. The naive way a
developer would reach for: each of those reminders added as an APScheduler date job to a
SQLAlchemyJobStore on SQLite. Adding all of them takes many minutes, so the first SAMPLE are
added and the rest extrapolated at the measured rate (jobs are independent rows, so it is linear).
"""
import resource
import tempfile
import time
from datetime import datetime, time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from bench.expand_province import EXAMPLE, province_roster
from importers.calendar_data import load_calendar
from importers.plan_text import read_plan_text
from workflows.check import check_plan
from workflows.due import due_items
from workflows.ladder import steps

SAMPLE = 10_000
SHANGHAI = ZoneInfo("Asia/Shanghai")


def remind(item: int, kind: str) -> None:
    """What a naive job would run; never called here."""


def engine_year():
    plan = read_plan_text((EXAMPLE / "plan.txt").read_text(encoding="utf-8"))
    calendar = load_calendar()
    check = check_plan(plan, province_roster())
    items = due_items(plan, list(check.rows), calendar)
    return [(n, step) for n, item in enumerate(items) if item.due
            for step in steps(item.due, calendar, kind=item.kind)]


def naive_jobs(reminders) -> float:
    """Seconds to add these reminders as one persistent job each."""
    with tempfile.TemporaryDirectory() as folder:
        scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{Path(folder) / 'jobs.sqlite3'}")},
            timezone=SHANGHAI)
        scheduler.start(paused=True)
        start = time.perf_counter()
        for n, (item, step) in enumerate(reminders):
            # 400 years on (the same calendar): a paused scheduler must not fire 2022's jobs when shut down
            on = step.on.replace(year=step.on.year + 400)
            scheduler.add_job(remind, "date", run_date=datetime.combine(on, clock_time(9, 0), SHANGHAI),
                              args=[item, step.kind], id=f"remind-{n}", misfire_grace_time=None)
        elapsed = time.perf_counter() - start
        scheduler.shutdown(wait=False)
    return elapsed


def main() -> None:
    start = time.perf_counter()
    reminders = engine_year()
    engine_s = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sample = reminders[:SAMPLE]
    naive_s = naive_jobs(sample) * len(reminders) / len(sample)
    print(f"engine_reminders: {len(reminders)} reminders (1,500 units x 54 rows, whole year)")
    print(f"engine_seconds: {engine_s:.2f} s")
    print(f"engine_peak_rss: {peak_mb:.0f} MB")
    print(f"naive_jobs_seconds: {naive_s:.0f} s  (APScheduler + SQLAlchemyJobStore, {len(sample)} added, "
          f"extrapolated to {len(reminders)})")
    print(f"engine_speedup: {naive_s / engine_s:.0f} x")


if __name__ == "__main__":
    main()
