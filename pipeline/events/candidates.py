"""Entity mentions as role candidates of the sentence's events, and the sentence's speaker.

A mention maps to the actor ids it stands for in an event: government
persons and state bodies stand for their state, a group with members
(التحالف الرباعي) for its members, a place for no one; the word before it
(inherited along a و-list) is its cue. The speaker is the mention right
after a speech verb (وقال، أكد، بحسب ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.events.folded import Folded
from pipeline.events.lexicon import (
    ADVERSARY_CAMEO,
    COMPLEMENTIZERS,
    LED_BY_CUES,
    LOCATIVE_CUES,
    NON_ACTOR_HEADS,
    NON_PARTICIPANT_KINDS,
    SPEECH_VERBS,
    STATE_BODY_KINDS,
    STATE_PERSON_SUFFIXES,
)
from pipeline.gazetteer import Gazetteer

# "supported by X" describes a noun; X takes no part in the event (a bare "من قبل X" is a passive's agent).
DESCRIPTOR = re.compile(r"(?:المدعوم|المدعومه|المدعومين|المدعومون)\w* (?:من )?(?:قبل )?$")


@dataclass
class Actor:
    """One entity mention as an event role candidate."""

    actor_ids: tuple[str, ...]  # after mapping (a group expands to its members)
    start: int
    end: int
    before: str  # the cue word before the mention (inherited along a و-list)
    entity_type: str
    raw_id: str
    is_adversary: bool = False
    is_place: bool = False  # a LOCATION, or a state after a locative preposition
    is_descriptor: bool = False  # "المدعوم من قبل إيران": describes, takes no part
    affiliation: str | None = None  # a person's organization from an apposition


def _role_ids(mention: dict, gaz: Gazetteer) -> tuple[str, ...]:
    return _role_ids_of(mention["actor_id"], mention["entity_type"], mention.get("actor_country"), gaz)


# Cached: a corpus names the same few thousand actors over and over.
@lru_cache(maxsize=1 << 16)
def _role_ids_of(actor_id: str | None, entity_type: str, actor_country: str | None, gaz: Gazetteer) -> tuple[str, ...]:
    if actor_id is None:
        return ()
    actor = gaz.actors.get(actor_id)
    if actor is None:
        # discovered state bodies, and discovered people whose title names a state, stand for that state;
        # other people found only in the text (analysts, sources, advisers) take no part in its events
        if entity_type in ("ORG", "PERSON") and actor_country:
            return (actor_country,)
        return () if entity_type == "PERSON" else (actor_id,)
    if entity_type == "LOCATION":
        return (actor.country_iso3,) if actor.country_iso3 else ()
    if actor.members:
        return actor.members
    if actor.actor_type == "ORG":
        if actor.kind in NON_PARTICIPANT_KINDS:
            return ()
        if actor.kind in STATE_BODY_KINDS and actor.country_iso3:
            return (actor.country_iso3,)
    if actor.actor_type == "PERSON" and actor.country_iso3 and (actor.cameo_code or "").endswith(STATE_PERSON_SUFFIXES):
        return (actor.country_iso3,)
    return (actor_id,)


def side_of(actor: Actor, mention_country: str | None, gaz: Gazetteer) -> str:
    """The side a speaker stands for: a person's state where known."""
    known = gaz.actors.get(actor.raw_id)
    if actor.entity_type == "PERSON":
        country = known.country_iso3 if known else mention_country
        if country:
            return country
    return actor.actor_ids[0]




@lru_cache(maxsize=4)
def _coalitions_led(gaz: Gazetteer) -> dict[str, str]:
    """Leading state -> the coalition it leads (USA -> us_led_coalition)."""
    return {a.led_by: a.actor_id for a in gaz.actors.values() if a.led_by}


@lru_cache(maxsize=1 << 16)
def _is_adversary(actor_id: str | None, gaz: Gazetteer) -> bool:
    actor = gaz.actors.get(actor_id or "")
    return actor is not None and (actor.cameo_code or "").startswith(ADVERSARY_CAMEO)


def mention_actors(mentions: list[dict], folded: Folded, gaz: Gazetteer) -> list[Actor]:
    actors: list[Actor] = []
    previous: Actor | None = None
    for m in mentions:
        ids = _role_ids(m, gaz)
        if not ids:
            continue
        word_before = folded.last_word(max(0, m["start_char"] - 60), m["start_char"])
        gap = folded[previous.end : m["start_char"]] if previous else ""
        token_start = folded.rfind(" ", 0, m["start_char"]) + 1
        clitic = folded[token_start : m["start_char"]]
        # a و-list shares the cue of its first member: "من كلا من واشنطن وطهران"
        coordinated = previous is not None and (gap.strip() in ("", "و", "،") and clitic.startswith("و")
                                                or gap.strip() == "و")
        before = previous.before if coordinated else (word_before or "")
        if clitic and not coordinated:
            before = clitic[-1] if clitic[-1] in "بل" else before
            before = {"ب": "ب", "ل": "لـ"}.get(before, before)
        if m["entity_type"] == "COUNTRY" and m["mention_form"] == "gentilic" and word_before is not None:
            if word_before in NON_ACTOR_HEADS or (previous is not None and previous.is_place and previous.end >= m["start_char"] - 2):
                continue  # الأزمة الأوكرانية، مدينة بيزل السويسرية
        # "الهجمات التي تقودها الولايات المتحدة": the coalition that state leads
        if word_before in LED_BY_CUES and len(ids) == 1 and ids[0] in _coalitions_led(gaz):
            ids = (_coalitions_led(gaz)[ids[0]],)
        is_place = m["entity_type"] == "LOCATION" or (
            m["entity_type"] == "COUNTRY" and before in LOCATIVE_CUES and m["mention_form"] != "gentilic"
        )
        window = folded[max(0, m["start_char"] - 30) : m["start_char"]]
        clitic_free = window[: len(window) - len(clitic)] if clitic else window
        actor = Actor(
            ids, m["start_char"], m["end_char"], before, m["entity_type"], m["actor_id"],
            _is_adversary(m["actor_id"], gaz), is_place, DESCRIPTOR.search(clitic_free) is not None,
        )
        if previous is not None and previous.entity_type == "PERSON" and m["entity_type"] == "ORG":
            between = folded[previous.end : m["start_char"]]
            if between.strip().startswith("،") and len(folded.words(previous.end, m["start_char"])) <= 4:
                previous.affiliation = ids[0]  # "سعدي أحمد بيرة، القيادي في حزب ..."
        actors.append(actor)
        previous = actor
    return actors


def find_speaker(folded: Folded, actors: list[Actor]) -> tuple[Actor | None, int]:
    """The mention right after a speech verb, and where that verb is (-1: none)."""
    if SPEECH_VERBS.isdisjoint(folded.word_list):
        return None, -1
    for word, verb_start, verb_end in zip(folded.word_list, folded.starts, folded.ends):
        if word not in SPEECH_VERBS:
            continue
        after = [a for a in actors if 0 <= a.start - verb_end <= 40
                 and COMPLEMENTIZERS.isdisjoint(folded.words(verb_end, a.start))]
        if not after:
            continue
        # the person if the phrase names one (المتحدث باسم البيت الأبيض جوش إيرنست), else the first
        window = [a for a in after if a.start <= after[0].end + 40]
        person = next((a for a in window if a.entity_type == "PERSON"), None)
        return person or after[0], verb_start
    return None, -1


