"""A faster SQLite event log for this project's Dagster instance (dagster.yaml).

A backfill of N articles writes one materialization per article per asset
(6 an article), and Dagster's SQLite event log stores each one on its own:
a new engine and connection per write, a commit to disk per write, table and
column reflection before every asset event, and one "planned" event per
article per asset at run creation. That cost decided how long a large
backfill took (about 20 ms an event here). This subclass stores the same
tables and rows, but:

- keeps one small connection pool per database file, and lets SQLite's
  write-ahead log sync at checkpoints (synchronous=NORMAL), not per commit;
- remembers the tables and columns it has seen instead of reflecting them;
- stores a step's materializations in one transaction per shard
  (`store_event_batch`, fed by Dagster's DAGSTER_EVENT_BATCH_SIZE),
  serializes them once (they differ only in partition and timestamp), and
  reads their asset keys and tags straight off the materializations;
- writes one planned event per asset for a backfill run, not one per article.

A machine crash can lose the last few events (never corrupt the file); the
Parquet warehouse, written atomically, stays authoritative, and the daily
catch-up reruns whatever the event log does not show as done.
"""

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from dagster import AssetMaterialization
from dagster._core.events import DagsterEventType, StepMaterializationData
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log.schema import AssetEventTagsTable, SqlEventLogStorageTable
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from dagster._serdes import serialize_value
from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

# Dagster hands the materializations of one partitioned step to
# store_event_batch in groups of this size when the variable is set (it is
# off by default); an instance using this storage turns it on.
EVENT_BATCH_SIZE_ENV = "DAGSTER_EVENT_BATCH_SIZE"
EVENT_BATCH_SIZE = "1000"


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    def __init__(self, *args: Any, **kwargs: Any):
        os.environ.setdefault(EVENT_BATCH_SIZE_ENV, EVENT_BATCH_SIZE)
        self._engines: dict[str, Engine] = {}  # set before the parent's __init__ connects
        self._tables_seen: set[str] = set()
        self._columns_seen: set[str] = set()
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

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        """The materializations of one step's partitions, stored as SqliteEventLogStorage.store_event
        stores each (a row in the run's shard, the same row in the index shard, its tags, the
        asset's latest-materialization row) but in one transaction per shard."""
        materializations = _materializations_of_one_run(events)
        if materializations is None:
            super().store_event_batch(events)
            return
        rows = self._materialization_rows(events)
        with self.run_connection(events[0].run_id) as conn:
            conn.execute(SqlEventLogStorageTable.insert(), rows)
        with self.index_transaction() as conn:
            conn.execute(SqlEventLogStorageTable.insert(), rows)
            # SQLite numbers the rows of one insert consecutively and holds
            # the write lock until commit: the batch's ids are the last ones.
            last = conn.execute(select(func.max(SqlEventLogStorageTable.c.id))).scalar_one()
            ids = list(range(last - len(rows) + 1, last + 1))
            self._store_materialization_tags(conn, materializations, rows, ids)
            latest = {m.asset_key: (e, i) for e, m, i in zip(events, materializations, ids)}
            for latest_event, event_id in latest.values():
                self._store_asset_event(conn, latest_event, event_id)

    def _store_materialization_tags(
        self, conn: Connection, materializations: list[AssetMaterialization], rows: list[dict[str, Any]],
        ids: list[int],
    ) -> None:
        """The rows Dagster's `_store_asset_event_tags` stores for these events
        (their indexed tags), from the materializations and event rows at
        hand: the event properties it asks each event for were a fifth of
        the time it took to store a batch."""
        indexed: dict[frozenset[str], set[str]] = {}
        values = []
        for materialization, row, event_id in zip(materializations, rows, ids, strict=True):
            tags = materialization.tags or {}
            keys = frozenset(tags)
            if keys not in indexed:
                indexed[keys] = self.get_asset_tags_to_index(set(keys))
            values.extend(
                {"event_id": event_id, "asset_key": row["asset_key"], "key": key, "value": value,
                 "event_timestamp": row["timestamp"]}
                for key, value in tags.items() if key in indexed[keys]
            )
        if values and self.has_table(AssetEventTagsTable.name):
            conn.execute(AssetEventTagsTable.insert(), values)

    def _materialization_rows(self, events: Sequence[EventLogEntry]) -> list[dict[str, Any]]:
        """`[self._event_to_row(e) for e in events]`, with one serialization for
        the batch (events: materializations, as `_materializations_of_one_run` checks).

        The materializations of one step differ only in their partition and
        timestamp, and serializing each (4 KB of JSON, much of it the run's
        metadata) was most of the cost of storing them. So the first event is
        serialized once with a marker in those two places, and each event whose
        other fields equal the first one's gets that JSON with its own partition
        and timestamp put in; any other event is serialized on its own.
        """
        first = events[0]
        base = self._event_to_row(first)
        template = _template(first)
        first_rest = _all_but_partition_and_time(first)
        rows = [base]
        for e in events[1:]:
            if template is None or _all_but_partition_and_time(e) != first_rest:
                rows.append(self._event_to_row(e))
                continue
            partition = e.dagster_event.event_specific_data.materialization.partition  # type: ignore[union-attr]
            rows.append({
                **base,
                "event": template.fill(json.dumps(partition), json.dumps(e.timestamp)),
                "timestamp": self._event_insert_timestamp(e),
                "partition": partition or None,
            })
        return rows

    def has_table(self, table_name: str) -> bool:
        # Asked before every asset event is stored, each time through a new
        # engine; a table, once there, stays (migrations only add tables).
        if table_name not in self._tables_seen and super().has_table(table_name):
            self._tables_seen.add(table_name)
        return table_name in self._tables_seen

    def _has_asset_key_col_on_connection(self, conn: Connection, column_name: str) -> bool:
        # Also asked per asset event, by reflecting the whole table.
        if column_name not in self._columns_seen and super()._has_asset_key_col_on_connection(conn, column_name):
            self._columns_seen.add(column_name)
        return column_name in self._columns_seen

    @property
    def supports_partition_subset_in_asset_materialization_planned_events(self) -> bool:
        # One "planned" event per asset for a backfill run instead of one per
        # article (what DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS does).
        # The trade-off Dagster documents: when such a run fails, its
        # partitions are not marked failed, only left unmaterialized; the
        # daily catch-up works from the warehouse, not from that status.
        return True

    def dispose(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()
        super().dispose()

    @classmethod
    def from_config_value(cls, inst_data, config_value):  # noqa: ANN001, ANN206
        return cls(inst_data=inst_data, **config_value)


def _materializations_of_one_run(events: Sequence[EventLogEntry]) -> list[AssetMaterialization] | None:
    """The asset materializations the events carry, when every event is one of
    the same run; None otherwise. Read off the events' fields: DagsterEvent's
    checked properties, asked several times per event, took a sixth of the
    time to store a batch."""
    if not events or len({e.run_id for e in events}) != 1:
        return None
    found = []
    for e in events:
        event = e.dagster_event
        data = event.event_specific_data if event is not None else None
        if (
            type(data) is not StepMaterializationData
            or event.event_type_value != DagsterEventType.ASSET_MATERIALIZATION.value  # type: ignore[union-attr]
            or not data.materialization.asset_key
        ):
            return None
        found.append(data.materialization)
    return found


# Stand-ins for a materialization's partition and timestamp in its serialized template:
# values no real event has, whose JSON must occur exactly once in the template.
_PARTITION_MARK = "\x00partition of this event\x00"
_TIMESTAMP_MARK = -1.2345678901234567e-300
_PARTITION_JSON, _TIMESTAMP_JSON = json.dumps(_PARTITION_MARK), json.dumps(_TIMESTAMP_MARK)


@dataclass(frozen=True)
class _Template:
    """An event's JSON cut at its partition and its timestamp."""

    head: str
    middle: str
    tail: str
    partition_first: bool

    def fill(self, partition_json: str, timestamp_json: str) -> str:
        first, second = (partition_json, timestamp_json) if self.partition_first else (timestamp_json, partition_json)
        return "".join((self.head, first, self.middle, second, self.tail))


def _template(event: EventLogEntry) -> _Template | None:
    """`serialize_value(event)` (a materialization) cut where its partition
    and timestamp go, or None when a marker does not land exactly once in
    the JSON."""
    dagster_event = event.dagster_event
    data = dagster_event.event_specific_data  # type: ignore[union-attr]
    marked = event._replace(
        timestamp=_TIMESTAMP_MARK,
        dagster_event=dagster_event._replace(  # type: ignore[union-attr]
            event_specific_data=data._replace(materialization=data.materialization._replace(partition=_PARTITION_MARK))
        ),
    )
    text = serialize_value(marked)
    if text.count(_PARTITION_JSON) != 1 or text.count(_TIMESTAMP_JSON) != 1:
        return None
    partition_first = text.index(_PARTITION_JSON) < text.index(_TIMESTAMP_JSON)
    first, second = (_PARTITION_JSON, _TIMESTAMP_JSON) if partition_first else (_TIMESTAMP_JSON, _PARTITION_JSON)
    head, rest = text.split(first)
    middle, tail = rest.split(second)
    return _Template(head, middle, tail, partition_first)


def _all_but_partition_and_time(event: EventLogEntry) -> tuple:
    """Every field of a materialization event, down to its materialization,
    but its partition and its timestamp: two events with equal values
    serialize alike but for those two."""
    dagster_event = event.dagster_event
    data = dagster_event.event_specific_data  # type: ignore[union-attr]
    return (
        event._replace(timestamp=0.0, dagster_event=None),
        dagster_event._replace(event_specific_data=None),  # type: ignore[union-attr]
        data.asset_lineage,
        type(data.materialization),
        data.materialization._replace(partition=None),
    )
