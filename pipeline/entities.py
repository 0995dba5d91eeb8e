"""Entity mentions: find and link states, organizations, people and places.

Three extractors, run per article over its sentences in order:

1. `gazetteer`: longest match of gazetteer forms over the folded sentence
   text, with the proclitics و ف ب ل ك (and لل = ل + ال) allowed before the
   first word and left outside the span. Overlaps are resolved once, left to
   right, longest first. A capital standing for its state (قصف موسكو) links
   to the country; after a locative preposition (في موسكو، ببروكسل) it is the
   city (LOCATION).
2. `pattern`: people the gazetteer lacks, found from their context: a title
   or role (الرئيس، وزير الخارجية، المتحدث باسم ...، النائب، الشيخ، الجنرال ...)
   followed by a name, or a speech verb (وقال، وأضاف ...) followed by a name
   and إن/أن. They get a slug from a camel-tools transliteration of the name,
   and the country their title names (وزير الدفاع العراقي -> IRQ).
3. `coreference`: a person named in full once is found by surname later in
   the same article (جيف ديفيس ... وقال ديفيس), and an organization named
   once is found by its head noun (تنظيم الدولة ... ضد التنظيم; التحالف
   الدولي ... هجمات التحالف).

A generic state body followed by a country (وزارة الدفاع بواشنطن، البرلمان في
لندن) becomes that country's body (method `pattern`).

An optional fourth extractor, camel-tools' BERT NER (`pipeline.ner_model`),
adds PERS/ORG/LOC spans where its model is installed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl

from pipeline.gazetteer import INSTITUTION, Form, Gazetteer, form_key, gazetteer
from pipeline.lexicon import arabic_vocabulary
from pipeline.normalize import fold_expr, fold_text, word_spans
from pipeline.translit import arabic_to_slug

# What may stand between two words of one name: spaces, and quote marks.
_GAP = re.compile(r"[ \"']*")
_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")
# Locative prepositions: a capital after one of these is the place, not the state.
_LOCATIVE_WORDS = {fold_text(w) for w in ("في", "إلى", "الى", "داخل", "قرب", "عبر", "مدينة", "بمدينة", "العاصمة")}
_LOCATIVE_CLITIC = "ب"


@dataclass(slots=True)
class Token:
    text: str  # folded
    start: int
    end: int


@dataclass
class Mention:
    sentence_id: int
    start: int
    end: int
    surface: str
    entity_type: str
    actor_id: str | None
    mention_form: str
    method: str
    confidence: float
    actor_name: str | None = None  # for actors discovered in the text
    actor_country: str | None = None


@dataclass
class ArticleContext:
    """What earlier sentences of the article established: short forms that
    now refer to an actor named in full (surnames, organizations' head nouns)."""

    short_forms: dict[str, Form] = field(default_factory=dict)

    def learn(self, mention: "Mention", folded: str) -> None:
        """Remember the short forms of a mention of the sentence whose fold is `folded`."""
        if not mention.actor_id or mention.method == "coreference":
            return
        words = folded[mention.start : mention.end].replace('"', " ").split()
        if mention.entity_type == "PERSON" and len(words) >= 2:
            surname = words[-1]
            for form in (surname, surname[2:] if surname.startswith("ال") and len(surname) > 4 else None):
                if form:
                    self.short_forms.setdefault(form, Form(mention.actor_id, "PERSON", "name"))
        elif mention.entity_type == "ORG" and len(words) >= 2:
            head = words[0] if words[0].startswith("ال") else "ال" + words[0]
            if head in _HEAD_NOUNS:
                self.short_forms[head] = Form(mention.actor_id, "ORG", "name")  # the latest one named


# Head nouns of organization names that, alone and definite, refer back to it.
_HEAD_NOUNS = {fold_text(w) for w in (
    "التنظيم", "التحالف", "الحزب", "الحركة", "الجماعة", "اللجنة", "الوكالة", "المنظمة", "الحلف", "الجبهة",
    "الهيئة", "الميليشيا", "الميليشيات", "المليشيات", "الفصائل", "القوات", "القبائل", "العشائر",
)}


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


def _joined(folded: str, tokens: list[Token], i: int, n: int) -> bool:
    """Are tokens i..i+n-1 separated only by spaces or quote marks?"""
    for a, b in zip(tokens[i : i + n - 1], tokens[i + 1 : i + n]):
        gap = folded[a.end : b.start]
        if _GAP.fullmatch(gap) is None:
            return False
    return True


def match_gazetteer(folded: str, tokens: list[Token], gaz: Gazetteer, extra: dict[str, Form] | None = None):
    """Longest gazetteer matches, left to right: (token_index, n_tokens, offset, Form, key).

    `extra` holds the article's short forms (surnames, head nouns); they match
    single tokens, after the gazetteer's own forms."""
    i = 0
    while i < len(tokens):
        best: tuple[int, int, Form, str] | None = None  # (n, offset, form, key)
        readings = gaz.candidates(tokens[i].text)
        if extra:
            readings = readings + tuple((core, offset, 1) for core, offset in clitic_variants(tokens[i].text) if core in extra)
        for core, offset, max_n in readings:
            for n in range(min(max_n, len(tokens) - i), 0, -1):
                if best is not None and n <= best[0]:
                    break  # a reading with fewer proclitics already matched as long
                key = " ".join([core, *(t.text for t in tokens[i + 1 : i + n])]) if n > 1 else core
                form = gaz.forms.get(key) or (extra.get(key) if extra and n == 1 else None)
                if form is not None and (n == 1 or _joined(folded, tokens, i, n)):
                    best = (n, offset, form, key)
                    break
        if best is None:
            i += 1
            continue
        n, offset, form, key = best
        yield i, n, offset, form, key
        i += n


_CAPITAL_WORDS = {fold_text(w) for w in ("العاصمة", "عاصمة", "مدينة", "بمدينة")}


def _is_locative(folded: str, tokens: list[Token], i: int, offset: int) -> bool:
    """A capital read as the place: after ب, a locative preposition, or
    "العاصمة (اليمنية)" / "مدينة"."""
    if offset and tokens[i].text[offset - 1] == _LOCATIVE_CLITIC:
        return True
    if offset:
        return False
    if i > 0 and tokens[i - 1].text in _LOCATIVE_WORDS:
        return True
    return i > 1 and tokens[i - 2].text in _CAPITAL_WORDS


# ----------------------------------------------------------------- people from context
_TITLES = [fold_text(t) for t in (
    "الرئيس", "رئيس الوزراء", "رئيس الحكومة", "رئيس الجمهورية", "نائب الرئيس", "وزير", "وزيرة",
    "وزير الخارجية", "وزير الدفاع", "وزير الداخلية", "المتحدث باسم", "المتحدثة باسم", "المتحدث الرسمي باسم",
    "الناطق باسم", "الناطقة باسم", "المتحدث", "المتحدثة", "النائب", "النائبة", "الشيخ", "الجنرال", "العميد",
    "اللواء", "الفريق", "الفريق أول", "العقيد", "الكولونيل", "الكلونيل", "المقدم", "النقيب", "الرائد", "الأدميرال",
    "قائد", "القائد", "رئيس لجنة", "رئيس", "الدكتور", "الدكتورة", "السفير", "السفيرة", "المبعوث", "المبعوثة",
    "المستشار", "المستشارة", "الباحث", "الباحثة", "الخبير", "الخبيرة", "الأستاذ", "أستاذ", "أستاذة", "زعيم",
    "القيادي", "القيادية", "الملك", "الأمير", "ولي العهد", "آية الله", "السيناتور", "عضو", "مدير", "المدير",
    "الصحفي", "الصحفية", "المحلل", "المحللة", "مساعد", "نائب", "المرشد", "الأمين العام", "رئيسة", "الوزير",
    "السيد", "السيدة", "المفتي", "الإمام", "المحامي", "الكاتب", "المعارض", "الناشط", "الناشطة",
)]
_TITLE_SET = set(_TITLES)
_ON_BEHALF_OF = {fold_text(w) for w in ("باسم", "بإسم")}  # المتحدث باسم ...
_TITLE_FIRST = {t.split(" ", 1)[0] for t in _TITLES}
_SPEECH_VERBS = {fold_text(v) for v in (
    "قال", "وقال", "وقالت", "قالت", "أضاف", "وأضاف", "وأضافت", "أكد", "وأكد", "وأكدت", "أعلن", "وأعلن",
    "أوضح", "وأوضح", "صرح", "وصرح", "ذكر", "وذكر", "أشار", "وأشار", "اعتبر", "واعتبر", "يقول", "ويقول", "تقول",
)}
_THAT = {fold_text(w) for w in ("إن", "أن", "ان", "إنه", "إنها", "أنه", "أنها", "لـ", "ل", "في", "خلال", "لوكالة", "لقناة", "لصحيفة")}
# Words that end a name, or can never be part of one.
_NOT_NAME = {fold_text(w) for w in (
    "في", "من", "على", "عن", "إلى", "الى", "مع", "بعد", "قبل", "خلال", "حيث", "الذي", "التي", "الذين", "إن", "أن", "ان",
    "قال", "وقال", "قالت", "أكد", "لقد", "قد", "كان", "كانت", "هو", "هي", "هم", "انه", "إنه", "أنه", "ذلك", "هذا", "هذه",
    "باسم", "السابق", "الحالي", "الأسبق", "البارز", "الأعلى", "العام", "الأول", "الثاني", "لشؤون", "شؤون", "بين", "حول",
    "مسؤول", "مسؤولون", "مسؤولين", "مصدر", "مصادر", "المصدر", "وزارة", "الوزارة", "الحكومة", "حكومة", "الجيش",
    "يوم", "اليوم", "أمس", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت",
    "لا", "لم", "لن", "ما", "كل", "أي", "اي", "غير", "أيضا", "ايضا", "تصريح", "بيان", "مؤتمر", "حديث", "مقابلة", "لجنة",
    "ميليشيا", "حزب", "تنظيم", "جماعة", "قوات", "الأمن", "الدفاع", "الخارجية", "الداخلية", "الوزراء", "نحن", "إننا",
)}
_MAX_NAME_TOKENS = 3


# A given name the list lacks is still accepted when it is rare as a word
# (foreign names); later parts of a name that carry the article must not be
# common words (الطرفين), except after عبد/أبو/بن, which always take one.
RARE_WORD_RANK = 30_000
COMMON_WORD_RANK = 5_000
_NAME_LINKS = {fold_text(w) for w in ("عبد", "أبو", "ابو", "بن", "ابن", "بنت", "آل", "ال")}


def _name_after(tokens: list[Token], j: int, taken: set[int], folded: str, gaz: Gazetteer) -> list[int]:
    """Token indexes of a 2-3 word name starting at j with a given name
    (names never cross punctuation)."""
    if j >= len(tokens):
        return []
    vocab = arabic_vocabulary()
    first = tokens[j].text
    if first.startswith("ال") or first in _NOT_NAME:
        return []
    rank = vocab.rank(first)
    if first not in gaz.first_names and rank is not None and rank < RARE_WORD_RANK:
        return []
    name: list[int] = []
    while j < len(tokens) and len(name) < _MAX_NAME_TOKENS:
        tok = tokens[j]
        if j in taken or tok.text in _NOT_NAME or tok.text.isdigit() or len(tok.text) < 2:
            break
        if name and _GAP.fullmatch(folded[tokens[j - 1].end : tok.start]) is None:
            break
        if name and tok.text.startswith("ال") and tokens[j - 1].text not in _NAME_LINKS:
            rank = vocab.rank(tok.text)
            if rank is not None and rank < COMMON_WORD_RANK:
                break
        name.append(j)
        j += 1
    return name if len(name) >= 2 else []


def find_people(
    sentence_id: int, text: str, folded: str, tokens: list[Token], found: list[Mention], taken: set[int],
    gaz: Gazetteer,
) -> list[Mention]:
    """People named after a title/role or a speech verb, not already found."""
    people: list[Mention] = []
    by_token: dict[int, Mention] = {}
    if found:
        starts = [t.start for t in tokens]
        for m in found:
            k = bisect.bisect_left(starts, m.start - 2)  # the token may carry a proclitic before the span
            while k < len(tokens) and tokens[k].start < m.end:
                if tokens[k].end > m.start:
                    by_token[k] = m
                k += 1
    i = 0
    while i < len(tokens):
        title_len = 0
        first = tokens[i].text
        if first in _TITLE_FIRST or (len(first) > 2 and first[0] in "وف" and first[1:] in _TITLE_FIRST):
            for n in (3, 2, 1):
                phrase = " ".join(t.text for t in tokens[i : i + n])
                core_alt = phrase[1:] if len(first) > 2 and first[0] in "وف" else None
                if phrase in _TITLE_SET or (core_alt and core_alt in _TITLE_SET):
                    title_len = n
                    break
        speech = first in _SPEECH_VERBS
        if not title_len and not speech:
            i += 1
            continue
        j = i + (title_len or 1)
        country = None
        # skip descriptors: mentions (باسم البيت الأبيض، العراقي) and definite adjectives (السني)
        skipped = 0
        while j < len(tokens) and skipped < 4:
            if j in by_token:
                m = by_token[j]
                if country is None and m.entity_type == "COUNTRY":
                    country = m.actor_id
                elif country is None and m.entity_type == "ORG" and m.actor_id in gaz.actors:
                    country = gaz.actors[m.actor_id].country_iso3
                if m.entity_type == "PERSON":
                    break
                while j in by_token and by_token[j] is m:
                    j += 1
                skipped += 1
                continue
            t = tokens[j].text
            if t.startswith("ال") and title_len and (t.endswith("ي") or t.endswith("يه")) or t in _ON_BEHALF_OF:
                j += 1
                skipped += 1
                continue
            break
        if j < len(tokens) and j in by_token:
            i = j
            continue
        name = _name_after(tokens, j, taken, folded, gaz)
        if not name and title_len:
            # "الباحث في مركز كارنيغي سنان أولغن": a short phrase between title and name
            for ahead in range(j + 1, min(j + 5, len(tokens))):
                if ahead in taken or ahead in by_token or tokens[ahead].text not in gaz.first_names:
                    continue
                if all(_GAP.fullmatch(folded[a.end : b.start]) for a, b in zip(tokens[j:ahead], tokens[j + 1 : ahead + 1])):
                    name = _name_after(tokens, ahead, taken, folded, gaz)
                break
        if name and speech and not title_len:
            after = name[-1] + 1
            gap = folded[tokens[name[-1]].end : tokens[after].start] if after < len(tokens) else ""
            if not (after < len(tokens) and tokens[after].text in _THAT) and ":" not in gap and "،" not in gap:
                name = []
        if name:
            start, end = tokens[name[0]].start, tokens[name[-1]].end
            surface = text[start:end]
            people.append(Mention(
                sentence_id, start, end, surface, "PERSON", arabic_to_slug(surface), "name", "pattern",
                0.7 if title_len else 0.6, actor_name=surface, actor_country=country,
            ))
            taken.update(name)
            i = name[-1] + 1
            continue
        i += 1
    return people


def _compose_institution(matches, k: int, sentence_id: int, text: str, tokens: list[Token], gaz: Gazetteer):  # noqa: ANN001
    """A generic state body followed by a country reference, as that country's body.

    The mention covers the body's words; the country reference after it is
    its own mention (a gentilic, or the capital as a place)."""
    if k + 1 >= len(matches):
        return None
    i, n, offset, form, _ = matches[k]
    j, _, _, country_form, _ = matches[k + 1]
    follows = j == i + n or (j == i + n + 1 and tokens[i + n].text in _LOCATIVE_WORDS)
    if not follows or country_form.entity_type != "COUNTRY":
        return None
    country = country_form.actor_id
    actor_id = gaz.institutions.get((country, form.actor_id))
    start, end = tokens[i].start + offset, tokens[i + n - 1].end
    surface = text[start:end]
    return Mention(
        sentence_id, start, end, surface, "ORG", actor_id or f"{country.lower()}_{form.actor_id}", "name",
        "pattern", 0.85, actor_name=None if actor_id else f"{gaz.institution_names[form.actor_id]} ({country})",
        actor_country=country,
    )


# ------------------------------------------------------------------------ per article
def _model_mentions(sentence_id: int, text: str, spans, found: list[Mention], gaz: Gazetteer) -> list[Mention]:  # noqa: ANN001
    """Model spans that no other extractor covered, linked where a gazetteer form matches."""
    added = []
    for start, end, entity_type in spans:
        if any(m.start < end and start < m.end for m in found):
            continue
        form = gaz.forms.get(form_key(text[start:end]))
        linked = form is not None and form.entity_type in (entity_type, "COUNTRY")
        added.append(Mention(
            sentence_id, start, end, text[start:end], form.entity_type if linked else entity_type,
            form.actor_id if linked else None, form.mention_form if linked else "name", "model",
            0.75 if linked else 0.5,
        ))
    return added


def extract_article(
    sentences: list[tuple[int, str]], gaz: Gazetteer | None = None, model_spans: list | None = None,
    folds: list[str] | None = None,
) -> list[Mention]:
    """Mentions of one article, given its (sentence_id, text) in order, and
    optionally the NER model's spans and the texts' folds (made when missing)
    for each sentence."""
    gaz = gaz or gazetteer()
    context = ArticleContext()
    mentions: list[Mention] = []
    for index, (sentence_id, text) in enumerate(sentences):
        folded = fold_text(text) if folds is None else folds[index]
        tokens = tokenize(folded)
        extra = context.short_forms
        found: list[Mention] = []
        taken: set[int] = set()
        matches = list(match_gazetteer(folded, tokens, gaz, extra))
        k = 0
        while k < len(matches):
            i, n, offset, form, key = matches[k]
            if form.entity_type == INSTITUTION:
                composed = _compose_institution(matches, k, sentence_id, text, tokens, gaz)
                if composed is not None:  # the country reference stays a mention of its own
                    found.append(composed)
                    taken.update(range(i, i + n))
                k += 1
                continue
            start, end = tokens[i].start + offset, tokens[i + n - 1].end
            actor_id, entity_type, mention_form = form.actor_id, form.entity_type, form.mention_form
            if form.location_id and _is_locative(folded, tokens, i, offset):
                actor_id, entity_type, mention_form = form.location_id, "LOCATION", "name"
            is_coref = key not in gaz.forms
            if is_coref and form.entity_type == "ORG" and i + 1 < len(tokens):
                following = gaz.forms.get(tokens[i + 1].text)
                if tokens[i + 1].text == "مع" or (following is not None and following.mention_form == "gentilic"):
                    k += 1  # "التحالف الأمريكي مع إيران" is a new alliance, not the one named before
                    continue
            found.append(Mention(
                sentence_id, start, end, text[start:end], entity_type, actor_id, mention_form,
                "coreference" if is_coref else "gazetteer",
                0.8 if is_coref else (0.9 if mention_form == "metonym" else 0.95),
            ))
            taken.update(range(i, i + n))
            k += 1
        found.extend(find_people(sentence_id, text, folded, tokens, found, taken, gaz))
        if model_spans is not None:
            found.extend(_model_mentions(sentence_id, text, model_spans[index], found, gaz))
        for m in found:
            context.learn(m, folded)
        found.sort(key=lambda m: m.start)
        mentions.extend(found)
    return mentions


MENTION_COLUMNS = {
    "article_id": pl.String, "sentence_id": pl.Int32, "mention_id": pl.Int32, "surface": pl.String,
    "start_char": pl.Int32, "end_char": pl.Int32, "entity_type": pl.String, "actor_id": pl.String,
    "mention_form": pl.String, "method": pl.String, "confidence": pl.Float32,
    "actor_name": pl.String, "actor_country": pl.String,
}


def extract_mentions(sentences: pl.DataFrame, gaz: Gazetteer | None = None, use_model: bool = False) -> pl.DataFrame:
    """The entity_mentions table for a frame of sentences rows.

    With `use_model`, camel-tools' NER (pipeline.ner_model) runs over all
    sentences in one batch and adds the spans the other extractors missed.
    """
    gaz = gaz or gazetteer()
    ordered = sentences.sort("article_id", "sentence_id").with_columns(folded=fold_expr(pl.col("text")))
    spans_by_row: list | None = None
    if use_model and ordered.height:
        from pipeline.ner_model import model_spans, ner_status

        spans_by_row = model_spans(ordered["text"].to_list(), ner_status().model_path)
    article_ids, sentence_ids, texts, folds = (
        ordered[c].to_list() for c in ("article_id", "sentence_id", "text", "folded")
    )
    columns: dict[str, list] = {name: [] for name in MENTION_COLUMNS}
    first = 0
    while first < len(article_ids):  # one article at a time: its sentences are adjacent
        article_id = article_ids[first]
        last = first
        while last < len(article_ids) and article_ids[last] == article_id:
            last += 1
        spans = spans_by_row[first:last] if spans_by_row is not None else None
        found = extract_article(
            list(zip(sentence_ids[first:last], texts[first:last])), gaz, spans, folds[first:last]
        )
        columns["article_id"].extend([article_id] * len(found))
        columns["mention_id"].extend(range(len(found)))
        for m in found:
            for name, value in (
                ("sentence_id", m.sentence_id), ("surface", m.surface), ("start_char", m.start),
                ("end_char", m.end), ("entity_type", m.entity_type), ("actor_id", m.actor_id),
                ("mention_form", m.mention_form), ("method", m.method), ("confidence", m.confidence),
                ("actor_name", m.actor_name), ("actor_country", m.actor_country),
            ):
                columns[name].append(value)
        first = last
    return pl.DataFrame(columns, schema=MENTION_COLUMNS)
