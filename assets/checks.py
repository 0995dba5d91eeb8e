"""Dagster side of the data-quality checks in pipeline.quality.

`specs_for` declares a table's checks on its asset (so they show in the UI
before anything runs); `to_result` turns the outcome of a check, run where
the table was written (pipeline.steps), into an `AssetCheckResult`. Blocking
checks fail with ERROR severity, which stops downstream assets in the same run.
"""

from __future__ import annotations

import json
from typing import Any

import dagster as dg

from pipeline.quality import CHECKS, CheckOutcome


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

