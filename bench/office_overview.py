"""The office's chat look-ups at a province's size: an admin's /my (the overview), /unit and /ledger.

Run: .venv/bin/python -m bench.office_overview   (PostgreSQL too when the local server answers)
Prints, per database, the best of 5 runs of each, in the worst case for the overview: late in the
year, nobody has answered anything, so every unit is red and every past item overdue.
"""
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bench.province import engines, fill, settle
from bot.runtime import Duban
from bot.bootstrap import SetClock
from bot.config import Settings
from bot.services.overview import ledger_file, office_overview, unit_status
from importers.calendar_data import load_calendar
from store.tables import PersonRow, UnitRow

SHANGHAI = ZoneInfo("Asia/Shanghai")
LATE_IN_THE_YEAR = datetime(2022, 11, 23, 10, 0, tzinfo=SHANGHAI)
ADMIN = 1


def _best(work, runs: int = 5) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(runs):
        begin = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - begin)
    return min(timings), result


def measure(name: str, engine) -> None:
    items = fill(engine)
    with Session(engine) as session:
        session.add(PersonRow(telegram_user_id=ADMIN, name="管理员", unit_id=None, role="admin", active=True,
                              reachable=True, awaiting="", created_at=LATE_IN_THE_YEAR))
        session.commit()
        unit = session.execute(select(UnitRow.name).order_by(UnitRow.id)).scalars().first()
    settle(engine)
    settings = Settings(database_url=str(engine.url), timezone=SHANGHAI, calendar_file=None)
    duban = Duban(engine, SetClock(LATE_IN_THE_YEAR), settings, load_calendar())

    def overview():
        with Session(engine) as session:
            return office_overview(duban, session)

    for label, work in (("my_overview", overview), ("unit", lambda: unit_status(duban, ADMIN, unit)),
                        ("ledger_one_unit", lambda: ledger_file(duban, ADMIN, unit))):
        seconds, answer = _best(work)
        print(f"{label}_{name}: {seconds * 1000:.0f} ms  ({len(answer.text)} characters; {items} items)")


def main() -> None:
    for name, engine in engines():
        measure(name, engine)


if __name__ == "__main__":
    main()
