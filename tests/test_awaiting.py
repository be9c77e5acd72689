"""What a person's next message answers is one typed value on their row: it survives a restart whole (a move's
item state with its dates), and an upgrade turns the older string forms into it, so nothing awaited is lost."""
from datetime import date

from alembic import command
from sqlalchemy import text
from sqlmodel import Session

from store import awaiting
from store.awaiting import CHOOSE, MOVE, Awaiting
from store.db import _alembic_config, make_engine, upgrade
from store.items import Evidence
from store.tables import PersonRow
from workflows.item_state import ItemState

EVIDENCE = Evidence("已发布", ("http://www.yongning.gov.cn/xxgk/17.html",), "file-1", "ab12")
BEFORE = ItemState("chased", date(2022, 11, 30), date(2022, 10, 31), "approved", date(2022, 11, 30))


def test_each_form_comes_back_as_it_was_stored():
    for value in (Awaiting("submit", item=17), Awaiting(CHOOSE, items=(3, 4), kept=EVIDENCE),
                  Awaiting(MOVE, items=(5, 6), kept=EVIDENCE, status="done", moved_from=4, before=BEFORE)):
        assert awaiting.parse(awaiting.dump(value)) == value
    assert awaiting.dump(None) == "" and awaiting.parse("") is None


OLD_FORMS = {
    1: ("extend:17", Awaiting("extend", item=17)),
    2: ('choose:{"items": [3, 4], "text": "已发布", "urls": ["http://www.yongning.gov.cn/xxgk/17.html"], '
        '"file_id": "file-1", "file_hash": "ab12"}', Awaiting(CHOOSE, items=(3, 4), kept=EVIDENCE)),
    3: ('move:{"from": 4, "items": [5, 6], "status": "done", "text": "已发布", '
        '"urls": ["http://www.yongning.gov.cn/xxgk/17.html"], "file_id": "file-1", "file_hash": "ab12", '
        '"before": {"state": "chased", "due": "2022-11-30", "original_due": "2022-10-31", "extension": "approved", '
        '"extension_to": "2022-11-30"}}',
        Awaiting(MOVE, items=(5, 6), kept=EVIDENCE, status="done", moved_from=4, before=BEFORE)),
    4: ("", None),
}


def test_the_upgrade_turns_the_older_forms_into_the_typed_one(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0010_i21")
        for person_id, (old, _) in OLD_FORMS.items():
            connection.execute(text("INSERT INTO person (id, telegram_user_id, name, role, active, reachable, "
                                    "awaiting, created_at) VALUES (:id, :tg, '王敏', 'liaison-a', 1, 1, :awaiting, "
                                    "'2022-11-23 02:00:00')"),
                               {"id": person_id, "tg": 1000 + person_id, "awaiting": old})
    upgrade(engine)
    with Session(engine) as session:
        assert {i: awaiting.of(session.get(PersonRow, i)) for i in OLD_FORMS} == {
            i: typed for i, (_, typed) in OLD_FORMS.items()}
    engine.dispose()
