"""Several worker processes on one PostgreSQL database: exactly-once delivery, a killed sender, a scheduler takeover.

Real `duban run --role …` processes against the test's Bot API emulator.
"""
import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from urllib.parse import quote

import aiohttp
import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from bot.rehearsal.emulator import Emulator
from bot.rounds.sending import CLAIMED
from bot.channels.telegram.webhook import HEADER, path_for, secret_for
from bot.services.importing import import_plan_file
from bot.bootstrap import SetClock
from store import outbox, people
from store.db import make_engine, upgrade
from store.tables import AuditEntry, OutboxRow, SettingRow, UnitRow
from store.uow import UnitOfWork
from tests.bot_harness import OFFICE, TOKEN, local
from tests.conftest import EXAMPLES, database_engine, drop_schema
from tests.own_postgres import free_port

YONGNING = EXAMPLES / "yongning-2022"
NOW = "2022-11-23T10:00:00+08:00"


def _prepare(engine) -> None:
    """The Yongning plan, with liaison A of every unit joined."""
    upgrade(engine)
    clock = SetClock(local(2022, 11, 23, 9, 0))
    import_plan_file(engine, clock, OFFICE, YONGNING / "plan.txt", YONGNING / "roster.yaml", _calendar())
    with UnitOfWork(engine, clock, OFFICE) as uow:
        for n, unit in enumerate(uow.session.execute(select(UnitRow).order_by(UnitRow.id)).scalars().all()):
            people.redeem(uow, people.create_invite(uow, "liaison-a", unit).code, 70_000 + n, unit.name)
        uow.commit()


@pytest.fixture
def database(tmp_path):
    engine, schema = database_engine("postgresql", tmp_path)
    _prepare(engine)
    url = engine.url.render_as_string(hide_password=False) + "?options=" + quote(f"-csearch_path={schema}")
    yield engine, url
    engine.dispose()
    drop_schema(schema)


@pytest.fixture
def restartable(own_server):
    """The same, on a PostgreSQL of the test's own, which the test may restart."""
    engine = make_engine(own_server.url)
    _prepare(engine)
    yield engine, own_server
    engine.dispose()


def _calendar():
    from importers.calendar_data import load_calendar
    return load_calendar()


class Workers:
    def __init__(self, url: str, api: Emulator, folder, lease_seconds: int = 120):
        """`lease_seconds` short only where a sender is killed: under load a live sender's claimed rows can wait
        seconds for their turn, and a short lease handed them to the other sender too (sent twice)."""
        self.env = {**os.environ, "DUBAN_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": TOKEN, "DUBAN_NOW": NOW,
                    "TELEGRAM_BASE_URL": api.base_url, "DUBAN_BOT_USERNAME": "duban_test_bot",
                    "DUBAN_SEND_LEASE_SECONDS": str(lease_seconds)}
        self.folder, self.running = folder, []

    def start(self, role: str, *args: str) -> subprocess.Popen:
        log = open(self.folder / f"{role}-{len(self.running)}.log", "w")
        process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run", "--role", role, *args], env=self.env,
                                   stdout=log, stderr=subprocess.STDOUT)
        self.running.append(process)
        return process

    def stop(self) -> None:
        for process in self.running:
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.fixture
async def api():
    emulator = await Emulator(TOKEN).start()
    yield emulator
    await emulator.stop()


async def _until(condition, seconds: float):
    for _ in range(int(seconds * 10)):
        if value := await asyncio.to_thread(condition):
            return value
        await asyncio.sleep(0.1)
    raise AssertionError("timed out")


def _states(engine) -> Counter:
    with Session(engine) as session:
        return Counter(session.execute(select(OutboxRow.state)).scalars())


def _leader(engine) -> str | None:
    with Session(engine) as session:
        row = session.get(SettingRow, "scheduler:leader")
        return row.value if row else None


async def test_two_schedulers_and_two_senders_deliver_each_reminder_once_and_a_new_leader_takes_over(
        database, api, tmp_path):
    engine, url = database
    workers = Workers(url, api, tmp_path)
    try:
        schedulers = [workers.start("scheduler"), workers.start("scheduler")]
        for _ in range(2):
            workers.start("sender")
        await _until(lambda: (s := _states(engine)) and set(s) == {"sent"}, 60)
        with Session(engine) as session:
            rows = session.execute(select(OutboxRow)).scalars().all()
        delivered = Counter((m["chat"]["id"], m["text"]) for m in api.sent)
        assert len(rows) > 20 and delivered == Counter((r.chat_id, r.text) for r in rows)   # each once, no more

        leader = await _until(lambda: _leader(engine), 10)
        first = next(p for p in schedulers if leader.endswith(f":{p.pid}"))
        first.send_signal(signal.SIGKILL)
        follower = next(p for p in schedulers if p is not first)
        await _until(lambda: (_leader(engine) or "").endswith(f":{follower.pid}"), 60)   # within a minute
    finally:
        workers.stop()


def _delivered_unrecorded(engine, api) -> int:
    """Messages Telegram has delivered whose rows the sender had not yet marked sent: its sends in flight."""
    delivered = {m["chat"]["id"] for m in api.sent}
    with Session(engine) as session:
        sending = session.execute(select(OutboxRow.chat_id).where(OutboxRow.state == "sending")).scalars().all()
    return sum(chat in delivered for chat in sending)


async def test_a_sender_killed_mid_batch_loses_nothing_and_duplicates_only_its_sends_in_flight(
        database, api, tmp_path):
    engine, url = database
    with UnitOfWork(engine, SetClock(local(2022, 11, 23, 10, 0)), OFFICE) as uow:
        for n in range(60):
            outbox.enqueue(uow.session, f"batch:{n}", 80_000 + n, f"第{n}条", uow.now)
        uow.commit()
    api.latency = 0.1
    workers = Workers(url, api, tmp_path, lease_seconds=10)
    try:
        doomed = workers.start("sender")
        await _until(lambda: len(api.sent) >= 10, 30)
        doomed.send_signal(signal.SIGKILL)                     # its claimed rows wait out their lease
        doomed.wait()
        await asyncio.sleep(3 * api.latency)                    # what Telegram had fully received, it delivers
        in_flight = _delivered_unrecorded(engine, api)
        workers.start("sender")
        await _until(lambda: _states(engine) == Counter(sent=60), 60)
    finally:
        workers.stop()
    delivered = Counter(m["chat"]["id"] for m in api.sent)
    assert set(delivered) == {80_000 + n for n in range(60)}                   # nothing lost
    assert sum(count - 1 for count in delivered.values()) == in_flight          # sent again: those in flight only
    assert in_flight <= CLAIMED              # about the sending rate times the round trip: 28/s x 0.1 s here


def _leads(engine) -> int:
    with Session(engine) as session:
        return session.execute(select(func.count()).select_from(AuditEntry)
                               .where(AuditEntry.action == "scheduler.lead")).scalar_one()


async def test_a_scheduler_and_a_sender_carry_on_through_a_postgresql_restart_and_stop_when_told(restartable, api,
                                                                                                  tmp_path):
    engine, server = restartable
    workers = Workers(server.url, api, tmp_path)
    try:
        scheduler, sender = workers.start("scheduler"), workers.start("sender")
        await _until(lambda: (s := _states(engine)) and set(s) == {"sent"}, 60)     # the day's round, delivered
        before = len(api.sent)
        await asyncio.to_thread(server.stop)              # every session ends, the leader's lock with its own
        await asyncio.sleep(3)
        await asyncio.to_thread(server.start)
        with UnitOfWork(engine, SetClock(local(2022, 11, 23, 10, 5)), OFFICE) as uow:
            outbox.enqueue(uow.session, "after:restart", 70_000, "重启之后", uow.now)
            uow.commit()
        await _until(lambda: _states(engine)["sent"] == before + 1, 30)            # the sender picked it up
        await _until(lambda: _leads(engine) == 2, 30)                               # the scheduler leads again
        assert scheduler.poll() is None and sender.poll() is None
        for process in (scheduler, sender):
            process.send_signal(signal.SIGTERM)                                    # systemd stopping them
        assert [await asyncio.to_thread(p.wait, 30) for p in (scheduler, sender)] == [0, 0]
    finally:
        workers.stop()
    assert [m["text"] for m in api.sent[before:]] == ["重启之后"]                   # nothing sent twice


async def test_a_receiver_process_in_webhook_mode_sets_its_webhook_takes_only_telegram_and_stops_cleanly(
        database, api, tmp_path):
    engine, url = database
    port = free_port()
    workers = Workers(url, api, tmp_path)
    receiver = workers.start("receiver", "--webhook", "--listen", f"127.0.0.1:{port}",
                             "--url", "https://duban.example.gov.cn")
    try:
        hook = await _until(lambda: api.webhook, 30)
        path = path_for(TOKEN)
        assert hook == {"url": f"https://duban.example.gov.cn{path}", "secret_token": secret_for(TOKEN)}
        with UnitOfWork(engine, SetClock(local(2022, 11, 23, 10, 0)), OFFICE) as uow:
            code = people.create_invite(uow, "liaison-a", people.find_unit(uow.session, "县司法局")).code
            uow.commit()
        joining = {"update_id": 1, "message": {"message_id": 1, "date": 1669168800, "text": f"/start {code}",
                                               "from": {"id": 90_001, "is_bot": False, "first_name": "联络员"},
                                               "chat": {"id": 90_001, "type": "private"},
                                               "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}
        async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as client:
            refused = await client.post(path, json=joining)
            taken = await client.post(path, json=joining, headers={HEADER: hook["secret_token"]})
        assert (refused.status, taken.status) == (403, 200)
        welcomes = [m for m in api.messages_to(90_001) if "永宁县司法局" in m["text"]]
        assert len(welcomes) == 1                        # answered before Telegram got its 200
        receiver.send_signal(signal.SIGTERM)             # systemd stopping it
        assert await asyncio.to_thread(receiver.wait, 30) == 0
        assert api.webhook == hook                       # left set: other receivers may still be taking updates
    finally:
        workers.stop()
