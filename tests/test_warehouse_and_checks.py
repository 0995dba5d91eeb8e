"""The Parquet warehouse (atomic, hive layout) and the data-quality checks on bad frames."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time

import polars as pl
import pyarrow.parquet as pq
import pytest

from pipeline.contract import empty_frame
from pipeline.quality import run_checks
from pipeline.warehouse import STALE_TEMP_SECONDS, CorruptPartitionError, Warehouse


def _sentences(article_id: str, n: int) -> pl.DataFrame:
    return pl.DataFrame({
        "article_id": [article_id] * n,
        "sentence_id": list(range(n)),
        "text": [f"جملة {i}." for i in range(n)],
        "start_char": [0] * n, "end_char": [6] * n, "n_tokens": [3] * n, "is_heading": [False] * n,
        "domain": ["news"] * n, "published_date": [None] * n,
    }, schema=empty_frame("sentences").schema)


def test_partitions_are_written_in_hive_layout_and_read_back(tmp_path) -> None:
    store = Warehouse(tmp_path)
    frame = pl.concat([_sentences("a", 2), _sentences("b", 3)])
    stats = store.write_partitions("sentences", frame, ["a", "b", "c"])
    assert (stats.written, stats.cleared, stats.rows) == (2, 0, 5)
    assert (tmp_path / "sentences" / "article_id=a" / "part-0.parquet").exists()
    assert not (tmp_path / "sentences" / "article_id=c").exists()
    assert store.read_partitions("sentences", ["b"]).height == 3
    # a scan that needs two columns reads two, in contract types; none when no file is there
    two = store.read_partitions("sentences", columns=["article_id", "n_tokens"])
    assert two.columns == ["article_id", "n_tokens"] and two.height == 5 and two.schema["n_tokens"] == pl.Int32
    assert store.read_partitions("sentences", ["c"], columns=["article_id"]).columns == ["article_id"]
    whole = pl.scan_parquet(str(tmp_path / "sentences" / "**" / "*.parquet"), hive_partitioning=True).collect()
    assert whole.height == 5 and whole.schema["sentence_id"] == pl.Int32
    # rewriting a partition with no rows removes its old file
    store.write_partitions("sentences", _sentences("a", 0), ["a"])
    assert store.partition_ids("sentences") == ["b"]


def _raw(rows: dict[str, tuple[str, str | None]]) -> pl.DataFrame:
    """raw_articles rows: article_id -> (content hash, duplicate_of)."""
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    return pl.DataFrame([
        {"article_id": a, "source_path": f"{a}.txt", "content_sha256": sha, "raw_text": "نص", "n_bytes": 6,
         "encoding": "utf-8", "language": "ar", "ingested_at": now, "n_decode_errors": 0, "duplicate_of": dup}
        for a, (sha, dup) in rows.items()
    ], schema=empty_frame("raw_articles").schema)


def test_content_index_finds_stored_articles_by_their_bytes(tmp_path) -> None:
    store = Warehouse(tmp_path)
    first = _raw({"b": ("h1", None), "c": ("h1", "b"), "d": ("h2", None)})
    store.write_partitions("raw_articles", first, ["b", "c", "d"])
    store.update_content_index(["b", "c", "d"], first)
    # an original rather than its duplicate; a run's own articles never count
    assert store.stored_contents(exclude=[]) == {"h1": "b", "h2": "d"}
    assert store.stored_contents(exclude=["b", "d"]) == {"h1": "c"}
    # a run replaces its articles' entries: d now holds other bytes
    second = _raw({"d": ("h3", None)})
    store.write_partitions("raw_articles", second, ["d"])
    store.update_content_index(["d"], second)
    assert store.stored_contents(exclude=[]) == {"h1": "b", "h3": "d"}
    # a deleted article is no original; a lost or broken index is rebuilt from the partitions
    store.delete_partitions(["b"])
    assert store.stored_contents(exclude=[]) == {"h1": "c", "h3": "d"}
    index = tmp_path / "_index" / "raw_content.parquet"
    index.write_bytes(b"not parquet")
    assert store.stored_contents(exclude=[]) == {"h1": "c", "h3": "d"}
    index.unlink()
    assert store.stored_contents(exclude=[]) == {"h1": "c", "h3": "d"}
    assert index.exists()  # written back: the next reader does not rebuild it again
    # rebuilt around a corrupt partition, which the run that repairs it puts back
    index.unlink()
    store.partition_file("raw_articles", "c").write_bytes(b"PAR1 broken")
    assert store.stored_contents(exclude=[]) == {"h3": "d"}


def _index_articles(root: str, writer: int, n: int) -> None:
    """One writer's runs, one article each, recorded in the content index."""
    store = Warehouse(root)
    for i in range(n):
        article_id = f"w{writer}-{i}"
        store.update_content_index([article_id], _raw({article_id: (f"h{writer}-{i}", None)}))


def test_concurrent_runs_keep_every_content_index_entry(tmp_path) -> None:
    """A CLI run and the daemon's runs may update the index at once: each
    update reads and rewrites it, so without a lock one run's entries vanish."""
    Warehouse(tmp_path).update_content_index([], _raw({}))
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_index_articles, args=(str(tmp_path), w, 40)) for w in range(4)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(120)
        assert process.exitcode == 0
    index = Warehouse(tmp_path).content_index()
    assert sorted(index["article_id"]) == sorted(f"w{w}-{i}" for w in range(4) for i in range(40))


def test_free_text_is_written_without_min_max_statistics(tmp_path) -> None:
    """Statistics of the sentence text would store its longest strings twice
    more and filter nothing; the id and offset columns keep theirs."""
    store = Warehouse(tmp_path)
    store.write_partitions("sentences", _sentences("a", 3), ["a"])
    group = pq.ParquetFile(store.partition_file("sentences", "a")).metadata.row_group(0)
    stats = {group.column(i).path_in_schema: group.column(i).statistics for i in range(group.num_columns)}
    assert stats["text"] is None
    assert (stats["sentence_id"].min, stats["sentence_id"].max) == (0, 2)
    assert stats["article_id"].has_min_max


def test_rows_outside_the_run_are_refused(tmp_path) -> None:
    with pytest.raises(ValueError, match="outside this run"):
        Warehouse(tmp_path).write_partitions("sentences", _sentences("x", 1), ["y"])


def test_missing_contract_column_fails_at_write(tmp_path) -> None:
    with pytest.raises(ValueError, match="lacks contract column"):
        Warehouse(tmp_path).write_partitions("sentences", _sentences("x", 1).drop("n_tokens"), ["x"])


def test_leftover_temp_file_is_invisible_and_swept_once_stale(tmp_path) -> None:
    store = Warehouse(tmp_path)
    store.write_partitions("sentences", _sentences("a", 1), ["a"])
    folder = tmp_path / "sentences" / "article_id=a"
    leftover, in_progress = folder / ".tmp-deadbeef", folder / ".tmp-c0ffee"
    leftover.write_bytes(b"PAR1 half a file")
    in_progress.write_bytes(b"PAR1 another process is writing this")
    stale = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(leftover, (stale, stale))
    assert store.read_partitions("sentences").height == 1
    store.write_partitions("sentences", _sentences("a", 2), ["a"])
    # a killed writer's file goes; one that may still be written stays
    assert not leftover.exists() and in_progress.exists()
    assert store.read_partitions("sentences").height == 2


def test_corrupt_file_is_named(tmp_path) -> None:
    store = Warehouse(tmp_path)
    store.write_partitions("sentences", pl.concat([_sentences("a", 1), _sentences("b", 1)]), ["a", "b"])
    bad = store.partition_file("sentences", "b")
    bad.write_bytes(b"not parquet at all")
    assert store.find_corrupt("sentences") == [str(bad)]
    with pytest.raises(CorruptPartitionError, match="article_id=b"):
        store.read_partitions("sentences")


def test_files_written_with_another_schema_are_read_in_the_contract_schema(tmp_path) -> None:
    """A partition written by another version (an extra column, a narrower type) still reads back."""
    store = Warehouse(tmp_path)
    frame = pl.concat([_sentences("a", 2), _sentences("b", 1), _sentences("c", 1)])
    store.write_partitions("sentences", frame, ["a", "b", "c"])
    older = store.partition_file("sentences", "b")
    _sentences("b", 1).with_columns(pl.col("n_tokens").cast(pl.Int16), note=pl.lit("x")).write_parquet(older)
    both = store.read_partitions("sentences")
    assert both.height == 4
    assert both.select(empty_frame("sentences").columns).schema == empty_frame("sentences").schema
    assert both.filter(pl.col("article_id") == "b")["note"].to_list() == ["x"]
    narrow = store.read_partitions("sentences", columns=["article_id", "n_tokens"])
    assert narrow.height == 4 and narrow.schema["n_tokens"] == pl.Int32

def _outcomes(table, frame, upstream=None):
    return {o.name: o for o in run_checks(table, frame, upstream)}


def test_checks_pass_on_good_frames() -> None:
    first, second = "قال الوزير إن المحادثات انتهت.", "وأضاف أن الجولة المقبلة في بغداد."
    body = f"{first}\n{second}"
    cleaned = pl.DataFrame({
        "article_id": ["a"], "title": [None], "body": [body], "match_text": [body], "source_name": [None],
        "byline": [None], "agency": [None], "removed": [[]], "repairs": [[]], "n_chars": [len(body)],
        "language": ["ar"], "content_sha256": ["0" * 64], "published_date": [None], "domain": ["news"],
        "domain_scores": [{"sport": 0.0, "economy": 0.0}],
    }, schema=empty_frame("cleaned_articles").schema)
    sentences = pl.DataFrame({
        "article_id": ["a", "a"], "sentence_id": [0, 1], "text": [first, second],
        "start_char": [0, len(first) + 1], "end_char": [len(first), len(body)], "n_tokens": [6, 7],
        "is_heading": [False, False], "domain": ["news"] * 2, "published_date": [None] * 2,
    }, schema=empty_frame("sentences").schema)
    assert all(o.passed for o in _outcomes("cleaned_articles", cleaned).values())
    outcomes = _outcomes("sentences", sentences, {"cleaned_articles": cleaned})
    assert all(o.passed for o in outcomes.values()), {n: o.metadata for n, o in outcomes.items() if not o.passed}


def test_checks_fail_on_corrupted_frames() -> None:
    body = "جملة 0.\nفيس بوك"
    cleaned = pl.DataFrame({
        "article_id": ["a", "a"], "title": [None, None], "body": [body, body],
        "match_text": [body[:-1], body], "source_name": [None, None], "byline": [None, None],
        "agency": [None, None], "removed": [[], []], "repairs": [[], []], "n_chars": [1, 1],
        "language": ["ar", "ar"], "content_sha256": ["0" * 64] * 2, "published_date": [None] * 2,
        "domain": ["news"] * 2, "domain_scores": [{"sport": 0.0, "economy": 0.0}] * 2,
    }, schema=empty_frame("cleaned_articles").schema)
    outcomes = _outcomes("cleaned_articles", cleaned)
    assert not outcomes["match_text_aligned"].passed
    assert not outcomes["no_chrome_left"].passed
    assert outcomes["no_chrome_left"].metadata["sample"][0]["kind"] == "share"
    assert not outcomes["expectations"].passed  # duplicate article_id
    assert "expect_column_values_to_be_unique(article_id)" in outcomes["expectations"].metadata["failed_expectations"]

    sentences = pl.DataFrame({
        "article_id": ["a", "a"], "sentence_id": [0, 2], "text": ["جملة 0.", "غير موجود"],
        "start_char": [0, 3], "end_char": [7, 5], "n_tokens": [3, 0], "is_heading": [False, False], "domain": ["news"] * 2, "published_date": [None] * 2,
    }, schema=empty_frame("sentences").schema)
    outcomes = _outcomes("sentences", sentences, {"cleaned_articles": cleaned.head(1)})
    assert not outcomes["offsets_reproduce_text"].passed
    assert outcomes["offsets_reproduce_text"].metadata["failed_rows"] == 1
    assert not outcomes["sentence_ids_contiguous"].passed
    assert not outcomes["expectations"].passed  # n_tokens below 1
    assert outcomes["offsets_reproduce_text"].blocking


def test_schema_check_names_wrong_types() -> None:
    frame = empty_frame("raw_articles").with_columns(pl.col("n_bytes").cast(pl.Int32))
    outcome = _outcomes("raw_articles", frame)["schema"]
    assert not outcome.passed and "n_bytes" in outcome.metadata["wrong_types"]


def test_raw_article_expectations_catch_bad_values() -> None:
    now = dt.datetime.now(dt.timezone.utc)
    frame = pl.DataFrame({
        "article_id": ["Bad Id"], "source_path": ["x"], "content_sha256": ["nothex"], "raw_text": ["x"],
        "n_bytes": [0], "encoding": ["klingon"], "language": ["arabic"], "ingested_at": [now],
        "n_decode_errors": [0], "duplicate_of": [None],
    }, schema=empty_frame("raw_articles").schema)
    failed = _outcomes("raw_articles", frame)["expectations"].metadata["failed_expectations"]
    assert {k.split("(")[1].rstrip(")") for k in failed} >= {"article_id", "content_sha256", "n_bytes", "encoding", "language"}
