"""The database going away under a running bot: a reply sent meanwhile is kept and answered once it is back.

The outage is a TCP proxy in front of the local PostgreSQL that the test cuts
and restores, so the shared server keeps running for the rest of the suite.
"""
import socket
import threading

import pytest
from sqlmodel import Session, select

from store.db import make_engine, upgrade
from store.tables import ReplyRow
from tests.bot_harness import duban_bot, local
from tests.conftest import POSTGRES_URL, database_engine, drop_schema

LIAISON = 1001


class Proxy:
    """127.0.0.1:port → PostgreSQL, with every connection dropped and new ones refused while cut."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream, self.down, self.sockets = upstream, False, []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            server = socket.create_connection(self.upstream)
            self.sockets += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for end in (source, target):
            end.close()

    def cut(self) -> None:
        self.down = True
        for end in self.sockets:
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.sockets = []

    def restore(self) -> None:
        self.down = False

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.fixture
def proxied(tmp_path):
    direct, schema = database_engine("postgresql", tmp_path)
    upgrade(direct)
    direct.dispose()
    proxy = Proxy(("127.0.0.1", make_engine(POSTGRES_URL).url.port or 5432))
    engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{proxy.port}/test", schema)
    yield engine, proxy
    engine.dispose()
    proxy.close()
    drop_schema(schema)


async def test_a_reply_sent_while_the_database_is_down_is_stored_and_answered_when_it_is_back(proxied, calendar):
    engine, proxy = proxied
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as bot:
        await bot.join(LIAISON, "liaison-a", "县司法局")
        seen = bot.count(LIAISON)
        proxy.cut()                                              # PostgreSQL restarts
        bot.api.user_sends(LIAISON, "17号已完成 http://www.yongning.gov.cn/xxgk/17.html")
        for _ in range(10):                                      # three seconds down: the handler waits
            assert bot.count(LIAISON) == seen
            await bot.settle()
        proxy.restore()
        answer = await bot.api.wait_for(lambda: next((m for m in bot.api.messages_to(LIAISON)[seen:]), None), 30)
        assert "已提交" in answer["text"]
    with Session(engine) as session:
        stored = session.execute(select(ReplyRow).where(ReplyRow.action == "submit")).scalars().all()
    assert [r.urls for r in stored] == ["http://www.yongning.gov.cn/xxgk/17.html"]
