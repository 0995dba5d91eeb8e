"""Score the warehouse against gold annotations.

    python -m pipeline.evaluate [--warehouse DIR] [--gold DIR] [--json FILE]

Actors: per article and entity type, the set of linked actor_ids in
entity_mentions against the gold set; micro precision/recall/F1 per type and
overall. Events: a predicted event matches a gold event of the same article
and type when its sentence contains the gold evidence (after folding letter
variants and spacing) and the Jaccard overlap of participants ∪ target is at
least 0.5; matched one-to-one, greedily. Polarity accuracy is measured on
matched events. The gold format is described in tests/fixtures/gold/README.md.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipeline import settings
from pipeline.contract import ENTITY_TYPES
from pipeline.gazetteer import form_key

DEFAULT_GOLD = settings.PROJECT_ROOT / "tests" / "fixtures" / "gold"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class ActorReport:
    by_type: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in ENTITY_TYPES})
    by_article: dict[str, dict[str, Score]] = field(default_factory=dict)
    errors: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)

    @property
    def overall(self) -> Score:
        total = Score()
        for score in self.by_type.values():
            total.add(score)
        return total


def load_gold(gold_dir: str | Path = DEFAULT_GOLD) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(gold_dir).glob("*.json"))}


def score_actors(mentions: pl.DataFrame, gold: dict[str, dict]) -> ActorReport:
    report = ActorReport()
    linked = mentions.filter(pl.col("actor_id").is_not_null())
    for article_id, annotation in gold.items():
        rows = linked.filter(pl.col("article_id") == article_id)
        report.by_article[article_id] = {}
        report.errors[article_id] = {}
        for entity_type in ENTITY_TYPES:
            predicted = set(rows.filter(pl.col("entity_type") == entity_type)["actor_id"].to_list())
            expected = set(annotation["actors"].get(entity_type, []))
            score = Score(len(predicted & expected), len(predicted - expected), len(expected - predicted))
            report.by_type[entity_type].add(score)
            report.by_article[article_id][entity_type] = score
            if predicted != expected:
                report.errors[article_id][entity_type] = {
                    "missed": sorted(expected - predicted), "spurious": sorted(predicted - expected),
                }
    return report


@dataclass
class EventReport:
    score: Score = field(default_factory=Score)
    by_type: dict[str, Score] = field(default_factory=dict)
    polarity_correct: int = 0
    matched: int = 0
    misses: list[dict] = field(default_factory=list)

    @property
    def polarity_accuracy(self) -> float:
        return self.polarity_correct / self.matched if self.matched else 1.0


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def score_events(events: pl.DataFrame, gold: dict[str, dict]) -> EventReport:
    report = EventReport()
    for article_id, annotation in gold.items():
        predicted = events.filter(pl.col("article_id") == article_id).to_dicts()
        # evidence compared as the gazetteer compares forms: folded, single-spaced
        sentences = [form_key(p["evidence"]) for p in predicted]
        used: set[int] = set()
        for g in annotation["events"]:
            evidence = form_key(g["evidence"])
            gold_actors = set(g["participants"]) | set(g["target"])
            best, best_overlap = None, 0.0
            for k, p in enumerate(predicted):
                if k in used or p["event_type"] != g["event_type"] or evidence not in sentences[k]:
                    continue
                overlap = _jaccard(gold_actors, set(p["participants"]) | set(p["target"]))
                if overlap >= 0.5 and overlap > best_overlap:
                    best, best_overlap = k, overlap
            type_score = report.by_type.setdefault(g["event_type"], Score())
            if best is None:
                report.score.fn += 1
                type_score.fn += 1
                report.misses.append({"article_id": article_id, "missed": g["event_type"], "evidence": g["evidence"]})
                continue
            used.add(best)
            report.score.tp += 1
            type_score.tp += 1
            report.matched += 1
            report.polarity_correct += predicted[best]["polarity"] == g["polarity"]
        for k, p in enumerate(predicted):
            if k not in used:
                report.score.fp += 1
                report.by_type.setdefault(p["event_type"], Score()).fp += 1
                report.misses.append({"article_id": article_id, "spurious": p["event_type"], "evidence": p["evidence"]})
    return report


def evaluate(warehouse_root: str | Path, gold_dir: str | Path = DEFAULT_GOLD) -> dict:
    from pipeline.warehouse import Warehouse

    store = Warehouse(warehouse_root)
    gold = load_gold(gold_dir)
    result: dict = {}
    mentions = store.read_partitions("entity_mentions", list(gold))
    actors = score_actors(mentions, gold)
    result["actors"] = {
        "overall": actors.overall.as_dict(),
        "by_type": {t: s.as_dict() for t, s in actors.by_type.items()},
        "by_article": {a: {t: s.as_dict() for t, s in per.items()} for a, per in actors.by_article.items()},
        "errors": actors.errors,
    }
    if store.table_dir("alliance_events").exists():
        events = score_events(store.read_partitions("alliance_events", list(gold)), gold)
        result["events"] = {
            **events.score.as_dict(), "polarity_accuracy": round(events.polarity_accuracy, 4),
            "matched": events.matched, "by_type": {t: s.as_dict() for t, s in sorted(events.by_type.items())},
            "misses": events.misses,
        }
    return result


def _print(result: dict) -> None:
    actors = result["actors"]
    print("actors (linked actor_ids per article and type)")
    print(f"  {'type':<10} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    for name, s in [*actors["by_type"].items(), ("overall", actors["overall"])]:
        print(f"  {name:<10} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['tp']:4} {s['fp']:3} {s['fn']:3}")
    print("  per article F1: " + ", ".join(
        f"{a[:3]}: " + "/".join(f"{t[0]}={s['f1']:.2f}" for t, s in per.items()) for a, per in actors["by_article"].items()
    ))
    if "events" in result:
        e = result["events"]
        print(f"events: P={e['precision']:.3f} R={e['recall']:.3f} F1={e['f1']:.3f} "
              f"(tp {e['tp']}, fp {e['fp']}, fn {e['fn']}), polarity accuracy {e['polarity_accuracy']:.3f}")
        for name, s in e["by_type"].items():
            print(f"  {name:<22} P={s['precision']:.2f} R={s['recall']:.2f} F1={s['f1']:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate", description="score the warehouse against gold")
    parser.add_argument("--warehouse", default=settings.warehouse_root())
    parser.add_argument("--gold", default=str(DEFAULT_GOLD))
    parser.add_argument("--json", help="also write the full report (with errors) to this file")
    parser.add_argument("--errors", action="store_true", help="print missed and spurious actors per article")
    args = parser.parse_args(argv)
    result = evaluate(args.warehouse, args.gold)
    _print(result)
    if args.errors:
        print(json.dumps(result["actors"]["errors"], ensure_ascii=False, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
