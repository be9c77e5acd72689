"""Persistence: a plan imported, answered and verified survives a restart, on SQLite and PostgreSQL."""
import threading
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from bot.services.importing import StoreError, import_plan_file
from store import audit, items as item_service, queries
from store.audit import Actor
from store.db import SchemaError, check_schema, make_engine, upgrade
from store.tables import DueItemRow, PlanRow, ReplyRow, UnitRow
from store.uow import UnitOfWork
from tests.conftest import EXAMPLES
from workflows.item_state import TransitionError
from workflows.ladder import dues_stepping

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2022, 6, 1, 9, 30, tzinfo=SHANGHAI)
OFFICE = Actor("office-admin", "admin", chat_id=-1001234567890)
LIAISON = Actor("judicial-liaison-a", "liaison-a", chat_id=5_000_000_001)
YONGNING = EXAMPLES / "yongning-2022"


def clock():
    return NOW


def import_yongning(engine, calendar, plan_path=YONGNING / "plan.txt"):
    return import_plan_file(engine, clock, OFFICE, plan_path, YONGNING / "roster.yaml", calendar).result


def item_id(engine, unit, row, period):
    with Session(engine) as session:
        return session.execute(select(DueItemRow.id).join(UnitRow, UnitRow.id == DueItemRow.unit_id).where(
            UnitRow.name == unit, DueItemRow.row == row, DueItemRow.period == period)).scalar_one()


def act(engine, actor, item, action, **kw):
    with UnitOfWork(engine, clock, actor) as uow:
        state = item_service.act(uow, item, action, by_office=actor.role == "admin", **kw)
        uow.commit()
    return state


def reopen(engine):
    """A new engine on the same database, as a restarted process would open it."""
    schema = None
    if engine.url.get_backend_name() != "sqlite":
        with engine.connect() as connection:
            schema = connection.execute(text("select current_schema()")).scalar()
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    return make_engine(url, schema)


def test_an_empty_database_is_refused_until_upgraded(blank_engine):
    with pytest.raises(SchemaError, match="duban db upgrade"):
        check_schema(blank_engine)
    upgrade(blank_engine)
    check_schema(blank_engine)


def test_a_schema_from_a_newer_duban_is_refused(engine):
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaError, match="比本程序新"):
        check_schema(engine)


def test_importing_materialises_every_due_item_once(engine, calendar):
    first = import_yongning(engine, calendar)
    assert (first.created, first.kept, first.unchanged) == (940, 0, False)
    again = import_yongning(engine, calendar)
    assert again.unchanged
    with Session(engine) as session:
        assert session.execute(text("select count(*) from due_item")).scalar() == 940


def test_an_answered_and_verified_item_survives_a_restart_with_its_trail(engine, calendar, tmp_path):
    import_yongning(engine, calendar)
    row17 = item_id(engine, "永宁县司法局", 17, "2022-11-30")
    act(engine, LIAISON, row17, "submit", evidence=item_service.Evidence(
        text="已发布", urls=("http://www.yongning.gov.cn/xxgk/gfxwj/",)))
    act(engine, OFFICE, row17, "accept")
    restarted = reopen(engine)
    with Session(restarted) as session:
        stored = session.get(DueItemRow, row17)
        replies = session.execute(select(ReplyRow).where(ReplyRow.item_id == row17)).scalars().all()
        assert stored.state == "accepted"
        assert [(r.action, r.urls) for r in replies] == [("submit", "http://www.yongning.gov.cn/xxgk/gfxwj/"),
                                                         ("accept", "")]
        assert replies[0].at == NOW                                  # the instant, stored as UTC
        assert replies[0].at.tzinfo == timezone.utc
        trail = session.execute(select(audit.AuditEntry).order_by(audit.AuditEntry.id)).scalars().all()
        assert [(e.action, e.actor) for e in trail] == [
            ("plan.import", "office-admin"), ("item.submit", "judicial-liaison-a"), ("item.accept", "office-admin")]
        assert trail[1].chat_id == 5_000_000_001 and '"state": "submitted"' in trail[1].after
        assert audit.verify(session) == []
    restarted.dispose()


def test_a_revised_plan_keeps_answered_items_and_drops_only_untouched_ones(engine, calendar, tmp_path):
    import_yongning(engine, calendar)
    row52 = item_id(engine, "杨和镇", 52, "2022-06-15")
    act(engine, LIAISON, row52, "acknowledge")
    revised = tmp_path / "plan.txt"   # the office moves row 52 to 6月20日前
    revised.write_text((YONGNING / "plan.txt").read_text(encoding="utf-8").replace(
        "各单位政务公开工作要点要于 6月 15 日前报", "各单位政务公开工作要点要于 6月 20 日前报"), encoding="utf-8")
    result = import_yongning(engine, calendar, revised)
    assert (result.revision, result.created, result.retired) == (2, 25, 1)
    assert result.deleted == 24                                  # the other units had not touched row 52
    with Session(engine) as session:
        kept = session.get(DueItemRow, row52)
        assert (kept.state, kept.retired) == ("acknowledged", True)
        assert session.execute(text("select count(*) from due_item")).scalar() == 941


def test_the_state_machine_guards_stored_items(engine, calendar):
    import_yongning(engine, calendar)
    row17 = item_id(engine, "永宁县司法局", 17, "2022-11-30")
    with pytest.raises(TransitionError):
        act(engine, LIAISON, row17, "accept")
    with Session(engine) as session:
        assert session.get(DueItemRow, row17).state == "pending"
        assert session.execute(text("select count(*) from reply")).scalar() == 0


def test_an_extension_keeps_the_original_date_beside_the_new_one(engine, calendar):
    import_yongning(engine, calendar)
    row17 = item_id(engine, "永宁县司法局", 17, "2022-11-30")
    with UnitOfWork(engine, clock, LIAISON) as uow:
        item_service.ask_extension(uow, row17, date(2022, 12, 15), date(2022, 11, 20), None, "等待上级文件")
        uow.commit()
    with UnitOfWork(engine, clock, OFFICE) as uow:
        item_service.decide(uow, row17, True, None)
        uow.commit()
    with Session(engine) as session:
        stored = session.get(DueItemRow, row17)
        assert (stored.due, stored.original_due, stored.extension) == (date(2022, 12, 15), date(2022, 11, 30),
                                                                       "approved")


def test_the_tick_reads_the_open_items_whose_step_falls_today(engine, calendar):
    import_yongning(engine, calendar)
    today = date(2022, 6, 10)     # Friday: the 3-days-before step of 6-15 moves back over the weekend to today
    dues = dues_stepping(today - timedelta(days=1), today, calendar)
    assert date(2022, 6, 15) in dues and date(2022, 6, 30) not in dues
    with Session(engine) as session:
        plan_id = queries.latest_plan_id(session)
        groups = queries.chased_groups(session, plan_id, dues)
        names = {session.get(UnitRow, i).name for i, _, _ in groups}
    assert {(due, kind) for _, due, kind in groups} == {(date(2022, 6, 15), "once"), (date(2022, 6, 15), "recurring")}
    assert len(names) == 25 and "永宁县融媒体中心" in names
    late = date(2022, 6, 16)      # the 1st working day overdue of 6-15
    with Session(engine) as session:
        groups = queries.chased_groups(session, plan_id, dues_stepping(late - timedelta(days=1), late, calendar))
    assert {due for _, due, _ in groups} == {date(2022, 6, 15)}


def test_an_edited_or_deleted_audit_entry_is_detected(engine, calendar):
    import_yongning(engine, calendar)
    row17 = item_id(engine, "永宁县司法局", 17, "2022-11-30")
    act(engine, LIAISON, row17, "acknowledge")
    act(engine, LIAISON, row17, "progress")
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_entry SET actor = 'someone-else' WHERE action = 'item.acknowledge'"))
    with Session(engine) as session:
        assert any("被改动" in fault for fault in audit.verify(session))
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entry WHERE action = 'item.progress'"))
    with Session(engine) as session:
        assert any("末尾记录被删除" in fault for fault in audit.verify(session))


def test_the_audit_trail_exports_as_csv_for_excel_with_chinese_headers_and_local_times_and_as_json(engine, calendar):
    import csv
    import io
    import_yongning(engine, calendar)
    with Session(engine) as session:
        csv_text, json_text = audit.export(session, "csv", SHANGHAI), audit.export(session, "json", SHANGHAI)
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[0] == ["序号", "时间", "操作人", "角色", "会话", "操作", "对象", "变更前", "变更后", "前一条哈希",
                       "哈希"]
    assert rows[1][1] == "2022-06-01 09:30:00"                  # the clock's 09:30 in Shanghai, stored as 01:30 UTC
    assert "plan.import" in csv_text and '"actor": "office-admin"' in json_text
    assert '"at": "2022-06-01T01:30:00+00:00"' in json_text


def test_a_failure_mid_import_stores_nothing(engine, calendar, tmp_path):
    broken_roster = tmp_path / "roster.yaml"   # a roster that misses a unit the plan names
    judicial = "  - {name: 永宁县司法局, kind: department, aliases: [县司法局], groups: [各部门（单位）]}\n"
    broken_roster.write_text((YONGNING / "roster.yaml").read_text(encoding="utf-8").replace(judicial, ""),
                             encoding="utf-8")
    imported = import_plan_file(engine, clock, OFFICE, YONGNING / "plan.txt", broken_roster, calendar)
    assert imported.result is None and {p.row for p in imported.check.errors} == {16, 17, 19}
    with Session(engine) as session:
        assert session.execute(select(PlanRow)).first() is None


def test_two_imports_racing_store_the_plan_once(engine, calendar):
    results, errors = [], []

    def run():
        try:
            results.append(import_yongning(engine, calendar))
        except StoreError as error:
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) + len(errors) == 2 and results
    with Session(engine) as session:
        assert session.execute(text("select count(*) from plan")).scalar() == 1
        assert session.execute(text("select count(*) from due_item")).scalar() == 940
        assert audit.verify(session) == []


KILLED_IMPORT = """
import os, sys, time
from pathlib import Path
from datetime import datetime, timezone
from importers.calendar_data import load_calendar
from importers.plan_text import read_plan_text
from importers.roster_file import load_roster
from store import audit_key
from store.audit import Actor
from store.db import make_engine
from store.plans import import_plan
from store.uow import UnitOfWork
from workflows.check import check_plan
from workflows.due import due_items
folder = Path(sys.argv[3])
plan = read_plan_text((folder / "plan.txt").read_text(encoding="utf-8"))
roster = load_roster(folder / "roster.yaml")
check = check_plan(plan, roster)
items = due_items(plan, list(check.rows), load_calendar())
engine = make_engine(sys.argv[1], sys.argv[2] or None)
audit_key.use_key(lambda: os.environ["DUBAN_AUDIT_KEY"].encode())
with UnitOfWork(engine, lambda: datetime.now(timezone.utc), Actor("killed")) as uow:
    import_plan(uow, check, roster, items, "plan.txt", "hash")
    uow.session.flush()
    print("written", flush=True)
    time.sleep(60)
"""


def test_a_process_killed_mid_import_leaves_nothing_half_written(engine, calendar):
    import signal
    import subprocess
    import sys
    schema = ""
    if engine.url.get_backend_name() != "sqlite":
        with engine.connect() as connection:
            schema = connection.execute(text("select current_schema()")).scalar()
    child = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, engine.url.render_as_string(hide_password=False),
                              schema, str(YONGNING)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "written"
    child.send_signal(signal.SIGKILL)
    child.wait()
    with Session(engine) as session:
        assert session.execute(text("select count(*) from due_item")).scalar() == 0
    assert import_yongning(engine, calendar).created == 940      # and the database takes the import afterwards


def test_a_full_disk_is_reported_and_nothing_is_stored(tmp_path, calendar):
    from sqlalchemy import event
    engine = make_engine(f"sqlite:///{tmp_path / 'full.sqlite3'}")
    upgrade(engine)
    engine.dispose()

    def tiny_disk(dbapi_connection, _record):   # SQLite answers SQLITE_FULL past this many pages
        dbapi_connection.execute("PRAGMA max_page_count = 60")

    event.listen(engine, "connect", tiny_disk)
    with pytest.raises(StoreError, match="磁盘已满"):
        import_yongning(engine, calendar)
    with Session(engine) as session:
        assert session.execute(text("select count(*) from plan")).scalar() == 0


def test_the_migrations_build_exactly_the_tables_the_code_uses(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
