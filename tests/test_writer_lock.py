"""SQLite writers of one process take turns on a lock: every way a transaction ends lets the next one write."""
import threading

import pytest
from sqlalchemy import create_engine, exc, text

from store.writer_lock import queued_writer_connection

PATIENCE = 1.0     # seconds a writer waits for its turn; a turn never given back fails the test that quickly


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'w.sqlite3'}",
                           connect_args={"timeout": PATIENCE, "factory": queued_writer_connection(PATIENCE)})
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE counter (n INTEGER)"))
        connection.execute(text("INSERT INTO counter VALUES (0)"))
    yield engine
    engine.dispose()


def bump(engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE counter SET n = n + 1"))


def count(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT n FROM counter")).scalar_one()


def in_thread(work) -> None:
    """Run `work` on another thread, as a reply's handler runs, and re-raise what it raised."""
    failed = []
    thread = threading.Thread(target=lambda: failed.extend(_raised(work)))
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def _raised(work) -> list[BaseException]:
    try:
        work()
        return []
    except BaseException as error:
        return [error]


# In each test the first writer's connection stays checked out, so the next writer comes on a connection of its own
# and has to take the turn.

def test_a_write_rolled_back_by_an_error_lets_the_next_writer_in(engine):
    with engine.connect() as first:
        with pytest.raises(ZeroDivisionError):
            with first.begin():
                first.execute(text("UPDATE counter SET n = 100"))
                1 / 0
        in_thread(lambda: bump(engine))
    assert count(engine) == 1


def test_a_failed_statement_inside_a_transaction_does_not_keep_the_turn(engine):
    with engine.connect() as first:
        with pytest.raises(exc.OperationalError):
            with first.begin():
                first.execute(text("UPDATE counter SET n = 5"))
                first.execute(text("UPDATE no_such_table SET n = 1"))
        in_thread(lambda: bump(engine))
    assert count(engine) == 1


def test_a_write_left_uncommitted_is_undone_when_its_connection_goes_back_and_the_next_writer_gets_in(engine):
    first = engine.connect()
    first.execute(text("UPDATE counter SET n = 100"))
    first.close()                       # back to the pool, which rolls it back
    with engine.connect():              # the pool hands that connection out again: the writer below needs another
        in_thread(lambda: bump(engine))
    assert count(engine) == 1


def test_a_writer_kept_waiting_past_its_patience_fails_as_a_locked_database_not_a_hang(engine):
    holding = engine.connect()
    holding.execute(text("UPDATE counter SET n = 7"))
    with pytest.raises(exc.OperationalError, match="database is locked"):
        in_thread(lambda: bump(engine))
    holding.commit()
    holding.close()
    assert count(engine) == 7


def test_readers_are_not_held_up_by_a_writer(engine):
    holding = engine.connect()
    holding.execute(text("UPDATE counter SET n = 7"))
    seen = []
    in_thread(lambda: seen.append(count(engine)))
    holding.rollback()
    holding.close()
    assert seen == [0]


def test_writers_on_many_threads_all_get_their_turn(engine):
    threads = [threading.Thread(target=lambda: [bump(engine) for _ in range(25)]) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert count(engine) == 200
