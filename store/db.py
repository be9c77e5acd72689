"""Connecting to the database: engines, SQLite pragmas, migrations and the schema check.

SQLite (the default, one file) runs in WAL mode with foreign keys on; PostgreSQL
is reached through psycopg 3. The application never creates tables itself:
Alembic migrations do (`duban db upgrade`), and `open_database` refuses a schema
that is behind or ahead of this code, saying what to do.
"""
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic import command
from sqlalchemy import Engine, create_engine, event

from store.writer_lock import queued_writer_connection
from workflows.errors import SetupError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_SECONDS = 10


class SchemaError(SetupError, RuntimeError):
    """The database schema does not match this version of Duban; the message says which command helps."""


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    cursor.close()


def make_engine(url: str, schema: str | None = None) -> Engine:
    """An engine for `url`; `schema` puts a PostgreSQL session in that schema (tests use one per run)."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS,
                                                  "factory": queued_writer_connection(SQLITE_BUSY_SECONDS)})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    options = {"options": f"-csearch_path={schema}"} if schema else {}
    return create_engine(url, connect_args=options, pool_pre_ping=True)


def _alembic_config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Migrate to the newest schema; the revision found (None: a new database) and the one now in place."""
    with engine.begin() as connection:
        found = MigrationContext.configure(connection).get_current_revision()
        command.upgrade(_alembic_config(connection), "head")
    return found, ScriptDirectory(str(MIGRATIONS)).get_current_head()


def head_revision() -> str:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def check_schema(engine: Engine) -> None:
    head = head_revision()
    scripts = ScriptDirectory(str(MIGRATIONS))
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head:
        return
    if current is None:
        raise SchemaError("数据库尚未建表：请先运行 `duban db upgrade`")
    try:
        scripts.get_revision(current)
    except Exception:
        raise SchemaError(f"数据库版本 {current} 比本程序新：请升级 Duban，不要用旧版本写入")
    raise SchemaError(f"数据库版本 {current} 落后于程序（{head}）：请运行 `duban db upgrade`")


def open_database(url: str, schema: str | None = None) -> Engine:
    """An engine whose schema is known to match this code."""
    engine = make_engine(url, schema)
    check_schema(engine)
    return engine
