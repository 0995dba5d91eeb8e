"""raw_text -> cleaned article: chrome removed, metadata extracted, text repaired.

`clean_document` works on one text and returns everything the
`cleaned_articles` table needs; `clean_articles` applies it to a frame of raw
articles and adds the vectorized `match_text` fold. Every line or fragment
taken out is recorded verbatim (as it was in the raw file) in `removed`, and
every in-text change in `repairs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from pipeline import chrome
from pipeline.dates import publication_date
from pipeline.domain import classify
from pipeline.lexicon import Vocabulary, arabic_vocabulary
from pipeline.markup import html_to_text, looks_like_html
from pipeline.normalize import fold_expr, normalize_text
from pipeline.repair import (
    remove_stray_fragments,
    repair_flipped_brackets,
    repair_glued_words,
)
from pipeline.segmentation import is_heading_like


@dataclass
class CleanedDocument:
    body: str
    title: str | None = None
    source_name: str | None = None
    byline: str | None = None
    agency: str | None = None
    removed: list[str] = field(default_factory=list)
    repairs: list[tuple[str, str]] = field(default_factory=list)


def clean_document(raw_text: str, language: str = "ar", vocab: Vocabulary | None = None) -> CleanedDocument:
    """Clean one article's raw text (see module doc)."""
    vocab = vocab if vocab is not None else arabic_vocabulary()
    doc = CleanedDocument(body="")
    text = raw_text
    if looks_like_html(text):
        text, markup_removed = html_to_text(text)
        doc.removed.extend(markup_removed)
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # Normalization never adds or removes a line break (once \r is gone), so
    # the text is normalized in one pass and split again rather than line by line.
    lines = normalize_text("\n".join(raw_lines)).split("\n")
    kept: list[str] = []
    blank_after: list[bool] = []  # per kept line: did a blank line follow it in the layout?
    for raw_line, normalized in zip(raw_lines, lines, strict=True):
        line = normalized.strip()
        kind, value = chrome.classify_line(line, language)
        if kind == "blank":
            if kept:
                blank_after[-1] = True
            if raw_line.strip():
                doc.removed.append(raw_line)
            continue
        if kind == "content":
            kept.append(line)
            blank_after.append(False)
            continue
        doc.removed.append(raw_line)
        if kind == "agency" and doc.agency is None:
            doc.agency = value
        elif kind == "byline" and doc.byline is None:
            doc.byline = value
        elif kind in ("source", "site_header") and (doc.source_name is None or kind == "source"):
            doc.source_name = value
        # chrome between two content lines separates them like a blank line
        if kept:
            blank_after[-1] = True

    body = "\n".join(kept)
    body, fragments = remove_stray_fragments(body, vocab)
    doc.removed.extend(fragments)
    body, bracket_repairs = repair_flipped_brackets(body)
    body, word_repairs = repair_glued_words(body, vocab)
    doc.repairs = bracket_repairs + word_repairs
    doc.body = body

    # The title: a headline-like first line set off from the text after it.
    lines = body.split("\n")
    if len(lines) > 1 and is_heading_like(lines[0]) and (blank_after[0] or not is_heading_like(lines[1])):
        doc.title = lines[0]
    return doc


def clean_articles(raw: pl.DataFrame, vocab: Vocabulary | None = None) -> pl.DataFrame:
    """The cleaned_articles table for a frame of raw_articles rows."""
    vocab = vocab if vocab is not None else arabic_vocabulary()
    docs = [
        clean_document(text, language, vocab)
        for text, language in zip(raw["raw_text"].to_list(), raw["language"].to_list(), strict=True)
    ]
    paths = raw["source_path"].to_list() if "source_path" in raw.columns else [None] * raw.height
    frame = pl.DataFrame(
        {
            "article_id": raw["article_id"],
            "title": [d.title for d in docs],
            "body": [d.body for d in docs],
            "source_name": [d.source_name for d in docs],
            "byline": [d.byline for d in docs],
            "agency": [d.agency for d in docs],
            "removed": [d.removed for d in docs],
            "repairs": [[{"before": b, "after": a} for b, a in d.repairs] for d in docs],
            "language": raw["language"],
            "content_sha256": raw["content_sha256"],
            "published_date": [publication_date(d.removed + d.body.split("\n", 2)[:2], path)
                               for d, path in zip(docs, paths, strict=True)],
        },
        schema_overrides={
            "title": pl.String, "source_name": pl.String, "byline": pl.String, "agency": pl.String,
            "removed": pl.List(pl.String), "published_date": pl.Date,
            "repairs": pl.List(pl.Struct({"before": pl.String, "after": pl.String})),
        },
    )
    frame = frame.with_columns(
        match_text=fold_expr(pl.col("body")),
        n_chars=pl.col("body").str.len_chars().cast(pl.Int64),
    )
    return pl.concat([frame, classify(frame["body"], frame["match_text"])], how="horizontal")
