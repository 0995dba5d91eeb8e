"""Running a stage over article chunks in worker processes gives the serial result, row for row."""

from __future__ import annotations

import polars as pl

from pipeline import parallel
from pipeline.cleaning import clean_articles
from pipeline.entities import extract_mentions
from pipeline.events import extract_events
from pipeline.lexicon import arabic_vocabulary
from pipeline.segmentation import SPLIT_INPUT_COLUMNS, split_sentences
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


def test_warm_up_starts_the_workers_only_for_a_parallel_batch(monkeypatch) -> None:
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    parallel.shutdown()
    parallel.warm_up(parallel.MIN_ROWS_FOR_PARALLEL - 1, arabic_vocabulary)
    assert parallel._pool is None  # a small batch runs in-process: no workers to start
    parallel.warm_up(parallel.MIN_ROWS_FOR_PARALLEL, arabic_vocabulary)
    pool = parallel._pool
    assert pool is not None and len(pool._processes) == 2  # both spawned, loading in the background
    monkeypatch.setattr(parallel, "MIN_ROWS_FOR_PARALLEL", 1)
    raw = pl.DataFrame([
        {"article_id": f"a{i}", "raw_text": "نص.", "language": "ar", "content_sha256": "x"} for i in range(4)
    ])
    assert parallel.map_articles(clean_articles, raw).height == 4
    assert parallel._pool is pool  # the warmed workers are the ones that ran the stage
