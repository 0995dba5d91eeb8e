"""Data-quality checks for every table, independent of Dagster.

Each table has a list of `CheckDef`s. A check takes the frame just produced
(and, where it needs one, the upstream frame it was derived from) and returns
a `CheckOutcome` whose metadata names failing rows and sample values. Column
expectations (non-null, unique keys, value sets, patterns, ranges) are stated
with great-expectations 1.x, run in memory; the rest (schema, offsets,
alignment, leftover chrome, plausibility) are computed with polars and
reported the same way. `assets/checks.py` turns the outcomes into Dagster
asset-check results.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from pipeline import chrome
from pipeline.contract import (
    ENTITY_TYPES,
    EVENT_TYPES,
    EXTRACTION_METHODS,
    KEYS,
    MENTION_FORMS,
    MODALITIES,
    NON_NULL,
    POLARITIES,
    empty_frame,
)
from pipeline.domain import ARTICLE_DOMAINS

SAMPLE = 5


@dataclass
class CheckOutcome:
    name: str
    passed: bool
    description: str
    blocking: bool
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckDef:
    name: str
    description: str
    blocking: bool  # guards downstream assets: a failure stops them
    fn: Callable[..., tuple[bool, dict[str, Any]]]
    needs: str | None = None  # name of the upstream frame the check needs

    def run(self, frame: pl.DataFrame, upstream: dict[str, pl.DataFrame]) -> CheckOutcome:
        args = (frame, upstream[self.needs]) if self.needs else (frame,)
        passed, metadata = self.fn(*args)
        return CheckOutcome(self.name, bool(passed), self.description, self.blocking, metadata)


# ---------------------------------------------------------------- expectations
# Per table: value sets, regex patterns and lower bounds for great-expectations.
VALUE_SETS: dict[str, dict[str, list[Any]]] = {
    "raw_articles": {"encoding": ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                                  "cp1256", "iso-8859-6"]},
    "cleaned_articles": {"domain": list(ARTICLE_DOMAINS)},
    "sentences": {"domain": list(ARTICLE_DOMAINS)},
    "entity_mentions": {"entity_type": list(ENTITY_TYPES), "mention_form": list(MENTION_FORMS),
                        "method": list(EXTRACTION_METHODS)},
    "actors": {"actor_type": list(ENTITY_TYPES)},
    "alliance_events": {
        "event_type": list(EVENT_TYPES), "polarity": list(POLARITIES), "modality": list(MODALITIES),
        "quad_class": [1, 2, 3, 4],
    },
}
PATTERNS: dict[str, dict[str, str]] = {
    "raw_articles": {"article_id": r"^[a-z0-9_-]+$", "content_sha256": r"^[0-9a-f]{64}$",
                     "language": r"^[a-z]{2,3}$"},
    "quarantine": {"article_id": r"^[a-z0-9_-]+$", "reason": r"\S"},
    "cleaned_articles": {"article_id": r"^[a-z0-9_-]+$"},
    "sentences": {"text": r"\S"},
}
MINIMUMS: dict[str, dict[str, int]] = {
    "raw_articles": {"n_bytes": 1},
    "cleaned_articles": {"n_chars": 0},
    "sentences": {"sentence_id": 0, "start_char": 0, "n_tokens": 1},
    "entity_mentions": {"start_char": 0, "mention_id": 0},
}


def load_great_expectations() -> None:
    """Import great-expectations (about 3 s), e.g. on a worker that will run checks."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations  # noqa: F401


def run_expectations(table: str, frame: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    """Run the table's great-expectations suite on an in-memory frame."""
    load_great_expectations()  # imported only when a check runs
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas(f"{table}_source")
    batch = (
        source.add_dataframe_asset(name=table)
        .add_batch_definition_whole_dataframe("whole")
        .get_batch(batch_parameters={"dataframe": _to_pandas(frame)})
    )
    suite = gx.ExpectationSuite(name=f"{table}_contract")
    E = gx.expectations
    suite.add_expectation(E.ExpectTableColumnsToMatchSet(
        column_set=list(empty_frame(table).columns), exact_match=False))
    for column in NON_NULL.get(table, ()):
        suite.add_expectation(E.ExpectColumnValuesToNotBeNull(column=column))
    keys = KEYS.get(table, ())
    if len(keys) == 1:
        suite.add_expectation(E.ExpectColumnValuesToBeUnique(column=keys[0]))
    elif keys:
        suite.add_expectation(E.ExpectCompoundColumnsToBeUnique(column_list=list(keys)))
    for column, values in VALUE_SETS.get(table, {}).items():
        suite.add_expectation(E.ExpectColumnValuesToBeInSet(column=column, value_set=values))
    for column, regex in PATTERNS.get(table, {}).items():
        suite.add_expectation(E.ExpectColumnValuesToMatchRegex(column=column, regex=regex))
    for column, minimum in MINIMUMS.get(table, {}).items():
        suite.add_expectation(E.ExpectColumnValuesToBeBetween(column=column, min_value=minimum))
    result = batch.validate(suite, result_format="SUMMARY")
    failures = {}
    for r in result.results:
        if not r.success:
            cfg = r.expectation_config
            label = f"{cfg.type}({cfg.kwargs.get('column') or cfg.kwargs.get('column_list') or ''})"
            failures[label] = {
                "unexpected_count": r.result.get("unexpected_count"),
                "sample": [str(v) for v in (r.result.get("partial_unexpected_list") or [])[:SAMPLE]],
                "observed": str(r.result.get("observed_value", ""))[:200],
            }
    return result.success, {
        "evaluated_expectations": len(result.results),
        "failed_expectations": failures,
        "rows": frame.height,
    }


def _to_pandas(frame: pl.DataFrame):  # noqa: ANN202
    # great-expectations takes pandas. No expectation looks inside a list
    # column, so each is reduced to its length (null stays null).
    nested = [c for c, t in frame.schema.items() if isinstance(t, pl.List)]
    if nested:
        frame = frame.with_columns(pl.col(c).list.len() for c in nested)
    return frame.to_pandas(use_pyarrow_extension_array=True)


# ---------------------------------------------------------------- polars checks
def _sample(frame: pl.DataFrame, *columns: str) -> list[dict[str, Any]]:
    return [
        {k: (str(v)[:160] if isinstance(v, str) else v) for k, v in row.items()}
        for row in frame.select(columns).head(SAMPLE).to_dicts()
    ]


def check_schema(table: str) -> Callable[[pl.DataFrame], tuple[bool, dict[str, Any]]]:
    expected = empty_frame(table).schema

    def _check(frame: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
        missing = [c for c in expected if c not in frame.columns]
        wrong = {
            c: f"{frame.schema[c]} != {t}" for c, t in expected.items()
            if c in frame.columns and frame.schema[c] != t
        }
        return not missing and not wrong, {"missing_columns": missing, "wrong_types": wrong}

    return _check


def check_match_text_aligned(frame: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    bad = frame.filter(pl.col("match_text").str.len_chars() != pl.col("body").str.len_chars())
    return bad.is_empty(), {"failed_rows": bad.height, "failed_article_ids": bad["article_id"].head(SAMPLE).to_list()}


def check_no_chrome_left(frame: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    lines = (
        frame.select("article_id", "language", line=pl.col("body").str.split("\n"))
        .explode("line")
        .drop_nulls("line")
    )
    kinds = [chrome.classify_line(line, lang)[0] for line, lang in zip(lines["line"], lines["language"], strict=True)]
    bad = lines.with_columns(kind=pl.Series(kinds, dtype=pl.String)).filter(
        ~pl.col("kind").is_in(["content", "blank"])
    )
    return bad.is_empty(), {"failed_rows": bad.height, "sample": _sample(bad, "article_id", "kind", "line")}


def check_title_first_line(frame: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    bad = frame.filter(
        pl.col("title").is_not_null()
        & (pl.col("body").str.split("\n").list.first() != pl.col("title"))
    )
    return bad.is_empty(), {"failed_rows": bad.height, "sample": _sample(bad, "article_id", "title")}


def check_offsets_reproduce_text(sentences: pl.DataFrame, cleaned: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    joined = sentences.join(cleaned.select("article_id", "body"), on="article_id", how="left")
    bad = joined.filter(
        pl.col("body").is_null()
        | (pl.col("body").str.slice(pl.col("start_char"), pl.col("end_char") - pl.col("start_char")) != pl.col("text"))
        | (pl.col("end_char") <= pl.col("start_char"))
    )
    return bad.is_empty(), {
        "failed_rows": bad.height, "sample": _sample(bad, "article_id", "sentence_id", "start_char", "end_char", "text"),
    }


def check_sentence_ids_contiguous(sentences: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    per = sentences.group_by("article_id").agg(n=pl.len(), lo=pl.col("sentence_id").min(), hi=pl.col("sentence_id").max())
    bad = per.filter((pl.col("lo") != 0) | (pl.col("hi") != pl.col("n") - 1))
    return bad.is_empty(), {"failed_articles": bad["article_id"].head(SAMPLE).to_list()}


# A sentence per 15..2000 characters of body is what news prose looks like.
MIN_CHARS_PER_SENTENCE = 15
MAX_CHARS_PER_SENTENCE = 2000


def check_sentence_count_plausible(sentences: pl.DataFrame, cleaned: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    counts = sentences.group_by("article_id").agg(n_sentences=pl.len())
    per = (
        cleaned.select("article_id", "n_chars")
        .join(counts, on="article_id", how="left")
        .with_columns(pl.col("n_sentences").fill_null(0))
        .with_columns(chars_per_sentence=pl.col("n_chars") / pl.col("n_sentences").clip(1))
    )
    bad = per.filter(
        ((pl.col("n_chars") > 0) & (pl.col("n_sentences") == 0))
        | (pl.col("chars_per_sentence") > MAX_CHARS_PER_SENTENCE)
        | ((pl.col("n_sentences") > 1) & (pl.col("chars_per_sentence") < MIN_CHARS_PER_SENTENCE))
    )
    return bad.is_empty(), {
        "articles": per.height,
        "mean_sentences_per_article": round(float(per["n_sentences"].mean() or 0), 2),
        "implausible": _sample(bad, "article_id", "n_chars", "n_sentences"),
    }


def check_decode_clean(raw: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    bad = raw.filter(pl.col("n_decode_errors") > 0)
    return bad.is_empty(), {"files_with_replaced_bytes": _sample(bad, "article_id", "source_path", "n_decode_errors")}


def check_unique_content(raw: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    dupes = raw.filter(pl.col("duplicate_of").is_not_null())
    return dupes.is_empty(), {"duplicates": _sample(dupes, "article_id", "duplicate_of")}


def check_mention_offsets(mentions: pl.DataFrame, sentences: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    joined = mentions.join(sentences.select("article_id", "sentence_id", "text"), on=["article_id", "sentence_id"], how="left")
    bad = joined.filter(
        pl.col("text").is_null()
        | (pl.col("end_char") > pl.col("text").str.len_chars())
        | (pl.col("end_char") <= pl.col("start_char"))
        | (pl.col("text").str.slice(pl.col("start_char"), pl.col("end_char") - pl.col("start_char")) != pl.col("surface"))
    )
    return bad.is_empty(), {
        "failed_rows": bad.height,
        "sample": _sample(bad, "article_id", "sentence_id", "start_char", "end_char", "surface"),
    }


def check_actor_ids_resolvable(mentions: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    from pipeline.gazetteer import gazetteer

    known = list(gazetteer().actors)
    bad = mentions.filter(
        pl.col("actor_id").is_not_null()
        & ~pl.col("actor_id").is_in(pl.Series(known).implode())
        & pl.col("actor_name").is_null()
        & (pl.col("entity_type") != "PERSON")
    )
    return bad.is_empty(), {"failed_rows": bad.height, "sample": _sample(bad, "article_id", "surface", "actor_id")}


# Below this share of linked mentions the gazetteer is likely missing a region.
MIN_LINKED_SHARE = 0.8


def check_linked_share(mentions: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    share = mentions["actor_id"].is_not_null().mean() if mentions.height else 1.0
    unlinked = mentions.filter(pl.col("actor_id").is_null())
    return share >= MIN_LINKED_SHARE, {
        "linked_share": round(float(share or 0), 4), "unlinked_sample": _sample(unlinked, "article_id", "surface", "entity_type"),
    }


def check_mention_actors_exist(actors: pl.DataFrame, mentions: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    missing = mentions.filter(
        pl.col("actor_id").is_not_null() & ~pl.col("actor_id").is_in(actors["actor_id"].implode())
    )
    return missing.is_empty(), {"failed_rows": missing.height, "sample": _sample(missing, "article_id", "actor_id")}


def check_event_codes(events: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    table = pl.DataFrame(
        [{"event_type": e.name, "c": e.cameo, "q": e.quad_class, "g": e.goldstein} for e in EVENT_TYPES.values()],
        schema={"event_type": pl.String, "c": pl.String, "q": pl.Int8, "g": pl.Float32},
    )
    joined = events.join(table, on="event_type", how="left")
    bad = joined.filter(
        pl.col("c").is_null() | (pl.col("cameo_code") != pl.col("c")) | (pl.col("quad_class") != pl.col("q"))
        | ((pl.col("goldstein") - pl.col("g")).abs() > 1e-4)
    )
    return bad.is_empty(), {"failed_rows": bad.height, "sample": _sample(bad, "event_id", "event_type", "cameo_code", "quad_class")}


def _role_ids(events: pl.DataFrame) -> pl.DataFrame:
    return pl.concat([
        events.select("event_id", actor_id=pl.col(role)).explode("actor_id").drop_nulls("actor_id").with_columns(role=pl.lit(role))
        for role in ("participants", "target", "against")
    ] + [events.select("event_id", actor_id=pl.col("attributed_to")).drop_nulls("actor_id").with_columns(role=pl.lit("attributed_to"))])


def check_event_actors_known(events: pl.DataFrame, actors: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    ids = _role_ids(events)
    bad = ids.filter(~pl.col("actor_id").is_in(actors["actor_id"].implode()))
    return bad.is_empty(), {"failed_rows": bad.height, "sample": _sample(bad, "event_id", "role", "actor_id")}


def check_participants_non_empty(events: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    bad = events.filter(pl.col("participants").list.len() == 0)
    return bad.is_empty(), {"failed_rows": bad.height, "sample": _sample(bad, "event_id", "event_type", "evidence")}


def check_evidence_is_sentence(events: pl.DataFrame, sentences: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    joined = events.join(sentences.select("article_id", "sentence_id", "text"), on=["article_id", "sentence_id"], how="left")
    bad = joined.filter(pl.col("text").is_null() | (pl.col("text") != pl.col("evidence")))
    return bad.is_empty(), {"failed_rows": bad.height, "sample": _sample(bad, "event_id", "article_id", "sentence_id")}


def check_dyads_match_events(dyads: pl.DataFrame, events: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    from pipeline.dyads import build_dyads

    expected = build_dyads(events).sort("actor_a", "actor_b")
    actual = dyads.sort("actor_a", "actor_b")
    columns = ["actor_a", "actor_b", "n_events", "n_cooperative", "n_conflictual", "n_denied"]
    same = expected.select(columns).equals(actual.select(columns))
    sums_ok = actual.filter(
        pl.col("n_cooperative") + pl.col("n_conflictual") + pl.col("n_denied") != pl.col("n_events")
    ).is_empty()
    ordered = actual.filter(pl.col("actor_a") >= pl.col("actor_b")).is_empty()
    return same and sums_ok and ordered, {
        "pairs": actual.height, "pairs_expected": expected.height, "counts_add_up": sums_ok, "pairs_ordered": ordered,
    }


def check_dyad_actors_known(dyads: pl.DataFrame, actors: pl.DataFrame) -> tuple[bool, dict[str, Any]]:
    ids = pl.concat([dyads.select(actor_id="actor_a"), dyads.select(actor_id="actor_b")]).unique()
    bad = ids.filter(~pl.col("actor_id").is_in(actors["actor_id"].implode()))
    return bad.is_empty(), {"unknown_actor_ids": bad["actor_id"].head(SAMPLE).to_list()}


def _expectations(table: str) -> CheckDef:
    return CheckDef(
        "expectations",
        "great-expectations suite: non-null and unique keys, value sets, patterns, ranges",
        True,
        lambda frame: run_expectations(table, frame),
    )


def _schema(table: str) -> CheckDef:
    return CheckDef("schema", f"columns and types of {table} match the contract", True, check_schema(table))


CHECKS: dict[str, list[CheckDef]] = {
    "alliance_events": [
        _schema("alliance_events"),
        _expectations("alliance_events"),
        CheckDef("codes_match_contract", "cameo_code, quad_class and goldstein agree with the contract's event table",
                 True, check_event_codes),
        CheckDef("actors_known", "every participant, target, against and attributed_to id is a known actor", True,
                 check_event_actors_known, needs="actors"),
        CheckDef("participants_non_empty", "every event has an acting side", True, check_participants_non_empty),
        CheckDef("evidence_is_sentence", "evidence equals the sentence text", True, check_evidence_is_sentence,
                 needs="sentences"),
    ],
    "alliance_dyads": [
        _schema("alliance_dyads"),
        _expectations("alliance_dyads"),
        CheckDef("consistent_with_events", "dyads recomputed from the events agree; counts add up; actor_a < actor_b",
                 True, check_dyads_match_events, needs="alliance_events"),
        CheckDef("actors_known", "every actor of a dyad exists in actors", True, check_dyad_actors_known, needs="actors"),
    ],
    "entity_mentions": [
        _schema("entity_mentions"),
        _expectations("entity_mentions"),
        CheckDef("offsets_reproduce_surface", "surface == sentence.text[start_char:end_char]; no mention crosses a sentence",
                 True, check_mention_offsets, needs="sentences"),
        CheckDef("actor_ids_resolvable", "every actor_id is a gazetteer actor or carries a discovered actor's name",
                 True, check_actor_ids_resolvable),
        CheckDef("linked_share", f"at least {MIN_LINKED_SHARE:.0%} of mentions link to an actor", False, check_linked_share),
    ],
    "actors": [
        _schema("actors"),
        _expectations("actors"),
        CheckDef("mention_actors_exist", "every actor_id of entity_mentions exists in actors", True,
                 check_mention_actors_exist, needs="entity_mentions"),
    ],
    "raw_articles": [
        _schema("raw_articles"),
        _expectations("raw_articles"),
        CheckDef("decoded_without_replacement", "no file needed invalid bytes replaced", False, check_decode_clean),
        CheckDef("unique_content", "no two files carry the same bytes", False, check_unique_content),
    ],
    "quarantine": [_schema("quarantine"), _expectations("quarantine")],
    "cleaned_articles": [
        _schema("cleaned_articles"),
        _expectations("cleaned_articles"),
        CheckDef("match_text_aligned", "match_text is exactly as long as body", True, check_match_text_aligned),
        CheckDef("no_chrome_left", "no line of body still matches a chrome pattern", False, check_no_chrome_left),
        CheckDef("title_first_line", "a title is the first line of body", False, check_title_first_line),
    ],
    "sentences": [
        _schema("sentences"),
        _expectations("sentences"),
        CheckDef("offsets_reproduce_text", "text == body[start_char:end_char] for every row", True,
                 check_offsets_reproduce_text, needs="cleaned_articles"),
        CheckDef("sentence_ids_contiguous", "sentence_id runs 0..n-1 in every article", True,
                 check_sentence_ids_contiguous),
        CheckDef("sentence_count_plausible", "sentences per article fit the article's length", False,
                 check_sentence_count_plausible, needs="cleaned_articles"),
    ],
}


def run_checks(table: str, frame: pl.DataFrame, upstream: dict[str, pl.DataFrame] | None = None) -> list[CheckOutcome]:
    return [check.run(frame, upstream or {}) for check in CHECKS[table]]


def _merge_values(values: list[Any]) -> Any:
    present = [v for v in values if v is not None]
    if not present:
        return None
    if all(isinstance(v, bool) for v in present):
        return all(present)
    if all(isinstance(v, int) for v in present):
        return sum(present)
    if all(isinstance(v, float) for v in present):
        return round(sum(present) / len(present), 4)  # shares and means: the chunks' mean
    if all(isinstance(v, list) for v in present):
        return [item for v in present for item in v][:SAMPLE]
    if all(isinstance(v, dict) for v in present):
        keys = dict.fromkeys(k for v in present for k in v)
        return {k: _merge_values([v.get(k) for v in present]) for k in keys}
    return present[0]


def merge_outcomes(per_chunk: list[list[CheckOutcome]]) -> list[CheckOutcome]:
    """One outcome per check from the outcomes of several chunks of a run:
    passed when every chunk passed; counts added up, samples concatenated."""
    merged = []
    for outcomes in zip(*per_chunk, strict=True):
        first = outcomes[0]
        merged.append(CheckOutcome(
            first.name, all(o.passed for o in outcomes), first.description, first.blocking,
            {k: _merge_values([o.metadata.get(k) for o in outcomes]) for k in dict.fromkeys(
                k for o in outcomes for k in o.metadata)},
        ))
    return merged
