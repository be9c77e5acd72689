"""One SQLite writer at a time inside the process, queued on a lock instead of SQLite's busy handler.

SQLite lets one transaction write at a time. A second writer that finds the
database locked sleeps and retries (1, 2, 5, 10, … ms) until the busy timeout:
when replies were handled on several threads, they spent more time asleep than
writing (bench/reply_throughput.py: 200 people replying at once were answered
faster by one thread than by eight). Replies now write from the event loop's
thread, the round and the senders' claims from worker threads, and the loop
must never sleep behind them longer than it has to. So the process takes this lock where
SQLite takes its write lock (a transaction's first write: pysqlite begins
transactions there) and gives it back once the connection has committed or
rolled back, and the next writer starts the moment it is free. Other processes
(a CLI command beside `duban run`) still meet SQLite's own lock and busy timeout.
"""
import sqlite3
import threading

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "SAVEPOINT")


class _Cursor(sqlite3.Cursor):
    def execute(self, sql, parameters=()):
        self.connection.will_run(sql)
        return super().execute(sql, parameters)

    def executemany(self, sql, parameters):
        self.connection.will_run(sql)
        return super().executemany(sql, parameters)


def queued_writer_connection(timeout: float) -> type[sqlite3.Connection]:
    """A connection class (sqlite3.connect's `factory`) whose connections share one lock for writing; waiting
    longer than `timeout` fails as SQLite's own busy timeout does."""
    lock = threading.Lock()

    class QueuedWriterConnection(sqlite3.Connection):
        writing = False

        def cursor(self, factory=_Cursor):
            return super().cursor(factory)

        def will_run(self, sql: str) -> None:
            if self.writing or not sql.lstrip()[:9].upper().startswith(WRITES):
                return
            if not lock.acquire(timeout=timeout):
                raise sqlite3.OperationalError("database is locked (waited for another writer of this process)")
            self.writing = True

        def _ending(self, end) -> None:
            """Commit, roll back or close, then give the turn back whatever happened."""
            try:
                end()
            finally:
                if self.writing:
                    self.writing = False
                    lock.release()

        def commit(self) -> None:
            self._ending(super().commit)

        def rollback(self) -> None:
            self._ending(super().rollback)

        def close(self) -> None:
            self._ending(super().close)

    return QueuedWriterConnection
