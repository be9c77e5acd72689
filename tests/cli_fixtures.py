"""Fixtures the command-line tests share (registered in conftest.py): a database for each kind, and the Bot API
emulator with a configured environment."""
import asyncio
import threading
from urllib.parse import quote

import pytest

from bot.cli.main import main
from bot.rehearsal.emulator import Emulator
from tests.bot_harness import TOKEN
from tests.conftest import EXAMPLES, database_engine, drop_schema

YONGNING = EXAMPLES / "yongning-2022"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, monkeypatch):
    engine, schema = database_engine(request.param, tmp_path)
    url = engine.url.render_as_string(hide_password=False)
    if schema:   # the schema travels in the URL, as an operator would write it
        url += "?options=" + quote(f"-csearch_path={schema}")
    engine.dispose()
    monkeypatch.setenv("DUBAN_DATABASE_URL", url)
    yield url
    drop_schema(schema)


@pytest.fixture
def api():
    """The emulator on its own event loop in a thread, as a separate server would be."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    emulator = asyncio.run_coroutine_threadsafe(Emulator(TOKEN).start(), loop).result()
    yield emulator
    asyncio.run_coroutine_threadsafe(emulator.stop(), loop).result()
    loop.call_soon_threadsafe(loop.stop)


@pytest.fixture
def configured(tmp_path, monkeypatch, api):
    monkeypatch.setenv("DUBAN_DATABASE_URL", f"sqlite:///{tmp_path / 'duban.sqlite3'}")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_BASE_URL", api.base_url)
    monkeypatch.setenv("DUBAN_NOW", "2022-11-23T10:00:00+08:00")
    assert main(["db", "upgrade"]) == 0
    assert main(["import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml")]) == 0
    return api
