"""Per-article assets: raw files -> raw_articles (+ quarantine) -> cleaned_articles -> sentences.

Each asset processes the partitions of its run as polars frames (a backfill
is one run, see partitions.single_run), in chunks of a few thousand articles
so that memory stays bounded, writes one Parquet file per article through the
warehouse, and returns a `MaterializeResult` with row counts and a preview,
followed by the table's data-quality check results.
"""

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import dagster as dg
import polars as pl

from assets.checks import specs_for, to_result
from assets.partitions import article_asset, article_partitions, single_run
from assets.resources import RawFolderResource, WarehouseResource
from pipeline.cleaning import clean_articles
from pipeline.gazetteer import gazetteer
from pipeline.ingest import ingest_files, list_raw_files
from pipeline.lexicon import arabic_vocabulary
from pipeline.parallel import chunks, map_articles, warm_up
from pipeline.quality import CheckOutcome, merge_outcomes, run_checks
from pipeline.segmentation import SPLIT_INPUT_COLUMNS, split_sentences

PREVIEW_ROWS = 5


def preview(frame: pl.DataFrame, *columns: str) -> dg.MetadataValue:
    """A markdown table of the first rows, long strings shortened."""
    head = frame.select(columns).head(PREVIEW_ROWS)
    head = head.with_columns(
        (pl.col(c).list.join(",") if isinstance(t, pl.List) else pl.col(c).cast(pl.String)).str.slice(0, 80)
        for c, t in head.schema.items()
    )
    if head.is_empty():
        return dg.MetadataValue.md("_no rows_")
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in head.iter_rows():
        lines.append(
            "| " + " | ".join(("" if v is None else str(v)).replace("|", "/").replace("\n", " ") for v in row) + " |"
        )
    return dg.MetadataValue.md("\n".join(lines))


@dataclass
class TableRun:
    """What a per-article asset wrote, chunk by chunk (pipeline.parallel.chunks
    bounds a run's memory): rows, a preview, totals and check outcomes, merged
    into one MaterializeResult and one result per check."""

    table: str
    keys: list[str]
    started: float = field(default_factory=time.perf_counter)
    rows: int = 0
    head: pl.DataFrame | None = None
    totals: dict[str, float] = field(default_factory=dict)
    outcomes: list[list[CheckOutcome]] = field(default_factory=list)
    tallies: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, frame: pl.DataFrame, upstream: dict[str, pl.DataFrame] | None = None, **totals: float) -> None:
        self.rows += frame.height
        if self.head is None or self.head.height < PREVIEW_ROWS:
            top = frame.head(PREVIEW_ROWS)
            self.head = top if self.head is None else pl.concat([self.head, top], how="vertical_relaxed").head(PREVIEW_ROWS)
        for name, value in totals.items():
            self.totals[name] = self.totals.get(name, 0) + value
        self.outcomes.append(run_checks(self.table, frame, upstream))

    def tally(self, frame: pl.DataFrame, **columns: str) -> None:
        """Count rows per value of each column, e.g. tally(frame, by_type="event_type"),
        reported as one JSON metadata entry per keyword."""
        for name, column in columns.items():
            counts = self.tallies.setdefault(name, {})
            for value, n in frame.group_by(column).len().iter_rows():
                counts[value] = counts.get(value, 0) + n

    def result(self, *preview_columns: str, **extra: dg.MetadataValue) -> dg.MaterializeResult:
        head = self.head if self.head is not None else pl.DataFrame()
        return dg.MaterializeResult(
            asset_key=self.table,
            metadata={
                "rows": dg.MetadataValue.int(self.rows),
                "partitions_in_run": dg.MetadataValue.int(len(self.keys)),
                "seconds": dg.MetadataValue.float(round(time.perf_counter() - self.started, 3)),
                "preview": preview(head, *preview_columns) if head.height else dg.MetadataValue.md("_no rows_"),
                **{
                    name: dg.MetadataValue.float(round(v, 3)) if isinstance(v, float) else dg.MetadataValue.int(int(v))
                    for name, v in self.totals.items()
                },
                **{name: dg.MetadataValue.json(dict(sorted(c.items()))) for name, c in self.tallies.items()},
                **extra,
            },
        )

    def check_results(self) -> list[dg.AssetCheckResult]:
        return [to_result(o, self.table) for o in merge_outcomes(self.outcomes)]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "raw_articles",
            description="One row per readable input file: decoded text, encoding, language.",
            group_name="articles",
            kinds={"polars", "parquet"},
        ),
        dg.AssetSpec(
            "quarantine",
            description="One row per input file that could not be read as text, with the reason.",
            group_name="articles",
            kinds={"polars", "parquet"},
        ),
    ],
    partitions_def=article_partitions,
    backfill_policy=single_run,
    check_specs=[*specs_for("raw_articles"), *specs_for("quarantine")],
    can_subset=False,
)
def ingest_raw_files(
    context: dg.AssetExecutionContext,
    raw_folder: RawFolderResource,
    warehouse: WarehouseResource,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Read each partition's file from the raw folder; unreadable files go to quarantine."""
    keys = list(context.partition_keys)
    # a large run cleans on worker processes: they start and load their data while the files are read
    warm_up(len(keys), arabic_vocabulary, gazetteer)
    raw_run, quarantine_run = TableRun("raw_articles", keys), TableRun("quarantine", keys)
    by_id = {f.article_id: f.source_path for f in list_raw_files(raw_folder.path)}
    store = warehouse.store()
    for chunk in chunks(keys):
        present = [by_id[k] for k in chunk if k in by_id]
        missing = [k for k in chunk if k not in by_id]
        raw, quarantine = ingest_files(raw_folder.path, present, dt.datetime.now(dt.timezone.utc), missing)
        store.write_partitions("raw_articles", raw, chunk)
        store.write_partitions("quarantine", quarantine, chunk)
        if quarantine.height:
            context.log.warning(
                "quarantined %d file(s): %s",
                quarantine.height,
                "; ".join(
                    f"{p or a}: {r}"
                    for a, p, r in quarantine.select("article_id", "source_path", "reason").head(10).iter_rows()
                ),
            )
        raw_run.add(raw, megabytes=float(raw["n_bytes"].sum() or 0) / 1e6)
        quarantine_run.add(quarantine)
    yield raw_run.result("article_id", "encoding", "language", "n_bytes")
    yield quarantine_run.result("article_id", "source_path", "reason")
    yield from raw_run.check_results()
    yield from quarantine_run.check_results()


@article_asset(
    "cleaned_articles",
    deps=["raw_articles"],
    group="articles",
    description="Readable article text: chrome removed, metadata extracted, text normalized and repaired.",
)
def cleaned_articles(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    keys = list(context.partition_keys)
    run = TableRun("cleaned_articles", keys)
    store = warehouse.store()
    for chunk in chunks(keys):
        cleaned = map_articles(clean_articles, store.read_partitions("raw_articles", chunk))
        store.write_partitions("cleaned_articles", cleaned, chunk)
        run.add(
            cleaned,
            lines_removed=int(cleaned["removed"].list.len().sum() or 0),
            repairs=int(cleaned["repairs"].list.len().sum() or 0),
        )
    yield run.result("article_id", "title", "agency", "source_name", "n_chars")
    yield from run.check_results()


@article_asset(
    "sentences",
    deps=["cleaned_articles"],
    group="articles",
    description="Sentences of each cleaned body, with exact character offsets and heading flags.",
)
def sentences(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    keys = list(context.partition_keys)
    run = TableRun("sentences", keys)
    store = warehouse.store()
    for chunk in chunks(keys):
        cleaned = store.read_partitions("cleaned_articles", chunk)
        table = map_articles(split_sentences, cleaned.select(SPLIT_INPUT_COLUMNS))
        store.write_partitions("sentences", table, chunk)
        run.add(table, {"cleaned_articles": cleaned}, headings=int(table["is_heading"].sum() or 0))
    yield run.result("article_id", "sentence_id", "text", "is_heading")
    yield from run.check_results()
