"""Event assets: alliance_events (per article) and alliance_dyads (corpus level)."""

import time
from collections.abc import Iterator

import dagster as dg

from assets.articles import TableRun
from assets.checks import specs_for, to_result
from assets.partitions import article_asset
from assets.resources import WarehouseResource
from pipeline.dyads import png_markdown, strongest_pairs_markdown
from pipeline.parallel import chunks, map_partitions, on_a_worker
from pipeline.steps import NETWORK_PICTURE, dyads_step, events_step


@article_asset(
    "alliance_events", deps=["sentences", "entity_mentions"], group="events",
    description="Alliance events (cooperation, aid, meetings, rejections, threats, strikes ...) with roles, "
    "polarity, modality, attribution and dates.",
)
def alliance_events(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    keys = list(context.partition_keys)
    run = TableRun("alliance_events", keys)
    store = warehouse.store()
    for chunk in chunks(keys):
        run.add(*map_partitions(events_step, store, chunk))
    yield run.result(
        "article_id", "event_type", "participants", "target", "polarity", "modality",
    )
    yield from run.check_results()


@dg.asset(
    deps=["alliance_events", "actors"],
    check_specs=specs_for("alliance_dyads"),
    group_name="events",
    kinds={"polars", "parquet"},
    description="Events aggregated per actor pair: cooperation vs conflict, denials, Goldstein mean.",
)
def alliance_dyads(warehouse: WarehouseResource) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    started = time.perf_counter()
    store = warehouse.store()
    report, png = on_a_worker(dyads_step, store)
    dyads = report.table
    yield dg.MaterializeResult(
        asset_key="alliance_dyads",
        metadata={
            "rows": dg.MetadataValue.int(dyads.height),
            "events": dg.MetadataValue.int(report.input_rows),
            "seconds": dg.MetadataValue.float(round(time.perf_counter() - started, 3)),
            "network": dg.MetadataValue.md(png_markdown(png)),
            "network_png": dg.MetadataValue.path(str(store.root / NETWORK_PICTURE)),
            "strongest_pairs": dg.MetadataValue.md(strongest_pairs_markdown(dyads)),
        },
    )
    yield from (to_result(o, "alliance_dyads") for o in report.outcomes)
