"""The Dagster code location: assets, checks, resources, sensor, schedule."""

from __future__ import annotations

import dagster as dg

from assets.articles import cleaned_articles, ingest_raw_files, sentences
from assets.automation import daily_catch_up, raw_folder_sensor
from assets.entities import actors, entity_mentions
from assets.events import alliance_dyads, alliance_events
from assets.integrity import INTEGRITY_CHECKS, daily_integrity, warehouse_integrity_job
from assets.resources import RawFolderResource, WarehouseResource

ALL_ASSETS = [ingest_raw_files, cleaned_articles, sentences, entity_mentions, actors, alliance_events, alliance_dyads]
# The checks each asset computes on the rows it writes (not the warehouse-wide integrity scans).
ASSET_CHECK_KEYS = [key for asset in ALL_ASSETS for key in asset.check_keys]

materialize_all_job = dg.define_asset_job(
    "materialize_all",
    selection=dg.AssetSelection.assets(*ALL_ASSETS).without_checks() | dg.AssetSelection.checks(*ASSET_CHECK_KEYS),
    description="Every asset over the selected article partitions (the CLI and the sensor run this).",
)


def build_definitions(
    raw_dir: str | None = None, warehouse_root: str | None = None, loggers: dict | None = None
) -> dg.Definitions:
    """Definitions with the resources pointed at the given folders (defaults: settings)."""
    raw = RawFolderResource(path=raw_dir) if raw_dir else RawFolderResource()
    store = WarehouseResource(root=warehouse_root) if warehouse_root else WarehouseResource()
    return dg.Definitions(
        assets=ALL_ASSETS,
        asset_checks=INTEGRITY_CHECKS,
        jobs=[materialize_all_job, warehouse_integrity_job],
        sensors=[raw_folder_sensor],
        schedules=[daily_catch_up, daily_integrity],
        resources={"raw_folder": raw, "warehouse": store},
        loggers=loggers,
        # One process for the whole run: on a 2-core machine, a process per
        # step costs more than it parallelizes.
        executor=dg.in_process_executor,
    )


defs = build_definitions()
