"""The project's event log (assets/instance_storage.py) stores what Dagster's own SQLite event log stores.

A range run hands each step's per-partition materializations to
`store_event_batch`; the same run with batching turned off goes through
Dagster's one-event-at-a-time path. Both must leave the same rows behind.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.events import DagsterEventType
from dagster._core.events.log import EventLogEntry
from dagster._serdes import deserialize_value

from assets.instance_storage import EVENT_BATCH_SIZE_ENV, PooledSqliteEventLogStorage
from pipeline.cli import run_all_assets
from tests.conftest import RAW_DIR

PER_ARTICLE = ["raw_articles", "quarantine", "cleaned_articles", "sentences", "entity_mentions", "alliance_events"]


def _index_contents(home: Path) -> dict:
    db = sqlite3.connect(home / ".dagster" / "storage" / "history" / "runs" / "index.db")
    events = db.execute(
        "SELECT id, asset_key, partition, event, timestamp FROM event_logs "
        "WHERE dagster_event_type = 'ASSET_MATERIALIZATION'"
    ).fetchall()
    by_id = {i: (key, partition, json.loads(body)) for i, key, partition, body, _ in events}
    stored_at = {i: timestamp for i, *_, timestamp in events}
    # every indexed tag belongs to the event whose own tags carry it, with its timestamp
    tags = db.execute("SELECT event_id, asset_key, key, value, event_timestamp FROM asset_event_tags").fetchall()
    for event_id, asset_key, key, value, timestamp in tags:
        key_of_event, _, body = by_id[event_id]
        assert key_of_event == asset_key and timestamp == stored_at[event_id]
        assert body["dagster_event"]["event_specific_data"]["materialization"]["tags"][key] == value
    # the asset table points at the newest materialization of each asset
    latest = {}
    for asset_key, record in db.execute("SELECT asset_key, last_materialization FROM asset_keys"):
        if record is not None:
            storage_id = json.loads(record)["storage_id"]
            assert storage_id == max(i for i, (k, _, _) in by_id.items() if k == asset_key)
            latest[asset_key] = by_id[storage_id][1]
    planned = db.execute(
        "SELECT asset_key, count(*) FROM event_logs WHERE dagster_event_type = 'ASSET_MATERIALIZATION_PLANNED' "
        "GROUP BY asset_key"
    ).fetchall()
    return {
        "materialized": sorted((k, p) for k, p, _ in by_id.values()),
        "tags": sorted((k, key) for _, k, key, *_ in tags),
        "latest": latest,
        "planned": dict(planned),
    }


def _materialize_sample(home: Path, monkeypatch: pytest.MonkeyPatch, batch_size: str) -> dict:
    home.mkdir()
    (home / "dagster.yaml").write_text((Path(__file__).parents[1] / "dagster.yaml").read_text())
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv(EVENT_BATCH_SIZE_ENV, batch_size)
    monkeypatch.chdir(home)
    with dg.DagsterInstance.get() as instance:
        assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
        assert run_all_assets(instance, str(RAW_DIR), str(home / "warehouse")).success
        partitions = {a: set(instance.get_materialized_partitions(dg.AssetKey(a))) for a in PER_ARTICLE}
    return {"partitions": partitions, **_index_contents(home)}


def test_batched_materializations_store_what_one_by_one_storage_stores(tmp_path, monkeypatch) -> None:
    batched = _materialize_sample(tmp_path / "batched", monkeypatch, "1000")
    one_by_one = _materialize_sample(tmp_path / "one_by_one", monkeypatch, "0")
    assert batched == one_by_one
    ids = {p.stem for p in RAW_DIR.iterdir()}
    assert all(len(keys) == len(ids) for keys in batched["partitions"].values())
    assert len(batched["materialized"]) == len(PER_ARTICLE) * len(ids) + 2  # + actors, alliance_dyads
    # one planned event per asset for the whole range, not one per article
    assert set(batched["planned"].values()) == {1}


def test_a_steps_materializations_serialize_as_dagster_serializes_each(instance) -> None:
    """store_event_batch serializes one materialization of a step and fills in
    the others' partition and timestamp; every row must be what Dagster's
    own `_event_to_row` makes of that event, whatever the partition key."""
    assert run_all_assets(instance, str(RAW_DIR), "warehouse").success
    storage = instance.event_log_storage
    records = instance.get_records_for_run(
        instance.get_run_records()[0].dagster_run.run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION
    ).records
    events = [r.event_log_entry for r in records if r.event_log_entry.dagster_event.asset_key.path == ["sentences"]]
    assert len(events) == len(list(RAW_DIR.iterdir()))

    def with_partition(event: EventLogEntry, partition: str | None, seconds: float) -> EventLogEntry:
        data = event.dagster_event.event_specific_data
        materialization = data.materialization._replace(partition=partition)
        return event._replace(timestamp=event.timestamp + seconds, dagster_event=event.dagster_event._replace(
            event_specific_data=data._replace(materialization=materialization)))

    # keys JSON escapes, and keys that hold the template's own markers
    odd_keys = ['quote"and\\backslash', "عربي", "a\nb", "", None, "\x00partition of this event\x00",
                "p-1.2345678901234567e-300"]
    batch = events + [with_partition(events[0], key, i + 0.5) for i, key in enumerate(odd_keys)]
    # one event whose metadata differs: it must not take the first one's
    first_data = events[1].dagster_event.event_specific_data
    other = first_data.materialization._replace(metadata={"rows": dg.MetadataValue.int(-1)})
    batch.append(events[1]._replace(dagster_event=events[1].dagster_event._replace(
        event_specific_data=first_data._replace(materialization=other))))

    serialized = []
    original = PooledSqliteEventLogStorage._event_to_row

    def counting(self, event):  # noqa: ANN001, ANN202
        serialized.append(event)
        return original(self, event)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PooledSqliteEventLogStorage, "_event_to_row", counting)
        rows = storage._materialization_rows(batch)
    assert rows == [original(storage, e) for e in batch]
    for row, key in zip(rows[len(events) : -1], odd_keys, strict=True):
        assert deserialize_value(row["event"], EventLogEntry).dagster_event.partition == key
    # serialized in full: only the first event and the one with other metadata
    assert serialized == [batch[0], batch[-1]]
