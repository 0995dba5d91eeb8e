"""The domain of an article: sport, economy, obituary or news.

Sport and economy are told by a naive Bayes model shipped as data
(`lang/ar/domain_weights.tsv`, fitted by `scripts/train_domain.py` on
newspaper sections): an article's score per domain is the mean log-odds of
its words (shrunk toward 0 for short texts), and it belongs to the domain when the score passes the domain's
threshold (the file's `__threshold__` row). Scoring is one polars pass over
the whole column. An obituary is told by its set phrases
(`lang/ar/obituary_phrases.txt`).

Extraction reads the domain: a sports, business or obituary article holds
no alliance events (a club called الاتفاق, a friendly match, a coach's
assistant, a company agreement), and its clubs are organizations.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from pipeline.lang import LANG_DIR, phrases
from pipeline.normalize import fold_expr

SPORT, ECONOMY = "sport", "economy"
DOMAINS = (SPORT, ECONOMY)
WEIGHTS_FILE = LANG_DIR / "domain_weights.tsv"
NEWS, OBITUARY = "news", "obituary"
ARTICLE_DOMAINS = (NEWS, SPORT, ECONOMY, OBITUARY)
WORD_PATTERN = r"[\x{0621}-\x{064A}]{2,}"


@lru_cache(maxsize=1)
def _weights() -> tuple[pl.DataFrame, dict[str, float]]:
    table = pl.read_csv(WEIGHTS_FILE, separator="\t", comment_prefix="#",
                        schema_overrides={d: pl.Float64 for d in DOMAINS})
    thresholds = table.filter(pl.col("word") == "__threshold__")
    limits = {d: float(thresholds[d][0]) if thresholds.height else 0.0 for d in DOMAINS}
    return table.filter(pl.col("word") != "__threshold__"), limits


# Scores are shrunk toward 0 as if every text had this many more neutral words:
# a headline or a one-line note is too short to be told apart (الاتحاد الأوروبي is no football).
PRIOR_WORDS = 50
# A text shorter than this is news whatever its words (a sports page is longer than a line).
MIN_WORDS = 40


def _folded(texts: pl.Series) -> pl.Series:
    return pl.DataFrame({"t": texts}).select(fold_expr(pl.col("t")))["t"]


def article_scores(texts: pl.Series, folded: pl.Series | None = None) -> pl.DataFrame:
    """Per text, the summed log-odds of its words for each domain over its word count plus PRIOR_WORDS.
    `folded` is the texts' fold, when already made (cleaning's match_text)."""
    weights, _ = _weights()
    words = (
        pl.DataFrame({"word": _folded(texts) if folded is None else folded}).with_row_index("row")
        .with_columns(pl.col("word").str.extract_all(WORD_PATTERN))
        .explode("word")
    )
    counts = words.group_by("row").agg(n=pl.col("word").count())
    sums = words.join(weights, on="word", how="inner").group_by("row").agg(pl.col(d).sum() for d in DOMAINS)
    return (
        pl.DataFrame({"row": pl.Series(range(len(texts)), dtype=pl.UInt32)})
        .join(counts, on="row", how="left").join(sums, on="row", how="left")
        .sort("row")
        # rounded: a parallel sum adds in any order, and a rerun must give the same table
        .select((pl.col(d).fill_null(0) / (pl.col("n").fill_null(0) + PRIOR_WORDS)).round(4).alias(d) for d in DOMAINS)
    )


def domains_of(scores: pl.DataFrame, folded: pl.Series) -> pl.Series:
    """The domain of each text, given its scores and its fold: obituary phrases
    first, then the strongest domain whose score passes its threshold, else news."""
    _, limits = _weights()
    is_obituary = folded.str.contains_any(list(phrases("obituary_phrases")))
    long_enough = pl.DataFrame({"t": folded}).select(
        pl.col("t").str.count_matches(WORD_PATTERN) >= MIN_WORDS).to_series()
    margins = scores.select((pl.col(d) - limits[d]).alias(d) for d in DOMAINS).with_columns(
        pl.when(long_enough).then(pl.col(d)).otherwise(-1.0).alias(d) for d in DOMAINS)
    return margins.with_columns(obituary=is_obituary).select(
        pl.when(pl.col("obituary")).then(pl.lit(OBITUARY))
        .when(pl.max_horizontal(DOMAINS) > 0)
        .then(pl.concat_list(DOMAINS).list.arg_max().replace_strict(dict(enumerate(DOMAINS)), return_dtype=pl.String))
        .otherwise(pl.lit(NEWS))
        .alias("domain")
    ).to_series()


def classify(texts: pl.Series, folded: pl.Series | None = None) -> pl.DataFrame:
    """`domain` and the per-domain scores (`domain_scores`) of each text
    (`folded`: the texts' fold, when already made)."""
    folded = _folded(texts) if folded is None else folded
    scores = article_scores(texts, folded)
    return pl.DataFrame({
        "domain": domains_of(scores, folded),
        "domain_scores": scores.select(pl.struct(DOMAINS)).to_series(),
    })
