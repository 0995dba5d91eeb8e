"""Train the article-domain weights (pipeline/lang/ar/domain_weights.tsv) on a labeled corpus.

    .venv/bin/python scripts/train_domain.py CORPUS.jsonl.gz

Weak labels from the SaudiNewsNet corpus: al-Jazirah's URL names its section
(`/sp...htm` sport, `/ec...htm` economy) and arreyadi and arriyadiyah are
sports papers; the other al-Jazirah sections are the negatives. Articles are
split in two by a hash of their URL: weights are fitted on one half
(naive Bayes log-odds per folded word, smoothed, the strongest words kept)
and the threshold on the same half; the other half only measures.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.domain import DOMAINS, WEIGHTS_FILE, _weights, article_scores  # noqa: E402
from pipeline.normalize import fold_text, normalize_text  # noqa: E402

WORD = re.compile(r"[\u0621-\u064a]{2,}")
KEEP = 1500  # words per domain
MIN_COUNT = 8


def labeled(path: str) -> list[dict]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            d = json.loads(line)
            if d["source"] in ("arreyadi", "arriyadiyah"):
                section = "sp"
            elif d["source"] == "aljazirah":
                m = re.search(r"/\d{8}/([a-z]+)\d*\.htm", d["url"])
                section = m.group(1) if m else None
            else:
                continue
            if not section:
                continue
            half = "fit" if int(hashlib.sha1(d["url"].encode()).hexdigest(), 16) % 2 == 0 else "measure"
            rows.append({"section": section, "half": half, "text": d["content"] or ""})
    return rows


def words(text: str) -> list[str]:
    return WORD.findall(fold_text(normalize_text(text)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    args = parser.parse_args(argv)
    rows = labeled(args.corpus)
    fit = [r for r in rows if r["half"] == "fit"]
    measure = [r for r in rows if r["half"] == "measure"]
    sections = {"sport": "sp", "economy": "ec"}
    weights: dict[str, dict[str, float]] = {}
    for domain in DOMAINS:
        pos, neg = Counter(), Counter()
        for r in fit:
            target = pos if r["section"] == sections[domain] else neg
            if r["section"] == "sp" and domain != "sport":
                continue  # sport pages are no negatives for economy
            target.update(set(words(r["text"])))  # document frequency: one vote per article
        n_pos = sum(1 for r in fit if r["section"] == sections[domain])
        n_neg = sum(1 for r in fit if r["section"] != sections[domain] and not (r["section"] == "sp" and domain != "sport"))
        scored = {}
        for w in set(pos) | set(neg):
            if pos[w] + neg[w] < MIN_COUNT:
                continue
            scored[w] = math.log((pos[w] + 1) / (n_pos + 2)) - math.log((neg[w] + 1) / (n_neg + 2))
        for w, value in sorted(scored.items(), key=lambda kv: -abs(kv[1]))[:KEEP]:
            weights.setdefault(w, {})[domain] = round(value, 3)
    WEIGHTS_FILE.write_text(_table(weights, {d: 0.0 for d in DOMAINS}), encoding="utf-8")
    import polars as pl

    # the threshold of each domain: the best F0.5 on the fitting half (precision counts double)
    fit_scores = article_scores(pl.Series([r["text"] for r in fit]))
    thresholds = {}
    for domain in DOMAINS:
        truth = [r["section"] == sections[domain] for r in fit]
        values = fit_scores[domain].to_list()
        best = (0.0, 0.0)
        for candidate in sorted(set(round(v, 3) for v in values)):
            tp = sum(t and v > candidate for t, v in zip(truth, values))
            fp = sum(v > candidate and not t for t, v in zip(truth, values))
            fn = sum(t and not v > candidate for t, v in zip(truth, values))
            f = 1.25 * tp / max(1.25 * tp + 0.25 * fn + fp, 1)
            if f > best[0]:
                best = (f, candidate)
        thresholds[domain] = best[1]
    WEIGHTS_FILE.write_text(_table(weights, thresholds), encoding="utf-8")
    _weights.cache_clear()
    for half_name, half in (("fit", fit), ("measure", measure)):
        scores = article_scores(pl.Series([r["text"] for r in half]))
        for domain in DOMAINS:
            truth = [r["section"] == sections[domain] for r in half]
            predicted = (scores[domain] > thresholds[domain]).to_list()
            tp = sum(t and p for t, p in zip(truth, predicted))
            fp = sum(p and not t for t, p in zip(truth, predicted))
            fn = sum(t and not p for t, p in zip(truth, predicted))
            print(f"{half_name:8} {domain:8} articles {len(half)} threshold {thresholds[domain]:.3f} "
                  f"P={tp / max(tp + fp, 1):.3f} R={tp / max(tp + fn, 1):.3f}")
    return 0


def _table(weights: dict[str, dict[str, float]], thresholds: dict[str, float]) -> str:
    lines = ["# Article-domain weights: naive Bayes log-odds of a folded word for each domain, "
             "fitted by scripts/train_domain.py", "word\t" + "\t".join(DOMAINS)]
    lines.append("__threshold__\t" + "\t".join(str(thresholds[d]) for d in DOMAINS))
    for w in sorted(weights):
        lines.append(w + "\t" + "\t".join(str(weights[w].get(d, 0.0)) for d in DOMAINS))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
