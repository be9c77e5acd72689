"""A restore never destroys: a backup is checked before anything is touched, and what it replaces is kept."""
import json
import sqlite3

import pytest
from sqlalchemy import text

from store import backup as backups
from store.db import head_revision, make_engine
from tests.conftest import drop_schema
from tests.test_cli_store import YONGNING, run


@pytest.fixture
def stored(capsys, database_url):
    run(capsys, "db", "upgrade")
    run(capsys, "import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml"))
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _live_is_intact(capsys) -> bool:
    status, out, _ = run(capsys, "audit", "verify")
    return status == 0 and len(json.loads(run(capsys, "due", "--format", "json")[1])) == 940


def _backup_as(engine, path, change: str):
    """A backup of the live database as it is after `change`, which is then undone on the live database."""
    undo = {"version": f"UPDATE alembic_version SET version_num = '{head_revision()}'",
            "entry": "UPDATE audit_entry SET actor = 'cli:' || substr(actor, 8) WHERE actor LIKE 'forged:%'"}
    with engine.begin() as connection:
        connection.execute(text({"version": "UPDATE alembic_version SET version_num = '9999_newer'",
                                 "entry": "UPDATE audit_entry SET actor = 'forged:' || substr(actor, 5)"}[change]))
    backups.backup(engine, path)
    with engine.begin() as connection:
        connection.execute(text(undo[change]))
    return path


def test_a_file_that_is_no_duban_database_is_refused_and_nothing_is_touched(capsys, stored, tmp_path):
    foreign = tmp_path / "other.sqlite3"
    with sqlite3.connect(foreign) as other:
        other.execute("create table notes (body text)")
    status, _, err = run(capsys, "restore", str(foreign))
    assert status == 2 and "不是 Duban 的数据库备份" in err and str(foreign) in err
    assert _live_is_intact(capsys)


def test_a_newer_versions_backup_is_refused_before_the_database_is_touched(capsys, stored, tmp_path):
    newer = _backup_as(stored, tmp_path / "newer.backup", "version")
    status, _, err = run(capsys, "restore", str(newer))
    assert status == 2 and "9999_newer" in err
    assert _live_is_intact(capsys)


def test_a_doctored_backup_whose_chain_does_not_verify_is_refused(capsys, stored, tmp_path):
    doctored = _backup_as(stored, tmp_path / "doctored.backup", "entry")
    assert _live_is_intact(capsys)
    status, _, err = run(capsys, "restore", str(doctored))
    assert status == 2 and "留痕校验不通过" in err
    assert _live_is_intact(capsys)


def test_a_restore_keeps_what_it_replaced(capsys, stored, tmp_path):
    backup_file = tmp_path / "duban.backup"
    run(capsys, "backup", "--out", str(backup_file))
    run(capsys, "audit", "export", "--format", "csv", "--out", str(tmp_path / "audit.csv"))  # after the backup
    status, out, _ = run(capsys, "restore", str(backup_file))
    kept = out.split("已保留：")[1].split("（")[0]
    assert status == 0 and _live_is_intact(capsys)
    if kept.startswith("schema "):
        schema = kept.removeprefix("schema ")
        with stored.connect() as connection:
            actions = connection.execute(text(f'select action from "{schema}".audit_entry order by id')).scalars().all()
        drop_schema(schema)
    else:
        with sqlite3.connect(kept) as copy:
            actions = [a for a, in copy.execute("select action from audit_entry order by id")]
    assert actions == ["plan.import", "db.backup", "audit.export"]
