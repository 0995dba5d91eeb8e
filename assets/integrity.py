"""Warehouse integrity: every Parquet file of every table still reads.

These checks scan the files on disk (the assets' own checks look at the rows
they just wrote). They run in the `warehouse_integrity` job, daily and on
demand from the UI, not in every sensor run: at corpus scale a scan reads
hundreds of thousands of footers. A failure names each unreadable file and
the partitions to re-materialize; re-materializing a partition rewrites its
files atomically, which repairs them.
"""

import dagster as dg

from assets.resources import WarehouseResource
from pipeline import settings
from pipeline.contract import CORPUS_TABLES, PARTITIONED_TABLES

CHECK_NAME = "parquet_files_readable"


def _integrity_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=table, name=CHECK_NAME, blocking=False,
        description=f"every Parquet file of {table} in the warehouse reads (footer and schema)",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        store = warehouse.store()
        if table in PARTITIONED_TABLES:
            present = store.partition_ids(table)
            files = len(present)
            bad = store.find_corrupt(table, present)
        else:
            files = 1 if store.corpus_file(table).exists() else 0
            bad = [] if not files or store.corpus_file_readable(table) else [str(store.corpus_file(table))]
        ids = [path.split("article_id=", 1)[1].split("/", 1)[0] for path in bad if "article_id=" in path]
        return dg.AssetCheckResult(
            passed=not bad,
            severity=dg.AssetCheckSeverity.ERROR,
            description=(
                f"{len(bad)} unreadable Parquet file(s) in {table}; re-materialize partition(s) {ids[:20]} to repair"
                if bad else f"all {files} file(s) of {table} read"
            ),
            metadata={"files_checked": files, "corrupt_files": dg.MetadataValue.json(bad[:50]),
                      "partitions_to_rematerialize": dg.MetadataValue.json(ids[:50])},
        )

    return _check


INTEGRITY_CHECKS = [_integrity_check(t) for t in (*PARTITIONED_TABLES, *CORPUS_TABLES)]
INTEGRITY_CHECK_KEYS = [key for check in INTEGRITY_CHECKS for key in check.check_keys]

warehouse_integrity_job = dg.define_asset_job(
    "warehouse_integrity", selection=dg.AssetSelection.checks(*INTEGRITY_CHECK_KEYS),
    description="Reads the footer of every Parquet file in the warehouse and names any that is corrupt.",
)

daily_integrity = dg.ScheduleDefinition(
    name="daily_integrity", job=warehouse_integrity_job, cron_schedule=settings.schedule_cron(),
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
