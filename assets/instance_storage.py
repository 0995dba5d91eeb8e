"""A faster SQLite event log for this project's Dagster instance (dagster.yaml).

Dagster's SQLite event log opens a new engine and connection for every event
it stores and commits each one to disk; a backfill of N articles writes one
materialization per article per asset, so that cost decides how long a large
backfill takes (about 20 ms an event here, 6 events an article). This
subclass keeps one small connection pool per database file and lets SQLite's
write-ahead log sync at checkpoints (synchronous=NORMAL) instead of on every
commit: the same tables and rows, about five times faster. A machine crash
can lose the last few events (never corrupt the file); the Parquet warehouse,
written atomically, stays authoritative, and the daily catch-up reruns
whatever the event log does not show as done.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    def __init__(self, *args: Any, **kwargs: Any):
        self._engines: dict[str, Engine] = {}  # set before the parent's __init__ connects
        super().__init__(*args, **kwargs)

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.get(shard)
        if engine is None:
            engine = create_engine(
                self.conn_string_for_shard(shard),
                poolclass=QueuePool, pool_size=1, max_overflow=4,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            )

            @event.listens_for(engine, "connect")
            def _sync_at_checkpoints(dbapi_connection, _record) -> None:  # noqa: ANN001
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.close()

            self._engines[shard] = engine
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn:
                with conn.begin():
                    yield conn

    def dispose(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()
        super().dispose()

    @classmethod
    def from_config_value(cls, inst_data, config_value):  # noqa: ANN001, ANN206
        return cls(inst_data=inst_data, **config_value)
