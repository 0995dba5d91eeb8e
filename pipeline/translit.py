"""Readable ASCII ids for Arabic names the gazetteer does not know.

A person found in the text gets the id of their name in its common English
spelling, so the same person has the same id across articles and outlets:
each word (or two-word form: عبد الله) is looked up in
`lang/ar/name_spellings.tsv` (محمد -> mohammed, الدوسري -> al_dosari), and a
word the table lacks is romanized by rule: camel-tools' CharMapper (its
transliteration machinery, which needs no downloaded data) with a phonetic
map, long vowels read off the letters ا و ي, a short `a` between two leading
consonants and an `i` in the فاعل pattern (رباح -> rabah, سالم -> salim).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.lang import LANG_DIR

_CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z",
    "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "gh", "ف": "f", "ق": "q", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k",
}
# Letters standing for a vowel or a glottal stop (و and ي are consonants at a word's start or before a vowel).
_VOWELS = {"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ى": "a", "ة": "a", "ء": "", "ؤ": "", "ئ": "", "ع": ""}
_PHONETIC = {**_CONSONANTS, **_VOWELS, "و": "w", "ي": "y", "ی": "y", " ": " "}

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits, runs of anything else as one `_`."""
    return _NOT_SLUG.sub("_", text.lower()).strip("_")


@lru_cache(maxsize=1)
def _mapper():  # noqa: ANN202
    from camel_tools.utils.charmap import CharMapper

    return CharMapper(_PHONETIC, default=None)


@lru_cache(maxsize=1)
def spellings() -> dict[str, str]:
    """Folded Arabic name form -> English spelling, from lang/ar/name_spellings.tsv."""
    from pipeline.gazetteer import form_key

    table: dict[str, str] = {}
    for line in (LANG_DIR / "name_spellings.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        arabic, _, english = line.partition("\t")
        table.setdefault(form_key(arabic), english.strip())
    return table


# Table entries that are parts of names, not given names.
_NOT_GIVEN = frozenset({"abdul", "bin", "ibn", "bint", "abu", "al", "umm", "al_din", "sheikh", "sayed"})


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The table's one-word given names (folded): محمد، عادل، جوشوا ... (not بن، أبو or family names)."""
    return frozenset(k for k, v in spellings().items()
                     if " " not in k and not k.startswith("ال") and v not in _NOT_GIVEN and not v.startswith("al_"))


def _romanize_letters(word: str) -> str:
    """One word by rule: long vowels from ا و ي, a short vowel where two consonants open the word."""
    letters = [ch for ch in word if ch in _PHONETIC]
    out: list[str] = []
    for i, ch in enumerate(letters):
        prev = letters[i - 1] if i else ""
        nxt = letters[i + 1] if i + 1 < len(letters) else ""
        if ch == "ي" and i == 1 and prev == "إ" and nxt in _CONSONANTS:
            out[-1] = "i"  # إيران، إيرنست: the alef carries a long i
        elif ch in "وي" and i and prev in _CONSONANTS and nxt not in _VOWELS:
            out.append("u" if ch == "و" else "i")  # a long vowel: بوش، سعيد
        elif ch == "ع" and i == 0:
            out.append("a")
        elif ch == "ة" and prev == "ي":
            out.append("ya")
        else:
            out.append(_mapper()(ch))
        if i == 0 and ch in _CONSONANTS and nxt in _CONSONANTS:
            out.append("a")  # رباح -> rabah
    text = "".join(out)
    if len(letters) >= 4 and letters[-3] in "اآ" and letters[-2] in _CONSONANTS and letters[-1] in _CONSONANTS:
        text = text[: -len(_mapper()(letters[-1]))] + "i" + _mapper()(letters[-1])  # فاعل: سالم -> salim
    return text


@lru_cache(maxsize=100_000)
def romanize_word(word: str) -> str:
    from pipeline.gazetteer import form_key

    table = spellings()
    key = form_key(word)
    if key in table:
        return table[key]
    if key.startswith("ال") and len(key) > 3:
        rest = key[2:]
        return "al_" + (table.get(rest) or table.get("ال" + rest) or _romanize_letters(word[2:]))
    if key.startswith("عبد") and len(key) > 4:  # عبدالرحيم written as one word
        rest = key[3:]
        rest = rest[2:] if rest.startswith("ال") else rest
        return "abdul" + (table.get(rest) or _romanize_letters(rest))
    return _romanize_letters(word)


def romanize_name(name: str) -> str:
    """`عادل الجبير` -> `adel al_jubeir`: table spellings first (two-word forms before one)."""
    words = name.split()
    table = spellings()
    from pipeline.gazetteer import form_key

    out, i = [], 0
    while i < len(words):
        pair = form_key(" ".join(words[i : i + 2])) if i + 1 < len(words) else None
        if pair and pair in table:
            out.append(table[pair])
            i += 2
            continue
        out.append(romanize_word(words[i]))
        i += 1
    return " ".join(out)


def arabic_to_slug(name: str) -> str:
    """The id of a person named `name`: `يحيى رباح` -> `yahya_rabah`."""
    return slug(romanize_name(name)) or "unknown_person"
