"""entity_mentions for a frame of sentences: the extractors run per article, in sentence order."""

from __future__ import annotations

import re

import polars as pl

from pipeline.domain import SPORT
from pipeline.entities import statistical
from pipeline.entities.coreference import ArticleContext
from pipeline.entities.gazetteer_match import (
    compose_institution,
    has_club_cue,
    has_place_cue,
    is_locative,
    match_gazetteer,
)
from pipeline.entities.mention import Mention
from pipeline.entities.people import find_people, not_a_name_end, not_a_name_start
from pipeline.entities.tokens import tokenize
from pipeline.gazetteer import INSTITUTION, PLACE_CONTEXT, SPORT_CONTEXT, Gazetteer, form_key, gazetteer
from pipeline.lang import word_list
from pipeline.normalize import fold_expr, fold_text
from pipeline.translit import arabic_to_slug

_WORD = re.compile(r"\w+")


def _gazetteer_mentions(sentence_id: int, text: str, folded: str, tokens, matches, gaz: Gazetteer,  # noqa: ANN001
                        place_spans: set[int] | None, on_sports_page: bool = False) -> tuple[list[Mention], set[int]]:
    """Gazetteer and coreference mentions of one sentence, and the tokens they take.

    `place_spans` are the starts of the tagger's place spans (None: no tagger),
    which confirm a GeoNames city without a place word before it; a club
    named by a common word counts on a sports page or after a club word."""
    found: list[Mention] = []
    taken: set[int] = set()
    for k, (i, n, offset, form, key) in enumerate(matches):
        if form.entity_type == INSTITUTION:
            composed = compose_institution(matches, k, sentence_id, text, tokens, gaz)
            if composed is not None:  # the country reference stays a mention of its own
                found.append(composed)
                taken.update(range(i, i + n))
            continue
        start, end = tokens[i].start + offset, tokens[i + n - 1].end
        if form.context == PLACE_CONTEXT and not has_place_cue(
            tokens, i, offset, found[-1] if found else None, folded
        ) and not (place_spans is not None and start in place_spans):
            continue
        if form.context == SPORT_CONTEXT and not (on_sports_page or has_club_cue(tokens, i)):
            continue
        actor_id, entity_type, mention_form = form.actor_id, form.entity_type, form.mention_form
        if form.location_id and is_locative(tokens, i, offset):
            actor_id, entity_type, mention_form = form.location_id, "LOCATION", "name"
        is_coref = key not in gaz.forms
        if is_coref and form.entity_type == "ORG" and i + 1 < len(tokens):
            following = gaz.forms.get(tokens[i + 1].text)
            if tokens[i + 1].text == "مع" or (following is not None and following.mention_form == "gentilic"):
                continue  # "التحالف الأمريكي مع إيران" is a new alliance, not the one named before
        found.append(Mention(
            sentence_id, start, end, text[start:end], entity_type, actor_id, mention_form,
            "coreference" if is_coref else "gazetteer",
            0.8 if is_coref else (0.6 if form.context else 0.9 if mention_form == "metonym" else 0.95),
        ))
        taken.update(range(i, i + n))
    return found, taken


def _tagged_mentions(sentence_id: int, text: str, folded: str, spans: list[statistical.TaggedSpan],
                     found: list[Mention], gaz: Gazetteer, on_sports_page: bool = False) -> list[Mention]:
    """The statistical tagger's entities that no other extractor covered.

    A person gets the id of their name's English spelling; an organization or
    place is linked where its words are a gazetteer form, else left unlinked
    (its name is known, its canonical actor is not)."""
    added = []
    for span in spans:
        if any(m.overlaps(span.start, span.end) for m in found):
            continue
        start = statistical.strip_proclitics(folded, span.start, span.end)
        # the span's words with their offsets (words may stand apart by more than a space)
        words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded, start, span.end)]
        if span.entity_type == "PERSON":
            while words and not_a_name_start(words[0][0], gaz):
                words.pop(0)  # a title or an adjective tagged with the name
            while words and not_a_name_end(words[-1][0], gaz):
                words.pop()  # a verb or a conjunct after the name
            if any(w in word_list("not_name") for w, _, _ in words):
                continue
        if not words:
            continue
        start, end = words[0][1], words[-1][2]
        surface = text[start:end]
        form = gaz.forms.get(form_key(surface))
        if form is not None and form.context == SPORT_CONTEXT and not on_sports_page:
            form = None  # الاتفاق off the sports pages is an agreement, not the club
        entity_type, mention_form = span.entity_type, "name"
        if span.entity_type == "PERSON":
            # one word alone (صالح، رايس) names someone, but not whom: no id of its own
            known = form.actor_id if form and form.entity_type == "PERSON" else None
            actor_id = known or (arabic_to_slug(surface) if len(words) >= 2 else None)
            actor_name = surface
        else:
            linked = form is not None and form.entity_type in (span.entity_type, "COUNTRY")
            actor_id = form.actor_id if linked else None
            if linked:  # the gazetteer's reading of the words decides the type (a state, not a place)
                entity_type, mention_form = form.entity_type, form.mention_form
            actor_name = None
        added.append(Mention(sentence_id, start, end, surface, entity_type, actor_id, mention_form, "crf",
                             0.6, actor_name=actor_name))
    return added


def _model_mentions(sentence_id: int, text: str, spans, found: list[Mention], gaz: Gazetteer) -> list[Mention]:  # noqa: ANN001
    """The optional BERT model's spans that no other extractor covered, linked where a gazetteer form matches."""
    added = []
    for start, end, entity_type in spans:
        if any(m.overlaps(start, end) for m in found):
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
    folds: list[str] | None = None, use_tagger: bool = True, domain: str | None = None,
) -> list[Mention]:
    """Mentions of one article, given its (sentence_id, text) in order, and
    optionally the BERT model's spans and the texts' folds (made when missing)
    for each sentence, and the article's domain (pipeline.domain)."""
    gaz = gaz or gazetteer()
    tagger_on = use_tagger and statistical.tagger() is not None
    context = ArticleContext()
    mentions: list[Mention] = []
    for index, (sentence_id, text) in enumerate(sentences):
        folded = fold_text(text) if folds is None else folds[index]
        tokens = tokenize(folded)
        matches = list(match_gazetteer(folded, tokens, gaz, context.short_forms))
        spans = statistical.tagged_spans(
            folded, [t.text for t in tokens], [t.start for t in tokens], [t.end for t in tokens], matches,
        ) if tagger_on else []
        places = {s.start for s in spans if s.entity_type == "LOCATION"} if tagger_on else None
        found, taken = _gazetteer_mentions(sentence_id, text, folded, tokens, matches, gaz, places, domain == SPORT)
        found.extend(find_people(sentence_id, text, folded, tokens, found, taken, gaz))
        found.extend(_tagged_mentions(sentence_id, text, folded, spans, found, gaz, domain == SPORT))
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

def extract_mentions(
    sentences: pl.DataFrame, gaz: Gazetteer | None = None, use_model: bool = False, use_tagger: bool = True,
) -> pl.DataFrame:
    """The entity_mentions table for a frame of sentences rows.

    With `use_model`, camel-tools' NER (pipeline.ner_model) runs over all
    sentences in one batch and adds the spans the other extractors missed;
    `use_tagger=False` leaves out the shipped statistical tagger.
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
    domains = ordered["domain"].to_list() if "domain" in ordered.columns else [None] * ordered.height
    columns: dict[str, list] = {name: [] for name in MENTION_COLUMNS}
    first = 0
    while first < len(article_ids):  # one article at a time: its sentences are adjacent
        article_id = article_ids[first]
        last = first
        while last < len(article_ids) and article_ids[last] == article_id:
            last += 1
        spans = spans_by_row[first:last] if spans_by_row is not None else None
        found = extract_article(
            list(zip(sentence_ids[first:last], texts[first:last])), gaz, spans, folds[first:last], use_tagger,
            domains[first],
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
