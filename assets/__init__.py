"""Dagster wiring for the pipeline: assets, checks, storage resource, sensor, schedule.

The text logic lives in `pipeline/`; this package only connects it to Dagster.
"""

from assets.definitions import defs

__all__ = ["defs"]
