"""The raw-folder sensor on a real instance: new, changed, broken, unsettled and deleted files."""

from __future__ import annotations

import os
import time

import dagster as dg
import polars as pl

from assets.automation import ARTICLE_ASSETS, CORPUS_ASSETS, raw_folder_sensor
from assets.definitions import ALL_ASSETS, build_definitions
from assets.partitions import ARTICLES, RANGE_END_TAG, RANGE_START_TAG
from assets.resources import RawFolderResource, WarehouseResource
from pipeline.warehouse import Warehouse

NEW_TEXT = "أعلنت تركيا والسعودية اتفاقا للتعاون العسكري ضد تنظيم داعش. وقال الوزير إن الاتفاق مهم."


def _age(path, seconds: float = 60) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def _tick(instance, defs, cursor):
    resources = {"raw_folder": defs.resources["raw_folder"], "warehouse": defs.resources["warehouse"]}
    context = dg.build_sensor_context(instance=instance, cursor=cursor, definitions=defs, resources=resources)
    result = raw_folder_sensor(context)
    for request in result.dynamic_partitions_requests:
        if isinstance(request, dg.AddDynamicPartitionsRequest):
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        else:
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)
    return result


def _run(instance, raw, warehouse, request: dg.RunRequest) -> None:
    assert set(request.asset_selection) == set(ARTICLE_ASSETS + CORPUS_ASSETS)
    outcome = dg.materialize(
        ALL_ASSETS, instance=instance, tags=request.tags,
        resources={"raw_folder": RawFolderResource(path=str(raw)), "warehouse": WarehouseResource(root=str(warehouse))},
    )
    assert outcome.success


def _settled(raw, warehouse) -> dg.Definitions:
    """The definitions over `raw`, every file in it settled (written a minute ago)."""
    for path in raw.iterdir():
        _age(path)
    return build_definitions(str(raw), str(warehouse))


def test_sensor_registers_runs_and_cleans_up(instance, sample_raw, tmp_path) -> None:
    warehouse = tmp_path / "warehouse"
    defs = _settled(sample_raw, warehouse)

    # first tick: the five sample files become partitions and ONE run covers them
    first = _tick(instance, defs, None)
    assert sorted(instance.get_dynamic_partitions(ARTICLES)) == sorted(p.stem for p in sample_raw.iterdir())
    assert len(first.run_requests) == 1
    keys = instance.get_dynamic_partitions(ARTICLES)
    assert first.run_requests[0].tags[RANGE_START_TAG] == keys[0]
    assert first.run_requests[0].tags[RANGE_END_TAG] == keys[-1]
    _run(instance, sample_raw, warehouse, first.run_requests[0])

    # an unchanged folder: no run, same cursor (idempotent ticks)
    idle = _tick(instance, defs, first.cursor)
    assert idle.run_requests == [] and idle.cursor == first.cursor

    # a new file, a broken file, a file still being written, a touched file, a changed file
    (sample_raw / "turkey_saudi.txt").write_text(NEW_TEXT, encoding="utf-8")
    (sample_raw / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (sample_raw / "growing.txt").write_text("قيد الكتابة", encoding="utf-8")  # mtime is now: not settled
    for name in ("turkey_saudi.txt", "broken.txt"):
        _age(sample_raw / name)
    touched = sample_raw / "000_524521e6bcb1f856.txt"
    _age(touched, 5)  # same bytes, new mtime: no rerun
    changed = sample_raw / "002_0ceccdd6aa16405f.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nوقال مسؤول إن الاجتماع المقبل في موسكو.", encoding="utf-8")
    _age(changed, 30)

    second = _tick(instance, defs, idle.cursor)
    covered = set()
    ordered = instance.get_dynamic_partitions(ARTICLES)
    for request in second.run_requests:
        start, end = ordered.index(request.tags[RANGE_START_TAG]), ordered.index(request.tags[RANGE_END_TAG])
        covered |= set(ordered[start : end + 1])
    assert covered == {"turkey_saudi", "broken", "002_0ceccdd6aa16405f"}
    assert "growing" not in ordered
    for request in second.run_requests:
        _run(instance, sample_raw, warehouse, request)

    store = Warehouse(warehouse)
    quarantine = store.read_partitions("quarantine")
    assert quarantine.select("article_id", "reason").rows() == [("broken", "binary content (PNG signature)")]
    assert store.read_partitions("sentences", ["turkey_saudi"]).height == 2
    body = store.read_partitions("cleaned_articles", ["002_0ceccdd6aa16405f"])["body"].item()
    assert body.endswith("الاجتماع المقبل في موسكو.")

    # re-evaluating the same tick yields the same run keys: Dagster launches no duplicate
    with open(sample_raw / "growing.txt", "a", encoding="utf-8") as handle:
        handle.write(" وما زال الملف يكتب")  # still being written: still not settled
    replay = _tick(instance, defs, idle.cursor)
    assert sorted(r.run_key for r in replay.run_requests) == sorted(r.run_key for r in second.run_requests)

    # the growing file settles; then a file is deleted
    _age(sample_raw / "growing.txt")
    third = _tick(instance, defs, second.cursor)
    assert [r.tags[RANGE_START_TAG] for r in third.run_requests] == ["growing"]
    saudi_articles = store.read_corpus_table("actors").filter(pl.col("actor_id") == "SAU")["n_articles"].item()
    (sample_raw / "turkey_saudi.txt").unlink()
    fourth = _tick(instance, defs, third.cursor)
    assert "turkey_saudi" not in instance.get_dynamic_partitions(ARTICLES)
    # only the corpus-level tables are rebuilt, without the deleted article
    (rebuild,) = fourth.run_requests
    assert set(rebuild.asset_selection) == set(CORPUS_ASSETS) and RANGE_START_TAG not in rebuild.tags
    corpus_only = [a for a in ALL_ASSETS if {k.to_user_string() for k in a.keys} <= {"actors"}]
    assert dg.materialize(corpus_only, instance=instance, tags=rebuild.tags,
                          resources={"warehouse": WarehouseResource(root=str(warehouse))}).success
    for table in ("raw_articles", "cleaned_articles", "sentences"):
        assert "turkey_saudi" not in store.partition_ids(table)
    assert store.read_partitions("sentences").filter(pl.col("article_id") == "turkey_saudi").is_empty()
    actors = store.read_corpus_table("actors")
    assert actors.filter(pl.col("actor_id") == "SAU")["n_articles"].item() == saudi_articles - 1


def test_a_file_repeating_an_article_of_an_earlier_run_is_marked_duplicate(instance, sample_raw, tmp_path) -> None:
    warehouse = tmp_path / "warehouse"
    defs = _settled(sample_raw, warehouse)
    first = _tick(instance, defs, None)
    _run(instance, sample_raw, warehouse, first.run_requests[0])

    # the same bytes under a new name, in a run of its own
    original = sample_raw / "000_524521e6bcb1f856.txt"
    (sample_raw / "repost.txt").write_bytes(original.read_bytes())
    _age(sample_raw / "repost.txt")
    second = _tick(instance, defs, first.cursor)
    assert [(r.tags[RANGE_START_TAG], r.tags[RANGE_END_TAG]) for r in second.run_requests] == [("repost", "repost")]
    _run(instance, sample_raw, warehouse, second.run_requests[0])
    store = Warehouse(warehouse)
    raw = store.read_partitions("raw_articles", ["repost", original.stem])
    assert dict(zip(raw["article_id"], raw["duplicate_of"])) == {original.stem: None, "repost": original.stem}
