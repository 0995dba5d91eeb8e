"""The event rules' vocabulary: trigger table and word lists (data in pipeline/lang/ar/).

`lang/ar/event_triggers.csv` holds the trigger phrases of the 13 event types
(regular expressions over folded text) with the role frame, the modality a
trigger implies, whether it is a verb (then it never takes the article),
what the words after it must hold for the sense meant (`requires`: دعا ...
إلى, not دعا الله) and what makes it another sense (`vetoed_by`: لقاء ودي, a
friendly match); the other lists are one word or phrase a line.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from pipeline.contract import EVENT_TYPES
from pipeline.lang import LANG_DIR, phrases, word_list

COOPERATIVE = {name for name, e in EVENT_TYPES.items() if e.quad_class in (1, 2)}

_W = r"[\w]"
# Proclitics a trigger word may carry: conjunction, preposition or future س, article (لل = ل + ال).
_PREFIX = r"(?:[وف]?[سبلك]?(?:ال|(?<=ل)ل)?)"

# Word lists (folded), one file each in pipeline/lang/ar/.
AGAINST_CUES = word_list("against_cues")
TO_CUES = word_list("to_cues")
FROM_CUES = word_list("from_cues")
LOCATIVE_CUES = word_list("locative_cues")
SPEECH_VERBS = word_list("speech_verbs")
COMPLEMENTIZERS = word_list("complementizers")
CONTINUATION = word_list("continuation")
DENIAL_VERBS = word_list("denial_verbs")
NEGATIONS = word_list("negations")
WE = word_list("we")
GROUP_ANAPHORS = phrases("group_anaphors")
PLANNED = word_list("planned")
AGREED = word_list("agreed")
POSSIBLE = word_list("possible")
PROPOSED = word_list("proposed")
AGENT_CUES = word_list("agent_cues")
ANY = word_list("any")
STILL = word_list("still")
ON = word_list("on")
TO_US = word_list("to_us")
PARTICLES = word_list("particles")
NON_ACTOR_HEADS = word_list("non_actor_heads")
LED_BY_CUES = word_list("led_by_cues")
OFFICIAL_WORDS = word_list("official_words")

# "على" marks the one struck, threatened or blamed, and the addressee of anything else.
HOSTILE_ON = {"airstrike", "threat", "criticism"}
# Reporting outlets and places never take part in an event.
NON_PARTICIPANT_KINDS = {"media", "news agency", "university", "think tank", "sports club", "company"}
STATE_BODY_KINDS = {"ministry", "government", "agency", "embassy", "military command", "legislature", "committee"}
STATE_PERSON_SUFFIXES = ("GOV", "MIL", "SPY")
ADVERSARY_CAMEO = ("IMGMUSISI", "IMGMUSAQA")
VERBAL_TYPES = {"request_support", "rejection", "endorsement", "criticism", "intent_to_cooperate", "agreement"}
OBJECT_TAKING = {"request_support", "rejection", "criticism"}
REACTIONS = {"rejection", "criticism", "endorsement"}


@dataclass(frozen=True)
class Trigger:
    event_type: str
    regex: re.Pattern[str]
    modality: str  # the modality the trigger itself implies (a call is "proposed")
    requires: re.Pattern[str] | None = None  # what the words after it must hold (دعا ... إلى)
    vetoed_by: re.Pattern[str] | None = None  # words right after it that make it another sense (لقاء ودي)
    verb: bool = False  # a finite verb: its subject may follow it (VSO)

    def holds(self, folded: str, end: int) -> bool:
        """Does the sense the frame requires hold for a match ending at `end`?"""
        after = folded[end : end + 80].lstrip()
        if self.requires is not None and not self.requires.search(after):
            return False
        return self.vetoed_by is None or not self.vetoed_by.search(after)


# The alliance a group defined by its members stands for.
GROUP_TRIGGER = Trigger("alliance", re.compile("(?!)"), "actual")
# A verb takes no article: "الطالب" is a student, "طالب ب..." a demand.
_VERB_PREFIX = r"(?:[وف]?[سل]?)"


@lru_cache(maxsize=1)
def _trigger_rows() -> list[dict[str, str]]:
    with open(LANG_DIR / "event_triggers.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# Types whose actors all take part alike (alliance, agreement, meeting ...), per the lexicon's `role` column.
SYMMETRIC = frozenset(row["event_type"] for row in _trigger_rows() if row["role"] == "symmetric")


def trigger_flags(folded: pl.Expr) -> pl.Expr:
    """Per sentence (`folded`: the fold of its text), the indexes of the triggers that may occur.

    Each trigger's pattern is scanned over the whole folded column at once by
    polars' regex engine (word characters narrowed to Arabic letters and
    digits, which keeps it on its fast automaton); a superset of the real
    matches, so only those triggers are then searched exactly, per sentence.
    """
    flags = [
        pl.when(folded.str.contains(f"(?:{row['pattern']})".replace(r"\w", r"[\p{Arabic}0-9]"))).then(pl.lit(i))
        for i, row in enumerate(_trigger_rows())
    ]
    return pl.concat_list(flags).list.drop_nulls()


@lru_cache(maxsize=1)
def triggers() -> tuple[Trigger, ...]:
    rows = _trigger_rows()
    return tuple(
        Trigger(
            row["event_type"],
            re.compile(rf"(?<!{_W}){_VERB_PREFIX if row['verb'] else _PREFIX}(?:{row['pattern']})(?!{_W})"),
            row["modality"] or "actual",
            re.compile(row["requires"]) if row["requires"] else None,
            re.compile(row["vetoed_by"]) if row["vetoed_by"] else None,
            bool(row["verb"]),
        )
        for row in rows
    )
