"""The Parquet warehouse: hive-partitioned tables, written atomically.

Layout (the contract's): `<root>/<table>/article_id=<id>/part-0.parquet` for
per-article tables and `<root>/<table>.parquet` for corpus tables. Every file
is written to a hidden temporary name in its final folder and renamed into
place, so a reader never sees half a file, and a writer killed mid-way
leaves only a `.tmp-*` file that no `*.parquet` glob picks up (a later write
of that partition sweeps it away once it is stale, never a file another
process is still writing).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline.contract import (
    CORPUS_TABLES,
    PARTITIONED_TABLES,
    SCHEMAS,
    empty_frame,
    statistics_columns,
    to_contract,
)

PART_FILE = "part-0.parquet"
# Which stored raw article holds which bytes: lets a run mark a file that
# repeats an earlier run's without reading every raw_articles partition.
CONTENT_INDEX = Path("_index") / "raw_content.parquet"
CONTENT_INDEX_COLUMNS = ["article_id", "content_sha256", "duplicate_of"]
_TMP_PREFIX = ".tmp-"
# A temporary file this old is a killed writer's: writing one takes a second at most.
STALE_TEMP_SECONDS = 600
_WRITE_THREADS = os.cpu_count() or 1  # Parquet encoding and file I/O release the GIL


class CorruptPartitionError(RuntimeError):
    """A warehouse file that exists but cannot be read as Parquet."""


@dataclass(frozen=True)
class WriteStats:
    table: str
    written: int  # partitions with rows
    cleared: int  # partitions that now have no rows (file removed)
    rows: int


class Warehouse:
    """Reads and writes the project's tables under one root folder."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)

    # -- paths -------------------------------------------------------------
    def table_dir(self, table: str) -> Path:
        if table not in PARTITIONED_TABLES:
            raise KeyError(f"{table!r} is not a per-article table")
        return self.root / table

    def partition_file(self, table: str, article_id: str) -> Path:
        if not article_id or "/" in article_id or article_id.startswith("."):
            raise ValueError(f"unsafe article id {article_id!r}")
        return self.table_dir(table) / f"article_id={article_id}" / PART_FILE

    def corpus_file(self, table: str) -> Path:
        if table not in CORPUS_TABLES:
            raise KeyError(f"{table!r} is not a corpus-level table")
        return self.root / f"{table}.parquet"

    # -- writing -----------------------------------------------------------
    @staticmethod
    def _atomic_write(arrow: pa.Table, target: Path, statistics: list[str]) -> None:
        """Write `arrow` to `target` with min/max statistics for the `statistics` columns."""
        folder = target.parent
        try:
            folder.mkdir(parents=True)
        except FileExistsError:  # only a folder written before can hold a killed writer's leftovers
            _sweep_stale_temporaries(folder)
        tmp = folder / f"{_TMP_PREFIX}{uuid.uuid4().hex}"
        try:
            # Per-article files are small: dictionary pages cost more than they
            # save, and so does encoding statistics of the free text.
            pq.write_table(
                arrow, tmp, compression="zstd", use_dictionary=False,
                write_statistics=statistics,
            )
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def write_partitions(self, table: str, frame: pl.DataFrame, article_ids: Iterable[str]) -> WriteStats:
        """Replace the given partitions of `table` with the rows of `frame`.

        Every id in `article_ids` is rewritten: ids with rows get a new file,
        ids without rows lose their old file (so a file that became unreadable
        or empty leaves no stale rows behind). Rows whose id is not listed are
        an error: a stage must never write partitions it was not asked for.
        """
        ids = list(dict.fromkeys(article_ids))
        # One cast for the whole frame, then a zero-copy slice per article:
        # casting each article's rows on its own cost more than writing them.
        frame = frame.sort("article_id", maintain_order=True)
        arrow = to_contract(table, frame)
        spans = frame.group_by("article_id", maintain_order=True).len()
        groups, start = {}, 0
        for article_id, n in spans.iter_rows():
            groups[article_id] = (start, n)
            start += n
        stray = set(groups) - set(ids)
        if stray:
            raise ValueError(f"{table}: rows for partitions outside this run: {sorted(stray)[:5]}")
        statistics = statistics_columns(arrow.schema)  # one schema for every article's slice
        cleared = 0
        writes = []
        for article_id in ids:
            target = self.partition_file(table, article_id)
            if article_id in groups:
                writes.append((arrow.slice(*groups[article_id]), target, statistics))
            elif target.parent.exists():
                shutil.rmtree(target.parent)
                cleared += 1
        with ThreadPoolExecutor(max_workers=_WRITE_THREADS) as pool:
            list(pool.map(lambda job: self._atomic_write(*job), writes))
        return WriteStats(table, len(writes), cleared, frame.height)

    def write_corpus_table(self, table: str, frame: pl.DataFrame) -> WriteStats:
        arrow = to_contract(table, frame)
        self._atomic_write(arrow, self.corpus_file(table), statistics_columns(arrow.schema))
        return WriteStats(table, 1, 0, arrow.num_rows)

    def delete_partitions(self, article_ids: Iterable[str]) -> int:
        """Remove every table's files for these articles; returns files removed."""
        removed = 0
        for article_id in article_ids:
            for table in PARTITIONED_TABLES:
                folder = self.partition_file(table, article_id).parent
                if folder.exists():
                    shutil.rmtree(folder)
                    removed += 1
        return removed

    # -- the raw content index --------------------------------------------
    def content_index(self) -> pl.DataFrame:
        """`CONTENT_INDEX_COLUMNS` of every stored raw article. When the index
        file is missing or unreadable it is rebuilt from the raw_articles
        partitions (leaving out a corrupt one, which the run repairing it
        re-adds) and written back, so a run reads the partitions once."""
        with self._content_index_lock():
            return self._read_content_index()

    @contextlib.contextmanager
    def _content_index_lock(self) -> Iterator[None]:
        """Held while the index is read or rewritten: runs started apart (the
        CLI, the daemon's) may update it at once, and each update rewrites the
        whole file, so without it one run's entries could vanish."""
        path = self.root / CONTENT_INDEX.with_suffix(".lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed
            yield

    def _read_content_index(self) -> pl.DataFrame:
        path = self.root / CONTENT_INDEX
        if path.exists():
            with contextlib.suppress(Exception):
                return pl.read_parquet(path, columns=CONTENT_INDEX_COLUMNS)
        try:
            index = self.read_partitions("raw_articles", columns=CONTENT_INDEX_COLUMNS)
        except CorruptPartitionError:
            readable = [i for i in self.partition_ids("raw_articles")
                        if _readable(self.partition_file("raw_articles", i))]
            index = self.read_partitions("raw_articles", readable, columns=CONTENT_INDEX_COLUMNS)
        self._write_content_index(index)
        return index

    def stored_contents(self, exclude: Iterable[str]) -> dict[str, str]:
        """content_sha256 -> article_id of the raw articles stored outside
        `exclude` (a run's own articles), preferring one that is not itself a
        duplicate; articles whose partition is gone are skipped."""
        index = (
            self.content_index()
            .filter(pl.col("content_sha256").is_not_null()
                    & ~pl.col("article_id").is_in(pl.Series(list(exclude), dtype=pl.String).implode()))
            .sort(pl.col("duplicate_of").is_not_null(), "article_id")
        )
        found: dict[str, str] = {}
        for sha, article_id in index.select("content_sha256", "article_id").iter_rows():
            if sha not in found and self.partition_file("raw_articles", article_id).exists():
                found[sha] = article_id
        return found

    def update_content_index(self, article_ids: Iterable[str], rows: pl.DataFrame) -> None:
        """Replace the index entries of `article_ids` (a run's articles) with
        `rows`, their raw_articles rows as written."""
        ids = pl.Series(list(article_ids), dtype=pl.String).implode()
        with self._content_index_lock():
            index = pl.concat(
                [self._read_content_index().filter(~pl.col("article_id").is_in(ids)),
                 rows.select(CONTENT_INDEX_COLUMNS)],
                how="vertical_relaxed",
            )
            self._write_content_index(index)

    def _write_content_index(self, index: pl.DataFrame) -> None:
        self._atomic_write(index.sort("article_id").to_arrow(), self.root / CONTENT_INDEX, [])

    # -- reading -----------------------------------------------------------
    def partition_ids(self, table: str) -> list[str]:
        """Article ids that have a file in `table`, sorted."""
        folder = self.table_dir(table)
        if not folder.is_dir():
            return []
        return sorted(
            p.name.split("=", 1)[1]
            for p in folder.iterdir()
            if p.name.startswith("article_id=") and (p / PART_FILE).exists()
        )

    def read_partitions(
        self, table: str, article_ids: Iterable[str] | None = None, columns: list[str] | None = None
    ) -> pl.DataFrame:
        """Rows of the given partitions (all when None), in the contract schema;
        only `columns` when given (a scan that needs two columns reads two).

        Missing partitions contribute no rows. A file that exists but is not
        readable Parquet raises `CorruptPartitionError` naming the file.
        """
        ids = self.partition_ids(table) if article_ids is None else list(article_ids)
        files = [f for f in (self.partition_file(table, i) for i in ids) if f.exists()]
        if not files:
            empty = empty_frame(table)
            return empty if columns is None else empty.select(columns)
        try:
            # polars reads a file list on all cores, several times faster than
            # a pyarrow dataset; a plain list, so no hive inference of the id.
            frame = pl.read_parquet(files, columns=columns, hive_partitioning=False)
        except Exception:  # noqa: BLE001 - files that differ or fail: the careful path below says which
            return self._read_with_pyarrow(table, ids, files, columns)
        contract = empty_frame(table).schema
        return frame.cast({c: t for c, t in contract.items() if c in frame.columns and frame.schema[c] != t})

    def _read_with_pyarrow(
        self, table: str, ids: list[str], files: list[Path], columns: list[str] | None = None
    ) -> pl.DataFrame:
        """Files whose schemas differ (written by another version): every column of every
        file, contract columns in contract types; or a CorruptPartitionError naming the
        unreadable files."""
        try:
            schema = pa.unify_schemas([pq.read_schema(f) for f in files], promote_options="permissive")
            schema = _unify(schema, SCHEMAS[table])
            arrow = ds.dataset([str(f) for f in files], schema=schema, format="parquet").to_table(columns=columns)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OSError) as err:
            bad = self.find_corrupt(table, ids)
            raise CorruptPartitionError(f"{table}: unreadable Parquet file(s) {bad or files}: {err}") from err
        return pl.from_arrow(arrow)  # type: ignore[return-value]

    def read_corpus_table(self, table: str) -> pl.DataFrame:
        path = self.corpus_file(table)
        if not path.exists():
            return empty_frame(table)
        try:
            return pl.read_parquet(path)
        except Exception as err:  # noqa: BLE001
            raise CorruptPartitionError(f"{table}: unreadable Parquet file {path}: {err}") from err

    def corpus_file_readable(self, table: str) -> bool:
        return _readable(self.corpus_file(table))

    def find_corrupt(self, table: str, article_ids: Iterable[str] | None = None) -> list[str]:
        """Partition files of `table` whose Parquet footer or schema is unreadable."""
        ids = self.partition_ids(table) if article_ids is None else list(article_ids)
        bad = []
        for article_id in ids:
            path = self.partition_file(table, article_id)
            if path.exists() and not _readable(path):
                bad.append(str(path))
        return bad


def _sweep_stale_temporaries(folder: Path) -> None:
    """Remove what a writer killed mid-file left in `folder`: temporaries older
    than STALE_TEMP_SECONDS, not one that another process is writing now."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    with os.scandir(folder) as entries:
        temporaries = [e for e in entries if e.name.startswith(_TMP_PREFIX)]
    for entry in temporaries:
        with contextlib.suppress(FileNotFoundError):  # another writer swept it first
            if entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)


def _readable(path: Path) -> bool:
    """Does the file's Parquet footer and schema read?"""
    try:
        pq.ParquetFile(path).schema_arrow  # noqa: B018 - reads and checks the footer
        return True
    except Exception:  # noqa: BLE001 - any failure means unreadable
        return False


def _unify(actual: pa.Schema, contract: pa.Schema) -> pa.Schema:
    """Contract types for contract columns, file types for extra columns."""
    return pa.schema(
        [contract.field(f.name) if f.name in contract.names else f for f in actual]
    )
