"""Per-article assets: raw files -> raw_articles (+ quarantine) -> cleaned_articles -> sentences.

Each asset processes every partition of its run as one polars frame (a
backfill is one run, see partitions.single_run), writes one Parquet file per
article through the warehouse, and returns a `MaterializeResult` with row
counts and a preview, followed by the table's data-quality check results.
"""

import datetime as dt
import time
from collections.abc import Iterator

import dagster as dg
import polars as pl

from assets.checks import results_for, specs_for
from assets.partitions import article_asset, article_partitions, single_run
from assets.resources import RawFolderResource, WarehouseResource
from pipeline.cleaning import clean_articles
from pipeline.ingest import ingest_files, list_raw_files
from pipeline.parallel import map_articles
from pipeline.segmentation import split_sentences

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


def materialized(
    asset: str, frame: pl.DataFrame, keys: list[str], started: float, **extra: object
) -> dg.MaterializeResult:
    return dg.MaterializeResult(
        asset_key=asset,
        metadata={
            "rows": dg.MetadataValue.int(frame.height),
            "partitions_in_run": dg.MetadataValue.int(len(keys)),
            "seconds": dg.MetadataValue.float(round(time.perf_counter() - started, 3)),
            **{k: v if isinstance(v, dg.MetadataValue) else dg.MetadataValue.text(str(v)) for k, v in extra.items()},
        },
    )


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
    started = time.perf_counter()
    keys = list(context.partition_keys)
    by_id = {f.article_id: f.source_path for f in list_raw_files(raw_folder.path)}
    present = [by_id[k] for k in keys if k in by_id]
    missing = [k for k in keys if k not in by_id]
    now = dt.datetime.now(dt.timezone.utc)
    raw, quarantine = ingest_files(raw_folder.path, present, now, missing)
    store = warehouse.store()
    store.write_partitions("raw_articles", raw, keys)
    store.write_partitions("quarantine", quarantine, keys)
    if quarantine.height:
        context.log.warning(
            "quarantined %d file(s): %s",
            quarantine.height,
            "; ".join(
                f"{p or a}: {r}"
                for a, p, r in quarantine.select("article_id", "source_path", "reason").head(10).iter_rows()
            ),
        )
    yield materialized(
        "raw_articles",
        raw,
        keys,
        started,
        preview=preview(raw, "article_id", "encoding", "language", "n_bytes"),
        megabytes=dg.MetadataValue.float(round(float(raw["n_bytes"].sum() or 0) / 1e6, 3)),
    )
    yield materialized(
        "quarantine",
        quarantine,
        keys,
        started,
        preview=preview(quarantine, "article_id", "source_path", "reason"),
    )
    yield from results_for("raw_articles", raw)
    yield from results_for("quarantine", quarantine)


@article_asset(
    "cleaned_articles",
    deps=["raw_articles"],
    group="articles",
    description="Readable article text: chrome removed, metadata extracted, text normalized and repaired.",
)
def cleaned_articles(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    started = time.perf_counter()
    keys = list(context.partition_keys)
    store = warehouse.store()
    raw = store.read_partitions("raw_articles", keys)
    cleaned = map_articles(clean_articles, raw)
    store.write_partitions("cleaned_articles", cleaned, keys)
    yield materialized(
        "cleaned_articles",
        cleaned,
        keys,
        started,
        preview=preview(cleaned, "article_id", "title", "agency", "source_name", "n_chars"),
        lines_removed=dg.MetadataValue.int(int(cleaned["removed"].list.len().sum() or 0)),
        repairs=dg.MetadataValue.int(int(cleaned["repairs"].list.len().sum() or 0)),
    )
    yield from results_for("cleaned_articles", cleaned)


@article_asset(
    "sentences",
    deps=["cleaned_articles"],
    group="articles",
    description="Sentences of each cleaned body, with exact character offsets and heading flags.",
)
def sentences(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    started = time.perf_counter()
    keys = list(context.partition_keys)
    store = warehouse.store()
    cleaned = store.read_partitions("cleaned_articles", keys)
    table = split_sentences(cleaned)
    store.write_partitions("sentences", table, keys)
    yield materialized(
        "sentences",
        table,
        keys,
        started,
        preview=preview(table, "article_id", "sentence_id", "text", "is_heading"),
        headings=dg.MetadataValue.int(int(table["is_heading"].sum() or 0)),
    )
    yield from results_for("sentences", table, {"cleaned_articles": cleaned})
