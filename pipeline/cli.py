"""Command line: `python -m pipeline materialize [--raw DIR] [--warehouse DIR]`.

Registers every file of the raw folder as a partition (and drops partitions
whose file is gone), then materializes every asset over all partitions
through Dagster as one run, on the instance configured by the project's
dagster.yaml. Prints a line per finished stage and a summary.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import settings

if TYPE_CHECKING:
    from dagster import EventLogEntry


def _use_project_instance() -> None:
    """Point Dagster at the project's dagster.yaml unless DAGSTER_HOME is set.

    dagster.yaml keeps its storage paths relative, so the working directory
    becomes DAGSTER_HOME (callers' relative paths are resolved before this).
    """
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(settings.PROJECT_ROOT))).resolve()
    os.chdir(home)


class _Progress:
    """Prints one line per finished step and per check that did not pass.

    An event listener on the instance, called with each event of the run as
    it is stored: a Dagster logger would instead build a log record for every
    one of a backfill's materializations (one per article per asset)."""

    def __init__(self, started: float):
        self.started = started
        self.rows: dict[str, int] = {}

    def __call__(self, entry: EventLogEntry) -> None:
        event = entry.dagster_event
        if event is None:
            return
        kind = event.event_type_value
        if kind == "ASSET_MATERIALIZATION":
            # a range run repeats the same metadata on every partition's event
            materialization = event.event_specific_data.materialization
            rows = materialization.metadata.get("rows")
            self.rows[materialization.asset_key.to_user_string()] = getattr(rows, "value", 0)
        elif kind == "STEP_SUCCESS":
            step = event.step_key
            rows = ", ".join(f"{asset}: {n} rows" for asset, n in self.rows.items())
            print(f"[{time.perf_counter() - self.started:7.2f}s] done  {step:<24} {rows}", flush=True)
            self.rows.clear()
        elif kind == "STEP_FAILURE":
            print(f"[{time.perf_counter() - self.started:7.2f}s] FAIL  {event.step_key}: "
                  f"{event.event_specific_data.error.message.strip()[:300]}", flush=True)
        elif kind == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed:
                print(f"            check {evaluation.asset_key.to_user_string()}.{evaluation.check_name} "
                      f"did not pass ({evaluation.severity.value})", flush=True)


def materialize(raw_dir: str, warehouse_root: str) -> int:
    """Run every asset over every file of `raw_dir`; returns a process exit code."""
    import dagster as dg

    from pipeline.warehouse import Warehouse

    started = time.perf_counter()
    result = run_all_assets(dg.DagsterInstance.get(), raw_dir, warehouse_root, started)
    if result is None:
        print("nothing to materialize")
        return 0
    store = Warehouse(warehouse_root)
    n_articles = len(store.partition_ids("raw_articles"))
    n_sentences = store.read_partitions("sentences", columns=["article_id"]).height
    n_mentions = store.read_partitions("entity_mentions", columns=["article_id"]).height
    quarantined = store.read_partitions("quarantine")
    print(
        f"{'OK' if result.success else 'FAILED'}: {n_articles} article(s), {n_sentences} sentence(s), "
        f"{n_mentions} entity mention(s), {quarantined.height} quarantined file(s) "
        f"in {time.perf_counter() - started:.1f}s -> {warehouse_root}"
    )
    for row in quarantined.select("source_path", "reason").iter_rows():
        print(f"  quarantined {row[0]}: {row[1]}")
    return 0 if result.success else 1


def run_all_assets(instance, raw_dir: str, warehouse_root: str, started: float | None = None):  # noqa: ANN001, ANN201
    """Sync partitions with the raw folder and run every asset over all of them.

    Returns the Dagster execution result, or None when the folder is empty.
    """
    import dagster as dg

    from assets.definitions import build_definitions
    from assets.partitions import ARTICLES, range_tags
    from pipeline.ingest import list_raw_files
    from pipeline.warehouse import Warehouse

    started = time.perf_counter() if started is None else started
    files = list_raw_files(raw_dir)
    ids = [f.article_id for f in files]
    existing = set(instance.get_dynamic_partitions(ARTICLES))
    gone = sorted(existing - set(ids))
    if gone:
        Warehouse(warehouse_root).delete_partitions(gone)
        for key in gone:
            instance.delete_dynamic_partition(ARTICLES, key)
    new = [i for i in ids if i not in existing]
    if new:
        instance.add_dynamic_partitions(ARTICLES, new)
    print(f"raw folder {raw_dir}: {len(ids)} file(s), {len(new)} new partition(s), {len(gone)} removed")
    if not ids:
        return None
    keys = list(instance.get_dynamic_partitions(ARTICLES))

    run_id = str(uuid.uuid4())
    instance.add_event_listener(run_id, _Progress(started))
    defs = build_definitions(raw_dir, warehouse_root, loggers={"console": dg.colored_console_logger})
    job = defs.resolve_job_def("materialize_all")
    return job.execute_in_process(
        instance=instance,
        run_id=run_id,
        tags=range_tags(keys[0], keys[-1]),
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        raise_on_error=False,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("materialize", help="materialize every asset over the raw folder through Dagster")
    run.add_argument("--raw", default=settings.raw_dir(), help="raw folder (default: $PIPELINE_RAW_DIR or data/raw)")
    run.add_argument("--warehouse", default=settings.warehouse_root(),
                     help="warehouse root (default: $PIPELINE_WAREHOUSE or data/warehouse)")
    args = parser.parse_args(argv)
    if args.command == "materialize":
        raw_dir = str(Path(args.raw).resolve())
        warehouse_root = str(Path(args.warehouse).resolve())
        if not Path(raw_dir).is_dir():
            print(f"raw folder {raw_dir} does not exist", file=sys.stderr)
            return 2
        _use_project_instance()
        return materialize(raw_dir, warehouse_root)
    return 2
