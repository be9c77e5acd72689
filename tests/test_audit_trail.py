"""The audit trail (留痕) cannot be cut short or rewritten unseen: a keyed chain, and anchors filed outside it.

Each attack is what someone who can write the database, but not read the key, can do: edit an entry and chain
everything after it again, wipe the trail, cut its latest entries and set `audit_head` back.
"""

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import text
from sqlmodel import Session

from store import audit, audit_key
from store.db import make_engine, upgrade
from tests.conftest import TEST_AUDIT_KEY
from tests.test_cli_store import YONGNING, run
from tests.test_store import LIAISON, act, import_yongning, item_id


def _rechain_with(engine, key: bytes) -> None:
    """What an attacker without the key can do: chain the trail again with a key of their own."""
    audit_key.use_key(lambda: key)
    try:
        with engine.begin() as connection:
            audit.rechain(connection)
    finally:
        audit_key.use_key(lambda: TEST_AUDIT_KEY.encode())


def _faults(engine, against=None) -> list[str]:
    with Session(engine) as session:
        return audit.verify(session, against)


def _anchor(engine) -> str:
    with Session(engine) as session:
        return audit.anchor(session)


@pytest.fixture
def trail(engine, calendar):
    import_yongning(engine, calendar)
    row17 = item_id(engine, "永宁县司法局", 17, "2022-11-30")
    act(engine, LIAISON, row17, "acknowledge")
    act(engine, LIAISON, row17, "progress")
    return engine


def test_an_edited_entry_with_the_chain_recomputed_without_the_key_is_detected(trail):
    with trail.begin() as connection:
        connection.execute(text("UPDATE audit_entry SET actor = 'someone-else' WHERE action = 'item.acknowledge'"))
    _rechain_with(trail, b"the attacker's guess at the key, 32+")
    assert len(_faults(trail)) == 3 and all("不是用本机的留痕密钥写的" in f for f in _faults(trail))


def test_a_wiped_trail_is_detected(trail):
    with trail.begin() as connection:
        connection.execute(text("DELETE FROM audit_entry"))
        connection.execute(text("DELETE FROM audit_head"))
    assert _faults(trail) == ["留痕为空，但数据库中有计划或人员：留痕被清空"]


def test_latest_entries_cut_with_the_head_set_back_are_caught_by_an_anchor_filed_before(trail):
    filed = _anchor(trail)
    assert filed.startswith("3:") and _faults(trail, filed) == []
    with trail.begin() as connection:
        kept = connection.execute(text("SELECT hash FROM audit_entry ORDER BY id LIMIT 1 OFFSET 1")).scalar()
        connection.execute(text("DELETE FROM audit_entry WHERE action = 'item.progress'"))
        connection.execute(text("UPDATE audit_head SET entries = 2, last_hash = :kept"), {"kept": kept})
    assert _faults(trail) == []                       # the database alone cannot tell: that is what anchors are for
    assert _faults(trail, filed) == ["与锚点不符：第3条不存在（此后的记录被删除）"]


def test_an_anchor_holds_while_entries_are_added_and_fails_once_its_entry_is_rewritten(trail):
    filed = _anchor(trail)
    act(trail, LIAISON, item_id(trail, "永宁县司法局", 17, "2022-11-30"), "submit")
    assert _faults(trail, filed) == []
    with trail.begin() as connection:
        connection.execute(text("UPDATE audit_entry SET subject = 'item:1' WHERE action = 'item.progress'"))
    _rechain_with(trail, TEST_AUDIT_KEY.encode())      # even the key's holder cannot rewrite what was anchored
    assert _faults(trail, filed) == ["与锚点不符：第3条已不是锚点记下的那一条（记录被改写）"]


def test_a_malformed_anchor_is_refused_in_words(trail):
    with pytest.raises(ValueError, match="不是留痕锚点"):
        _faults(trail, "3:abc")


def test_the_migration_chains_an_existing_trail_with_the_key(tmp_path, calendar):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    from alembic import command
    from store.db import _alembic_config
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0009_i26")
    import_yongning(engine, calendar)
    _rechain_with(engine, b"an unkeyed chain stands in for the old one")
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0009_i26")    # as it was before this version
    assert _faults(engine) != []
    upgrade(engine)
    assert _faults(engine) == []


def test_every_report_and_export_carries_the_anchor_and_verify_against_proves_it(capsys, database_url, tmp_path):
    run(capsys, "db", "upgrade")
    run(capsys, "import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml"))
    report, ledger, notice = tmp_path / "通报.docx", tmp_path / "台账.xlsx", tmp_path / "整改.docx"
    _, out, _ = run(capsys, "report", "quarterly", "--period", "2022Q3", "--out", str(report))
    anchor = out.split("留痕锚点：")[1].split("（")[0]
    assert anchor.startswith("1:") and anchor in Document(report).paragraphs[-1].text
    _, out, _ = run(capsys, "export", "ledger", "--out", str(ledger))
    book = load_workbook(ledger)
    assert anchor in book["留痕锚点"]["A1"].value and anchor in book.worksheets[0].oddFooter.left.text
    _, out, _ = run(capsys, "notice", "--unit", "县司法局", "--items", "17", "--problem", "未按时公开",
                    "--out", str(notice))
    later = out.split("留痕锚点：")[1].split("（")[0]
    assert later.startswith("2:") and later in Document(notice).paragraphs[-1].text
    status, out, _ = run(capsys, "audit", "verify", "--against", anchor)
    assert status == 0 and "相符" in out
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entry"))
        connection.execute(text("DELETE FROM audit_head"))
    status, out, _ = run(capsys, "audit", "verify", "--against", later)
    assert status == 1 and "第2条不存在" in out
    engine.dispose()
