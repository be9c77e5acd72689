"""Backups: SQLite's online backup API, pg_dump / pg_restore for PostgreSQL.

A restore replaces the whole database with the backup, audit trail included.
It never destroys: the backup is checked first (a readable database of this
version of Duban, whose audit chain verifies with this installation's key), and
what it replaces is kept beside it (a copy of the SQLite file, or the schema
renamed on PostgreSQL), to be removed by hand once the office is satisfied.
"""
import sqlite3
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlmodel import Session

from store import audit
from store.db import head_revision, make_engine
from workflows.errors import SetupError


class BackupError(SetupError, RuntimeError):
    """A backup or restore could not be made; the message says why."""


def _libpq(engine: Engine) -> tuple[str, str]:
    """The libpq URL and the schema the engine works in."""
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with engine.connect() as connection:
        return url, connection.execute(text("select current_schema()")).scalar()


def _run(command: list[str]) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"找不到 {command[0]}：请安装 PostgreSQL 客户端工具")
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or f"{command[0]} 运行失败")


def _copy_sqlite(source_path: str, target_path: str, uri: bool = False) -> None:
    source, target = sqlite3.connect(source_path, uri=uri), sqlite3.connect(target_path)
    try:
        source.backup(target)   # page by page, consistent while others write
    finally:
        source.close()
        target.close()


def backup(engine: Engine, out: Path) -> None:
    if engine.url.get_backend_name() == "sqlite":
        _copy_sqlite(engine.url.database, str(out))
        return
    url, schema = _libpq(engine)
    _run(["pg_dump", "--format=custom", f"--schema={schema}", f"--file={out}", url])


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _check(engine: Engine, backup_file: Path) -> None:
    """The restored copy is this version's schema and its audit trail verifies; BackupError naming the file else."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current is None:
        raise BackupError(f"{backup_file}: 不是 Duban 的数据库备份")
    if current != head_revision():
        raise BackupError(f"{backup_file}: 备份的数据库版本 {current} 与本程序的 {head_revision()} 不同："
                          "请用做备份时的 Duban 版本恢复（较旧的备份可先复制一份，对副本运行 duban db upgrade）")
    with Session(engine) as session:
        faults = audit.verify(session)
    if faults:
        raise BackupError(f"{backup_file}: 备份的留痕校验不通过（{len(faults)} 处，首处：{faults[0]}），拒绝恢复")


def _restore_sqlite(engine: Engine, backup_file: Path) -> str:
    live = Path(engine.url.database)
    with tempfile.TemporaryDirectory() as folder:
        staged = Path(folder) / "restoring.sqlite3"
        try:
            _copy_sqlite(f"file:{backup_file}?mode=ro", str(staged), uri=True)
            with sqlite3.connect(staged) as probe:
                intact = probe.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.Error:
            intact = False
        if not intact:
            raise BackupError(f"{backup_file}: 不是 Duban 的数据库备份，或文件已损坏")
        checked = make_engine(f"sqlite:///{staged}")
        try:
            _check(checked, backup_file)
        finally:
            checked.dispose()
        engine.dispose()
        kept = live.with_name(f"{live.name}.before-restore-{_stamp()}")
        _copy_sqlite(str(live), str(kept))
        _copy_sqlite(str(staged), str(live))
    return str(kept)


def _restore_postgres(engine: Engine, backup_file: Path) -> str:
    """The live schema is renamed aside, the backup restored in its place and checked there; on any fault the
    restored copy is dropped and the live schema renamed back."""
    try:
        _run(["pg_restore", "--list", str(backup_file)])
    except BackupError:
        raise BackupError(f"{backup_file}: 不是 Duban 的数据库备份（pg_dump 文件），或文件已损坏")
    url, schema = _libpq(engine)
    kept = f"{schema}_before_restore_{_stamp()}".lower()[:63]
    engine.dispose()
    with engine.begin() as connection:
        connection.execute(text(f'ALTER SCHEMA "{schema}" RENAME TO "{kept}"'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        _run(["pg_restore", "--no-owner", f"--schema={schema}", f"--dbname={url}", str(backup_file)])
        _check(engine, backup_file)
    except BackupError:
        engine.dispose()
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            connection.execute(text(f'ALTER SCHEMA "{kept}" RENAME TO "{schema}"'))
        raise
    finally:
        engine.dispose()
    return f"schema {kept}"


def restore(engine: Engine, backup_file: Path) -> str:
    """Replace the database with a checked backup; where what it replaced is kept."""
    if not backup_file.is_file():
        raise BackupError(f"{backup_file}: 文件不存在")
    if engine.url.get_backend_name() == "sqlite":
        return _restore_sqlite(engine, backup_file)
    return _restore_postgres(engine, backup_file)
