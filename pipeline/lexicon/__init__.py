"""The shipped Arabic vocabulary, and word-hood tests that allow clitics."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

WORDS_FILE = Path(__file__).with_name("ar_words.txt")

# Proclitic sequences (longest first) and enclitic pronouns, in folded form.
PROCLITICS = ("وبال", "فبال", "وكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل",
              "وب", "ول", "وف", "فب", "فل", "وس", "ال", "و", "ف", "ب", "ل", "ك", "س")
ENCLITICS = ("هما", "كما", "كم", "هم", "هن", "ها", "نا", "ني", "ه", "ك", "ي")
# Inflection endings (plural, dual, nisba, accusative alef, verb endings).
SUFFIXES = ("يون", "يين", "ون", "ين", "ان", "ات", "يه", "وا", "ي", "ا", "ت")


class Vocabulary:
    """Folded word forms with their frequency rank (0 = most frequent)."""

    def __init__(self, words: list[str]):
        self._rank = {}
        for i, w in enumerate(words):
            self._rank.setdefault(w, i)

    def __contains__(self, word: str) -> bool:
        return word in self._rank

    def __len__(self) -> int:
        return len(self._rank)

    def rank(self, word: str) -> int | None:
        return self._rank.get(word)

    def with_words(self, extra: set[str]) -> "Vocabulary":
        """A copy that also knows `extra` (e.g. the article's own words)."""
        merged = Vocabulary([])
        merged._rank = dict(self._rank)
        for w in extra:
            merged._rank.setdefault(w, len(self._rank))
        return merged

    def best_rank(self, token: str) -> int | None:
        """Rank of the token as a word, allowing proclitics and one enclitic or ending.

        The stripped stem must keep at least three letters, so a clitic is never
        taken for the whole word.
        """
        best = self._rank.get(token)
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
                rank = self._rank.get(core)
                if rank is not None and (best is None or rank < best):
                    best = rank
        return best

    def is_word(self, token: str) -> bool:
        return self.best_rank(token) is not None


@lru_cache(maxsize=1)
def arabic_vocabulary() -> Vocabulary:
    """The shipped word list, loaded once per process."""
    return Vocabulary(WORDS_FILE.read_text(encoding="utf-8").split())
