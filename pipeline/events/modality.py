"""Polarity (asserted or denied) and modality (actual, planned, possible, proposed, rejected) of a trigger."""

from __future__ import annotations

import re

from pipeline.events.folded import Folded
from pipeline.events.lexicon import (
    AGREED,
    DENIAL_VERBS,
    NEGATIONS,
    PLANNED,
    POSSIBLE,
    PROPOSED,
    REACTIONS,
    STILL,
    Trigger,
)

_PROMISE = re.compile(r"وعد\w*")
_BUT_NOT = re.compile(r"(?:لكن|ولكن) لم")
_REFUSED = re.compile(r"(?:^| )(?:رفض\w*|يرفض\w*|ترفض\w*)")


def polarity(folded: Folded, start: int, clause_start: int, event_type: str) -> str:
    if not DENIAL_VERBS.isdisjoint(folded.words(0, start)):
        return "denied"
    near = [_bare(w) if w not in NEGATIONS else w for w in folded.words(clause_start, start)[-4:]]
    still = any(a in ("لا", "ما") and b in STILL for a, b in zip(near, near[1:]))
    if event_type != "rejection" and not NEGATIONS.isdisjoint(near) and not still:
        return "denied"
    if _PROMISE.search(folded, 0, start) and _BUT_NOT.search(folded, start):
        return "denied"  # promised, but did not
    return "asserted"


def _bare(word: str) -> str:
    """A word without a leading conjunction (وقد -> قد)."""
    return word[1:] if word[:1] in "وف" and len(word) > 2 else word


_FUTURE = re.compile(r"^س[يتنا]\w{2,}$")  # سيوقع، ستبحث، سنعمل
# An imperfect verb after قد makes it "may" (قد يضطر); a perfect one (قد التقى، قد تركت) does not.
_IMPERFECT = re.compile(r"^[يتنا]\w{2,}(?<!ت)$")


def modality(folded: Folded, start: int, trig: Trigger) -> str:
    words = [_bare(w) for w in folded.words(max(0, start - 80), start)]
    after = folded.first_word(start, start + 40)
    own = [_bare(after)] if after is not None else []
    if trig.event_type == "rejection":
        return "actual"
    recent = words[-5:]
    if any(w in POSSIBLE and w != "قد" for w in recent) or any(
        w == "قد" and _IMPERFECT.match(nxt) for w, nxt in zip(recent, recent[1:] + own)
    ):
        return "possible"
    if not PROPOSED.isdisjoint(words[-8:]) or trig.modality == "proposed":
        return "proposed"
    # a future verb: the trigger itself, or (for a noun trigger) the verb before it
    future_window = own if trig.event_type in REACTIONS else words[-6:] + own
    if any(_FUTURE.match(w) for w in future_window) or not PLANNED.isdisjoint(words[-6:]) \
            or "من المقرر" in " ".join(words) or not AGREED.isdisjoint(words[-8:]):
        return "planned"
    if _REFUSED.search(" ".join(words[-4:])):
        return "rejected"
    return "actual"

