"""Backups: SQLite's online backup API, pg_dump / pg_restore for PostgreSQL.

A restore replaces the whole database with the backup, audit trail included,
and checks first that the file is a Duban database.
"""
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine, text


class BackupError(RuntimeError):
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


def _copy_sqlite(source_path: str, target_path: str) -> None:
    source, target = sqlite3.connect(source_path), sqlite3.connect(target_path)
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


def _check_sqlite_backup(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as probe:
            probe.execute("select version_num from alembic_version").fetchone()
    except sqlite3.Error:
        raise BackupError(f"{path}: 不是 Duban 的数据库备份")


def restore(engine: Engine, backup_file: Path) -> None:
    if not backup_file.is_file():
        raise BackupError(f"{backup_file}: 文件不存在")
    if engine.url.get_backend_name() == "sqlite":
        _check_sqlite_backup(backup_file)
        engine.dispose()
        _copy_sqlite(str(backup_file), engine.url.database)
        return
    url, schema = _libpq(engine)
    engine.dispose()
    _run(["pg_restore", "--clean", "--if-exists", f"--schema={schema}", f"--dbname={url}", str(backup_file)])
