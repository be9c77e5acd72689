"""The office's web console at a province's size: the 总览 (dashboard) and one unit's page, 1,500 units.

Run: .venv/bin/python -m bench.console   (PostgreSQL too when the local server answers)
Prints, per database and page, the median and 95th percentile of 40 requests through the console's own aiohttp
application on a local port (sign-in, session check and template rendering included), late in the year, with
the items due by June accepted (submitted on their day) and every later one left unanswered: every unit red.
The dashboard keeps its figures between requests and reads again only what the audited changes since touched
(bot/console/pages/overview.py): `dashboard` asks with nothing changed, `dashboard_after_reply` after a liaison
acknowledged an item each time (its unit read again), `dashboard_after_import` after a change that may move every
unit's figures each time (all read again, as after a plan import).
"""
import asyncio
import re
import statistics
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, insert, literal, select, update
from sqlmodel import Session

from bench.province import engines, fill, settle, utc_now
from bot.bootstrap import SetClock
from bot.config import Settings
from bot.console.accounts import add_user
from bot.console.app import console_app
from bot.console.serving import console_for
from bot.runtime import Duban
from importers.calendar_data import load_calendar
from store import items as item_service
from store.audit import Actor
from store.tables import DueItemRow, ReplyRow, UnitRow
from store.uow import UnitOfWork

SHANGHAI = ZoneInfo("Asia/Shanghai")
LATE_IN_THE_YEAR = datetime(2022, 11, 23, 10, 0, tzinfo=SHANGHAI)
FIRST_HALF_DONE = datetime(2022, 7, 1, tzinfo=SHANGHAI).date()
REQUESTS = 40
NAME, PASSWORD = "bench-admin", "bench password 1"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _first_half_accepted(engine) -> int:
    """The items due by June accepted, each with its submission on its due day (as the reports count it)."""
    with Session(engine) as session:
        due = select(DueItemRow.id, literal("submit"), literal(""), literal(""), literal(""), literal(""),
                     func.coalesce(DueItemRow.due, FIRST_HALF_DONE)).where(DueItemRow.due < FIRST_HALF_DONE)
        session.execute(insert(ReplyRow).from_select(
            ["item_id", "action", "text", "urls", "file_id", "file_hash", "at"], due))
        done = session.execute(update(DueItemRow).where(DueItemRow.due < FIRST_HALF_DONE)
                               .values(state="accepted")).rowcount
        session.commit()
    return done


async def _signed_in(client: TestClient) -> None:
    async with client.get("/login") as page:
        token = CSRF.search(await page.text()).group(1)
    async with client.post("/login", data={"name": NAME, "password": PASSWORD, "csrf": token}) as answer:
        assert answer.status == 200, await answer.text()


def _a_reply(engine, pending: list[int]) -> None:
    """A liaison acknowledges one more item (audited, as every reply and verdict is)."""
    with UnitOfWork(engine, utc_now, Actor("bench")) as uow:
        item_service.act(uow, pending.pop(), "acknowledge", by_office=False)
        uow.commit()


def _an_import(engine) -> None:
    """An audited change of the whole plan: every unit's figures are read again."""
    with UnitOfWork(engine, utc_now, Actor("bench")) as uow:
        uow.audit("plan.import", "plan:bench")
        uow.commit()


async def _timed(client: TestClient, path: str, before=lambda: None) -> list[float]:
    timings = []
    for _ in range(REQUESTS):
        before()
        begin = time.perf_counter()
        async with client.get(path) as response:
            await response.read()
            assert response.status == 200
        timings.append(time.perf_counter() - begin)
    return timings


async def _measure(duban: Duban) -> dict[str, list[float]]:
    client = TestClient(TestServer(console_app(console_for(duban, "http://127.0.0.1"))))
    await client.start_server()
    try:
        await _signed_in(client)
        with Session(duban.engine) as session:
            unit = session.execute(select(UnitRow.id).order_by(UnitRow.id)).scalars().first()
            pending = list(session.execute(select(DueItemRow.id).where(DueItemRow.state == "pending")
                                           .order_by(DueItemRow.id).limit(REQUESTS)).scalars())
        return {"dashboard": await _timed(client, "/"),
                "dashboard_after_reply": await _timed(client, "/", lambda: _a_reply(duban.engine, pending)),
                "dashboard_after_import": await _timed(client, "/", lambda: _an_import(duban.engine)),
                "dashboard_filtered": await _timed(client, "/?light=red&sort=overdue&dir=desc"),
                "unit": await _timed(client, f"/unit/{unit}")}
    finally:
        await client.close()


def measure(name: str, engine) -> None:
    items = fill(engine)
    accepted = _first_half_accepted(engine)
    settle(engine)
    clock = SetClock(LATE_IN_THE_YEAR)
    settings = Settings(database_url=str(engine.url), timezone=SHANGHAI, calendar_file=None)
    duban = Duban(engine, clock, settings, load_calendar())
    add_user(engine, clock, Actor("bench"), NAME, "admin", PASSWORD)
    for page, timings in asyncio.run(_measure(duban)).items():
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"console_{page}_{name}: median {statistics.median(timings) * 1000:.0f} ms, "
              f"p95 {p95 * 1000:.0f} ms  ({items} items, {accepted} accepted, {REQUESTS} requests)")


def main() -> None:
    for name, engine in engines():
        measure(name, engine)


if __name__ == "__main__":
    main()
