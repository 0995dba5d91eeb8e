"""Statistical NER: a linear-chain CRF (CRFsuite) over words, shipped as a small model file.

Trained by `scripts/train_ner.py` on the ANERcorp train split (its last
sixth held out for scoring) with word, affix, clitic, word-list and
gazetteer features, so it finds people, organizations and places the
gazetteer does not know from how the sentence names them. The model file is
part of the package (`models/ner.crfsuite`); nothing is downloaded.

Features are computed once per distinct folded word (a corpus repeats its
words) and combined with the neighbours' per sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "ner.crfsuite"
# Words and single punctuation marks, as ANERcorp tokenizes them.
TOKEN = re.compile(r"\w+|[^\w\s]")
_CLITICS = re.compile(r"^(?:[وف]?(?:بال|لل|كال|ال|[بلك])|[وف])(?=\w\w)")
_ARABIC = re.compile(r"^[\u0621-\u064a]+$")
_LATIN = re.compile(r"^[A-Za-z]+$")


def tokens(folded: str) -> list[tuple[int, int]]:
    """(start, end) of each word and punctuation mark of a folded sentence."""
    return [m.span() for m in TOKEN.finditer(folded)]


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
    if not word[0].isalnum():
        return ("p=" + word,)
    if word.isdigit():
        return ("digit",)
    if _LATIN.match(word):
        return ("latin",)
    stem = _CLITICS.sub("", word)
    has_al = stem is not word and (word.startswith("ال") or "ال" in word[:4])
    feats = ["w=" + word, "s=" + stem, "p3=" + stem[:3], "x2=" + stem[-2:], "x3=" + stem[-3:],
             "r=" + _rank_bucket(vocab.rank(word)), "sr=" + _rank_bucket(vocab.best_rank(word))]
    if has_al:
        feats.append("al")
    if stem in gaz.first_names or word in gaz.first_names:
        feats.append("given")
    if word in titles or stem in titles:
        feats.append("title")
    if word in locative:
        feats.append("loc_word")
    if stem.endswith("ي") or stem.endswith("يه"):
        feats.append("nisba")
    if not _ARABIC.match(word):
        feats.append("mixed")
    return tuple(feats)


# Which of a word's features are also given to its neighbours.
_CONTEXT_PREFIXES = ("w=", "s=", "given", "title", "loc_word", "p=", "digit", "latin", "r=")


@lru_cache(maxsize=300_000)
def _context_features(word: str) -> tuple[str, ...]:
    return tuple(f for f in word_features(word) if f.startswith(_CONTEXT_PREFIXES))


def sentence_features(words: list[str], gazetteer_tags: list[str] | None = None) -> list[list[str]]:
    """Features of each word of a sentence: its own, its neighbours' (two each
    side) and the gazetteer's reading of it (B-/I- plus the actor type)."""
    own = [word_features(w) for w in words]
    context = [_context_features(w) for w in words]
    n = len(words)
    result = []
    for i in range(n):
        feats = list(own[i])
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < n:
                prefix = f"{offset}:"
                feats.extend(prefix + f for f in (context[j] if abs(offset) == 1 else context[j][:2]))
            else:
                feats.append(f"{offset}:edge")
        if gazetteer_tags is not None:
            tag = gazetteer_tags[i]
            feats.append("g=" + tag)
            if i > 0:
                feats.append("g-1=" + gazetteer_tags[i - 1])
            if i + 1 < n:
                feats.append("g+1=" + gazetteer_tags[i + 1])
        result.append(feats)
    return result


def gazetteer_tags(words: list[str]) -> list[str]:
    """The gazetteer's longest matches over the words, as BIO tags of actor types."""
    from pipeline.entities.gazetteer_match import match_gazetteer
    from pipeline.entities.tokens import Token

    _, gaz, _, _ = _lexicon()
    folded = " ".join(words)
    toks, at = [], 0
    for w in words:
        toks.append(Token(w, at, at + len(w)))
        at += len(w) + 1
    tags = ["O"] * len(words)
    for i, n, _offset, form, _key in match_gazetteer(folded, toks, gaz):
        kind = {"COUNTRY": "LOC", "LOCATION": "LOC", "PERSON": "PERS", "ORG": "ORG"}.get(form.entity_type, "INST")
        if form.mention_form == "gentilic":
            kind = "GENT"
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


def tag_words(words: list[str]) -> list[str]:
    """BIO tags (PERS, ORG, LOC) of folded words."""
    model = tagger()
    if model is None or not words:
        return ["O"] * len(words)
    return model.tag(sentence_features(words, gazetteer_tags(words)))


ENTITY_TYPES = {"PERS": "PERSON", "ORG": "ORG", "LOC": "LOCATION"}


@dataclass(frozen=True)
class TaggedSpan:
    start: int  # character offsets into the sentence
    end: int
    entity_type: str  # PERSON, ORG, LOCATION


def tagged_spans(folded: str) -> list[TaggedSpan]:
    """The tagger's entities of a folded sentence, as character spans of whole words."""
    spans = tokens(folded)
    words = [folded[s:e] for s, e in spans]
    result = []
    start, kind = None, None
    for i, tag in enumerate([*tag_words(words), "O"]):
        prefix, _, label = tag.partition("-")
        if start is not None and (prefix != "I" or label != kind):
            last = i - 1
            while last > start and not words[last][0].isalnum():
                last -= 1  # a span never ends on punctuation
            if words[start][0].isalnum():
                result.append(TaggedSpan(spans[start][0], spans[last][1], ENTITY_TYPES[kind]))
            start, kind = None, None
        if prefix in ("B", "I") and start is None and label in ENTITY_TYPES:
            start, kind = i, label
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
