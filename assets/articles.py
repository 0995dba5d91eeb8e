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
from pipeline.gazetteer import gazetteer
from pipeline.ingest import ingest_files, list_raw_files
from pipeline.lexicon import arabic_vocabulary
from pipeline.parallel import chunks, map_partitions, warm_up
from pipeline.quality import load_great_expectations
from pipeline.steps import PREVIEW_ROWS, StepReport, clean_step, sentences_step, store_ingested_step
from pipeline.warehouse import CONTENT_INDEX_COLUMNS


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
    """What a per-article asset wrote over its run: the steps' reports, chunk
    by chunk and worker by worker (pipeline.steps), merged into one
    MaterializeResult and one result per check."""

    table: str
    keys: list[str]
    started: float = field(default_factory=time.perf_counter)
    report: StepReport = field(init=False)

    def __post_init__(self) -> None:
        self.report = StepReport(self.table)

    def add(self, *reports: StepReport) -> None:
        for report in reports:
            self.report.add(report)

    @property
    def rows(self) -> int:
        return self.report.rows

    @property
    def totals(self) -> dict[str, float]:
        return self.report.totals

    def result(self, *preview_columns: str, **extra: dg.MetadataValue) -> dg.MaterializeResult:
        head = self.report.head
        return dg.MaterializeResult(
            asset_key=self.table,
            metadata={
                "rows": dg.MetadataValue.int(self.rows),
                "partitions_in_run": dg.MetadataValue.int(len(self.keys)),
                "seconds": dg.MetadataValue.float(round(time.perf_counter() - self.started, 3)),
                "preview": preview(head, *preview_columns) if head is not None and head.height
                else dg.MetadataValue.md("_no rows_"),
                **{
                    name: dg.MetadataValue.float(round(v, 3)) if isinstance(v, float) else dg.MetadataValue.int(int(v))
                    for name, v in self.totals.items()
                },
                **{name: dg.MetadataValue.json(dict(sorted(c.items()))) for name, c in self.report.tallies.items()},
                **extra,
            },
        )

    def check_results(self) -> list[dg.AssetCheckResult]:
        return [to_result(o, self.table) for o in self.report.merged_outcomes()]


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
    warm_up(len(keys), arabic_vocabulary, gazetteer, load_great_expectations)
    raw_run, quarantine_run = TableRun("raw_articles", keys), TableRun("quarantine", keys)
    by_id = {f.article_id: f.source_path for f in list_raw_files(raw_folder.path)}
    store = warehouse.store()
    # a file repeating an article of an earlier run or chunk is marked as its duplicate
    first_with_hash = store.stored_contents(exclude=keys)
    contents = []
    for chunk in chunks(keys):
        present = [by_id[k] for k in chunk if k in by_id]
        missing = [k for k in chunk if k not in by_id]
        raw, quarantine = ingest_files(
            raw_folder.path, present, dt.datetime.now(dt.timezone.utc), missing, first_with_hash
        )
        contents.append(raw.select(CONTENT_INDEX_COLUMNS))
        for raw_report, quarantine_report in map_partitions(store_ingested_step, store, chunk, raw, quarantine):
            raw_run.add(raw_report)
            quarantine_run.add(quarantine_report)
        if quarantine.height:
            context.log.warning(
                "quarantined %d file(s): %s",
                quarantine.height,
                "; ".join(
                    f"{p or a}: {r}"
                    for a, p, r in quarantine.select("article_id", "source_path", "reason").head(10).iter_rows()
                ),
            )
    store.update_content_index(keys, pl.concat(contents))
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
        run.add(*map_partitions(clean_step, store, chunk))
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
        run.add(*map_partitions(sentences_step, store, chunk))
    yield run.result("article_id", "sentence_id", "text", "is_heading")
    yield from run.check_results()
