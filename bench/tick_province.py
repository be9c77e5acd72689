"""One scheduling round at province scale, on SQLite and PostgreSQL.

Run: make bench   (or .venv/bin/python -m bench.tick_province)
Each day measured has everything due more than a week earlier answered and accepted, the rest
open; the province office has one admin, who gets the reports. The minute tick runs the same round
all day: the first round of the day builds and queues every reminder and the day's reports, each
later one finds them queued.
- The busiest working day of the year (the most ladder steps): the median of 5 first rounds
  (the day's queue emptied between them) and of 20 later rounds.
- Every working day from June to December, its first round run 3 times (the median taken): the
  year's median, 90th percentile and slowest, with its day, and the slowest single run (Mondays
  bring the digest and the week-ahead notes, a month's first working day its roll-up, a quarter's
  its circulation draft).
The round queues drafts; the senders render them as they claim them, 30 at a time. What that
costs is printed for the busiest day and for the slowest round's day: the median and the slowest
batch of 30, and all of the day's messages together.
"""
import statistics
import time
from collections import Counter
from datetime import date, datetime, time as clock_time, timedelta

from sqlalchemy import delete, select, update
from sqlmodel import Session

from bench.province import engines, fill, province_plan, settle
from bot.rounds.scheduling import scheduling_round
from bot.bootstrap import settle_heap
from bot.runtime import Duban
from bot.bootstrap import SetClock
from bot.config import Settings
from bot.rounds.drafts import render
from bot.rounds.sending import CLAIMED
from importers.calendar_data import load_calendar
from store.rounds import KEY
from store.tables import DueItemRow, OutboxRow, PersonRow, SettingRow
from workflows.ladder import steps
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST, LAST = date(2022, 6, 1), date(2022, 12, 30)
REPEATS = 3     # a day's first round, run again: a one-off stall of the machine (a disk flush) is not the round's


def busiest_day(calendar):
    _, _, items = province_plan()
    counts = Counter(step.on for item in items if item.due for step in steps(item.due, calendar, kind=item.kind))
    return counts.most_common(1)[0]


def reset_day(engine) -> None:
    """As if no round had run today: the day's queue and the round marker gone."""
    with Session(engine) as session:
        session.execute(delete(OutboxRow))
        session.execute(delete(SettingRow).where(SettingRow.key == KEY))
        session.commit()


def timed(work) -> tuple[float, int]:
    start = time.perf_counter()
    queued = work()
    return time.perf_counter() - start, queued


def answered_until(engine, day) -> None:
    """Everything due more than a week before `day` accepted, the rest open; no report of the day made yet.
    Only the rows whose state changes are written, as in a real day: rewriting all 54,000 every day of
    the year sweep left PostgreSQL's table bloated with dead rows, and its rounds slowed by half."""
    line = day - timedelta(days=7)
    with Session(engine) as session:
        session.execute(update(DueItemRow).where(DueItemRow.due >= line, DueItemRow.state != "pending")
                        .values(state="pending"))
        session.execute(update(DueItemRow).where(DueItemRow.due < line, DueItemRow.state != "accepted")
                        .values(state="accepted"))
        session.execute(delete(SettingRow).where(SettingRow.key.like("report-queued:%")))
        session.commit()


def new_day(engine, day) -> None:
    """The morning of `day`, before its first round: the items answered as `answered_until` has it, nothing queued,
    and on PostgreSQL the night's autovacuum done (the local server runs with autovacuum off; without it the
    bench's own deleting left the outbox with 270,000 dead rows by November, and its rounds half as slow again)."""
    answered_until(engine, day)
    reset_day(engine)
    if engine.url.get_backend_name() == "postgresql":
        settle(engine)


def with_office(engine) -> None:
    """The province office's admin, who gets the reports."""
    with Session(engine) as session:
        session.add(PersonRow(telegram_user_id=99, name="admin", unit_id=None, role="admin", active=True,
                              reachable=True, awaiting="", created_at=datetime.now(SHANGHAI)))
        session.commit()


def measure(name: str, engine, day, calendar) -> None:
    fill(engine)
    with_office(engine)
    clock = SetClock(datetime.combine(day, clock_time(10, 0), SHANGHAI))
    duban = Duban(engine, clock, Settings(database_url=str(engine.url), timezone=SHANGHAI, calendar_file=None),
                  calendar)
    settle_heap()      # as `duban run` does once started
    first = []
    for _ in range(5):
        new_day(engine, day)
        first.append(timed(lambda: scheduling_round(duban)))
    later = []
    for minute in range(1, 21):
        clock.move_to(datetime.combine(day, clock_time(10, minute), SHANGHAI))
        later.append(timed(lambda: scheduling_round(duban)))
    queued = first[-1][1]
    print(f"tick_first_round_{name}: {statistics.median(s for s, _ in first) * 1000:.0f} ms  "
          f"({queued} messages queued)")
    print(f"tick_later_round_{name}: {statistics.median(s for s, _ in later) * 1000:.0f} ms  "
          f"({sum(q for _, q in later)} messages queued)")
    rendering(f"{name}_{day.isoformat()}", engine, duban)
    year(name, engine, duban, clock, calendar)


def rendering(name: str, engine, duban) -> None:
    """What the senders do with the day's queue: render it, a claim's worth at a time (nothing is stored)."""
    with Session(engine) as session:
        rows = session.execute(select(OutboxRow).order_by(OutboxRow.id)).scalars().all()
    batches = [timed(lambda batch=rows[i:i + CLAIMED]: len(render(duban, batch)))[0]
               for i in range(0, len(rows), CLAIMED)]
    print(f"sender_render_{name}: median {statistics.median(batches) * 1000:.0f} ms, slowest "
          f"{max(batches) * 1000:.0f} ms per {CLAIMED} messages; {sum(batches):.2f} s for all {len(rows)}")


def year(name: str, engine, duban, clock, calendar) -> None:
    rounds, runs = [], []
    for n in range((LAST - FIRST).days + 1):
        day = FIRST + timedelta(days=n)
        if calendar.is_workday(day):
            clock.move_to(datetime.combine(day, clock_time(10, 0), SHANGHAI))
            tries = []
            for _ in range(REPEATS):
                new_day(engine, day)
                tries.append(timed(lambda: scheduling_round(duban)))
            runs += [s for s, _ in tries]
            rounds.append((statistics.median(s for s, _ in tries), tries[-1][1], day))
    seconds = sorted(s for s, _, _ in rounds)
    slowest, queued, day = max(rounds)
    print(f"tick_first_round_year_{name}: median {statistics.median(seconds) * 1000:.0f} ms, "
          f"90th percentile {seconds[int(len(seconds) * 0.9)] * 1000:.0f} ms, slowest {slowest * 1000:.0f} ms "
          f"({day.isoformat()}, {queued} messages queued; {len(rounds)} working days, each the median of "
          f"{REPEATS}; the slowest single run {max(runs) * 1000:.0f} ms)")
    new_day(engine, day)
    clock.move_to(datetime.combine(day, clock_time(10, 0), SHANGHAI))
    scheduling_round(duban)
    rendering(f"{name}_{day.isoformat()}", engine, duban)


def main() -> None:
    calendar = load_calendar()
    day, count = busiest_day(calendar)
    print(f"province: 1,500 units x 54 rows; busiest day {day.isoformat()} with {count} ladder steps")
    for name, engine in engines():
        measure(name, engine, day, calendar)


if __name__ == "__main__":
    main()
