"""The corpus-level actors table: gazetteer actors plus actors found in the text."""

from __future__ import annotations

import polars as pl

from pipeline.gazetteer import Gazetteer

# The mention columns the actors table (and its check against the mentions) reads.
ACTOR_INPUT_COLUMNS = ["article_id", "mention_id", "surface", "entity_type", "actor_id", "actor_name", "actor_country"]


def build_actors(mentions: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """One row per actor: every gazetteer actor (mentioned or not) and every
    actor the extractors discovered (people from context, state bodies),
    with the surface forms seen, mention and article counts.

    `source` says `gazetteer` or `discovered`; places carry their GeoNames
    coordinates (`latitude`, `longitude`) where the gazetteer has them.
    """
    linked = mentions.filter(pl.col("actor_id").is_not_null())
    stats = linked.group_by("actor_id").agg(
        aliases=pl.col("surface").unique().sort(),
        n_mentions=pl.len().cast(pl.Int64),
        n_articles=pl.col("article_id").n_unique().cast(pl.Int64),
    )
    known = gaz.actors_frame().with_columns(source=pl.lit("gazetteer"))
    discovered = (
        linked.filter(~pl.col("actor_id").is_in(known["actor_id"].implode()))
        .sort("article_id", "mention_id")
        .group_by("actor_id", maintain_order=True)
        .agg(
            actor_type=pl.col("entity_type").first(),
            name_ar=pl.col("surface").first(),
            name_en=pl.col("actor_name").drop_nulls().first(),
            country_iso3=pl.col("actor_country").drop_nulls().first(),
        )
        .with_columns(
            name_en=pl.coalesce("name_en", pl.col("actor_id").str.replace_all("_", " ")),
            cameo_code=pl.col("country_iso3"),
            latitude=pl.lit(None, dtype=pl.Float64),
            longitude=pl.lit(None, dtype=pl.Float64),
            source=pl.lit("discovered"),
        )
        .select(known.columns)
    )
    return (
        pl.concat([known, discovered])
        .join(stats, on="actor_id", how="left")
        .with_columns(
            aliases=pl.col("aliases").fill_null(pl.lit([], dtype=pl.List(pl.String))),
            n_mentions=pl.col("n_mentions").fill_null(0),
            n_articles=pl.col("n_articles").fill_null(0),
        )
        .select("actor_id", "actor_type", "name_en", "name_ar", "country_iso3", "cameo_code", "aliases",
                "n_mentions", "n_articles", "source", "latitude", "longitude")
        .sort("actor_id")
    )
