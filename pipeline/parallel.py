"""Run per-article work on all cores: the articles split into one share per worker.

Stages are pure functions of frames keyed by `article_id`, and articles are
independent, so a batch can be cut by article and the results concatenated
(`map_articles`). A Dagster step goes further (`map_partitions`): each worker
reads, computes, writes and checks its own share of the warehouse partitions,
so the Parquet I/O and the checks are parallel too and no frames are shipped.
Workers are spawned, not forked: polars' thread pool does not survive a fork.
Each worker loads the gazetteer, vocabulary and great-expectations once (a
few seconds), so the workers are kept for the life of the process and reused
by every stage and chunk, and small batches run in-process, where even a warm
worker costs more than it saves. A worker exits when that process is gone.
The output is the same as a serial run, row for row.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

import polars as pl

WORKERS_ENV = "PIPELINE_WORKERS"
CHUNK_ENV = "PIPELINE_CHUNK_ARTICLES"
T = TypeVar("T")
# How often a worker looks whether the process that started it is still there.
PARENT_POLL_SECONDS = 0.5
# Below this many rows in the first frame, one process is faster.
MIN_ROWS_FOR_PARALLEL = 5000
# Below this many articles, a step runs in-process (see map_partitions): through
# Dagster, 2 workers broke even at about 3,000 articles (starting them and
# loading their data costs several seconds) and saved 19% at 5,000.
MIN_ARTICLES_FOR_PARALLEL = 3000


# Python's cycle collector makes a full pass over every object a process
# holds, the modules and the stages' data (gazetteer, vocabulary, expectation
# suites) included, though these live as long as the process. In a
# 10,000-article backfill that was 5.7-6 s of the run process's CPU and 3-3.7 s
# of each worker's. A large run's processes therefore freeze what they have
# loaded (gc.freeze: never visited again) and make a full pass after 100
# younger passes instead of 10.
FULL_COLLECTION_EVERY = 100
_spared = False


def spare_long_lived_objects() -> None:
    """Once per process: collect, then keep every object alive now out of later passes."""
    global _spared
    if _spared:
        return
    _spared = True
    gc.collect()  # garbage frozen now would never be freed
    gc.freeze()
    # at exit the interpreter's last collection must see them again: duckdb's
    # bindings report the objects it cannot free as leaks
    atexit.register(gc.unfreeze)
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)


def workers() -> int:
    return max(1, int(os.environ.get(WORKERS_ENV, str(os.cpu_count() or 1))))


def chunks(keys: list[str]) -> list[list[str]]:
    """A run's article keys in chunks that bound its memory (PIPELINE_CHUNK_ARTICLES, default 5,000)."""
    size = max(1, int(os.environ.get(CHUNK_ENV, "5000")))
    return [keys[i : i + size] for i in range(0, len(keys), size)] or [[]]


_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def _workers_pool(n: int) -> ProcessPoolExecutor:
    """The process's pool of `n` spawned workers, started on first use."""
    global _pool, _pool_size
    if _pool is None or _pool_size != n:
        shutdown()
        _pool = ProcessPoolExecutor(
            max_workers=n, mp_context=multiprocessing.get_context("spawn"),
            initializer=_exit_with_parent, initargs=(os.getpid(),),
        )
        _pool_size = n
    return _pool


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: end the worker once the process that started it is
    gone (a run killed with SIGKILL), rather than finish its task and then
    idle as an orphan holding its memory. A file it was writing stays a
    hidden temporary file, swept by a later write once stale (pipeline.warehouse)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@atexit.register
def shutdown() -> None:
    """Stop the workers (at exit, or when a worker died and the pool is broken)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


def _worth_it(rows: int, minimum: int | None = None) -> bool:
    return workers() > 1 and rows >= (MIN_ROWS_FOR_PARALLEL if minimum is None else minimum)


def warm_up(articles: int, *loaders: Callable[[], object]) -> None:
    """Start the workers a run of `articles` will be split over, each running
    `loaders` (the data the stages share), without waiting: their start-up
    (a few seconds) then overlaps the caller's own work, such as reading
    the files that the first parallel step will clean. Nothing waits for
    the loaders: one that fails fails again, visibly, in the step."""
    if not _worth_it(articles, MIN_ARTICLES_FOR_PARALLEL):
        return
    spare_long_lived_objects()
    pool = _workers_pool(workers())
    for _ in range(workers()):
        pool.submit(_load, loaders)


def _load(loaders: tuple[Callable[[], object], ...]) -> None:
    for load in loaders:
        load()
    spare_long_lived_objects()  # while the run's process reads files, not in the first step


def _run_chunk(task: tuple[Callable[..., T], list[Any]]) -> T:
    stage, args = task
    spare_long_lived_objects()
    return stage(*args)


def _run_on_workers(tasks: list[tuple[Callable[..., T], list[Any]]]) -> list[T]:
    try:
        return list(_workers_pool(workers()).map(_run_chunk, tasks))
    except BrokenProcessPool:
        shutdown()  # a worker was killed (e.g. out of memory): the next call starts fresh ones
        raise


def map_partitions(step: Callable[..., T], store: object, article_ids: list[str], *args: object) -> list[T]:
    """`step(store, ids, *args)` for the articles of a run, one share per worker
    (every n-th id), or in-process below MIN_ARTICLES_FOR_PARALLEL; a step
    reads and writes only its own articles' partitions. The workers' results,
    in worker order."""
    n = workers()
    if not _worth_it(len(article_ids), MIN_ARTICLES_FOR_PARALLEL):
        return [step(store, article_ids, *args)]
    return _run_on_workers([(step, [store, article_ids[i::n], *args]) for i in range(n)])


def on_a_worker(step: Callable[..., T], *args: object) -> T:
    """`step(*args)` on one of the workers when they are running (a large run
    started them, with the stages' data and great-expectations loaded), so a
    corpus-level step reads every partition there and this process stays
    small; in-process otherwise."""
    if _pool is None:
        return step(*args)
    return _run_on_workers([(step, list(args))])[0]


def map_articles(stage: Callable[..., pl.DataFrame], *frames: pl.DataFrame) -> pl.DataFrame:
    """`stage(*frames)`, computed over article chunks in parallel when worth it."""
    n = workers()
    if not _worth_it(frames[0].height):
        return stage(*frames)
    ids = frames[0]["article_id"].unique().sort()
    if ids.len() < 2 * n:
        return stage(*frames)
    chunks = [ids[i::n] for i in range(n)]
    results = _run_on_workers(
        [(stage, [f.filter(pl.col("article_id").is_in(chunk.implode())) for f in frames]) for chunk in chunks]
    )
    return pl.concat([r for r in results if r.height] or results[:1], how="vertical_relaxed").sort(
        [c for c in ("article_id", "sentence_id", "mention_id") if c in results[0].columns]
    )
