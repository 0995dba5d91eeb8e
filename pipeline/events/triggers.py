"""Trigger phrases found in a sentence, minus those that are part of a name or the content of another event."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.events.folded import Folded
from pipeline.events.lexicon import ANY, DENIAL_VERBS, NEGATIONS, OBJECT_TAKING, REACTIONS, SYMMETRIC, Trigger, triggers


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    trigger: Trigger


def find_triggers(folded: Folded, named_spans: list[tuple[int, int]], which: list[int] | None = None) -> list[Found]:
    """Triggers of the sentence, longest first without overlaps, minus those
    that are part of a name or the content of another event. `which` limits
    the search to the triggers the column scan flagged (None: all)."""
    candidates = []
    all_triggers = triggers()
    for trig in (all_triggers if which is None else [all_triggers[i] for i in which]):
        for start, end in (m.span() for m in trig.regex.finditer(folded)):
            if any(start < e and s < end and not (start < s and e < end) for s, e in named_spans):
                continue  # part of a name: التحالف الدولي، فيلق القدس (a frame around a name is no part of it)
            if not trig.holds(folded, end):
                continue  # another sense of the word
            candidates.append(Found(start, end, trig))
    candidates.sort(key=lambda f: (-(f.end - f.start), f.start))
    kept: list[Found] = []
    for f in candidates:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    kept.sort(key=lambda f: f.start)

    result: list[Found] = []
    absorbed_until = -1
    for k, f in enumerate(kept):
        kind = f.trigger.event_type
        clause_start = folded.clause(f.start, f.end)[0]
        earlier = [e for e in kept[:k] if e.start >= clause_start]

        def gap(e: Found, f: Found = f) -> int:
            return len(folded.words(e.end, f.start))  # words between an earlier trigger and this one
        # the content of an agreement: اتفاق (ل)التعاون الأمني والمخابراتي
        if kind in ("military_cooperation", "intelligence_sharing") and earlier and (
            (earlier[-1].trigger.event_type == "agreement" and gap(earlier[-1]) <= 1)
            or earlier[-1].end == absorbed_until and gap(earlier[-1]) <= 1
        ):
            absorbed_until = f.end
            continue
        # the object of a request, refusal or agreement: طلب من روسيا شن ضربات، لن نوافق على مثل هذا الاتفاق،
        # للاتفاق على تنفيذها ضربات؛ and strikes a welcome is about: سيرحب بتوجيه روسيا ضربات
        if kind not in REACTIONS and any(
            gap(e) <= 6 and e.trigger.event_type != kind
            and (e.trigger.event_type in OBJECT_TAKING
                 or (e.trigger.event_type in ("endorsement", "agreement") and kind == "airstrike"))
            and not (e.trigger.event_type == "request_support" and kind in SYMMETRIC)
            for e in earlier
        ):
            continue
        # strikes as the purpose of cooperation: التنسيق ... لاستهداف تنظيم
        if kind == "airstrike" and any(e.trigger.event_type != "airstrike" and gap(e) <= 10 for e in earlier):
            continue
        # help as the purpose of another event: تحالفا ... للمساعدة في
        if kind == "military_aid" and "ساعد" in folded[f.start : f.end] and any(gap(e) <= 6 for e in earlier):
            continue
        # "أي اتفاق من هذا القبيل" is hypothetical, unless negated (لم يستقبل أي مستشارين)
        before = folded.words(clause_start, f.start)
        if before and before[-1] in ANY and not (set(before) & (NEGATIONS | DENIAL_VERBS)):
            if DENIAL_VERBS.isdisjoint(folded.words(0, f.start)):
                continue
        if kind in SYMMETRIC:
            # "دعت باكستان إلى تحالف مع أفغانستان": the alliance, proposed, rather than a request
            calls = [e for e in earlier if e.trigger.event_type == "request_support" and gap(e) <= 3]
            result = [r for r in result if r not in calls]
        result.append(f)
    return result

