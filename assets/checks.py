"""Dagster side of the data-quality checks in pipeline.quality.

`specs_for` declares a table's checks on its asset (so they show in the UI
before anything runs); `results_for` runs them on the frame the asset just
wrote and turns each outcome into an `AssetCheckResult`. Blocking checks
fail with ERROR severity, which stops downstream assets in the same run.
"""

from __future__ import annotations

import json
from typing import Any

import dagster as dg
import polars as pl

from pipeline.quality import CHECKS, CheckOutcome, run_checks


def specs_for(table: str, asset: str | None = None) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(check.name, asset=asset or table, description=check.description, blocking=check.blocking)
        for check in CHECKS[table]
    ]


def _metadata_value(value: Any) -> dg.MetadataValue:
    if isinstance(value, bool):
        return dg.MetadataValue.bool(value)
    if isinstance(value, int):
        return dg.MetadataValue.int(value)
    if isinstance(value, float):
        return dg.MetadataValue.float(value)
    if isinstance(value, str):
        return dg.MetadataValue.text(value)
    return dg.MetadataValue.json(json.loads(json.dumps(value, default=str)))


def to_result(outcome: CheckOutcome, asset: str) -> dg.AssetCheckResult:
    severity = dg.AssetCheckSeverity.ERROR if outcome.blocking else dg.AssetCheckSeverity.WARN
    return dg.AssetCheckResult(
        asset_key=asset,
        check_name=outcome.name,
        passed=outcome.passed,
        severity=severity,
        description=outcome.description,
        metadata={k: _metadata_value(v) for k, v in outcome.metadata.items()},
    )


def results_for(
    table: str, frame: pl.DataFrame, upstream: dict[str, pl.DataFrame] | None = None, asset: str | None = None
) -> list[dg.AssetCheckResult]:
    return [to_result(o, asset or table) for o in run_checks(table, frame, upstream)]
