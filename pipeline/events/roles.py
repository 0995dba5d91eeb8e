"""Who takes which role in an event: participants, target, common adversary.

Roles come from the entity mentions of the trigger's clause (between ، ؛ :),
then the whole sentence, then the article so far: cues before a mention
make it a common adversary (ضد، لمحاربة) or the one struck, an addressee or
recipient (إلى، على، لـ), a supplier (من); symmetric types take every
remaining actor as a participant, directed types the subject (before the
trigger, or right after a clause-initial verb) and the object. "We", "both
sides" and "these states" resolve to the speaker's side, the last partners
and the last group of states named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.events.candidates import Actor
from pipeline.events.folded import Folded
from pipeline.events.lexicon import (
    AGAINST_CUES,
    AGENT_CUES,
    COMPLEMENTIZERS,
    COOPERATIVE,
    FROM_CUES,
    GROUP_ANAPHORS,
    HOSTILE_ON,
    OFFICIAL_WORDS,
    ON,
    PARTICLES,
    SYMMETRIC,
    TO_CUES,
    TO_US,
    VERBAL_TYPES,
    WE,
)
from pipeline.events.state import ArticleState
from pipeline.events.triggers import Found

# An armed force in the clause makes "هجوم/هجمات" a military attack.
ARMED_CUES = re.compile(r"(?:قوات|القوات|طائرات|الطائرات|سلاح الجو|الجيش|جيش|مقاتلات|المقاتلات|الجوي|جويه|عسكري)")
GENERIC_ATTACK = re.compile(r"^[وفبلك]?(?:ال|لل)?(?:هجمات|هجوم|هجوما|هجومها|هجومه|هجماته|هجماتها|استهدف|استهدفت|يستهدف|تستهدف|استهدفوا)$")
VISIT_VERB = re.compile(r"^[وف]?(?:زار|زارت|يزور|تزور|التقي|التقت|يلتقي|تلتقي|استقبل|استقبلت|يستقبل)$")


def unique(ids) -> list[str]:  # noqa: ANN001
    return sorted(set(ids))


@dataclass
class Roles:
    participants: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    borrowed: bool = False  # no actor in the trigger's own clause
    sources: list[tuple[str, ...]] = field(default_factory=list)  # suppliers named in a "من X و Y" list
    own: bool = False  # a participant named in the sentence itself
    anaphor: bool = False  # participants from "we", "both sides", "these states"
    domestic: bool = False  # a strike whose target is the attacker's own state


def _looks_like_verb(token: str) -> bool:
    """A finite verb rather than a verbal noun: no article, no ta marbuta,
    no preposition glued in front (رفضت، اتهم، يرسلون — not المساعدة، بتدريب)."""
    core = token[1:] if token[:1] in "وف" and len(token) > 3 else token
    return not (core.startswith(("ال", "ب", "ل")) or core.endswith(("ه", "ات")))


def assign_roles(
    found: Found, clause: tuple[int, int], actors: list[Actor], speaker: Actor | None, state: ArticleState,
    folded: Folded, sentence_subject: list[str],
) -> Roles:
    kind = found.trigger.event_type
    symmetric = kind in SYMMETRIC
    cooperative = kind in COOPERATIVE
    reported = speaker is not None and (
        found.start < speaker.start  # "..."، قال X
        or bool(set(folded.words(speaker.end, found.start)) & COMPLEMENTIZERS)
        or any(ch in folded[speaker.end : found.start] for ch in ':"')
    )
    if not reported:
        speaker = None  # "أعلن العراق وسوريا ... اتفاقا": the announcer takes part
    # everyone named in the speaker's phrase (المتحدث باسم البيت الأبيض جوش إيرنست) only reports
    phrase = (state.speaker_from, speaker.end) if speaker is not None else (-1, -1)
    usable = [a for a in actors if not (phrase[0] <= a.start < phrase[1]) and not a.is_descriptor]
    usable = [a for a in usable if not a.is_place or (kind == "meeting" and a.before in TO_CUES)]
    in_clause = [a for a in usable if clause[0] <= a.start < clause[1]]
    roles = Roles(borrowed=not in_clause)
    on = ON
    agent_after = True
    last_object_end = found.end
    for a in in_clause:
        cue = a.before
        hostile_on = cue in on and kind in HOSTILE_ON and a.start >= found.end
        pledge = kind == "alliance" and cue not in AGAINST_CUES  # an alliance with an armed group: مبايعتها لتنظيم داعش
        if cue in AGAINST_CUES or hostile_on or (a.is_adversary and cooperative and not pledge):
            (roles.target if kind == "airstrike" else roles.against).extend(a.actor_ids)
            continue
        if a.is_adversary and not pledge:
            roles.target.extend(a.actor_ids)
            continue
        if symmetric:
            if not (cue in on and a.start >= found.end):  # ناقش ... الضغط على X: a topic
                roles.participants.extend(a.actor_ids)
            continue
        if cue in AGENT_CUES:
            roles.participants.extend(a.actor_ids)
            continue
        right_after = a.start >= found.end and not folded.words(found.end, a.start)
        if a.end <= found.start or (a.start >= found.start and a.end <= found.end):
            (roles.target if cue in TO_CUES else roles.participants).extend(a.actor_ids)
        elif kind == "military_aid" and cue in FROM_CUES:
            roles.participants.extend(a.actor_ids)
            roles.sources.append(a.actor_ids)
        elif right_after and a.entity_type == "COUNTRY" and agent_after:
            roles.participants.extend(a.actor_ids)  # الهجمات الإيرانية، ضربات روسية
        elif cue in TO_CUES or len(folded.words(last_object_end, a.start)) <= 5:
            roles.target.extend(a.actor_ids)
            last_object_end = a.end
        agent_after = False

    # "الأسلحة المقدمة من روسيا": with a named source, the actors before the trigger receive
    if kind == "military_aid" and roles.sources and not roles.target:
        before = [i for a in in_clause if a.end <= found.start for i in a.actor_ids]
        roles.target = before
        roles.participants = [p for p in roles.participants if p not in before]
    # the subject right after a clause-initial verb (VSO): أطلقت روسيا، اتهم وزير الخارجية البريطاني ...
    lead = folded.words(clause[0], found.start)
    trigger_words = folded.words(found.start, found.end)
    if (not symmetric and not roles.participants and roles.target and trigger_words
            and (found.trigger.verb or _looks_like_verb(trigger_words[0])) and all(w in PARTICLES for w in lead)):
        first = next((a for a in in_clause if a.start >= found.end and not a.is_adversary), None)
        if first is not None and len(folded.words(found.end, first.start)) <= 3:
            roles.participants = list(first.actor_ids)
            roles.target = [t for t in roles.target if t not in first.actor_ids]
    # persons named with their organization also stand for it
    for a in in_clause:
        if a.affiliation and a.actor_ids[0] in roles.participants:
            roles.participants.append(a.affiliation)

    clause_words = folded.words(clause[0], clause[1])
    side = state.speaker_side
    if side and not WE.isdisjoint(clause_words):
        roles.anaphor = True
        to_us = not TO_US.isdisjoint(clause_words)
        (roles.target if to_us and not symmetric else roles.participants).append(side)
        if to_us and not symmetric:
            roles.participants = [p for p in roles.participants if p != side]
    clause_text = " ".join(clause_words)
    if any(g in clause_text for g in ("كلا الجانبين", "الجانبين", "الطرفين")) and state.subject:
        roles.participants.extend(state.subject)
        roles.anaphor = True
    if state.group and any(g in clause_text for g in GROUP_ANAPHORS):
        (roles.participants if symmetric else roles.target).extend(state.group)
        roles.anaphor = True
    roles.own = bool(roles.participants) or any(
        a.actor_ids[0] in roles.participants for a in usable)

    outside = [a for a in usable if not (clause[0] <= a.start < clause[1]) and not a.is_adversary]
    if not symmetric and not roles.participants:
        left = [a for a in outside if a.end <= found.start]
        if left:
            roles.participants = list(left[0].actor_ids)  # the sentence's subject, before a clause break
        elif side and not any(p == side for p in roles.target):
            roles.participants = [side]
        elif state.subject:
            roles.participants = list(state.subject)
        elif kind in state.last_by_type:
            roles.participants = list(state.last_by_type[kind])
    if kind in VERBAL_TYPES and not roles.target:
        # the object in the next clause: "ورحب X، القيادي في ...، بالمشاركة الروسية"
        right = [a for a in outside if a.start >= found.end and a.actor_ids[0] not in roles.participants
                 and not a.affiliation]
        right = [a for a in right if a.actor_ids[0] not in {x.affiliation for x in actors}]
        if right:
            roles.target = list(right[0].actor_ids)
    if kind == "airstrike" and not roles.target and state.adversary:
        roles.target = [state.adversary]
    if symmetric and len(set(roles.participants)) < 2:
        if speaker is not None and side:
            roles.participants.append(side)
            roles.own = True
        left = [a for a in outside if a.end <= found.start and a.actor_ids[0] not in roles.participants]
        if len(set(roles.participants)) < 2 and left:
            roles.participants.extend(left[-1].actor_ids)
            roles.own = True
        if not roles.participants and sentence_subject:
            roles.participants = list(sentence_subject)
            roles.own = True
        # the partner named before: the last event of the type, or of any type
        for earlier in (state.last_by_type.get(kind, []), state.subject):
            if len(set(roles.participants)) < 2 and earlier and not (roles.participants and set(earlier) <= set(roles.participants)):
                roles.participants.extend(earlier)
    roles.participants = unique(roles.participants)
    roles.domestic = kind == "airstrike" and bool(roles.target) and set(roles.target) <= set(roles.participants)
    roles.target = unique(t for t in roles.target if t not in roles.participants)
    roles.against = unique(a for a in roles.against if a not in roles.participants)
    return roles


def visitor_is_not_an_actor(found: Found, folded: Folded, clause: tuple[int, int], actors: list[Actor]) -> bool:
    """A visit verb whose subject, between the verb and the first actor, is no official."""
    words = folded.words(found.start, found.end)
    if len(words) != 1 or not VISIT_VERB.match(words[0]):
        return False
    if any(clause[0] <= a.start and a.end <= found.start for a in actors):
        return False
    after = [a for a in actors if a.start >= found.end]
    if not after:
        return False
    between = folded.words(found.end, after[0].start)
    return bool(between) and not all(w in OFFICIAL_WORDS for w in between)


def is_generic_attack(found: Found, folded: Folded, clause: tuple[int, int], actors: list[Actor]) -> bool:
    """"هجوم/هجمات" or "استهدف" alone is a strike only with an armed force or an adversary in view."""
    words = folded.words(found.start, found.end)
    if len(words) != 1 or not GENERIC_ATTACK.match(words[0]):
        return False
    armed = ARMED_CUES.search(folded[clause[0] : clause[1]])
    return not armed and not any(a.is_adversary for a in actors)


