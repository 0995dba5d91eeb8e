"""A table's whole step, as one unit a worker process can do alone.

Each per-article `*_step(store, article_ids)` reads its input partitions from
the warehouse, runs the stage, writes its output partitions, runs the
table's checks and returns a `StepReport`: what the Dagster asset shows
(rows, a preview, totals, tallies) and the check outcomes.
`pipeline.parallel.map_partitions` gives each worker its share of a run's
articles, so reading, writing and checking Parquet are spread over the cores
like the stage itself, and no large frame crosses between processes: article
ids go out, reports come back. The corpus-level steps (`actors_step`,
`dyads_step`) read every partition and return their small table.
Nothing here knows Dagster (assets/ turns reports into materializations).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from pipeline.actors import ACTOR_INPUT_COLUMNS, build_actors
from pipeline.cleaning import clean_articles
from pipeline.dyads import DYAD_INPUT_COLUMNS, build_dyads, network_png
from pipeline.entities import extract_mentions
from pipeline.events import MENTION_INPUT_COLUMNS, extract_events
from pipeline.gazetteer import gazetteer
from pipeline.quality import CheckOutcome, merge_outcomes, run_checks
from pipeline.segmentation import SPLIT_INPUT_COLUMNS, split_sentences
from pipeline.warehouse import Warehouse

PREVIEW_ROWS = 5
NETWORK_PICTURE = "alliance_network.png"  # the dyads' network, next to the tables
# What the mention and event stages, and their checks, read of a sentence.
SENTENCE_TEXT_COLUMNS = ["article_id", "sentence_id", "text", "domain", "published_date"]


@dataclass
class StepReport:
    """What a step wrote for one set of articles; reports of several sets
    (chunks of a run, workers' shares) merge into one with `add`."""

    table: str
    rows: int = 0
    head: pl.DataFrame | None = None  # the first PREVIEW_ROWS rows
    totals: dict[str, float] = field(default_factory=dict)
    tallies: dict[str, dict[str, int]] = field(default_factory=dict)  # rows per value of a column
    outcomes: list[list[CheckOutcome]] = field(default_factory=list)  # one list of check outcomes per set

    @classmethod
    def of(
        cls,
        table: str,
        frame: pl.DataFrame,
        upstream: dict[str, pl.DataFrame] | None = None,
        tally: dict[str, str] | None = None,
        **totals: float,
    ) -> StepReport:
        """The report of `frame` as written: its checks run (against `upstream`
        where a check needs it), rows counted per value of each `tally` column."""
        tallies = {
            name: dict(frame.group_by(column).len().iter_rows()) for name, column in (tally or {}).items()
        }
        return cls(table, frame.height, frame.head(PREVIEW_ROWS), dict(totals), tallies,
                   [run_checks(table, frame, upstream)])

    def add(self, other: StepReport) -> None:
        self.rows += other.rows
        if other.head is not None and (self.head is None or self.head.height < PREVIEW_ROWS):
            self.head = other.head if self.head is None else pl.concat(
                [self.head, other.head], how="vertical_relaxed").head(PREVIEW_ROWS)
        for name, value in other.totals.items():
            self.totals[name] = self.totals.get(name, 0) + value
        for name, counts in other.tallies.items():
            mine = self.tallies.setdefault(name, {})
            for value, n in counts.items():
                mine[value] = mine.get(value, 0) + n
        self.outcomes.extend(other.outcomes)

    def merged_outcomes(self) -> list[CheckOutcome]:
        """One outcome per check over every set (pipeline.quality.merge_outcomes)."""
        return merge_outcomes(self.outcomes)


def store_ingested_step(
    store: Warehouse, article_ids: list[str], raw: pl.DataFrame, quarantine: pl.DataFrame
) -> tuple[StepReport, StepReport]:
    """Write and check the raw_articles and quarantine rows of these articles.
    The run's process reads the files of a chunk (pipeline.ingest.ingest_files
    marks a file with the same bytes as one of an earlier chunk, run or path),
    so the rows arrive here and each share keeps its own articles'."""
    mine = pl.Series(article_ids, dtype=pl.String).implode()
    raw = raw.filter(pl.col("article_id").is_in(mine))
    quarantine = quarantine.filter(pl.col("article_id").is_in(mine))
    store.write_partitions("raw_articles", raw, article_ids)
    store.write_partitions("quarantine", quarantine, article_ids)
    return (
        StepReport.of("raw_articles", raw, megabytes=float(raw["n_bytes"].sum() or 0) / 1e6),
        StepReport.of("quarantine", quarantine),
    )


def clean_step(store: Warehouse, article_ids: list[str]) -> StepReport:
    cleaned = clean_articles(store.read_partitions("raw_articles", article_ids))
    store.write_partitions("cleaned_articles", cleaned, article_ids)
    return StepReport.of(
        "cleaned_articles", cleaned,
        lines_removed=int(cleaned["removed"].list.len().sum() or 0),
        repairs=int(cleaned["repairs"].list.len().sum() or 0),
    )


def sentences_step(store: Warehouse, article_ids: list[str]) -> StepReport:
    # the body to split, and n_chars for the sentence-count check
    cleaned = store.read_partitions("cleaned_articles", article_ids, columns=[*SPLIT_INPUT_COLUMNS, "n_chars"])
    sentences = split_sentences(cleaned.select(SPLIT_INPUT_COLUMNS))
    store.write_partitions("sentences", sentences, article_ids)
    return StepReport.of(
        "sentences", sentences, {"cleaned_articles": cleaned}, headings=int(sentences["is_heading"].sum() or 0)
    )


def mentions_step(store: Warehouse, article_ids: list[str], use_model: bool = False) -> StepReport:
    sentences = store.read_partitions("sentences", article_ids, columns=SENTENCE_TEXT_COLUMNS)
    mentions = extract_mentions(sentences, use_model=use_model)
    store.write_partitions("entity_mentions", mentions, article_ids)
    return StepReport.of(
        "entity_mentions", mentions, {"sentences": sentences},
        tally={"by_type": "entity_type", "by_method": "method"},
        linked=int(mentions["actor_id"].is_not_null().sum()),
    )


def events_step(store: Warehouse, article_ids: list[str]) -> StepReport:
    sentences = store.read_partitions("sentences", article_ids, columns=SENTENCE_TEXT_COLUMNS)
    mentions = store.read_partitions("entity_mentions", article_ids, columns=MENTION_INPUT_COLUMNS)
    events = extract_events(sentences, mentions)
    store.write_partitions("alliance_events", events, article_ids)
    return StepReport.of(
        "alliance_events", events, {"sentences": sentences, "actors": known_actors(mentions)},
        tally={"by_type": "event_type"},
        denied=events.filter(pl.col("polarity") == "denied").height,
    )


def known_actors(mentions: pl.DataFrame) -> pl.DataFrame:
    """Actor ids an event of these articles may name: the gazetteer's, and those its mentions discovered."""
    ids = set(gazetteer().actors) | set(mentions["actor_id"].drop_nulls()) | set(mentions["actor_country"].drop_nulls())
    return pl.DataFrame({"actor_id": sorted(ids)}, schema={"actor_id": pl.String})


@dataclass
class CorpusReport:
    """A corpus-level table as written (small: a row per actor or pair), how
    many rows it was built from, and its check outcomes."""

    table: pl.DataFrame
    input_rows: int
    outcomes: list[CheckOutcome]


def actors_step(store: Warehouse) -> CorpusReport:
    mentions = store.read_partitions("entity_mentions", columns=ACTOR_INPUT_COLUMNS)
    table = build_actors(mentions, gazetteer())
    store.write_corpus_table("actors", table)
    return CorpusReport(table, mentions.height, run_checks("actors", table, {"entity_mentions": mentions}))


def dyads_step(store: Warehouse) -> tuple[CorpusReport, bytes]:
    """The dyads table, and its network drawn as a PNG (also written to NETWORK_PICTURE)."""
    events = store.read_partitions("alliance_events", columns=DYAD_INPUT_COLUMNS)
    dyads = build_dyads(events)
    store.write_corpus_table("alliance_dyads", dyads)
    png = network_png(dyads)
    (store.root / NETWORK_PICTURE).write_bytes(png)
    outcomes = run_checks("alliance_dyads", dyads, {"alliance_events": events, "actors": store.read_corpus_table("actors")})
    return CorpusReport(dyads, events.height, outcomes), png
