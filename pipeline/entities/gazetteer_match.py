"""Gazetteer matching: the longest known form at each word, read with its proclitics.

A capital standing for its state (قصف موسكو) links to the country; after a
locative word (في موسكو، ببروكسل) it is the city. A GeoNames city, a weaker
form, counts only in a place context (في، بلدة، ريف ...). A generic state
body followed by a country (وزارة الدفاع بواشنطن) is that country's body.
"""

from __future__ import annotations

from pipeline.entities.mention import Mention
from pipeline.entities.tokens import Token, clitic_variants, joined
from pipeline.gazetteer import Form, Gazetteer
from pipeline.lang import word_list

_LOCATIVE_CLITIC = "ب"


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
                if form is not None and (n == 1 or joined(folded, tokens, i, n)):
                    best = (n, offset, form, key)
                    break
        if best is None:
            i += 1
            continue
        n, offset, form, key = best
        yield i, n, offset, form, key
        i += n


def is_locative(tokens: list[Token], i: int, offset: int) -> bool:
    """A capital read as the place: after ب, a locative preposition, or
    "العاصمة (اليمنية)" / "مدينة"."""
    if offset and tokens[i].text[offset - 1] == _LOCATIVE_CLITIC:
        return True
    if offset:
        return False
    if i > 0 and tokens[i - 1].text in word_list("locative_words"):
        return True
    return i > 1 and tokens[i - 2].text in word_list("capital_words")


def has_place_cue(tokens: list[Token], i: int, offset: int, previous: Mention | None, folded: str) -> bool:
    """A place context for the name at token i: a place word before it (في، بلدة، ريف ...),
    the preposition ب on it, or a list it continues after a place (حلب وسراقب)."""
    if offset and tokens[i].text[offset - 1] in "بل":
        return True
    cues = word_list("place_cues")
    if i > 0 and (tokens[i - 1].text in cues or tokens[i - 1].text.removeprefix("و") in cues):
        return True
    if previous is not None and previous.entity_type == "LOCATION":
        gap = folded[previous.end : tokens[i].start].strip()
        return gap in ("", "،", ",", "و") or (gap == "" and offset and tokens[i].text[0] == "و")
    return False


def has_club_cue(tokens: list[Token], i: int) -> bool:
    """A club word before the name at token i: نادي، فريق، لاعب ..."""
    cues = word_list("club_cues")
    return i > 0 and (tokens[i - 1].text in cues or tokens[i - 1].text.removeprefix("و") in cues)


def compose_institution(matches, k: int, sentence_id: int, text: str, tokens: list[Token], gaz: Gazetteer):  # noqa: ANN001
    """A generic state body followed by a country reference, as that country's body.

    The mention covers the body's words; the country reference after it is
    its own mention (a gentilic, or the capital as a place)."""
    if k + 1 >= len(matches):
        return None
    i, n, offset, form, _ = matches[k]
    j, _, _, country_form, _ = matches[k + 1]
    follows = j == i + n or (j == i + n + 1 and tokens[i + n].text in word_list("locative_words"))
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
