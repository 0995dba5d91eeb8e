"""ASCII slugs for Arabic names the gazetteer does not know.

Uses camel-tools' CharMapper (its transliteration machinery, which needs no
downloaded data) with a readable phonetic map instead of Buckwalter's symbols:
جوش إيرنست -> josh_irnst, not jw$_<yrnst.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PHONETIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i", "ب": "b", "ت": "t",
    "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh",
    "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "w", "ي": "y", "ى": "a", "پ": "p", "چ": "ch", "ژ": "zh",
    "گ": "g", "ک": "k", "ی": "y", " ": " ",
}


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits, runs of anything else as one `_`."""
    return _NOT_SLUG.sub("_", text.lower()).strip("_")


@lru_cache(maxsize=1)
def _mapper():  # noqa: ANN202
    from camel_tools.utils.charmap import CharMapper

    return CharMapper(_PHONETIC, default=None)


def arabic_to_slug(name: str) -> str:
    """`حيدر الملا` -> `hydr_al_mla`: one token per word, the article split off."""
    words = []
    for word in name.split():
        if word.startswith("ال") and len(word) > 3:
            words.extend(["al", word[2:]])
        else:
            words.append(word)
    return slug(_mapper()(" ".join(words))) or "unknown_person"
