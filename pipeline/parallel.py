"""Run a per-article stage on all cores: the articles split into one chunk per worker.

Stages are pure functions of frames keyed by `article_id`, and articles are
independent, so a batch can be cut by article and the results concatenated.
Workers are spawned, not forked: polars' thread pool does not survive a fork.
Each worker loads the gazetteer and vocabulary once (about a second), so
the workers are kept for the life of the process and reused by every stage
and chunk, and small batches run in-process, where even a warm worker costs
more than it saves. The output is the same as a serial run, row for row.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import polars as pl

WORKERS_ENV = "PIPELINE_WORKERS"
CHUNK_ENV = "PIPELINE_CHUNK_ARTICLES"
# Below this many rows in the first frame, one process is faster.
MIN_ROWS_FOR_PARALLEL = 5000


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
        _pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"))
        _pool_size = n
    return _pool


@atexit.register
def shutdown() -> None:
    """Stop the workers (at exit, or when a worker died and the pool is broken)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


def _worth_it(rows: int) -> bool:
    return workers() > 1 and rows >= MIN_ROWS_FOR_PARALLEL


def warm_up(rows: int, *loaders: Callable[[], object]) -> None:
    """Start the workers a batch of `rows` will be split over, each running
    `loaders` (the data the stages share), without waiting: their start-up
    (a second or two) then overlaps the caller's own work, such as reading
    the files that the first parallel stage will clean. Nothing waits for
    the loaders: one that fails fails again, visibly, in the stage."""
    if not _worth_it(rows):
        return
    pool = _workers_pool(workers())
    for _ in range(workers()):
        pool.submit(_load, loaders)


def _load(loaders: tuple[Callable[[], object], ...]) -> None:
    for load in loaders:
        load()


def _run_chunk(task: tuple[Callable[..., pl.DataFrame], list[pl.DataFrame]]) -> pl.DataFrame:
    stage, frames = task
    return stage(*frames)


def map_articles(stage: Callable[..., pl.DataFrame], *frames: pl.DataFrame) -> pl.DataFrame:
    """`stage(*frames)`, computed over article chunks in parallel when worth it."""
    n = workers()
    if not _worth_it(frames[0].height):
        return stage(*frames)
    ids = frames[0]["article_id"].unique().sort()
    if ids.len() < 2 * n:
        return stage(*frames)
    chunks = [ids[i::n] for i in range(n)]
    parts = [(stage, [f.filter(pl.col("article_id").is_in(chunk.implode())) for f in frames]) for chunk in chunks]
    try:
        results = list(_workers_pool(n).map(_run_chunk, parts))
    except BrokenProcessPool:
        shutdown()  # a worker was killed (e.g. out of memory): the next call starts fresh ones
        raise
    return pl.concat([r for r in results if r.height] or results[:1], how="vertical_relaxed").sort(
        [c for c in ("article_id", "sentence_id", "mention_id") if c in results[0].columns]
    )
