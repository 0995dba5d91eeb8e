"""Benchmark: throughput, scaling, memory, backfill time and new-file latency.

    .venv/bin/python benchmarks/run.py [--sizes 1000 10000 50000] [--backfill 1000] [--backfill-runs 1]
                                       [--latency] [--seed 7]

1. compute: the stage functions called directly on polars frames, for each
   corpus size, each in a fresh process (so peak RSS is that size's): MB/s of
   raw text and articles/s per stage and raw -> events end to end;
2. dagster: one single-run backfill of N partitions through Dagster (the
   CLI's code path) on a throwaway instance: wall time, runs, peak RSS;
   repeated --backfill-runs times, each on a fresh instance and warehouse,
   with the median and range (one run's time varies by a tenth or more);
3. latency: a real `dagster-daemon` with the sensor running; one file is
   dropped into the raw folder and the time until its events are in Parquet
   is measured;
4. floor: one compiled-regex pass over the same bytes, so the pipeline's cost
   reads as a multiple of just reading the text.

The corpus is generated deterministically (seed) by recombining sentences of
the sample articles and the test fixtures, substituting states from the
gazetteer, and mixing in site chrome, legacy encodings and glued words.
Results go to benchmarks/results/latest.json and latest.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"

CHROME = ["فيس بوك", "إعلان", "4 دقائق", "أ ف ب", "تخطي إلى المحتوى الرئيسي", "اشترك في النشرة البريدية",
          "الصفحة غير متوفرة", "Important news ticker", "المصدر: وكالات"]


# ------------------------------------------------------------------ corpus
def _sentence_pool() -> list[str]:
    from pipeline.cleaning import clean_document
    from pipeline.segmentation import sentence_spans

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "raw").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.txt"))]
    pool = []
    for text in texts:
        body = clean_document(text).body
        pool += [body[s.start : s.end] for s in sentence_spans(body) if not s.is_heading]
    for line in (ROOT / "tests" / "fixtures" / "events" / "sentences.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            pool.append(line.split("\t")[1])
    return pool


def generate_corpus(n: int, seed: int) -> list[tuple[str, bytes]]:
    """(file name, bytes) for n articles."""
    from pipeline.gazetteer import gazetteer

    rng = random.Random(seed)
    pool = _sentence_pool()
    countries = [a.name_ar for a in gazetteer().actors.values() if a.actor_type == "COUNTRY"]
    names = ["روسيا", "إيران", "العراق", "سوريا", "الولايات المتحدة", "تركيا", "السعودية"]
    files = []
    for i in range(n):
        sentences = [rng.choice(pool) for _ in range(rng.randint(6, 18))]
        for k, sentence in enumerate(sentences):
            if rng.random() < 0.3:
                old = rng.choice(names)
                if old in sentence:
                    sentences[k] = sentence.replace(old, rng.choice(countries), 1)
            if rng.random() < 0.05:  # a glued word
                words = sentences[k].split(" ")
                if len(words) > 4:
                    j = rng.randrange(len(words) - 1)
                    words[j : j + 2] = [words[j] + words[j + 1]]
                    sentences[k] = " ".join(words)
        lines = []
        if rng.random() < 0.5:
            lines += rng.sample(CHROME, 2)
        lines += [" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3)]
        if rng.random() < 0.3:
            lines.append(rng.choice(CHROME))
        text = "\n".join(lines) + "\n"
        roll = rng.random()
        encoding = "cp1256" if roll < 0.05 else "utf-16" if roll < 0.08 else "utf-8"
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode("utf-8")
        files.append((f"bench_{i:06d}.txt", data))
    return files


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------ 1. compute
def compute(n: int, seed: int) -> dict:
    import datetime as dt

    import polars as pl

    from pipeline.cleaning import clean_articles
    from pipeline.dyads import DYAD_INPUT_COLUMNS, build_dyads
    from pipeline.entities import extract_mentions
    from pipeline.events import extract_events
    from pipeline.gazetteer import gazetteer
    from pipeline.ingest import article_id_for, decode_bytes, guess_languages, sha256_hex
    from pipeline.lexicon import arabic_vocabulary
    from pipeline.parallel import map_articles, workers
    from pipeline.segmentation import SPLIT_INPUT_COLUMNS, split_sentences

    files = generate_corpus(n, seed)
    megabytes = sum(len(data) for _, data in files) / 1e6
    gazetteer()
    arabic_vocabulary()
    stages: dict[str, float] = dict.fromkeys(
        ("ingest", "cleaned_articles", "sentences", "entity_mentions", "alliance_events", "alliance_dyads"), 0.0
    )
    counts = {"sentences": 0, "mentions": 0, "events": 0}
    all_events = []
    started = time.perf_counter()
    now = dt.datetime.now(dt.timezone.utc)
    # the assets' chunking: a few thousand articles at a time, so memory stays bounded
    size = int(os.environ.get("PIPELINE_CHUNK_ARTICLES", "5000"))
    for first in range(0, n, size):
        t = time.perf_counter()
        rows = []
        for name, data in files[first : first + size]:
            decoded = decode_bytes(data)
            rows.append({"article_id": article_id_for(name), "raw_text": decoded.text,
                         "content_sha256": sha256_hex(data), "ingested_at": now})
        raw = pl.DataFrame(rows)
        raw = raw.with_columns(guess_languages(raw["raw_text"]))
        stages["ingest"] += time.perf_counter() - t
        t = time.perf_counter()
        cleaned = map_articles(clean_articles, raw)
        stages["cleaned_articles"] += time.perf_counter() - t
        t = time.perf_counter()
        sentences = map_articles(split_sentences, cleaned.select(SPLIT_INPUT_COLUMNS))
        stages["sentences"] += time.perf_counter() - t
        t = time.perf_counter()
        mentions = map_articles(extract_mentions, sentences)
        stages["entity_mentions"] += time.perf_counter() - t
        t = time.perf_counter()
        events = map_articles(extract_events, sentences, mentions)
        stages["alliance_events"] += time.perf_counter() - t
        counts["sentences"] += sentences.height
        counts["mentions"] += mentions.height
        counts["events"] += events.height
        all_events.append(events.select(DYAD_INPUT_COLUMNS))  # what the dyads asset reads back
        del raw, cleaned, sentences, mentions
    t = time.perf_counter()
    build_dyads(pl.concat(all_events))
    stages["alliance_dyads"] = time.perf_counter() - t
    total = time.perf_counter() - started

    from pipeline.parallel import shutdown

    shutdown()  # the workers' peak memory is counted once they have exited
    peak_rss = _rss_mb()  # before the floor below builds its own copy of the text and its word list
    peak_rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    text = b"".join(data for _, data in files).decode("utf-8", "ignore")
    t = time.perf_counter()
    re.compile(r"\w+").findall(text)
    floor = time.perf_counter() - t
    return {
        "articles": n, "megabytes": round(megabytes, 2), "seconds": round(total, 2),
        "mb_per_s": round(megabytes / total, 3), "articles_per_s": round(n / total, 1),
        "stages": {k: {"seconds": round(v, 2), "mb_per_s": round(megabytes / v, 2) if v else None} for k, v in stages.items()},
        "rows": counts,
        "workers": workers(),
        "peak_rss_mb": round(peak_rss, 1),
        "peak_rss_children_mb": round(peak_rss_children, 1),
        # every worker counted at the largest one's peak, all at once: an upper bound
        "peak_rss_total_mb": round(peak_rss + workers() * peak_rss_children, 1),
        "floor_regex_seconds": round(floor, 3), "floor_mb_per_s": round(megabytes / floor, 1),
        "cost_multiple_of_floor": round(total / floor, 1),
    }


# ------------------------------------------------------------------ 2. dagster
def dagster_backfill(n: int, seed: int, runs: int = 1) -> dict:
    """`runs` backfills of the same corpus, each on a fresh instance and warehouse:
    the median run's figures, and every run's seconds."""
    work = Path(tempfile.mkdtemp(prefix="bench_dagster_"))
    raw = work / "raw"
    raw.mkdir()
    for name, data in generate_corpus(n, seed):
        (raw / name).write_bytes(data)
    results = []
    try:
        for i in range(runs):
            home, warehouse = work / f"home{i}", work / f"warehouse{i}"
            home.mkdir()
            shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
            os.sync()  # the corpus just written, or the previous run's removed files, reach the disk now, not during this run
            env = {**os.environ, "DAGSTER_HOME": str(home)}
            command = [sys.executable, __file__, "--backfill-one", str(home), str(raw), str(warehouse)]
            out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=7200)
            line = next((row for row in out.stdout.splitlines() if row.startswith("RESULT")), None)
            if line is None:
                return {"articles": n, "error": out.stderr[-1500:]}
            results.append(json.loads(line.removeprefix("RESULT")))
            shutil.rmtree(home, ignore_errors=True)
            shutil.rmtree(warehouse, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return backfill_summary(n, results)


def backfill_summary(n: int, results: list[dict]) -> dict:
    """The median run (by seconds; of an even number, the faster of the middle two)
    of several backfills, with every run's seconds."""
    ordered = sorted(results, key=lambda r: r["seconds"])
    seconds = [r["seconds"] for r in results]
    return {"articles": n, **ordered[(len(ordered) - 1) // 2], "runs_measured": len(results),
            "seconds_each": seconds, "seconds_min": min(seconds), "seconds_max": max(seconds)}


def _backfill_one(home: str, raw: str, warehouse: str) -> None:
    """The backfill itself, in a fresh process: every asset over every file as one run."""
    os.chdir(home)  # dagster.yaml's storage paths are relative to it
    import dagster as dg

    from pipeline import parallel
    from pipeline.cli import run_all_assets

    started = time.perf_counter()
    instance = dg.DagsterInstance.get()
    result = run_all_assets(instance, raw, warehouse)
    seconds = time.perf_counter() - started
    # Each worker's own peak (VmHWM): RUSAGE_CHILDREN would also count the
    # forks Dagster makes of this process to capture compute logs.
    workers = parallel._pool._processes.values() if parallel._pool else []  # noqa: SLF001
    worker_peaks = [_peak_rss_mb(p.pid) for p in workers]
    peak = _rss_mb()
    print("RESULT" + json.dumps({
        "success": result.success, "seconds": round(seconds, 2), "runs": len(instance.get_run_records()),
        "peak_rss_mb": round(peak, 1), "peak_rss_workers_mb": worker_peaks,
        "peak_rss_total_mb": round(peak + sum(worker_peaks), 1),
    }))


def _peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return round(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024, 1)


# ------------------------------------------------------------------ 3. latency
def latency(seed: int, interval: int = 5) -> dict:
    """A real daemon, its sensor ticking every `interval` s: seconds from a file landing to its events in Parquet."""
    work = Path(tempfile.mkdtemp(prefix="bench_latency_"))
    raw, home, warehouse = work / "raw", work / "home", work / "warehouse"
    raw.mkdir()
    home.mkdir()
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "DAGSTER_HOME": str(home), "PIPELINE_RAW_DIR": str(raw), "PIPELINE_WAREHOUSE": str(warehouse),
           "PIPELINE_SENSOR_INTERVAL_SECONDS": str(interval), "PIPELINE_SETTLE_SECONDS": "0.5"}
    (home / "workspace.yaml").write_text(
        f"load_from:\n  - python_module:\n      module_name: assets\n      working_directory: {ROOT}\n"
    )
    log = open(work / "daemon.log", "w")  # noqa: SIM115 - closed with the daemon
    daemon = subprocess.Popen(
        [str(Path(sys.executable).with_name("dagster-daemon")), "run", "-w", str(home / "workspace.yaml")],
        cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        time.sleep(15)  # the daemon loads the code location and starts its sensor loop
        name, data = generate_corpus(1, seed + 1)[0]
        landed = time.time()
        (raw / name).write_bytes(data)
        target = warehouse / "alliance_events" / f"article_id={name[:-4]}"
        sentences = warehouse / "sentences" / f"article_id={name[:-4]}"
        while time.time() - landed < 180:
            if sentences.exists() and (target.exists() or (warehouse / "alliance_dyads.parquet").exists()):
                return {"seconds_to_events_in_parquet": round(time.time() - landed, 1), "sensor_interval_s": interval}
            time.sleep(0.2)
        tail = (work / "daemon.log").read_text(errors="replace")[-3000:]
        return {"error": "no output within 180 s", "sensor_interval_s": interval, "daemon_log_tail": tail}
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


# ------------------------------------------------------------------ report
def _markdown(result: dict) -> str:
    lines = [f"# Benchmark ({result['date']}, {result['machine']})", "",
             "## Compute (stage functions on polars frames)", "",
             ("| articles | MB | seconds | MB/s | articles/s | peak RSS MB (main) | peak RSS MB (main + workers) "
              "| x regex floor |"), "|---|---|---|---|---|---|---|---|"]
    for c in result["compute"]:
        lines.append(f"| {c['articles']} | {c['megabytes']} | {c['seconds']} | {c['mb_per_s']} | {c['articles_per_s']} | "
                     f"{c['peak_rss_mb']} | {c['peak_rss_total_mb']} | {c['cost_multiple_of_floor']} |")
    if result["compute"]:
        last = result["compute"][-1]
        lines += ["", f"Per stage at {last['articles']} articles (MB/s): " + ", ".join(
            f"{k} {v['mb_per_s']}" for k, v in last["stages"].items())]
    if result.get("dagster"):
        d = result["dagster"]
        lines += ["", "## Through Dagster (single-run backfills)", ""]
        if "error" in d:
            lines.append(f"{d['articles']} articles: failed: {d['error']}")
        else:
            each = d["seconds_each"]
            lines += [
                ("| articles | backfills | seconds (median) | seconds (each) | Dagster runs per backfill "
                 "| peak RSS MB (run process + workers) |"), "|---|---|---|---|---|---|",
                f"| {d['articles']} | {len(each)} | {d['seconds']} | {', '.join(map(str, each))} | {d['runs']} "
                f"| {d['peak_rss_total_mb']} ({' + '.join(map(str, [d['peak_rss_mb'], *d['peak_rss_workers_mb']]))}) |",
            ]
    if result.get("latency"):
        lines += ["", "## New file to events in Parquet (real daemon)", "", f"{result['latency']}"]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 50000])
    parser.add_argument("--backfill", type=int, default=1000, help="articles in the Dagster backfill (0: skip)")
    parser.add_argument("--backfill-runs", type=int, default=1, help="backfills to run; the median is reported")
    parser.add_argument("--latency", action="store_true", help="measure new-file latency with a real daemon")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--compute-one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--backfill-one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.compute_one:
        print(json.dumps(compute(args.compute_one, args.seed)))
        return 0
    if args.backfill_one:
        _backfill_one(*args.backfill_one)
        return 0
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "compute": [],
    }
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--compute-one", str(n), "--seed", str(args.seed)],
                             capture_output=True, text=True, check=True)
        result["compute"].append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(result["compute"][-1]), flush=True)
    if args.backfill:
        result["dagster"] = dagster_backfill(args.backfill, args.seed, max(1, args.backfill_runs))
        print(json.dumps(result["dagster"]), flush=True)
    if args.latency:
        result["latency"] = latency(args.seed)
        print(json.dumps(result["latency"]), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    (RESULTS / "latest.md").write_text(_markdown(result), encoding="utf-8")
    print((RESULTS / "latest.md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
