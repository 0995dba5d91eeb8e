"""The Dagster code location: assets, checks, resources, sensor, schedule."""

from __future__ import annotations

import dagster as dg

from assets.articles import cleaned_articles, ingest_raw_files, sentences
from assets.automation import daily_catch_up, raw_folder_sensor
from assets.entities import actors, entity_mentions
from assets.events import alliance_dyads, alliance_events
from assets.resources import RawFolderResource, WarehouseResource

ALL_ASSETS = [ingest_raw_files, cleaned_articles, sentences, entity_mentions, actors, alliance_events, alliance_dyads]


def build_definitions(raw_dir: str | None = None, warehouse_root: str | None = None) -> dg.Definitions:
    """Definitions with the resources pointed at the given folders (defaults: settings)."""
    raw = RawFolderResource(path=raw_dir) if raw_dir else RawFolderResource()
    store = WarehouseResource(root=warehouse_root) if warehouse_root else WarehouseResource()
    return dg.Definitions(
        assets=ALL_ASSETS,
        sensors=[raw_folder_sensor],
        schedules=[daily_catch_up],
        resources={"raw_folder": raw, "warehouse": store},
        # One process for the whole run: on a 2-core machine, a process per
        # step costs more than it parallelizes.
        executor=dg.in_process_executor,
    )


defs = build_definitions()
