"""Arabic-aware sentence segmentation with exact offsets into `body`.

A sentence ends at `.` `؟` `?` `!` (with any closing quotes or brackets that
follow) or at a line break; never at `،` or `؛`. A period glued to the next
word (`السنية.إن`) still ends one. Decimal numbers and dotted dates (3.5,
17.09.2015), single-letter and listed abbreviations (د. U.S.) do not. A
boundary inside a short quotation is ignored, so a quote of two short
sentences stays one unit. A line that reads as a headline is marked
`is_heading`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

MAX_HEADING_WORDS = 20
# A quotation up to this many characters is kept whole across sentence ends.
MAX_SHORT_QUOTE = 300
# Text with no sentence end for this long (a scraped run-on line) is cut at
# the last space before the limit, so no "sentence" is a megabyte long.
MAX_SENTENCE_CHARS = 1500

_BOUNDARY = re.compile(r"[.؟?!…]+(?:[\"'»)\]]+[.؟?!]*)?")
_ENDS_SENTENCE = re.compile(r"[.؟?!:،,؛;…]\s*[\"')\]»]*$")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "no", "inc", "ltd", "co",
    "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "u.s", "u.k", "u.n",
    "ص", "ق.م", "م.ع", "ج.م.ع", "هـ", "د", "م", "أ", "ا", "ش",
}
# Token (letters and inner dots) right before a period.
_TOKEN_BEFORE = re.compile(r"([\w.]+)$")
# camel-tools simple_word_tokenize: every punctuation or symbol character is a
# token, every other run of non-space characters is one.
TOKEN_PATTERN = r"[\p{P}\p{S}]|[^\s\p{P}\p{S}]+"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    is_heading: bool


def is_heading_like(line: str) -> bool:
    """A line that reads as a headline rather than a sentence."""
    words = line.split()
    return 0 < len(words) <= MAX_HEADING_WORDS and not _ENDS_SENTENCE.search(line)


def _is_false_boundary(line: str, match: re.Match[str]) -> bool:
    start, end = match.start(), match.end()
    punct = match.group(0)
    if punct != ".":
        return False
    before = line[start - 1] if start else ""
    after = line[end] if end < len(line) else ""
    if before.isdigit() and after.isdigit():
        return True  # 3.5, 17.09.2015
    token = _TOKEN_BEFORE.search(line, 0, start)
    if token:
        word = token.group(1).lower()
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            return True
        # U.S. / ج.م.ع: dotted initials
        if re.fullmatch(r"(?:\w\.)+\w", word) and all(len(p) == 1 for p in word.split(".")):
            return True
    return False


def _inside_short_quote(line: str, pos: int) -> bool:
    """Is `pos` inside a double quotation that closes soon enough to keep whole?"""
    opened = line.count('"', 0, pos)
    if opened % 2 == 0:
        return False
    open_at = line.rfind('"', 0, pos)
    close_at = line.find('"', pos)
    return close_at != -1 and close_at - open_at <= MAX_SHORT_QUOTE


def _cap_length(line: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    capped = []
    for a, b in pieces:
        while b - a > MAX_SENTENCE_CHARS:
            cut = line.rfind(" ", a + 1, a + MAX_SENTENCE_CHARS)
            cut = cut if cut > a else a + MAX_SENTENCE_CHARS
            capped.append((a, cut))
            a = cut
        capped.append((a, b))
    return capped


def sentence_spans(body: str) -> list[Span]:
    """Sentences of one body as `(start, end, is_heading)`, end-exclusive."""
    spans: list[Span] = []
    offset = 0
    for line in body.split("\n"):
        cuts = [0]
        for match in _BOUNDARY.finditer(line):
            if match.end() >= len(line.rstrip()):
                continue  # the line end is a boundary anyway
            if _is_false_boundary(line, match) or _inside_short_quote(line, match.end()):
                continue
            cuts.append(match.end())
        cuts.append(len(line))
        pieces = [(a, b) for a, b in zip(cuts, cuts[1:]) if line[a:b].strip()]
        for a, b in _cap_length(line, pieces):
            while a < b and line[a].isspace():
                a += 1
            while b > a and line[b - 1].isspace():
                b -= 1
            if a == b:
                continue
            heading = len(pieces) == 1 and is_heading_like(line[a:b])
            spans.append(Span(offset + a, offset + b, heading))
        offset += len(line) + 1
    return spans


# What split_sentences reads of cleaned_articles: all a step reads, or sends to a worker.
SPLIT_INPUT_COLUMNS = ["article_id", "body", "domain", "published_date"]

# Article columns every sentence carries, for the stages that read sentences only.
ARTICLE_COLUMNS = ("domain", "published_date")
_SPAN_DTYPE = pl.List(pl.Struct({"start_char": pl.Int32, "end_char": pl.Int32, "is_heading": pl.Boolean}))


def split_sentences(cleaned: pl.DataFrame) -> pl.DataFrame:
    """The sentences table for a frame of cleaned_articles rows."""
    spans = [
        [{"start_char": s.start, "end_char": s.end, "is_heading": s.is_heading} for s in sentence_spans(body)]
        for body in cleaned["body"].to_list()
    ]
    return (
        cleaned.select("article_id", "body", *ARTICLE_COLUMNS)
        .with_columns(spans=pl.Series(spans, dtype=_SPAN_DTYPE))
        .explode("spans")
        .drop_nulls("spans")
        .unnest("spans")
        .with_columns(
            sentence_id=pl.int_range(pl.len(), dtype=pl.Int32).over("article_id"),
            text=pl.col("body").str.slice(pl.col("start_char"), pl.col("end_char") - pl.col("start_char")),
        )
        .with_columns(n_tokens=pl.col("text").str.count_matches(TOKEN_PATTERN).cast(pl.Int32))
        .select("article_id", "sentence_id", "text", "start_char", "end_char", "n_tokens", "is_heading",
                *ARTICLE_COLUMNS)
    )
