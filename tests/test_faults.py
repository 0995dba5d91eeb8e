"""Faults: a killed run, a corrupted file, deleted and re-added files, a burst of 500 files."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import polars as pl
import pyarrow.parquet as pq

from assets.automation import raw_folder_sensor
from assets.definitions import build_definitions
from assets.partitions import ARTICLES, RANGE_END_TAG, RANGE_START_TAG
from pipeline.cli import run_all_assets
from pipeline.warehouse import Warehouse
from tests.conftest import RAW_DIR, ROOT


def _copies(raw: Path, n: int) -> None:
    samples = sorted(RAW_DIR.glob("*.txt"))
    for i in range(n):
        shutil.copy(samples[i % len(samples)], raw / f"copy_{i:04d}.txt")


def test_a_killed_run_leaves_no_partial_parquet_and_a_rerun_completes(tmp_path, dagster_home) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    raw.mkdir()
    _copies(raw, 150)
    env = {**os.environ, "DAGSTER_HOME": str(dagster_home)}
    command = [sys.executable, "-m", "pipeline", "materialize", "--raw", str(raw), "--warehouse", str(warehouse)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    # kill it while it writes: once the first table is complete and the second has begun
    while time.time() < deadline and not (warehouse / "cleaned_articles").exists():
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert (warehouse / "raw_articles").exists(), "the run was killed before it wrote anything"

    visible = list(warehouse.glob("**/*.parquet"))
    for path in visible:
        pq.read_metadata(path)  # every file a reader can see is whole
    assert not any(p.name.startswith(".tmp-") for p in visible)

    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stdout[-2000:] + rerun.stderr[-2000:]
    store = Warehouse(warehouse)
    assert len(store.partition_ids("sentences")) == 150
    assert store.read_partitions("alliance_events").height > 0


def _alive(pid: int) -> bool:
    """Running, and not a zombie nobody reaped (a container's init may not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_the_workers_of_a_killed_run_exit(tmp_path) -> None:
    script = tmp_path / "run_with_workers.py"
    script.write_text(
        "import os, sys, time\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pipeline import parallel\n"
        "if __name__ == '__main__':\n"
        "    os.environ[parallel.WORKERS_ENV] = '2'\n"
        "    print(parallel.on_a_worker(os.getpid), flush=True)\n"  # no workers yet: this process
        "    parallel.warm_up(parallel.MIN_ARTICLES_FOR_PARALLEL)\n"
        "    print(*{parallel.on_a_worker(os.getpid) for _ in range(20)}, flush=True)\n"
        "    time.sleep(600)\n"
    )
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == str(process.pid)
    workers = [int(pid) for pid in process.stdout.readline().split()]
    assert workers and process.pid not in workers and all(_alive(pid) for pid in workers)
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.time() + 30
    while time.time() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), "a killed run's workers live on as orphans"


def test_a_corrupted_file_is_named_by_the_integrity_check_and_a_rerun_repairs_it(tmp_path, instance) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    shutil.copytree(RAW_DIR, raw)
    assert run_all_assets(instance, str(raw), str(warehouse)).success
    store = Warehouse(warehouse)
    victim = store.partition_file("sentences", "002_0ceccdd6aa16405f")
    victim.write_bytes(victim.read_bytes()[:100])  # truncated: no footer

    defs = build_definitions(str(raw), str(warehouse))
    check = defs.resolve_job_def("warehouse_integrity").execute_in_process(instance=instance)
    evaluations = {(e.asset_key.to_user_string(), e.check_name): e for e in check.get_asset_check_evaluations()}
    broken = evaluations[("sentences", "parquet_files_readable")]
    assert not broken.passed
    assert str(victim) in broken.metadata["corrupt_files"].value
    assert broken.metadata["partitions_to_rematerialize"].value == ["002_0ceccdd6aa16405f"]
    assert all(e.passed for key, e in evaluations.items() if key[0] != "sentences")

    assert run_all_assets(instance, str(raw), str(warehouse)).success  # re-materializes every partition
    again = defs.resolve_job_def("warehouse_integrity").execute_in_process(instance=instance)
    assert all(e.passed for e in again.get_asset_check_evaluations())
    pq.read_table(victim)


def test_deleting_a_raw_file_removes_its_rows_and_re_adding_brings_them_back(tmp_path, instance) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    shutil.copytree(RAW_DIR, raw)
    assert run_all_assets(instance, str(raw), str(warehouse)).success
    store = Warehouse(warehouse)
    tables = ("raw_articles", "cleaned_articles", "sentences", "entity_mentions", "alliance_events")
    before = {t: store.read_partitions(t).filter(pl.col("article_id") == "003_8e3dcd4a3ee56e18").height for t in tables}
    assert all(before.values())
    kept = (raw / "003_8e3dcd4a3ee56e18.txt").read_bytes()
    (raw / "003_8e3dcd4a3ee56e18.txt").unlink()
    assert run_all_assets(instance, str(raw), str(warehouse)).success
    for table in tables:
        assert "003_8e3dcd4a3ee56e18" not in store.partition_ids(table)
    dyads = store.read_corpus_table("alliance_dyads")
    assert not dyads["article_ids"].list.contains("003_8e3dcd4a3ee56e18").any()
    assert "003_8e3dcd4a3ee56e18" not in instance.get_dynamic_partitions(ARTICLES)

    (raw / "003_8e3dcd4a3ee56e18.txt").write_bytes(kept)
    assert run_all_assets(instance, str(raw), str(warehouse)).success
    after = {t: store.read_partitions(t).filter(pl.col("article_id") == "003_8e3dcd4a3ee56e18").height for t in tables}
    assert after == before


def test_a_burst_of_500_files_gives_one_run_with_no_duplicate_and_none_missed(tmp_path, instance) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    _copies(raw, 500)
    past = time.time() - 60
    for path in raw.iterdir():
        os.utime(path, (past, past))
    defs = build_definitions(str(raw), str(tmp_path / "warehouse"))
    resources = {"raw_folder": defs.resources["raw_folder"], "warehouse": defs.resources["warehouse"]}

    def tick(cursor):  # noqa: ANN001, ANN202
        context = dg.build_sensor_context(instance=instance, cursor=cursor, definitions=defs, resources=resources)
        result = raw_folder_sensor(context)
        for request in result.dynamic_partitions_requests:
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        return result

    first = tick(None)
    keys = instance.get_dynamic_partitions(ARTICLES)
    assert len(keys) == 500 and len(set(keys)) == 500
    assert len(first.run_requests) == 1
    request = first.run_requests[0]
    covered = keys[keys.index(request.tags[RANGE_START_TAG]) : keys.index(request.tags[RANGE_END_TAG]) + 1]
    assert sorted(covered) == sorted(p.stem for p in raw.iterdir())
    # the same burst seen again: no new run, no new partition
    again = tick(first.cursor)
    assert again.run_requests == [] and again.dynamic_partitions_requests == []
    assert len(instance.get_dynamic_partitions(ARTICLES)) == 500
