"""The benchmark script still runs: its corpus is deterministic and mixed, its
compute pass measures every stage, its backfill goes through Dagster, and
its report shows what was measured. Nothing here checks a timing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipeline.ingest import decode_bytes

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():  # noqa: ANN201 - the script, loaded as a module
    spec = importlib.util.spec_from_file_location("benchmark_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_corpus_is_deterministic_and_mixes_encodings_and_chrome(bench) -> None:  # noqa: ANN001
    corpus = bench.generate_corpus(200, 7)
    assert corpus == bench.generate_corpus(200, 7)
    assert corpus != bench.generate_corpus(200, 8)
    assert len({name for name, _ in corpus}) == 200
    decoded = [decode_bytes(data) for _, data in corpus]
    assert all(d.reason is None for d in decoded)
    encodings = {d.encoding for d in decoded}
    assert {"cp1256", "utf-16"} <= encodings, encodings
    assert any(chrome in d.text for d in decoded for chrome in bench.CHROME)


def test_compute_measures_every_stage_on_a_small_corpus(bench) -> None:  # noqa: ANN001
    result = bench.compute(40, 7)
    assert result["articles"] == 40
    assert set(result["stages"]) == {
        "ingest", "cleaned_articles", "sentences", "entity_mentions", "alliance_events", "alliance_dyads"}
    assert all(stage["seconds"] >= 0 for stage in result["stages"].values())
    assert result["rows"]["sentences"] > 40
    assert result["rows"]["mentions"] > result["rows"]["sentences"]
    assert result["rows"]["events"] > 0
    assert result["mb_per_s"] == pytest.approx(result["megabytes"] / result["seconds"], rel=0.05)
    assert result["cost_multiple_of_floor"] > 1


def test_backfills_run_through_dagster_and_report_the_median(bench) -> None:  # noqa: ANN001
    result = bench.dagster_backfill(4, 7, runs=2)
    assert "error" not in result, result.get("error")
    assert result["success"] is True
    assert result["runs"] == 1  # one Dagster run per backfill, on a fresh instance each time
    assert result["runs_measured"] == 2 and len(result["seconds_each"]) == 2
    assert result["seconds"] == min(result["seconds_each"])  # of two, the faster middle one
    assert len(result["peak_rss_workers_mb"]) == 0  # 4 articles run in-process


def test_the_summary_of_several_backfills_is_the_median_run(bench) -> None:  # noqa: ANN001
    runs = [{"seconds": s, "peak_rss_mb": 100.0 + s} for s in (91.0, 84.5, 88.0)]
    summary = bench.backfill_summary(10000, runs)
    assert summary["seconds"] == 88.0 and summary["peak_rss_mb"] == 188.0  # the median run's own figures
    assert summary["seconds_each"] == [91.0, 84.5, 88.0]
    assert (summary["seconds_min"], summary["seconds_max"]) == (84.5, 91.0)
    assert bench.backfill_summary(1, runs[:2])["seconds"] == 84.5


def test_the_report_shows_the_median_backfill_and_every_run(bench) -> None:  # noqa: ANN001
    runs = [{"success": True, "seconds": s, "runs": 1, "peak_rss_mb": 400.0, "peak_rss_workers_mb": [700.0, 710.0],
             "peak_rss_total_mb": 1810.0} for s in (91.0, 84.5, 88.0)]
    report = bench._markdown({"date": "2026-11-22", "machine": "test", "compute": [],
                              "dagster": bench.backfill_summary(10000, runs)})
    assert "| 10000 | 3 | 88.0 | 91.0, 84.5, 88.0 | 1 | 1810.0 (400.0 + 700.0 + 710.0) |" in report
    in_process = {**runs[0], "peak_rss_workers_mb": [], "peak_rss_total_mb": 400.0}
    report = bench._markdown({"date": "2026-11-22", "machine": "test", "compute": [],
                              "dagster": bench.backfill_summary(10, [in_process])})
    assert "| 10 | 1 | 91.0 | 91.0 | 1 | 400.0 (400.0) |" in report
