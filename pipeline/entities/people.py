"""People the gazetteer lacks, found from how the sentence introduces them.

A title or role (الرئيس، وزير الخارجية، المتحدث باسم ...، النائب، الشيخ،
الجنرال ...) followed by a name, or a speech verb (وقال، وأضاف ...) followed by
a name and إن/أن. A name starts with a known given name (or a word too rare
to be a common noun). Such a person gets a readable id from the name's
English spelling (pipeline.translit) and the country their title names
(وزير الدفاع العراقي -> IRQ). Word lists are in pipeline/lang/ar/.
"""

from __future__ import annotations

import bisect

from pipeline.entities.mention import Mention
from pipeline.entities.tokens import GAP, Token, clitic_variants
from pipeline.gazetteer import Gazetteer
from pipeline.lang import word_list
from pipeline.lexicon import arabic_vocabulary
from pipeline.translit import arabic_to_slug


def _titles() -> frozenset[str]:
    return word_list("titles")


_MAX_NAME_TOKENS = 3


# A given name the list lacks is still accepted when it is rare as a word
# (foreign names); later parts of a name that carry the article must not be
# common words (الطرفين), except after عبد/أبو/بن, which always take one.
RARE_WORD_RANK = 30_000
COMMON_WORD_RANK = 5_000


# A word this frequent after a name is taken for the sentence's next word, not part of the name.
COMMON_AFTER_NAME = 10_000


def not_a_name_start(word: str, gaz: Gazetteer) -> bool:
    """A title (also with proclitics: بالمستشار), a word that ends names, or a definite adjective (الأولمبي) before a name."""
    titles = _titles()
    if word in titles or word in word_list("not_name"):
        return True
    if any(offset and core in titles for core, offset in clitic_variants(word)):
        return True
    return word.startswith("ال") and word.endswith("ي") and word not in gaz.first_names


def not_a_name_end(word: str, gaz: Gazetteer) -> bool:
    """A name link left open (بن), or a common word after the name that is no family name
    (يكلف، ونائبه): family names are definite, given names or rare words."""
    if word in word_list("name_links"):
        return True
    if word.startswith("ال") or word in gaz.first_names:
        return False
    rank = arabic_vocabulary().rank(word)
    return rank is not None and rank < COMMON_AFTER_NAME


def _name_after(tokens: list[Token], j: int, taken: set[int], folded: str, gaz: Gazetteer) -> list[int]:
    """Token indexes of a 2-3 word name starting at j with a given name
    (names never cross punctuation)."""
    if j >= len(tokens):
        return []
    vocab = arabic_vocabulary()
    first = tokens[j].text
    if first.startswith("ال") or not_a_name_start(first, gaz):
        return []
    rank = vocab.rank(first)
    if first not in gaz.first_names and rank is not None and rank < RARE_WORD_RANK:
        return []
    name: list[int] = []
    while j < len(tokens) and len(name) < _MAX_NAME_TOKENS:
        tok = tokens[j]
        if j in taken or tok.text in word_list("not_name") or tok.text.isdigit() or len(tok.text) < 2:
            break
        if name and GAP.fullmatch(folded[tokens[j - 1].end : tok.start]) is None:
            break
        if name and tok.text.startswith("ال") and tokens[j - 1].text not in word_list("name_links"):
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
        if first in word_list("titles_first_words") or (len(first) > 2 and first[0] in "وف" and first[1:] in word_list("titles_first_words")):
            for n in (3, 2, 1):
                phrase = " ".join(t.text for t in tokens[i : i + n])
                core_alt = phrase[1:] if len(first) > 2 and first[0] in "وف" else None
                if phrase in _titles() or (core_alt and core_alt in _titles()):
                    title_len = n
                    break
        speech = first in word_list("speech_verbs")
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
            if t.startswith("ال") and title_len and (t.endswith("ي") or t.endswith("يه")) or t in word_list("on_behalf_of"):
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
                if all(GAP.fullmatch(folded[a.end : b.start]) for a, b in zip(tokens[j:ahead], tokens[j + 1 : ahead + 1])):
                    name = _name_after(tokens, ahead, taken, folded, gaz)
                break
        while name and not_a_name_end(tokens[name[-1]].text, gaz):
            name.pop()  # "يوسف القرضاوي بأنه": the name ends before the sentence goes on
        if len(name) < 2:
            name = []
        if name and speech and not title_len:
            after = name[-1] + 1
            gap = folded[tokens[name[-1]].end : tokens[after].start] if after < len(tokens) else ""
            if not (after < len(tokens) and tokens[after].text in word_list("that_after_speaker")) and ":" not in gap and "،" not in gap:
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


