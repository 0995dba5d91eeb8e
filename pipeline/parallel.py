"""Run a per-article stage on all cores: the articles split into one chunk per worker.

Stages are pure functions of frames keyed by `article_id`, and articles are
independent, so a batch can be cut by article and the results concatenated.
Workers are spawned, not forked: polars' thread pool does not survive a fork.
Each worker loads the gazetteer and vocabulary once (about a second), so
small batches run in-process, where a worker would cost more than it saves.
The output is the same as a serial run, row for row.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

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


def _run_chunk(task: tuple[Callable[..., pl.DataFrame], list[pl.DataFrame]]) -> pl.DataFrame:
    stage, frames = task
    return stage(*frames)


def map_articles(stage: Callable[..., pl.DataFrame], *frames: pl.DataFrame) -> pl.DataFrame:
    """`stage(*frames)`, computed over article chunks in parallel when worth it."""
    n = workers()
    if n == 1 or frames[0].height < MIN_ROWS_FOR_PARALLEL:
        return stage(*frames)
    ids = frames[0]["article_id"].unique().sort()
    if ids.len() < 2 * n:
        return stage(*frames)
    chunks = [ids[i::n] for i in range(n)]
    parts = [(stage, [f.filter(pl.col("article_id").is_in(chunk.implode())) for f in frames]) for chunk in chunks]
    with ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_run_chunk, parts))
    return pl.concat([r for r in results if r.height] or results[:1], how="vertical_relaxed").sort(
        [c for c in ("article_id", "sentence_id", "mention_id") if c in results[0].columns]
    )
