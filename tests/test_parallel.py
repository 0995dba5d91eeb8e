"""Work split over worker processes gives the serial result, row for row: a
stage over article chunks, and a whole step (read, compute, write, check)
over shares of the warehouse partitions."""

from __future__ import annotations

import datetime as dt
import gc
import os
from pathlib import Path

import polars as pl

from pipeline import parallel
from pipeline.cleaning import clean_articles
from pipeline.contract import PARTITIONED_TABLES
from pipeline.entities import extract_mentions
from pipeline.events import extract_events
from pipeline.ingest import ingest_files
from pipeline.lexicon import arabic_vocabulary
from pipeline.segmentation import SPLIT_INPUT_COLUMNS, split_sentences
from pipeline.steps import (
    StepReport,
    actors_step,
    clean_step,
    dyads_step,
    events_step,
    mentions_step,
    sentences_step,
    store_ingested_step,
)
from pipeline.warehouse import Warehouse
from tests.conftest import RAW_DIR


def test_parallel_stages_match_serial(monkeypatch) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(RAW_DIR.glob("*.txt"))]
    raw = pl.DataFrame([
        {"article_id": f"a{i:02d}", "raw_text": texts[i % len(texts)], "language": "ar", "content_sha256": "x"}
        for i in range(8)
    ])
    cleaned = clean_articles(raw)
    sentences = split_sentences(cleaned)
    mentions = extract_mentions(sentences)
    events = extract_events(sentences, mentions)

    monkeypatch.setattr(parallel, "MIN_ROWS_FOR_PARALLEL", 1)
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    assert parallel.map_articles(clean_articles, raw).sort("article_id").equals(cleaned.sort("article_id"))
    split = parallel.map_articles(split_sentences, cleaned.select(SPLIT_INPUT_COLUMNS))
    assert split.equals(sentences.sort("article_id", "sentence_id"))
    assert parallel.map_articles(extract_mentions, sentences).equals(mentions)
    key = ["article_id", "sentence_id", "event_id"]
    assert parallel.map_articles(extract_events, sentences, mentions).sort(key).equals(events.sort(key))


def _raw_folder(raw: Path) -> Path:
    """9 files: the samples twice (the copies edited) and an empty file for quarantine."""
    raw.mkdir()
    for i, path in enumerate(sorted(RAW_DIR.glob("*.txt")) * 2):
        (raw / f"a{i:02d}.txt").write_text(path.read_text(encoding="utf-8") + ("\nالمصدر: نسخة" if i >= 5 else ""),
                                           encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    return raw


def _run_steps(store: Warehouse, raw: Path) -> list[StepReport]:
    """Every per-article step over the folder's articles; each step's reports merged."""
    raw_rows, quarantine_rows = ingest_files(
        raw, sorted(p.name for p in raw.iterdir()), dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    )
    ids = sorted(raw_rows["article_id"].to_list() + quarantine_rows["article_id"].to_list())
    pairs = parallel.map_partitions(store_ingested_step, store, ids, raw_rows, quarantine_rows)
    per_step = [[raw_report for raw_report, _ in pairs], [quarantine_report for _, quarantine_report in pairs]]
    for step, args in ((clean_step, ()), (sentences_step, ()), (mentions_step, (False,)), (events_step, ())):
        per_step.append(parallel.map_partitions(step, store, ids, *args))
    for reports in per_step:
        for share in reports[1:]:
            reports[0].add(share)
    return [reports[0] for reports in per_step]


def test_steps_on_workers_write_and_report_what_one_process_does(tmp_path, monkeypatch) -> None:
    raw = _raw_folder(tmp_path / "raw")
    serial_store, parallel_store = Warehouse(tmp_path / "serial"), Warehouse(tmp_path / "parallel")
    serial = _run_steps(serial_store, raw)

    monkeypatch.setattr(parallel, "MIN_ARTICLES_FOR_PARALLEL", 1)
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    on_workers = _run_steps(parallel_store, raw)

    for table in PARTITIONED_TABLES:
        assert parallel_store.partition_ids(table) == serial_store.partition_ids(table), table
        assert parallel_store.read_partitions(table).equals(serial_store.read_partitions(table)), table
    assert [r.table for r in serial] == ["raw_articles", "quarantine", "cleaned_articles", "sentences",
                                         "entity_mentions", "alliance_events"]
    assert serial[1].rows == 1 and all(r.rows for r in serial)
    for one, two in zip(serial, on_workers, strict=True):
        assert (two.table, two.rows, two.totals, two.tallies) == (one.table, one.rows, one.totals, one.tallies)
        assert two.head.height == one.head.height
        assert (len(one.outcomes), len(two.outcomes)) == (1, 2)  # each worker checked its own share
        assert [(o.name, o.passed) for o in two.merged_outcomes()] == [(o.name, o.passed) for o in one.merged_outcomes()]
        assert all(o.passed for o in one.merged_outcomes() if o.blocking)

    # the corpus tables, built in this process and on a worker, from the same partitions
    for step in (actors_step, dyads_step):
        here = step(serial_store)
        there = parallel.on_a_worker(step, parallel_store)
        here, there = (here[0], there[0]) if isinstance(here, tuple) else (here, there)
        assert here.table.height and there.table.equals(here.table)
        assert there.input_rows == here.input_rows
        assert [(o.name, o.passed) for o in there.outcomes] == [(o.name, True) for o in here.outcomes]


def test_on_a_worker_uses_the_running_workers_else_this_process(monkeypatch) -> None:
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    parallel.shutdown()
    assert parallel.on_a_worker(os.getpid) == os.getpid()  # no workers: nothing is started for one step
    parallel.warm_up(parallel.MIN_ARTICLES_FOR_PARALLEL)
    pool = parallel._pool
    assert parallel.on_a_worker(os.getpid) != os.getpid()
    assert parallel._pool is pool and len(pool._processes) == 2  # the running workers, not a new pool


def test_warm_up_starts_the_workers_only_for_a_parallel_batch(monkeypatch) -> None:
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    parallel.shutdown()
    parallel.warm_up(parallel.MIN_ARTICLES_FOR_PARALLEL - 1, arabic_vocabulary)
    assert parallel._pool is None  # a small run stays in-process: no workers to start
    parallel.warm_up(parallel.MIN_ARTICLES_FOR_PARALLEL, arabic_vocabulary)
    pool = parallel._pool
    assert pool is not None and len(pool._processes) == 2  # both spawned, loading in the background
    monkeypatch.setattr(parallel, "MIN_ROWS_FOR_PARALLEL", 1)
    raw = pl.DataFrame([
        {"article_id": f"a{i}", "raw_text": "نص.", "language": "ar", "content_sha256": "x"} for i in range(4)
    ])
    assert parallel.map_articles(clean_articles, raw).height == 4
    assert parallel._pool is pool  # the warmed workers are the ones that ran the stage


def _collector_state() -> tuple[int, int]:
    """In a worker: how many objects the cycle collector no longer visits, and its full-pass threshold."""
    return gc.get_freeze_count(), gc.get_threshold()[2]


def test_a_large_run_keeps_loaded_objects_out_of_the_collectors_passes(monkeypatch) -> None:
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    parallel.shutdown()
    parallel.warm_up(parallel.MIN_ARTICLES_FOR_PARALLEL, arabic_vocabulary)
    # this process (the run's) and a worker running a task have their modules and loaded data frozen
    assert gc.get_freeze_count() > 10_000
    frozen, full_pass_threshold = parallel.on_a_worker(_collector_state)
    assert frozen > 10_000
    assert full_pass_threshold == parallel.FULL_COLLECTION_EVERY
