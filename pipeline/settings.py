"""Run-time settings, read from environment variables with project defaults.

Every path a stage touches is derived from these two roots, so pointing the
pipeline at another corpus or warehouse never needs a code change.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

RAW_DIR_ENV = "PIPELINE_RAW_DIR"
WAREHOUSE_ENV = "PIPELINE_WAREHOUSE"
SENSOR_INTERVAL_ENV = "PIPELINE_SENSOR_INTERVAL_SECONDS"
SCHEDULE_CRON_ENV = "PIPELINE_SCHEDULE_CRON"
SETTLE_SECONDS_ENV = "PIPELINE_SETTLE_SECONDS"
MAX_FILE_MB_ENV = "PIPELINE_MAX_FILE_MB"


def raw_dir() -> str:
    """Folder analysts drop article files into (default: data/raw)."""
    return os.environ.get(RAW_DIR_ENV, str(PROJECT_ROOT / "data" / "raw"))


def warehouse_root() -> str:
    """Root of the Parquet warehouse (default: data/warehouse)."""
    return os.environ.get(WAREHOUSE_ENV, str(PROJECT_ROOT / "data" / "warehouse"))


def sensor_interval_seconds() -> int:
    return int(os.environ.get(SENSOR_INTERVAL_ENV, "5"))


def schedule_cron() -> str:
    return os.environ.get(SCHEDULE_CRON_ENV, "0 3 * * *")


def settle_seconds() -> float:
    """How long a file's size and mtime must stay unchanged before it is read."""
    return float(os.environ.get(SETTLE_SECONDS_ENV, "2"))


def max_file_bytes() -> int:
    """Files larger than this are quarantined unread (no news article is 20 MB)."""
    return int(float(os.environ.get(MAX_FILE_MB_ENV, "20")) * 1_000_000)
