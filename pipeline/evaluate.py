"""Score extraction against gold annotations.

    python -m pipeline.evaluate [--warehouse DIR] [--gold DIR] [--json FILE]   what a warehouse holds
    python -m pipeline.evaluate --raw DIR --gold DIR       the stages run in-process over a folder
    python -m pipeline.evaluate --suite                    the sample, both dev set halves, CoNLL held-out
    python -m pipeline.evaluate --conll [FILE]             NER on a BIO file (pipeline.conll)

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
from pipeline.scoring import Score

DEFAULT_GOLD = settings.PROJECT_ROOT / "tests" / "fixtures" / "gold"


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


def _report(mentions: pl.DataFrame, events: pl.DataFrame | None, gold: dict[str, dict]) -> dict:
    actors = score_actors(mentions, gold)
    result: dict = {"articles": len(gold)}
    result["actors"] = {
        "overall": actors.overall.as_dict(),
        "by_type": {t: s.as_dict() for t, s in actors.by_type.items()},
        "by_article": {a: {t: s.as_dict() for t, s in per.items()} for a, per in actors.by_article.items()},
        "errors": actors.errors,
    }
    if events is not None:
        scored = score_events(events, gold)
        result["events"] = {
            **scored.score.as_dict(), "polarity_accuracy": round(scored.polarity_accuracy, 4),
            "matched": scored.matched, "by_type": {t: s.as_dict() for t, s in sorted(scored.by_type.items())},
            "misses": scored.misses,
        }
    return result


def evaluate(warehouse_root: str | Path, gold_dir: str | Path = DEFAULT_GOLD) -> dict:
    """Score what a warehouse holds for the gold folder's articles."""
    from pipeline.warehouse import Warehouse

    store = Warehouse(warehouse_root)
    gold = load_gold(gold_dir)
    mentions = store.read_partitions("entity_mentions", list(gold))
    events = store.read_partitions("alliance_events", list(gold)) if store.table_dir("alliance_events").exists() else None
    return _report(mentions, events, gold)


def run_stages(raw: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The per-article tables of raw_articles rows, computed in this process by
    the stage functions the assets call (no Dagster, no warehouse). `raw`
    needs article_id, raw_text and content_sha256; language is guessed when missing."""
    from pipeline.cleaning import clean_articles
    from pipeline.entities import extract_mentions
    from pipeline.events import extract_events
    from pipeline.ingest import guess_languages
    from pipeline.segmentation import SPLIT_INPUT_COLUMNS, split_sentences

    if "language" not in raw.columns:
        raw = raw.with_columns(guess_languages(raw["raw_text"]))
    cleaned = clean_articles(raw)
    sentences = split_sentences(cleaned.select(SPLIT_INPUT_COLUMNS))
    mentions = extract_mentions(sentences)
    events = extract_events(sentences, mentions)
    return {"cleaned_articles": cleaned, "sentences": sentences, "entity_mentions": mentions, "alliance_events": events}


def process_folder(raw_dir: str | Path, article_ids: Iterable[str] | None = None) -> dict[str, pl.DataFrame]:
    """`run_stages` over a folder of article files (or the named articles of it)."""
    import datetime as dt

    from pipeline.ingest import article_id_for, ingest_files, list_raw_files

    wanted = None if article_ids is None else set(article_ids)
    paths = [f.source_path for f in list_raw_files(raw_dir) if wanted is None or article_id_for(f.source_path) in wanted]
    raw, _ = ingest_files(raw_dir, paths, dt.datetime.now(dt.timezone.utc))
    return run_stages(raw)


def evaluate_folder(raw_dir: str | Path, gold_dir: str | Path) -> dict:
    """Run the stages over the gold folder's articles in `raw_dir` and score them."""
    gold = load_gold(gold_dir)
    tables = process_folder(raw_dir, gold)
    return _report(tables["entity_mentions"], tables["alliance_events"], gold)


# The gold sets kept as test fixtures: (name, articles folder, gold folder).
DEVSET = settings.PROJECT_ROOT / "tests" / "fixtures" / "devset"
GOLD_SETS = (
    ("seeds", settings.PROJECT_ROOT / "data" / "raw", DEFAULT_GOLD),
    ("dev-study", DEVSET / "study" / "news", DEVSET / "study" / "gold"),
    ("dev-score", DEVSET / "score" / "news", DEVSET / "score" / "gold"),
)
DEFAULT_CONLL = settings.PROJECT_ROOT / "tests" / "fixtures" / "anercorp" / "heldout.txt"


def _print(result: dict, name: str = "") -> None:
    actors = result["actors"]
    print(f"{name or 'gold'}: {result['articles']} article(s); actors (linked actor_ids per article and type)")
    print(f"  {'type':<10} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    for type_name, s in [*actors["by_type"].items(), ("overall", actors["overall"])]:
        print(f"  {type_name:<10} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['tp']:4} {s['fp']:3} {s['fn']:3}")
    if "events" in result:
        e = result["events"]
        print(f"  events: P={e['precision']:.3f} R={e['recall']:.3f} F1={e['f1']:.3f} "
              f"(tp {e['tp']}, fp {e['fp']}, fn {e['fn']}), polarity accuracy {e['polarity_accuracy']:.3f}")
        for type_name, s in e["by_type"].items():
            print(f"    {type_name:<22} P={s['precision']:.2f} R={s['recall']:.2f} F1={s['f1']:.2f}")


def summary_row(name: str, result: dict) -> dict:
    """The headline numbers of one gold set's report."""
    row = {"set": name, "articles": result["articles"], "actors_f1": result["actors"]["overall"]["f1"]}
    row.update({t: s["f1"] for t, s in result["actors"]["by_type"].items()})
    if "events" in result:
        e = result["events"]
        row.update(events_p=e["precision"], events_r=e["recall"], events_f1=e["f1"], polarity=e["polarity_accuracy"])
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate", description="score extraction against gold")
    parser.add_argument("--warehouse", default=settings.warehouse_root(), help="score what this warehouse holds")
    parser.add_argument("--gold", default=str(DEFAULT_GOLD), help="gold folder (one JSON file per article)")
    parser.add_argument("--raw", help="instead of a warehouse, run the stages in-process over this article folder")
    parser.add_argument("--suite", action="store_true",
                        help="every gold set of the project (seeds, dev set halves) and the CoNLL held-out file")
    parser.add_argument("--conll", nargs="?", const=str(DEFAULT_CONLL), help="score NER on a BIO file (CoNLL exact span)")
    parser.add_argument("--json", help="also write the full report (with errors) to this file")
    parser.add_argument("--errors", action="store_true", help="print missed and spurious actors per article")
    args = parser.parse_args(argv)
    results: dict[str, dict] = {}
    if args.suite:
        for name, raw_dir, gold_dir in GOLD_SETS:
            results[name] = evaluate_folder(raw_dir, gold_dir)
    elif args.raw:
        results["gold"] = evaluate_folder(args.raw, args.gold)
    elif not args.conll:
        results["gold"] = evaluate(args.warehouse, args.gold)
    for name, result in results.items():
        _print(result, name)
        if args.errors:
            print(json.dumps(result["actors"]["errors"], ensure_ascii=False, indent=1))
    if len(results) > 1:
        with pl.Config(tbl_cols=-1, tbl_width_chars=200, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
            print(pl.DataFrame([summary_row(n, r) for n, r in results.items()]).with_columns(pl.col(pl.Float64).round(3)))
    conll_path = args.conll or (str(DEFAULT_CONLL) if args.suite else None)
    if conll_path:
        from pipeline.conll import score_conll

        scores = score_conll(conll_path)
        results["conll"] = {t: s.as_dict() for t, s in scores.items()}
        print(f"CoNLL exact span on {conll_path}:")
        for type_name, s in scores.items():
            print(f"  {type_name:<8} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} (tp {s.tp}, fp {s.fp}, fn {s.fn})")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
