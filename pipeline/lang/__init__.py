"""Word lists of the text rules, as data: one list per file under `ar/`.

Each file holds one word or phrase a line (`#` starts a comment); a list is
read once per process and keyed by its `match_text` fold, so the rules
compare folded text with folded words. Lists are reviewable and editable
without reading code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

LANG_DIR = Path(__file__).resolve().parent / "ar"


@lru_cache(maxsize=None)
def phrases(name: str) -> tuple[str, ...]:
    """The entries of `ar/<name>.txt`, folded, in file order, without duplicates."""
    from pipeline.normalize import fold_text

    lines = (LANG_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    entries = (fold_text(line.split("#", 1)[0].strip()) for line in lines)
    return tuple(dict.fromkeys(e for e in entries if e))


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The entries of `ar/<name>.txt` as a set of folded forms."""
    if name == "titles_first_words":  # derived: the first word of each title
        return frozenset(t.split(" ", 1)[0] for t in phrases("titles"))
    return frozenset(phrases(name))
