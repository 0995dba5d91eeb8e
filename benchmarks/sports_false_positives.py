"""Alliance events found on sports pages, per 100 articles (there should be almost none).

    .venv/bin/python benchmarks/sports_false_positives.py CORPUS.jsonl.gz [--json FILE]

Sports pages of the SaudiNewsNet corpus: al-Jazirah's `/sp...htm` section
and the two sports papers (arreyadi, arriyadiyah). The domain model was
fitted on the half of them whose URL hash is even (scripts/train_domain.py),
so the other half is reported on its own. The stages run in-process, as the
assets call them.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polars as pl  # noqa: E402


def sports_pages(path: str) -> list[dict]:
    pages = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            d = json.loads(line)
            sport = d["source"] in ("arreyadi", "arriyadiyah") or (
                d["source"] == "aljazirah" and re.search(r"/\d{8}/sp\d*\.htm", d["url"]))
            if sport and d.get("content"):
                fitted = int(hashlib.sha1(d["url"].encode()).hexdigest(), 16) % 2 == 0
                pages.append({"url": d["url"], "text": d["content"], "half": "fit" if fitted else "measure"})
    return pages


def run(texts: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    from pipeline.evaluate import run_stages

    raw = pl.DataFrame({"article_id": [f"s{i:05d}" for i in range(len(texts))], "raw_text": texts,
                        "content_sha256": [""] * len(texts)})
    tables = run_stages(raw)
    return tables["cleaned_articles"], tables["alliance_events"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    pages = sports_pages(args.corpus)
    started = time.perf_counter()
    cleaned, events = run([p["text"] for p in pages])
    ids = cleaned["article_id"].to_list()
    halves = dict(zip(ids, [p["half"] for p in pages], strict=True))
    result = {"articles": len(pages), "seconds": round(time.perf_counter() - started, 1),
              "domain_sport_share": round(float((cleaned["domain"] == "sport").mean()), 3)}
    for half in ("fit", "measure", "all"):
        mine = [i for i in ids if half == "all" or halves[i] == half]
        found = events.filter(pl.col("article_id").is_in(mine))
        result[half] = {"articles": len(mine), "events": found.height,
                        "events_per_100_articles": round(100 * found.height / max(len(mine), 1), 2),
                        "by_type": dict(sorted(found.group_by("event_type").len().iter_rows()))}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
