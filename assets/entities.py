"""Entity assets: entity_mentions (per article) and actors (corpus level)."""

import time
from collections.abc import Iterator

import dagster as dg
import polars as pl

from assets.articles import TableRun, preview
from assets.checks import specs_for, to_result
from assets.partitions import article_asset
from assets.resources import WarehouseResource
from pipeline.ner_model import ner_status
from pipeline.parallel import chunks, map_partitions, on_a_worker
from pipeline.steps import actors_step, mentions_step


@article_asset(
    "entity_mentions", deps=["sentences"], group="entities",
    description="Every state, organization, person and place named in each sentence, linked to canonical actors.",
)
def entity_mentions(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    keys = list(context.partition_keys)
    run = TableRun("entity_mentions", keys)
    store = warehouse.store()
    status = ner_status()
    if not status.available:
        context.log.info(f"camel-tools NER: {status.reason}; running with gazetteer and patterns only")
    for chunk in chunks(keys):
        run.add(*map_partitions(mentions_step, store, chunk, status.available))
    yield run.result(
        "article_id", "surface", "entity_type", "actor_id", "method",
        linked_share=dg.MetadataValue.float(round(run.totals.get("linked", 0) / run.rows, 4) if run.rows else 1.0),
        ner_model=dg.MetadataValue.text(status.describe()),
    )
    yield from run.check_results()


@dg.asset(
    deps=["entity_mentions"],
    check_specs=specs_for("actors"),
    group_name="entities",
    kinds={"polars", "parquet"},
    description="The actor table: every gazetteer actor and every actor discovered in the corpus, with mention counts.",
)
def actors(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    started = time.perf_counter()
    report = on_a_worker(actors_step, warehouse.store())
    table = report.table
    mentioned = table.filter(pl.col("n_mentions") > 0)
    yield dg.MaterializeResult(
        asset_key="actors",
        metadata={
            "rows": dg.MetadataValue.int(table.height),
            "mentioned_actors": dg.MetadataValue.int(mentioned.height),
            "discovered_actors": dg.MetadataValue.int(table.filter(pl.col("source") == "discovered").height),
            "seconds": dg.MetadataValue.float(round(time.perf_counter() - started, 3)),
            "top_actors": preview(mentioned.sort("n_mentions", descending=True), "actor_id", "actor_type", "n_mentions", "n_articles"),
        },
    )
    yield from (to_result(o, "actors") for o in report.outcomes)
