"""List the most frequent names the gazetteer does not link, from a corpus, for curation.

    .venv/bin/python scripts/mine_actor_candidates.py CORPUS.jsonl.gz [--articles N] [--top K]

Reads SaudiNewsNet-style JSON lines (`content` field), runs the entity
extractor, and prints per type the surfaces that stay unlinked or get a
discovered id, by article count. A reviewer gives the ones worth keeping a
canonical id and adds them to pipeline/gazetteer/*.csv.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polars as pl  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    from pipeline.evaluate import run_stages
    from pipeline.gazetteer import gazetteer

    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--top", type=int, default=150)
    parser.add_argument("--every", type=int, default=10, help="take every n-th article (spreads the sample)")
    args = parser.parse_args(argv)
    texts = []
    with gzip.open(args.corpus, "rt", encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i % args.every == 0:
                texts.append(json.loads(line)["content"] or "")
            if len(texts) >= args.articles:
                break
    raw = pl.DataFrame({"article_id": [f"c{i:06d}" for i in range(len(texts))], "raw_text": texts,
                        "content_sha256": [""] * len(texts)})
    mentions = run_stages(raw)["entity_mentions"]
    known = set(gazetteer().actors)
    unknown = mentions.filter(pl.col("actor_id").is_null() | ~pl.col("actor_id").is_in(list(known)))
    for entity_type in ("PERSON", "ORG", "LOCATION"):
        top = (unknown.filter(pl.col("entity_type") == entity_type)
               .group_by("surface").agg(articles=pl.col("article_id").n_unique(), ids=pl.col("actor_id").unique())
               .sort("articles", descending=True).head(args.top))
        print(f"## {entity_type}")
        for surface, articles, ids in top.iter_rows():
            print(f"{articles}\t{surface}\t{','.join(i for i in ids if i)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
