"""Statistical NER: a linear-chain CRF (CRFsuite) over words, shipped as a small model file.

Trained by `scripts/train_ner.py` on the ANERcorp train split (its last
sixth held out for scoring) with word, affix, clitic, word-list and
gazetteer features, so it finds people, organizations and places the
gazetteer does not know from how the sentence names them. The model file is
part of the package (`models/ner.crfsuite`); nothing is downloaded.

The tagger reads the words (\\w+ runs) of a folded sentence, the punctuation
before each word as a feature, and the gazetteer's reading of each word
(the matches the gazetteer extractor made anyway). A word's own features
and the ones it lends its neighbours are computed once per distinct word
(a corpus repeats its words). Only the stretches around a word that could
start an unknown name are tagged (`windows`): the rest of the text is left
to the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "ner.crfsuite"
_CLITICS = re.compile(r"^(?:[وف]?(?:بال|لل|كال|ال|[بلك])|[وف])(?=\w\w)")
_LATIN = re.compile(r"^[A-Za-z]+$")
_PUNCT = re.compile(r"[^\w\s]")
ENTITY_TYPES = {"PERS": "PERSON", "ORG": "ORG", "LOC": "LOCATION"}
# A word rarer than this in the shipped list (or absent) may be part of a name.
RARE_RANK = 20_000


@lru_cache(maxsize=1)
def _lexicon():  # noqa: ANN202
    from pipeline.gazetteer import gazetteer
    from pipeline.lang import word_list
    from pipeline.lexicon import arabic_vocabulary

    return arabic_vocabulary(), gazetteer(), word_list("titles_first_words"), word_list("locative_words")


def _rank_bucket(rank: int | None) -> str:
    if rank is None:
        return "oov"
    return "top1k" if rank < 1_000 else "top10k" if rank < 10_000 else "top50k" if rank < 50_000 else "rare"


@lru_cache(maxsize=300_000)
def word_features(word: str) -> tuple[str, ...]:
    """What a word says of itself (no context): form, stem, affixes, word lists."""
    vocab, gaz, titles, locative = _lexicon()
    if word.isdigit():
        return ("digit",)
    if _LATIN.match(word):
        return ("latin",)
    stem = _CLITICS.sub("", word)
    feats = ["w=" + word, "s=" + stem, "x2=" + stem[-2:], "x3=" + stem[-3:], "r=" + _rank_bucket(vocab.rank(word))]
    if stem is not word and "ال" in word[:4]:
        feats.append("al")
    if stem in gaz.first_names or word in gaz.first_names:
        feats.append("given")
    if word in titles or stem in titles:
        feats.append("title")
    if word in locative:
        feats.append("loc_word")
    if stem.endswith(("ي", "يه")):
        feats.append("nisba")
    return tuple(feats)


# Which of a word's features it lends a neighbour one word away (two words away: the first two only).
_LENT = ("s=", "given", "title", "loc_word", "digit", "latin", "r=")


@lru_cache(maxsize=1_200_000)
def _lent(word: str, offset: int) -> tuple[str, ...]:
    lent = [f for f in word_features(word) if f.startswith(_LENT)]
    return tuple(f"{offset}:{f}" for f in (lent if abs(offset) == 1 else lent[:2]))


_EDGE = {offset: (f"{offset}:edge",) for offset in (-2, -1, 1, 2)}


def sentence_features(words: list[str], punct_before: list[str], gazetteer_tags: list[str],
                      positions: range | None = None) -> list[list[str]]:
    """Features of each word (of `positions` only, when given): its own, its
    neighbours' (two each side), the punctuation before it, and the
    gazetteer's reading of it and its neighbours."""
    n = len(words)
    result = []
    for i in positions if positions is not None else range(n):
        word = words[i]
        feats = list(word_features(word))
        for offset in (-1, 1):
            j = i + offset
            feats.extend(_lent(words[j], offset) if 0 <= j < n else _EDGE[offset])
        if punct_before[i]:
            feats.append("pb=" + punct_before[i])
        feats.append("g=" + gazetteer_tags[i])
        feats.append("g-1=" + (gazetteer_tags[i - 1] if i else "edge"))
        feats.append("g+1=" + (gazetteer_tags[i + 1] if i + 1 < n else "edge"))
        result.append(feats)
    return result


def punctuation_before(folded: str, starts: list[int], ends: list[int]) -> list[str]:
    """The last punctuation mark between each word and the one before it ('' for none)."""
    out = []
    previous_end = 0
    for start, end in zip(starts, ends, strict=True):
        marks = _PUNCT.findall(folded, previous_end, start)
        out.append(marks[-1] if marks else "")
        previous_end = end
    return out


def gazetteer_tags(n_words: int, matches) -> list[str]:  # noqa: ANN001
    """The gazetteer's matches (pipeline.entities.gazetteer_match) as BIO tags of actor types per word."""
    tags = ["O"] * n_words
    for i, n, _offset, form, _key in matches:
        if form.mention_form == "gentilic":
            kind = "GENT"
        else:
            kind = {"COUNTRY": "LOC", "LOCATION": "LOC", "PERSON": "PERS", "ORG": "ORG"}.get(form.entity_type, "INST")
        tags[i] = "B-" + kind
        for k in range(i + 1, i + n):
            tags[k] = "I-" + kind
    return tags


@lru_cache(maxsize=1)
def tagger():  # noqa: ANN201
    """The shipped model, opened once per process (None when the file is missing)."""
    if not MODEL_PATH.exists():
        return None
    import pycrfsuite

    model = pycrfsuite.Tagger()
    model.open(str(MODEL_PATH))
    return model


@lru_cache(maxsize=500_000)
def _could_start_a_name(word: str) -> bool:
    """A given name, a title, an organization's head noun, or a word rare or unknown as a word."""
    from pipeline.lang import word_list

    vocab, gaz, titles, _ = _lexicon()
    stem = _CLITICS.sub("", word)
    if word in gaz.first_names or word in titles or word in word_list("org_heads") or stem in word_list("org_heads"):
        return True
    rank = vocab.rank(word)
    return (rank is None or rank >= RARE_RANK) and len(word) > 2 and not word.isdigit()


# Words tagged around a word that could start a name: a title or given name
# opens a name to its right, a family name ends one to its left.
WINDOW_BEFORE, WINDOW_AFTER = 2, 4


def windows(words: list[str], gazetteer_tags: list[str]) -> list[range]:
    """The stretches of the sentence that could name an actor the gazetteer
    does not know: around each word outside the gazetteer's matches that is
    a given name, a title, or unknown as a word; overlapping stretches merge.
    The tagger reads only these (most words of a sentence are in none)."""
    found: list[range] = []
    for i, (word, tag) in enumerate(zip(words, gazetteer_tags, strict=True)):
        if tag != "O" or not _could_start_a_name(word):
            continue
        start, stop = max(0, i - WINDOW_BEFORE), min(len(words), i + WINDOW_AFTER + 1)
        if found and start <= found[-1].stop:
            found[-1] = range(found[-1].start, max(stop, found[-1].stop))
        else:
            found.append(range(start, stop))
    return found


@dataclass(frozen=True)
class TaggedSpan:
    start: int  # character offsets into the sentence
    end: int
    entity_type: str  # PERSON, ORG, LOCATION


def tag(words: list[str], punct_before: list[str], gazetteer_tags: list[str],
        stretches: list[range] | None = None) -> list[str]:
    """BIO tags (PERS, ORG, LOC) of a sentence's folded words: of every word, or
    of the words in `stretches` (each tagged as a sequence; the rest are O)."""
    model = tagger()
    if model is None or not words:
        return ["O"] * len(words)
    if stretches is None:
        return model.tag(sentence_features(words, punct_before, gazetteer_tags))
    tags = ["O"] * len(words)
    for stretch in stretches:
        tags[stretch.start : stretch.stop] = model.tag(sentence_features(words, punct_before, gazetteer_tags, stretch))
    return tags


def tagged_spans(folded: str, words: list[str], starts: list[int], ends: list[int], matches) -> list[TaggedSpan]:  # noqa: ANN001
    """The tagger's entities of a folded sentence (its words and their offsets,
    and the gazetteer's matches over them), as character spans of whole words."""
    gaz_tags = gazetteer_tags(len(words), matches)
    stretches = windows(words, gaz_tags) if tagger() is not None else []
    if not stretches:
        return []
    tags = tag(words, punctuation_before(folded, starts, ends), gaz_tags, stretches)
    result = []
    start, kind = None, None
    for i, label in enumerate([*tags, "O"]):
        prefix, _, name = label.partition("-")
        if start is not None and (prefix != "I" or name != kind):
            result.append(TaggedSpan(starts[start], ends[i - 1], ENTITY_TYPES[kind]))
            start, kind = None, None
        if prefix in ("B", "I") and start is None and name in ENTITY_TYPES:
            start, kind = i, name
    return result


def strip_proclitics(folded: str, start: int, end: int) -> int:
    """Where a name tagged with its proclitics (وأحمد، بالرياض، للجيش) starts without them."""
    from pipeline.entities.tokens import clitic_variants

    vocab, gaz, _, _ = _lexicon()
    word_end = folded.find(" ", start, end)
    word = folded[start : word_end if word_end != -1 else end]
    if word in gaz.first_names or word in gaz.forms:
        return start
    best, best_rank = 0, vocab.rank(word)
    for core, offset in clitic_variants(word):
        if not offset:
            continue
        if core in gaz.first_names or core in gaz.forms:
            return start + offset
        rank = vocab.rank(core)
        if rank is not None and (best_rank is None or rank < best_rank):
            best, best_rank = offset, rank
    return start + best
