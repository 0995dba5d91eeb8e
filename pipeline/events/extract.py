"""alliance_events for a frame of sentences and their mentions: triggers, roles, polarity, modality, dates.

Per sentence, in article order: the triggers of the 13 event types
(`triggers`), each with its roles (`roles`), polarity and modality
(`modality`), the speaker it is attributed to (`candidates.find_speaker`,
carried through a quote) and the sentence's date (`pipeline.dates`,
relative dates resolved against the article's publication date). Events of
the same type, actors and sentence are one event; a repeat of an earlier
event of the article is flagged in `duplicate_of`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import polars as pl
import pyarrow as pa

from pipeline.contract import EVENT_TYPES
from pipeline.dates import DATE_HINT, find_date
from pipeline.domain import ECONOMY, NEWS, OBITUARY, SPORT
from pipeline.events.candidates import find_speaker, mention_actors, side_of
from pipeline.events.folded import Folded
from pipeline.events.lexicon import CONTINUATION, GROUP_TRIGGER, SPEECH_VERBS, SYMMETRIC, trigger_flags
from pipeline.events.modality import modality, polarity
from pipeline.events.roles import assign_roles, is_generic_attack, unique, visitor_is_not_an_actor
from pipeline.events.state import ArticleState
from pipeline.events.triggers import Found, find_triggers
from pipeline.gazetteer import Gazetteer, gazetteer
from pipeline.normalize import fold_expr, fold_text
from pipeline.segmentation import ARTICLE_COLUMNS

# Aid nouns that name a transfer only when a recipient is named.
BARE_AID = re.compile(r"(?:اسلحه|سلاح|ذخيره|ذخائر|معدات|امدادات|دعم|مساعدات)")
_UNSET = object()


@dataclass
class Event:
    sentence_id: int
    event_type: str
    participants: list[str]
    target: list[str]
    against: list[str]
    polarity: str
    modality: str
    attributed_to: str | None
    trigger: str
    event_date: dt.date | None
    date_text: str | None
    evidence: str
    confidence: float



def extract_sentence_events(
    sentence_id: int, text: str, mentions: list[dict], state: ArticleState, gaz: Gazetteer,
    which: list[int] | None = None, may_have_date: bool = True, folded: str | None = None,
    anchor: dt.date | None = None,
) -> list[Event]:
    """Events of one sentence. `which` are the triggers the column scan
    flagged (None: try all), `folded` the text's fold when already made; the
    article state carries speakers, subjects and groups from sentence to sentence."""
    folded = Folded(fold_text(text) if folded is None else folded)
    actors = mention_actors(mentions, folded, gaz)
    named = [(m["start_char"], m["end_char"]) for m in mentions
             if m["method"] == "coreference" or (m["method"] == "gazetteer" and " " in m["surface"])]
    speaker, verb_at = find_speaker(folded, actors)
    words = folded.words()
    if speaker is not None:
        country = next((m.get("actor_country") for m in mentions if m["start_char"] == speaker.start), None)
        state.speaker_from = verb_at
        state.speaker = speaker.raw_id
        state.speaker_side = side_of(speaker, country, gaz)
    elif verb_at == -1 and SPEECH_VERBS.isdisjoint(words) and not (
        words and (words[0] in CONTINUATION or text.lstrip().startswith('"'))
    ):
        state.speaker, state.speaker_side = None, None  # a new, unattributed statement
    states = [a for a in actors if (a.entity_type == "COUNTRY" and not a.is_place) or len(a.actor_ids) > 1]
    group = unique(i for a in states for i in a.actor_ids)
    if len(group) >= 2:
        state.group = group
    adversaries = [a for a in actors if a.is_adversary]
    if adversaries:
        state.adversary = adversaries[0].actor_ids[0]

    found_triggers = find_triggers(folded, named, which)
    # a group with members, named in a clause with no other trigger: its alliance (اتساع دور التحالف الرباعي)
    for m in mentions:
        actor = gaz.actors.get(m["actor_id"] or "")
        if actor and actor.members and m["method"] == "gazetteer":
            clause = folded.clause(m["start_char"], m["end_char"])
            if not any(clause[0] <= f.start < clause[1] for f in found_triggers):
                found_triggers.append(Found(m["start_char"], m["end_char"], GROUP_TRIGGER))
    found_triggers.sort(key=lambda f: f.start)
    sentence_subject = next((list(a.actor_ids) for a in actors if a is not speaker and not a.is_place
                             and not a.is_adversary and not a.is_descriptor), [])
    candidates: list[tuple[Event, bool, tuple[int, int]]] = []
    event_date: object = _UNSET
    date_text: str | None = None
    for found in found_triggers:
        kind = found.trigger.event_type
        if kind == "alliance" and folded[found.start : found.end].endswith("مشاركه"):
            if not any("alliance" in getattr(gaz.actors.get(a.raw_id), "kind", "") for a in actors):
                continue
        clause = folded.clause(found.start, found.end)
        roles = assign_roles(found, clause, actors, speaker, state, folded, sentence_subject)
        if kind == "airstrike" and (is_generic_attack(found, folded, clause, actors) or (roles.borrowed and not adversaries)):
            continue
        if not roles.participants:
            continue  # no acting side, even from context
        if kind in SYMMETRIC and len(roles.participants) < 2 and not roles.target:
            continue
        if kind == "military_aid" and not roles.target and BARE_AID.search(folded[found.start : found.end]):
            continue  # arms with no recipient: a topic, not a transfer
        if kind in SYMMETRIC and not roles.own and not roles.anaphor:
            continue  # nobody in the sentence takes part: "التحالفات المتغيرة"
        if kind == "meeting" and visitor_is_not_an_actor(found, folded, clause, actors):
            continue  # "زار ملايين السياح تركيا": tourists are not a party to a meeting
        if kind == "airstrike" and roles.domestic:
            continue  # "الهجوم ضد الكونجرس": politics at home, not a strike
        attributed = state.speaker
        if event_date is _UNSET:
            event_date, date_text = find_date(text, folded, anchor) if may_have_date else (None, None)
        event_polarity = polarity(folded, found.start, clause[0], kind)
        event_modality = modality(folded, found.start, found.trigger)
        # independent suppliers named in one "من X و Y" list are one event each
        groups = roles.sources if kind == "military_aid" and len(roles.sources) > 1 else [tuple(roles.participants)]
        for group_ids in groups:
            participants = unique(group_ids) if len(groups) > 1 else roles.participants
            candidates.append((Event(
                sentence_id, kind, participants, roles.target, roles.against, event_polarity, event_modality,
                attributed, text[found.start : found.end], event_date, date_text, text,
                round(min(0.95, 0.45 + 0.1 * min(len(participants) + len(roles.target), 3)
                          + (0.1 if not roles.borrowed else 0) + (0.05 if attributed else 0)), 2),
            ), roles.borrowed, clause))
    events = _merge(candidates)
    subjects = [e.participants for e in events if e.participants]
    if subjects:
        state.subject = subjects[0]
    for e in events:
        state.last_by_type[e.event_type] = e.participants
    return events


def _merge(candidates: list[tuple[Event, bool, tuple[int, int]]]) -> list[Event]:
    """One event per type and clause (the one naming most actors); an event
    whose actors all came from outside its clause yields to one of the same
    type that found its own; identical type and actors in a sentence are one."""
    own_types = {e.event_type for e, borrowed, _ in candidates if not borrowed}
    best: dict[tuple, Event] = {}
    for event, borrowed, clause in candidates:
        if borrowed and event.event_type in own_types:
            continue
        key = (event.event_type, clause)
        size = len(event.participants) + len(event.target)
        current = best.get(key)
        if current is None or size > len(current.participants) + len(current.target):
            if current is not None and event.event_type == "military_aid" and current.target == event.target:
                best[(event.event_type, clause, tuple(event.participants))] = event  # split suppliers
                continue
            best[key] = event
        elif event.event_type == "military_aid" and current.target == event.target and current.participants != event.participants:
            best[(event.event_type, clause, tuple(event.participants))] = event
    seen: dict[tuple, Event] = {}
    for event in best.values():
        seen.setdefault((event.event_type, tuple(event.participants), tuple(event.target)), event)
    return sorted(seen.values(), key=lambda e: e.trigger)


def event_id(article_id: str, sentence_id: int, event_type: str, participants: list[str], target: list[str]) -> str:
    raw = "|".join([article_id, str(sentence_id), event_type, ",".join(participants), ",".join(target)])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


EVENT_COLUMNS = {
    "event_id": pl.String, "article_id": pl.String, "sentence_id": pl.Int32, "event_type": pl.String,
    "cameo_code": pl.String, "quad_class": pl.Int8, "goldstein": pl.Float32, "participants": pl.List(pl.String),
    "target": pl.List(pl.String), "against": pl.List(pl.String), "polarity": pl.String, "modality": pl.String,
    "attributed_to": pl.String, "trigger": pl.String, "event_date": pl.Date, "date_text": pl.String,
    "evidence": pl.String, "confidence": pl.Float32, "duplicate_of": pl.String,
}


# The mention fields the event rules read.
MENTION_INPUT_COLUMNS = ["article_id", "sentence_id", "start_char", "end_char", "surface", "entity_type", "actor_id",
                         "mention_form", "method", "actor_country"]


def extract_events(sentences: pl.DataFrame, mentions: pl.DataFrame, gaz: Gazetteer | None = None) -> pl.DataFrame:
    """The alliance_events table for a frame of sentences and their mentions."""
    gaz = gaz or gazetteer()
    by_sentence: dict[tuple[str, int], list[dict]] = {}
    for row in mentions.select(MENTION_INPUT_COLUMNS).sort("article_id", "sentence_id", "start_char").to_dicts():
        by_sentence.setdefault((row["article_id"], row["sentence_id"]), []).append(row)
    columns: dict[str, list] = {name: [] for name in EVENT_COLUMNS}
    # One vectorized pass folds the text and finds, per sentence, which triggers
    # may occur and whether a date may be there.
    # Sports pages and obituaries hold no alliance events (a club called الاتفاق,
    # a friendly match): their sentences are not read at all.
    scanned = (
        _with_article_columns(sentences)
        .filter(~pl.col("domain").is_in(list(NO_EVENT_DOMAINS)))
        .sort("article_id", "sentence_id")
        .with_columns(folded=fold_expr(pl.col("text")))
        .with_columns(which=trigger_flags(pl.col("folded")), may_have_date=pl.col("folded").str.contains(DATE_HINT))
    )
    # Plain lists, walked in order: sentences of one article are adjacent.
    article_ids, sentence_ids, texts, folds, flagged, may_have_dates, domains, anchors = (
        scanned[c].to_list()
        for c in ("article_id", "sentence_id", "text", "folded", "which", "may_have_date", "domain", "published_date")
    )
    state, seen, current = ArticleState(), {}, None
    states = _states(gaz)
    for article_id, sentence_id, text, folded, which, may_have_date, domain, anchor in zip(
        article_ids, sentence_ids, texts, folds, flagged, may_have_dates, domains, anchors, strict=True
    ):
        if article_id != current:
            state, seen, current = ArticleState(), {}, article_id  # the state is per article
        sentence_mentions = by_sentence.get((article_id, sentence_id), [])
        if not which and not sentence_mentions:
            continue  # nothing to find, nothing to remember
        for e in extract_sentence_events(
            sentence_id, text, sentence_mentions, state, gaz, which, may_have_date, folded, anchor
        ):
            if domain == ECONOMY and states.isdisjoint(e.participants + e.target):
                continue  # business pages: a company's agreement or deal is no alliance event
            kind = EVENT_TYPES[e.event_type]
            eid = event_id(article_id, sentence_id, e.event_type, e.participants, e.target)
            key = (e.event_type, tuple(e.participants), tuple(e.target), e.polarity)
            for name, value in (
                ("event_id", eid), ("article_id", article_id), ("sentence_id", sentence_id),
                ("event_type", e.event_type), ("cameo_code", kind.cameo), ("quad_class", kind.quad_class),
                ("goldstein", kind.goldstein), ("participants", e.participants), ("target", e.target),
                ("against", e.against), ("polarity", e.polarity), ("modality", e.modality),
                ("attributed_to", e.attributed_to), ("trigger", e.trigger), ("event_date", e.event_date),
                ("date_text", e.date_text), ("evidence", e.evidence), ("confidence", e.confidence),
                ("duplicate_of", seen.get(key)),
            ):
                columns[name].append(value)
            seen.setdefault(key, eid)
    return _frame(columns, EVENT_COLUMNS)


NO_EVENT_DOMAINS = frozenset({SPORT, OBITUARY})


def _with_article_columns(sentences: pl.DataFrame) -> pl.DataFrame:
    """The sentence columns the rules read, with the article's domain and date (news, none where absent)."""
    frame = sentences.select("article_id", "sentence_id", "text",
                             *(c for c in ARTICLE_COLUMNS if c in sentences.columns))
    return frame.with_columns(
        domain=pl.col("domain").fill_null(NEWS) if "domain" in frame.columns else pl.lit(NEWS),
        published_date=pl.col("published_date") if "published_date" in frame.columns else pl.lit(None, dtype=pl.Date),
    )


@lru_cache(maxsize=4)
def _states(gaz: Gazetteer) -> frozenset[str]:
    return frozenset(a.actor_id for a in gaz.actors.values() if a.actor_type == "COUNTRY")


def _frame(columns: dict[str, list], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """A frame from Python lists; list-of-string columns go through Arrow,
    which builds them in one call where polars makes a Series per row."""
    return pl.DataFrame([
        pl.Series(name, pl.from_arrow(pa.array(columns[name], pa.list_(pa.string()))), dtype=dtype)
        if dtype == pl.List(pl.String) else pl.Series(name, columns[name], dtype=dtype)
        for name, dtype in schema.items()
    ])
