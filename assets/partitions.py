"""One partition per article file; the sensor and the CLI add and remove keys."""

import warnings

import dagster as dg

# BackfillPolicy is marked beta; it is the documented way to get one run per backfill.
warnings.filterwarnings("ignore", category=dg.BetaWarning)

ARTICLES = "articles"

article_partitions = dg.DynamicPartitionsDefinition(name=ARTICLES)

# A backfill over many articles is ONE run that processes them as one frame.
single_run = dg.BackfillPolicy.single_run()

RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
# Every pipeline run carries this tag; dagster.yaml lets one such run at a time
# write the warehouse.
WRITER_TAG = {"pipeline/writer": "warehouse"}


def range_tags(first: str, last: str) -> dict[str, str]:
    return {RANGE_START_TAG: first, RANGE_END_TAG: last, **WRITER_TAG}


def article_asset(table: str, *, deps: list[str], group: str, description: str):  # noqa: ANN201
    """The decorator of a per-article asset: partitioned by article, one run
    per backfill, its table's checks attached (assets/checks.py)."""
    from assets.checks import specs_for

    return dg.asset(
        name=table,
        deps=deps,
        partitions_def=article_partitions,
        backfill_policy=single_run,
        check_specs=specs_for(table),
        group_name=group,
        kinds={"polars", "parquet"},
        description=description,
    )
