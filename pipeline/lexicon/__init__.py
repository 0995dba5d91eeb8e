"""The shipped Arabic vocabulary, and word-hood tests that allow clitics."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

WORDS_FILE = Path(__file__).with_name("ar_words.txt")

# Proclitic sequences (longest first) and enclitic pronouns, in folded form.
PROCLITICS = ("وبال", "فبال", "وكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل",
              "وب", "ول", "وف", "فب", "فل", "وس", "ال", "و", "ف", "ب", "ل", "ك", "س")
ENCLITICS = ("هما", "كما", "كم", "هم", "هن", "ها", "نا", "ني", "ه", "ك", "ي")
# Inflection endings (plural, dual, nisba, accusative alef, verb endings).
SUFFIXES = ("يون", "يين", "ون", "ين", "ان", "ات", "يه", "وا", "ي", "ا", "ت")


def _readings(token: str) -> Iterator[str]:
    """The token itself, then each stem left by stripping proclitics and one
    enclitic or ending, of at least three letters."""
    yield token
    for pro in ("", *PROCLITICS):
        if pro and not token.startswith(pro):
            continue
        stem = token[len(pro):]
        for end in ("", *ENCLITICS, *SUFFIXES):
            if end and not stem.endswith(end):
                continue
            core = stem[: len(stem) - len(end)] if end else stem
            if len(core) < 3 or (not pro and not end):
                continue
            yield core


class Vocabulary:
    """Folded word forms with their frequency rank (0 = most frequent)."""

    def __init__(self, words: list[str], extra: set[str] | None = None, base: Vocabulary | None = None):
        self._base = base
        self._extra = extra or set()
        self._rank: dict[str, int] = {}
        for i, w in enumerate(words):
            self._rank.setdefault(w, i)

    def __contains__(self, word: str) -> bool:
        return self.rank(word) is not None

    def __len__(self) -> int:
        return len(self._rank) + (len(self._base) if self._base else 0) + len(self._extra)

    def rank(self, word: str) -> int | None:
        if self._base is not None:
            rank = self._base.rank(word)
            if rank is not None:
                return rank
            return len(self._base) if word in self._extra else None
        return self._rank.get(word)

    def with_words(self, extra: set[str]) -> Vocabulary:
        """A view that also knows `extra` (e.g. the article's own words), ranked
        after every word of this one. This vocabulary is shared, not copied."""
        return Vocabulary([], extra=extra, base=self)

    def best_rank(self, token: str) -> int | None:
        """Rank of the token as a word, allowing proclitics and one enclitic or ending.

        The stripped stem must keep at least three letters, so a clitic is never
        taken for the whole word.
        """
        if self._base is not None:
            # Every base word ranks before the extra ones: the base's answer
            # (cached for the shared vocabulary), when it has one, is the best.
            rank = self._base.best_rank(token)
            if rank is not None or not self._extra:
                return rank
            return len(self._base) if any(core in self._extra for core in _readings(token)) else None
        return min((r for core in _readings(token) if (r := self._rank.get(core)) is not None), default=None)

    def is_word(self, token: str) -> bool:
        return self.best_rank(token) is not None


@lru_cache(maxsize=1)
def arabic_vocabulary() -> Vocabulary:
    """The shipped word list, loaded once per process.

    Its word-hood answers are cached per token: tokens repeat across articles
    (Zipf), and the clitic search costs a few hundred dictionary lookups.
    """
    vocab = Vocabulary(WORDS_FILE.read_text(encoding="utf-8").split())
    vocab.best_rank = lru_cache(maxsize=500_000)(vocab.best_rank)  # type: ignore[method-assign]
    return vocab
