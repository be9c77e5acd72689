"""How long the province's cadence reports take to build, each from the stored facts (SQLite), best of 3.

Every item of the year is unanswered, the heaviest case for the judgements: every unit late, 1,500 units tied at
0%, lateness counted in working days for each of ~50,000 items. Prints `name: value unit` lines.
"""
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bench.province import fill, sqlite_database
from bot.services.reports import build
from importers.calendar_data import load_calendar
from store.tables import PlanRow

SHANGHAI = ZoneInfo("Asia/Shanghai")
REPORTS = (("weekly", "2022-W47", datetime(2022, 11, 21, 9, tzinfo=SHANGHAI)),
           ("monthly", "2022-09", datetime(2022, 10, 8, 9, tzinfo=SHANGHAI)),
           ("quarterly", "2022Q3", datetime(2022, 10, 8, 9, tzinfo=SHANGHAI)),
           ("half-year", "2022H1", datetime(2022, 7, 1, 9, tzinfo=SHANGHAI)),
           ("year-end", "2022", datetime(2023, 1, 3, 9, tzinfo=SHANGHAI)))


def main() -> None:
    calendar = load_calendar()
    with sqlite_database() as engine:
        fill(engine)
        with Session(engine) as session:
            plan = session.execute(select(PlanRow)).scalars().one()
            for kind, period, now in REPORTS:
                best = float("inf")
                for _ in range(3):
                    start = time.perf_counter()
                    report = build(session, plan, kind, period, SHANGHAI, calendar, now)
                    best = min(best, time.perf_counter() - start)
                print(f"{kind} {period} report, 1,500 units (file {len(report.data) // 1024} KB): {best * 1000:.0f} ms")


if __name__ == "__main__":
    main()
