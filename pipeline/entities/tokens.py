"""Words of a folded sentence and the proclitic readings of a word."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.normalize import word_spans

# What may stand between two words of one name: spaces, and quote marks.
GAP = re.compile(r"[ \"']*")
_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")


@dataclass(slots=True)
class Token:
    text: str  # folded
    start: int
    end: int


def tokenize(folded: str) -> list[Token]:
    return list(map(Token, *word_spans(folded)))


@lru_cache(maxsize=500_000)
def clitic_variants(token: str) -> tuple[tuple[str, int], ...]:
    """(core, offset of the span) for each way to read proclitics off a token."""
    variants = [(token, 0)]
    for conj in _CONJ:
        for prep in _PREP:
            prefix = conj + prep
            if not prefix or not token.startswith(prefix) or len(token) - len(prefix) < 2:
                continue
            core = token[len(prefix):]
            variants.append((core, len(prefix)))
            if prep == "ل" and core.startswith("ل") and len(core) > 2:
                # ل + ال: "للحكومة" is ل + الحكومة, and the span starts after لل
                variants.append(("ا" + core, len(prefix) + 1))
    return tuple(variants)


def joined(folded: str, tokens: list[Token], i: int, n: int) -> bool:
    """Are tokens i..i+n-1 separated only by spaces or quote marks?"""
    for a, b in zip(tokens[i : i + n - 1], tokens[i + 1 : i + n]):
        if GAP.fullmatch(folded[a.end : b.start]) is None:
            return False
    return True
