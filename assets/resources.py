"""Resources: where the raw files are and where the warehouse is.

Both default to the environment settings (pipeline.settings) so the UI, the
daemon and the CLI agree without configuration; each can be overridden in
run config or in Definitions.
"""

from __future__ import annotations

import dagster as dg
from pydantic import Field

from pipeline import settings
from pipeline.warehouse import Warehouse


class WarehouseResource(dg.ConfigurableResource):
    """The Parquet warehouse every asset reads and writes through."""

    root: str = Field(default=settings.warehouse_root(),
                      description="Warehouse root folder (PIPELINE_WAREHOUSE).")

    def store(self) -> Warehouse:
        return Warehouse(self.root)


class RawFolderResource(dg.ConfigurableResource):
    """The folder analysts drop article files into."""

    path: str = Field(default=settings.raw_dir(), description="Raw folder (PIPELINE_RAW_DIR).")
