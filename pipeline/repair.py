"""In-text repairs: run-together words, flipped brackets, stray fragments.

Each repair returns the new text and a list of `(before, after)` pairs, so the
cleaned table can show every change it made. Words are split only where both
halves are known words (shipped vocabulary plus the article's own words) and
the glued token itself is not one.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from pipeline.lexicon import Vocabulary
from pipeline.normalize import fold_text

Repair = tuple[str, str]

# Two-letter words that may stand as half of a glued pair: prepositions before
# a definite noun (معالقوات) or a preposition glued after a word (دقيقمن).
_SHORT_LEFT = {"مع", "من", "في", "عن"}
_SHORT_RIGHT = {"من", "في", "عن", "مع", "الي", "علي"}
_ARABIC_RUN = re.compile(r"[\u0621-\u064a]{6,}")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]{3,}")
# Words repeat across articles (Zipf): each one's fold is made once per process.
_fold_word = lru_cache(maxsize=1 << 18)(fold_text)
# Letters that are only ever word-final in Arabic spelling: ة and ى.
_FINAL_ONLY = set("\u0629\u0649")
# Without that spelling evidence, both halves must be common words: rare forms
# combine too easily into false splits of names and loanwords (ميس|نجر).
MAX_HALF_RANK = 12_000


def _half_rank(half: str, vocab: Vocabulary, *, left: bool) -> int | None:
    if len(half) < 2:
        return None
    if len(half) == 2:
        return 0 if half in (_SHORT_LEFT if left else _SHORT_RIGHT) else None
    return vocab.best_rank(half)


def split_glued(token: str, vocab: Vocabulary) -> tuple[str, str] | None:
    """Best split of a run-together token into two known words, or None.

    `token` is in body form; the split point is chosen on its fold. A split
    right after a word-final-only letter (ة, ى) inside the token wins, since
    that spelling cannot occur within one word; otherwise the split whose
    rarer half is most frequent wins.
    """
    folded = fold_text(token)
    if len(folded) < 6 or vocab.is_word(folded):
        return None
    best: tuple[int, int] | None = None  # (score, index)
    for i in range(2, len(folded) - 1):
        left, right = folded[:i], folded[i:]
        if len(left) == 2 and not right.startswith("ال") and left in _SHORT_LEFT:
            continue
        left_rank = _half_rank(left, vocab, left=True)
        if left_rank is None:
            continue
        right_rank = _half_rank(right, vocab, left=False)
        if right_rank is None:
            continue
        score = max(left_rank, right_rank)
        if token[i - 1] in _FINAL_ONLY:
            score = -1
        elif score > MAX_HALF_RANK or (folded.startswith("ال") and not right.startswith(("ال", "وال"))):
            # A definite loanword (الكلونيل) is not a word plus a word.
            continue
        if best is None or score < best[0]:
            best = (score, i)
    if best is None:
        return None
    i = best[1]
    return token[:i], token[i:]


def repair_glued_words(text: str, vocab: Vocabulary) -> tuple[str, list[Repair]]:
    """Split run-together words in `text`.

    A long unknown token that occurs more than once in the same text is taken
    for a real word (a name the vocabulary lacks) and left alone. The text's
    own known words extend the vocabulary, so names it repeats count as words.
    """
    tokens = _ARABIC_RUN.findall(text)
    if not tokens:
        return text, []
    counts = Counter(tokens)
    candidates = {t for t, n in counts.items() if n == 1 and not vocab.is_word(_fold_word(t))}
    if not candidates:
        return text, []
    own_words = {_fold_word(w) for w in _ARABIC_WORD.findall(text) if counts.get(w, 0) != 1 or len(w) < 6}
    local = vocab.with_words(own_words)
    splits = {}
    for token in candidates:
        parts = split_glued(token, local)
        if parts:
            splits[token] = f"{parts[0]} {parts[1]}"
    if not splits:
        return text, []
    repairs: list[Repair] = []

    def _sub(match: re.Match[str]) -> str:
        token = match.group(0)
        after = splits.get(token)
        if after is None:
            return token
        repairs.append((token, after))
        return after

    return _ARABIC_RUN.sub(_sub, text), repairs


_FLIPPED = re.compile(r"\)([^()\n]{1,80})\(|\]([^\[\]\n]{1,80})\[")


def repair_flipped_brackets(text: str) -> tuple[str, list[Repair]]:
    """Turn `)x(` into `(x)` where the `)` closes nothing (RTL copy-paste damage)."""
    if ")" not in text and "]" not in text:
        return text, []
    repairs: list[Repair] = []
    out: list[str] = []
    pos = 0
    for match in _FLIPPED.finditer(text):
        opener, closer = ("(", ")") if match.group(1) is not None else ("[", "]")
        line_start = text.rfind("\n", 0, match.start()) + 1
        before_on_line = text[line_start : match.start()]
        if before_on_line.count(opener) > before_on_line.count(closer):
            continue  # this ")" closes an earlier "(": not flipped
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        space = "" if match.start() == 0 or text[match.start() - 1] in " \n" else " "
        fixed = f"{space}{opener}{inner}{closer}"
        out.append(text[pos : match.start()])
        out.append(fixed)
        repairs.append((match.group(0), fixed.strip()))
        pos = match.end()
    if not repairs:
        return text, []
    out.append(text[pos:])
    return "".join(out), repairs


_LEADING_TOKEN = re.compile(r"^([\u0621-\u064a]{2,3}) (?=[\u0621-\u064a])", re.MULTILINE)
_SHORT_WORDS = {fold_text(w) for w in (
    "في من عن مع لا ما لم لن قد أو أن إن أي هو هي كل ثم بل يا إذ إذا كي لو هل قال ذلك تلك هذا هذه هذي وقد وفي ومن ولا وما ولم ولن وهو وهي وكل ثمة لقد كما لكن منذ حتى عبر ضد بعد قبل عند".split()
)}


def remove_stray_fragments(text: str, vocab: Vocabulary) -> tuple[str, list[str]]:
    """Drop a 2–3 letter non-word at the start of a line (scraper debris like `ثث`)."""
    removed: list[str] = []

    def _sub(match: re.Match[str]) -> str:
        token = match.group(1)
        folded = fold_text(token)
        if folded in _SHORT_WORDS or folded in vocab or vocab.is_word(folded):
            return match.group(0)
        removed.append(token)
        return ""

    return _LEADING_TOKEN.sub(_sub, text), removed
