"""NER scored on a CoNLL BIO file (`WORD TAG` a line, a blank line between sentences), such as ANERcorp.

Each sentence's words are joined with single spaces and run through the
entity extractor; a mention's character span becomes the span of the words
it overlaps (so a proclitic left outside the mention still counts as the
word's), and spans are compared exactly, per type (CoNLL exact match).
ANERcorp tags names: states and cities are LOC, so COUNTRY and LOCATION
mentions by name or metonym count as LOC; gentilics (الروسية) and titles are
not names and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.scoring import Score

# Our entity types as the CoNLL tag set names them.
CONLL_TYPE = {"PERSON": "PERS", "ORG": "ORG", "COUNTRY": "LOC", "LOCATION": "LOC"}
SCORED_TYPES = ("PERS", "LOC", "ORG")


@dataclass
class ConllSentence:
    words: list[str]
    tags: list[str]


def read_conll(path: str | Path) -> list[ConllSentence]:
    sentences: list[ConllSentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            if words:
                sentences.append(ConllSentence(words, tags))
                words, tags = [], []
            continue
        words.append(parts[0])
        tags.append(parts[-1])
    if words:
        sentences.append(ConllSentence(words, tags))
    return sentences


def bio_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """(first word, last word + 1, type) of each entity of a BIO sequence (an I- without its B- opens one)."""
    spans: set[tuple[int, int, str]] = set()
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if start is not None and (prefix != "I" or label != kind):
            spans.add((start, i, kind))
            start, kind = None, None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = i, label
    return spans


def predicted_spans(sentences: list[ConllSentence]) -> list[set[tuple[int, int, str]]]:
    """The extractor's mentions of each sentence as word spans."""
    from pipeline.entities import extract_mentions

    texts = [" ".join(s.words) for s in sentences]
    frame = pl.DataFrame({
        "article_id": [f"s{i:06d}" for i in range(len(texts))],
        "sentence_id": pl.Series([0] * len(texts), dtype=pl.Int32),
        "text": texts,
    })
    mentions = extract_mentions(frame).filter(~pl.col("mention_form").is_in(["gentilic", "title"]))
    starts = []
    for s in sentences:  # each word's first character in the joined text
        offsets, at = [], 0
        for w in s.words:
            offsets.append(at)
            at += len(w) + 1
        starts.append(offsets)
    found: list[set[tuple[int, int, str]]] = [set() for _ in sentences]
    for article_id, start, end, entity_type in mentions.select(
        "article_id", "start_char", "end_char", "entity_type"
    ).iter_rows():
        k = int(article_id[1:])
        offsets = starts[k]
        first = max(i for i, o in enumerate(offsets) if o <= start)
        last = max(i for i, o in enumerate(offsets) if o < end)
        found[k].add((first, last + 1, CONLL_TYPE[entity_type]))
    return found


def score_conll(path: str | Path, first_sentence: int = 0) -> dict[str, Score]:
    """Exact-span scores per type (and `overall`) on the sentences of a BIO file from `first_sentence` on."""
    sentences = read_conll(path)[first_sentence:]
    scores = {t: Score() for t in (*SCORED_TYPES, "overall")}
    for sentence, predicted in zip(sentences, predicted_spans(sentences), strict=True):
        gold = {s for s in bio_spans(sentence.tags) if s[2] in SCORED_TYPES}
        for kind in SCORED_TYPES:
            g = {s for s in gold if s[2] == kind}
            p = {s for s in predicted if s[2] == kind}
            score = Score(len(g & p), len(p - g), len(g - p))
            scores[kind].add(score)
            scores["overall"].add(score)
    return scores
