"""Reruns on new files: the raw-folder sensor and the daily catch-up schedule.

The sensor registers new files as partitions and requests one run per
contiguous range of partitions that need work (usually one run for all new
files), covering every per-article asset and the corpus-level assets after
them, so a dropped file ends in updated Parquet with no click. A deleted
file's partition and its Parquet rows are removed. The cursor holds each
file's size, mtime and content hash, so repeated ticks are idempotent, and
run keys make a re-evaluated tick never launch a duplicate run.

The schedule compares the warehouse with the raw folder and re-runs whatever
is missing or out of date, so a missed tick never leaves a file unprocessed.
"""

import hashlib
import time

import dagster as dg

from assets.partitions import ARTICLES, WRITER_TAG, range_tags
from assets.resources import RawFolderResource, WarehouseResource
from pipeline import settings
from pipeline.ingest import list_raw_files
from pipeline.watch import (
    contiguous_ranges,
    diff_folder,
    dump_state,
    file_sha256,
    load_state,
)

ARTICLE_ASSETS = [
    dg.AssetKey(k)
    for k in (
        "raw_articles",
        "quarantine",
        "cleaned_articles",
        "sentences",
        "entity_mentions",
        "alliance_events",
    )
]
# Corpus-level assets, rebuilt in the same run after any change.
CORPUS_ASSETS: list[dg.AssetKey] = [
    dg.AssetKey("actors"),
    dg.AssetKey("alliance_dyads"),
]


def _own_checks(assets: list[dg.AssetKey]) -> list[dg.AssetCheckKey]:
    """The checks the selected assets compute themselves (the warehouse-wide
    integrity scans run in their own job)."""
    from assets.definitions import ASSET_CHECK_KEYS

    return [key for key in ASSET_CHECK_KEYS if key.asset_key in assets]


def _run_key(prefix: str, keys: list[str], fingerprints: list[str]) -> str:
    digest = hashlib.sha256("\n".join(f"{k}:{f}" for k, f in zip(keys, fingerprints)).encode()).hexdigest()
    return f"{prefix}-{digest[:24]}"


def range_requests(ordered_keys: list[str], wanted: dict[str, str], prefix: str) -> list[dg.RunRequest]:
    """One run per contiguous range of wanted keys (key -> content fingerprint)."""
    requests = []
    position = {k: i for i, k in enumerate(ordered_keys)}
    for first, last in contiguous_ranges(ordered_keys, wanted):
        keys = ordered_keys[position[first] : position[last] + 1]
        requests.append(
            dg.RunRequest(
                run_key=_run_key(prefix, keys, [wanted[k] for k in keys]),
                asset_selection=ARTICLE_ASSETS + CORPUS_ASSETS,
                asset_check_keys=_own_checks(ARTICLE_ASSETS + CORPUS_ASSETS),
                tags=range_tags(first, last),
            )
        )
    return requests


@dg.sensor(
    name="raw_folder_sensor",
    minimum_interval_seconds=settings.sensor_interval_seconds(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    asset_selection=ARTICLE_ASSETS + CORPUS_ASSETS,
    description="Registers new or changed article files as partitions and runs the pipeline on just those.",
)
def raw_folder_sensor(
    context: dg.SensorEvaluationContext,
    raw_folder: RawFolderResource,
    warehouse: WarehouseResource,
) -> dg.SensorResult:
    known = load_state(context.cursor)
    changes = diff_folder(
        list_raw_files(raw_folder.path),
        known,
        time.time_ns(),
        settings.settle_seconds(),
        lambda rel: file_sha256(raw_folder.path, rel),
    )
    existing = list(context.instance.get_dynamic_partitions(ARTICLES))
    existing_set = set(existing)
    live_ids = {s.article_id for s in changes.state.values()}
    gone = sorted({s.article_id for s in changes.deleted} - live_ids)
    new_ids = sorted({f.article_id for f in changes.to_process} - existing_set)
    ordered = [k for k in existing if k not in gone] + new_ids
    wanted = {f.article_id: changes.state[f.source_path].sha256 or "unreadable" for f in changes.to_process}

    requests = range_requests(ordered, wanted, "files")
    partition_requests: list = []
    if new_ids:
        partition_requests.append(dg.AddDynamicPartitionsRequest(ARTICLES, new_ids))
    if gone:
        removed = warehouse.store().delete_partitions(gone)
        partition_requests.append(dg.DeleteDynamicPartitionsRequest(ARTICLES, [g for g in gone if g in existing_set]))
        context.log.info(f"removed {len(gone)} deleted file(s) and {removed} Parquet partition(s): {gone[:10]}")
        if CORPUS_ASSETS and not requests:
            requests.append(
                dg.RunRequest(
                    run_key=_run_key("deleted", gone, ["gone"] * len(gone)),
                    asset_selection=CORPUS_ASSETS,
                    asset_check_keys=_own_checks(CORPUS_ASSETS),
                    tags=WRITER_TAG,
                )
            )
    if changes.unsettled:
        context.log.info(f"waiting for {len(changes.unsettled)} file(s) still being written")
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=partition_requests,
        cursor=dump_state(changes.state),
    )


def stale_article_ids(raw_dir: str, store, article_ids_present: set[str]) -> dict[str, str]:  # noqa: ANN001
    """Files whose warehouse rows are missing or older than their bytes.

    Returns article_id -> current content hash for every file that has no
    raw_articles/quarantine row, a different hash there, or no cleaned and
    sentence rows downstream of its raw row.
    """
    import polars as pl

    files = list_raw_files(raw_dir)
    raw = store.read_partitions("raw_articles", columns=["article_id", "content_sha256"])
    quarantined = store.read_partitions("quarantine", columns=["article_id", "content_sha256"])
    stored = dict(pl.concat([raw, quarantined]).iter_rows())
    in_raw = set(raw["article_id"].to_list())
    cleaned = set(store.partition_ids("cleaned_articles"))
    with_text = set(
        store.read_partitions("cleaned_articles", columns=["article_id", "n_chars"])
        .filter(pl.col("n_chars") > 0)["article_id"].to_list()
    )
    with_sentences = set(store.partition_ids("sentences"))
    stale: dict[str, str] = {}
    for f in files:
        article = f.article_id
        sha = file_sha256(raw_dir, f.source_path) or "unreadable"
        if (
            article not in article_ids_present
            or article not in stored
            or (stored[article] or "unreadable") != sha
            or (article in in_raw and article not in cleaned)
            or (article in with_text and article not in with_sentences)
        ):
            stale[article] = sha
    return stale


@dg.schedule(
    name="daily_catch_up",
    cron_schedule=settings.schedule_cron(),
    target=ARTICLE_ASSETS + CORPUS_ASSETS,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Re-materializes every article whose warehouse rows are missing or out of date.",
)
def daily_catch_up(
    context: dg.ScheduleEvaluationContext,
    raw_folder: RawFolderResource,
    warehouse: WarehouseResource,
):  # noqa: ANN201
    existing = list(context.instance.get_dynamic_partitions(ARTICLES))
    stale = stale_article_ids(raw_folder.path, warehouse.store(), set(existing))
    new_ids = sorted(set(stale) - set(existing))
    if new_ids:
        context.instance.add_dynamic_partitions(ARTICLES, new_ids)
    requests = range_requests(
        existing + new_ids,
        stale,
        f"catch-up-{context.scheduled_execution_time:%Y%m%d%H%M}",
    )
    if not requests:
        return dg.SkipReason("every file in the raw folder is up to date in the warehouse")
    return requests
