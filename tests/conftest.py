"""Shared fixtures: the sample plans shipped under examples/, read as a user would."""
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from importers.calendar_data import load_calendar
from importers.plan_text import read_plan_text
from importers.roster_file import load_roster
from store.db import make_engine, upgrade
from workflows.check import check_plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SAMPLES = ("yongning-2022", "zhongwei-2022", "xingqing-xinfang-2022")


def sample_plan(name: str):
    return read_plan_text((EXAMPLES / name / "plan.txt").read_text(encoding="utf-8"))


def sample_roster(name: str):
    return load_roster(EXAMPLES / name / "roster.yaml")


# fixtures several modules use
pytest_plugins = ("tests.evidence_samples", "tests.cli_fixtures", "tests.console_harness",
                  "tests.console_office")
TEST_AUDIT_KEY = "test-audit-key-" + "0" * 32


@pytest.fixture(autouse=True)
def audit_key(monkeypatch):
    """The audit chain's key, for this process and the `duban` commands and workers the tests start."""
    from store import audit_key
    monkeypatch.setenv("DUBAN_AUDIT_KEY", TEST_AUDIT_KEY)
    audit_key.use_key(lambda: TEST_AUDIT_KEY.encode())


@pytest.fixture(scope="session")
def calendar():
    return load_calendar()


@pytest.fixture(scope="session")
def checks():
    """plan check of every sample plan against its roster, by sample name."""
    return {name: check_plan(sample_plan(name), sample_roster(name)) for name in SAMPLES}


# --- databases: every store test runs on SQLite and on the local PostgreSQL ---
POSTGRES_URL = os.environ.get("DUBAN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_reachable() -> str | None:
    try:
        with make_engine(POSTGRES_URL).connect() as connection:
            connection.execute(text("select 1"))
        return None
    except Exception as error:  # any failure to connect means: no server here
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {error.__class__.__name__}"


def require(reason: str | None, needed_by: str) -> None:
    """Skip the test when something it needs is missing (`reason`), except under CI, where that is a failure."""
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} ({needed_by})")
        pytest.skip(reason)


def database_engine(kind: str, tmp_path):
    """A fresh, migrated database: a SQLite file, or a PostgreSQL schema of its own."""
    if kind == "sqlite":
        return make_engine(f"sqlite:///{tmp_path / 'duban.sqlite3'}"), None
    require(_postgres_reachable(), "CI requires PostgreSQL")
    schema = f"duban_test_{uuid.uuid4().hex[:12]}"
    with make_engine(POSTGRES_URL).begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    return make_engine(POSTGRES_URL, schema), schema


def drop_schema(schema: str | None) -> None:
    if schema:
        with make_engine(POSTGRES_URL).begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_engine(request, tmp_path):
    """An empty database with no tables yet."""
    engine, schema = database_engine(request.param, tmp_path)
    yield engine
    engine.dispose()
    drop_schema(schema)


@pytest.fixture
def engine(blank_engine):
    upgrade(blank_engine)
    return blank_engine


@pytest.fixture
def own_server():
    """A running PostgreSQL of the test's own, which it may stop and start (tests/own_postgres.py); removed after."""
    from tests import own_postgres
    require(own_postgres.unavailable(), "CI restarts a PostgreSQL of its own")
    server = own_postgres.OwnPostgres()
    server.start()
    yield server
    server.remove()
