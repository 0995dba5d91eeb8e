"""Regenerate pipeline/lexicon/ar_words.txt from wordfreq's Arabic list.

Run once by a maintainer (`pip install wordfreq`); the pipeline itself only
reads the shipped text file. Words are folded exactly like `match_text`
(pipeline.normalize.fold_text), de-duplicated, and kept in frequency order:
the line number is the word's rank.
"""

from __future__ import annotations

import sys
from pathlib import Path

import wordfreq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.normalize import fold_text, normalize_text  # noqa: E402

N_WORDS = 150_000
OUT = Path(__file__).resolve().parent.parent / "pipeline" / "lexicon" / "ar_words.txt"


def main() -> None:
    seen: set[str] = set()
    words: list[str] = []
    for word in wordfreq.top_n_list("ar", N_WORDS, wordlist="large"):
        folded = fold_text(normalize_text(word)).strip()
        if folded and folded not in seen and all("\u0621" <= ch <= "\u064a" for ch in folded):
            seen.add(folded)
            words.append(folded)
    OUT.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} words to {OUT}")


if __name__ == "__main__":
    main()
