"""Character-level normalization of article text, and the match-text fold.

`normalize_expr` makes the readable `body` (NFKC, no diacritics or tatweel,
one kind of space and quote). `fold_expr` makes `match_text`: the same string
with letter variants folded ONE character for ONE, so offsets found in
`match_text` are offsets into `body`. Both are whole-column polars
expressions; `normalize_text` and `fold_text` apply the same rules to one
Python string (for tests and for code that works on a single text).
"""

from __future__ import annotations

import re
import unicodedata
from itertools import accumulate

import polars as pl

# Arabic harakat, tanween, shadda, sukun, dagger alef and Quranic marks.
DIACRITICS = "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]"
TATWEEL = "\u0640"
# Zero-width and bidi control characters: invisible, and they break matching.
INVISIBLES = "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]"
# Every space that is not a plain space or a newline.
ODD_SPACES = "[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\x0b\x0c]"

_QUOTES = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
}

# One-for-one folds for match_text.
_FOLD = {
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # أ إ آ ٱ -> ا
    "\u0649": "\u064a",  # ى -> ي
    "\u0629": "\u0647",  # ة -> ه
    "\u06a9": "\u0643",  # Persian kaf -> ك
    "\u06cc": "\u064a",  # Persian yeh -> ي
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended Arabic-Indic digits
    **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
}
FOLD_FROM = list(_FOLD)
FOLD_TO = [_FOLD[k] for k in FOLD_FROM]
_FOLD_TABLE = str.maketrans(_FOLD)


def normalize_expr(text: pl.Expr) -> pl.Expr:
    """Readable-text normalization of a string column (order matters)."""
    return (
        text.str.replace_all("\r\n?", "\n")
        .str.normalize("NFKC")
        .str.replace_all(INVISIBLES, "")
        .str.replace_all(DIACRITICS, "")
        # A tatweel standing alone between spaces is used as a dash (سوريا ـ العراق).
        .str.replace_all(f"(^|[ \n]){TATWEEL}+([ \n]|$)", "${1}-${2}")
        .str.replace_all(TATWEEL, "")
        .str.replace_many(list(_QUOTES), list(_QUOTES.values()))
        .str.replace_all(ODD_SPACES, " ")
        .str.replace_all(" {2,}", " ")
        .str.replace_all(" *\n *", "\n")
    )


def fold_expr(text: pl.Expr) -> pl.Expr:
    """match_text fold: one character in, one character out."""
    return text.str.replace_many(FOLD_FROM, FOLD_TO)


_DIACRITICS_RE = re.compile(DIACRITICS)
_INVISIBLES_RE = re.compile(INVISIBLES)
_ODD_SPACES_RE = re.compile(ODD_SPACES)
_STANDALONE_TATWEEL_RE = re.compile(f"(^|[ \n]){TATWEEL}+(?=[ \n]|$)")
_QUOTES_RE = re.compile("[" + "".join(_QUOTES) + "]")


def _plain_quote(match: re.Match[str]) -> str:
    return _QUOTES[match.group(0)]


def normalize_text(text: str) -> str:
    """`normalize_expr` for one string."""
    text = re.sub("\r\n?", "\n", text)
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLES_RE.sub("", text)
    text = _DIACRITICS_RE.sub("", text)
    if TATWEEL in text:
        text = _STANDALONE_TATWEEL_RE.sub(r"\1-", text).replace(TATWEEL, "")
    # A substitution where quotes are: str.translate looks up every character.
    text = _QUOTES_RE.sub(_plain_quote, text)
    text = _ODD_SPACES_RE.sub(" ", text)
    text = re.sub(" {2,}", " ", text)
    return re.sub(" *\n *", "\n", text)


def fold_text(text: str) -> str:
    """`fold_expr` for one string."""
    return text.translate(_FOLD_TABLE)


_WORD_GAPS = re.compile(r"(\W+)")


def word_spans(text: str) -> tuple[list[str], list[int], list[int]]:
    """The words (\\w+ runs) of `text` with their start and end offsets,
    found by one split: words and the runs between them alternate
    ([word?, gap, word, ..., gap, word?]), so offsets are running sums of
    piece lengths, with no match object per word."""
    pieces = _WORD_GAPS.split(text)
    offsets = [0, *accumulate(map(len, pieces))]
    first = 0 if pieces[0] else 2  # the text may start or end with a gap
    stop = len(pieces) if pieces[-1] else len(pieces) - 1
    return pieces[first:stop:2], offsets[first:stop:2], offsets[first + 1 : stop + 1 : 2]
