"""Roles for running Duban as several processes on PostgreSQL: one scheduler leads, senders share the outbox.

`duban run` does all three roles in one process (the SQLite deployment). With
`--role`, each process does one:
- scheduler: runs the scheduling round every minute while it holds a
  PostgreSQL advisory lock on its own connection. A second scheduler waits
  and tries again every few seconds; when the leader dies, its connection and
  lock go with it, so the waiting one leads within a minute. When PostgreSQL
  restarts, the leader sees its lock's connection gone within the second and
  stops leading until it (or another) takes the lock again. The leader's name
  is kept in the setting `scheduler:leader`, for the operator.
- sender: drains the outbox; rows are claimed with FOR UPDATE SKIP LOCKED and
  a lease, so senders never share a row, and a dead sender's rows are retaken.
- receiver: the bot's handlers (polling or webhook); their messages to others
  go through the outbox for the senders.
Each loop survives the database going away: it logs, waits and goes on.
"""
import asyncio
import logging
import os
import socket
import time

from sqlalchemy.engine import Connection

from bot.channels.telegram.application import bare_bot, until_reached
from bot.channels.telegram.sending import send_queued
from bot.rounds.scheduling import scheduling_round
from bot.runtime import Duban
from store import leader, settings
from store.audit import Actor
from store.uow import UnitOfWork

ROUND_SECONDS = 60
RETRY_SECONDS = 10              # a waiting scheduler asks again this often: takeover well within a minute
SENDER_POLL_SECONDS = 2
log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _record_leader(duban: Duban) -> None:
    with UnitOfWork(duban.engine, duban.clock, Actor("scheduler", "system")) as uow:
        settings.keep_leader(uow.session, worker_name())
        uow.audit("scheduler.lead", "scheduler", after={"worker": worker_name()})
        uow.commit()


def _lead_rounds(duban: Duban, connection: Connection, stopping) -> None:
    """While leading: a round a minute; raises as soon as the lock's connection is lost."""
    _record_leader(duban)
    log.info("scheduler %s leads", worker_name())
    while not stopping():
        try:
            scheduling_round(duban)
        except Exception:
            log.exception("scheduling round failed")
        deadline = time.monotonic() + ROUND_SECONDS
        while time.monotonic() < deadline and not stopping():
            time.sleep(1)
            # the lock lives with this connection: once it is lost (PostgreSQL restarted), another scheduler may
            # lead, so this one stops within the second, not at the end of the minute
            leader.still_connected(connection)


def run_scheduler(duban: Duban, stopping=lambda: False) -> None:
    while not stopping():
        try:
            with duban.engine.connect() as connection:
                if leader.try_lead(connection):
                    try:
                        _lead_rounds(duban, connection, stopping)
                    finally:
                        connection.invalidate()     # closes it for good, and the lock with it, never back to the pool
                    continue
        except Exception:
            log.exception("scheduler lost its database connection; trying again")
        time.sleep(RETRY_SECONDS)


async def run_sender(duban: Duban) -> None:
    bot = bare_bot(duban.settings)
    await until_reached(bot.initialize)
    async with bot:
        while True:
            try:
                await send_queued(bot, duban)
            except Exception:
                log.exception("sending round failed; trying again")
            await asyncio.sleep(SENDER_POLL_SECONDS)
