"""The output contract (see README, "Output contract"): table schemas and event types.

These Arrow schemas are what the warehouse casts every frame to before it
writes, so a column with the wrong type fails loudly at write time instead of
reaching a downstream reader. Extra columns are allowed after the contract's.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import pyarrow as pa

UTC_TS = pa.timestamp("us", tz="UTC")

RAW_ARTICLES = pa.schema(
    [
        ("article_id", pa.string()),
        ("source_path", pa.string()),
        ("content_sha256", pa.string()),
        ("raw_text", pa.string()),
        ("n_bytes", pa.int64()),
        ("encoding", pa.string()),
        ("language", pa.string()),
        ("ingested_at", UTC_TS),
        # extensions
        ("n_decode_errors", pa.int64()),
        ("duplicate_of", pa.string()),
    ]
)

QUARANTINE = pa.schema(
    [
        ("article_id", pa.string()),
        ("source_path", pa.string()),
        ("reason", pa.string()),
        ("encoding", pa.string()),
        ("ingested_at", UTC_TS),
        # extensions
        ("content_sha256", pa.string()),
        ("n_bytes", pa.int64()),
    ]
)

REPAIR = pa.struct([("before", pa.string()), ("after", pa.string())])

CLEANED_ARTICLES = pa.schema(
    [
        ("article_id", pa.string()),
        ("title", pa.string()),
        ("body", pa.string()),
        ("match_text", pa.string()),
        ("source_name", pa.string()),
        ("byline", pa.string()),
        ("agency", pa.string()),
        ("removed", pa.list_(pa.string())),
        ("repairs", pa.list_(REPAIR)),
        ("n_chars", pa.int64()),
        # extensions
        ("language", pa.string()),
        ("content_sha256", pa.string()),
        ("published_date", pa.date32()),  # the article's own date (dateline or file name), if any
        ("domain", pa.string()),  # news, sport, economy or obituary (pipeline.domain)
        ("domain_scores", pa.struct([("sport", pa.float64()), ("economy", pa.float64())])),
    ]
)

SENTENCES = pa.schema(
    [
        ("article_id", pa.string()),
        ("sentence_id", pa.int32()),
        ("text", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("n_tokens", pa.int32()),
        ("is_heading", pa.bool_()),
        # extensions: the article's, for the stages that read sentences
        ("domain", pa.string()),
        ("published_date", pa.date32()),
    ]
)

ENTITY_MENTIONS = pa.schema(
    [
        ("article_id", pa.string()),
        ("sentence_id", pa.int32()),
        ("mention_id", pa.int32()),
        ("surface", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("entity_type", pa.string()),
        ("actor_id", pa.string()),
        ("mention_form", pa.string()),
        ("method", pa.string()),
        ("confidence", pa.float32()),
    ]
)

ACTORS = pa.schema(
    [
        ("actor_id", pa.string()),
        ("actor_type", pa.string()),
        ("name_en", pa.string()),
        ("name_ar", pa.string()),
        ("country_iso3", pa.string()),
        ("cameo_code", pa.string()),
        ("aliases", pa.list_(pa.string())),
        ("n_mentions", pa.int64()),
        ("n_articles", pa.int64()),
        # extensions
        ("source", pa.string()),  # gazetteer or discovered
        ("latitude", pa.float64()),  # places: GeoNames coordinates
        ("longitude", pa.float64()),
    ]
)

ALLIANCE_EVENTS = pa.schema(
    [
        ("event_id", pa.string()),
        ("article_id", pa.string()),
        ("sentence_id", pa.int32()),
        ("event_type", pa.string()),
        ("cameo_code", pa.string()),
        ("quad_class", pa.int8()),
        ("goldstein", pa.float32()),
        ("participants", pa.list_(pa.string())),
        ("target", pa.list_(pa.string())),
        ("against", pa.list_(pa.string())),
        ("polarity", pa.string()),
        ("modality", pa.string()),
        ("attributed_to", pa.string()),
        ("trigger", pa.string()),
        ("event_date", pa.date32()),
        ("date_text", pa.string()),
        ("evidence", pa.string()),
        ("confidence", pa.float32()),
    ]
)

ALLIANCE_DYADS = pa.schema(
    [
        ("actor_a", pa.string()),
        ("actor_b", pa.string()),
        ("n_events", pa.int64()),
        ("n_cooperative", pa.int64()),
        ("n_conflictual", pa.int64()),
        ("n_denied", pa.int64()),
        ("mean_goldstein", pa.float64()),
        ("event_types", pa.list_(pa.string())),
        ("article_ids", pa.list_(pa.string())),
    ]
)

# Tables written one file per article partition, and corpus-level tables.
PARTITIONED_TABLES: dict[str, pa.Schema] = {
    "raw_articles": RAW_ARTICLES,
    "quarantine": QUARANTINE,
    "cleaned_articles": CLEANED_ARTICLES,
    "sentences": SENTENCES,
    "entity_mentions": ENTITY_MENTIONS,
    "alliance_events": ALLIANCE_EVENTS,
}
CORPUS_TABLES: dict[str, pa.Schema] = {
    "actors": ACTORS,
    "alliance_dyads": ALLIANCE_DYADS,
}
SCHEMAS: dict[str, pa.Schema] = {**PARTITIONED_TABLES, **CORPUS_TABLES}

# Columns that are never null, per table (the rest may be).
NON_NULL: dict[str, tuple[str, ...]] = {
    "raw_articles": (
        "article_id", "source_path", "content_sha256", "raw_text", "n_bytes",
        "encoding", "language", "ingested_at",
    ),
    "quarantine": ("article_id", "source_path", "reason", "ingested_at"),
    "cleaned_articles": ("article_id", "body", "match_text", "removed", "repairs", "n_chars"),
    "sentences": (
        "article_id", "sentence_id", "text", "start_char", "end_char", "n_tokens", "is_heading",
    ),
    "entity_mentions": (
        "article_id", "sentence_id", "mention_id", "surface", "start_char", "end_char",
        "entity_type", "mention_form", "method", "confidence",
    ),
    "actors": ("actor_id", "actor_type", "name_en", "aliases", "n_mentions", "n_articles"),
    "alliance_events": (
        "event_id", "article_id", "sentence_id", "event_type", "cameo_code", "quad_class",
        "goldstein", "participants", "target", "against", "polarity", "modality", "trigger",
        "evidence", "confidence",
    ),
    "alliance_dyads": (
        "actor_a", "actor_b", "n_events", "n_cooperative", "n_conflictual", "n_denied",
        "mean_goldstein", "event_types", "article_ids",
    ),
}

# Keys that identify a row, per table.
KEYS: dict[str, tuple[str, ...]] = {
    "raw_articles": ("article_id",),
    "quarantine": ("article_id",),
    "cleaned_articles": ("article_id",),
    "sentences": ("article_id", "sentence_id"),
    "entity_mentions": ("article_id", "mention_id"),
    "actors": ("actor_id",),
    "alliance_events": ("event_id",),
    "alliance_dyads": ("actor_a", "actor_b"),
}

# Free text. Parquet's min/max statistics of such a column hold two copies of
# (nearly) the longest strings and let no query skip anything, so the
# warehouse writes none for them (see `statistics_columns`).
FREE_TEXT_COLUMNS = frozenset({"raw_text", "body", "match_text", "title", "byline", "text", "evidence"})

ENTITY_TYPES = ("COUNTRY", "ORG", "PERSON", "LOCATION")
MENTION_FORMS = ("name", "gentilic", "metonym", "title")
EXTRACTION_METHODS = ("gazetteer", "coreference", "pattern", "crf", "model")
POLARITIES = ("asserted", "denied")
MODALITIES = ("actual", "planned", "possible", "proposed", "rejected")


@dataclass(frozen=True)
class EventType:
    name: str
    cameo: str
    quad_class: int
    goldstein: float


EVENT_TYPES: dict[str, EventType] = {
    e.name: e
    for e in (
        EventType("alliance", "062", 2, 7.4),
        EventType("agreement", "057", 1, 8.0),
        EventType("intelligence_sharing", "064", 2, 7.0),
        EventType("military_cooperation", "062", 2, 7.4),
        EventType("military_aid", "072", 2, 8.3),
        EventType("meeting", "040", 1, 1.0),
        EventType("endorsement", "051", 1, 3.4),
        EventType("intent_to_cooperate", "030", 1, 4.0),
        EventType("request_support", "020", 1, 3.0),
        EventType("rejection", "120", 3, -4.0),
        EventType("criticism", "111", 3, -2.0),
        EventType("threat", "130", 3, -4.4),
        EventType("airstrike", "195", 4, -10.0),
    )
}


def empty_frame(table: str) -> pl.DataFrame:
    """A zero-row polars frame with the table's contract schema."""
    return pl.from_arrow(SCHEMAS[table].empty_table())  # type: ignore[return-value]


def to_contract(table: str, frame: pl.DataFrame) -> pa.Table:
    """Cast a polars frame to the table's Arrow schema, contract columns first.

    Raises ValueError naming the missing columns, so a stage that forgets one
    fails at write time with the table and column in the message.
    """
    schema = SCHEMAS[table]
    missing = [name for name in schema.names if name not in frame.columns]
    if missing:
        raise ValueError(f"{table}: frame lacks contract column(s) {missing}")
    extra = [c for c in frame.columns if c not in schema.names]
    arrow = frame.select([*schema.names, *extra]).to_arrow()
    fields = [schema.field(n) for n in schema.names] + [arrow.schema.field(n) for n in extra]
    return arrow.cast(pa.schema(fields))


def statistics_columns(schema: pa.Schema) -> list[str]:
    """The columns worth Parquet min/max statistics: flat ones that are not free text."""
    return [f.name for f in schema if f.name not in FREE_TEXT_COLUMNS and not pa.types.is_nested(f.type)]
