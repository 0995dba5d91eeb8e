"""Alliance events: who cooperates with, supplies, meets, rejects or strikes whom.

Per sentence, in article order:

1. Triggers. Every phrase of `gazetteer/event_triggers.csv` is matched on the
   folded sentence (proclitics و ف ب ل ك and the article allowed in front),
   longest first. A trigger inside a named actor (التحالف الدولي) is not one;
   a cooperation phrase right after an agreement noun (اتفاق تعاون ...) is the
   agreement's content, not an event of its own.
2. Roles, from the sentence's entity mentions. The clause of the trigger
   (between ، ؛ : ) is read first, then the whole sentence. A mention after a
   common-adversary cue (ضد، لمحاربة، لمواجهة ...) is `against` (or the
   target of a strike); after إلى / على / لـ / من it is the addressee,
   recipient or source, depending on the event type. Symmetric types
   (alliance, agreement, sharing, cooperation, meeting) take every remaining
   actor as a participant; directed types take the subject (before the
   trigger, or right after a sentence-initial verb) and the object. Actors
   that only report (news outlets), speakers and places after a locative
   preposition take no role. Government persons and state bodies stand for
   their state; a group with members (التحالف الرباعي) expands to them; "هذه
   الدول" and "الدول الأربع" resolve to the last group of states named; "we"
   (نحن، لدينا ...) is the speaker's side; a sentence without a subject
   carries the previous one's.
3. Polarity (`denied` under نفى/نفت/ينفي..., or a negation right before the
   trigger), modality (planned, possible, proposed, rejected), attribution
   (the speaker of وقال/أكد/بحسب/نقلت عن ..., carried into the sentences of a
   quote) and dates (absolute dates in both month-name series and either
   digit set; relative phrases kept as written).

Events of the same type, actors and sentence are one event; a repeat of an
earlier event of the article is flagged in `duplicate_of`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl
import pyarrow as pa

from pipeline.contract import EVENT_TYPES
from pipeline.gazetteer import Gazetteer, gazetteer, read_rows
from pipeline.normalize import fold_expr, fold_text, word_spans

COOPERATIVE = {name for name, e in EVENT_TYPES.items() if e.quad_class in (1, 2)}

_W = r"[\w]"
# Proclitics a trigger word may carry: conjunction, preposition or future س, article (لل = ل + ال).
_PREFIX = r"(?:[وف]?[سبلك]?(?:ال|(?<=ل)ل)?)"


def _f(*words: str) -> set[str]:
    return {fold_text(w) for w in words}


# Words right before a mention that give it a role.
AGAINST_CUES = _f("ضد", "لمحاربة", "محاربة", "بمحاربة", "لمواجهة", "مواجهة", "لقتال", "قتال", "لاستهداف",
                  "استهداف", "تستهدف", "مكافحة", "لمكافحة", "لطرد", "طرد", "لهزيمة", "بهزيمة", "الهزيمة",
                  "بجماعة", "أسلاف", "مقاتلي", "مسلحي", "متشددي", "لدحر", "أهداف", "اهداف")
# "على" marks the one struck, threatened or blamed, and the addressee of anything else.
HOSTILE_ON = {"airstrike", "threat", "criticism"}
TO_CUES = _f("إلى", "الى", "الي", "لـ", "على", "نحو", "تجاه", "إلينا", "لنا")
FROM_CUES = _f("من", "عن")
LOCATIVE_CUES = _f("في", "داخل", "قرب", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي",
                   "وسط", "أنحاء", "بمدينة", "مدينة", "محافظة", "عاصمة")
SPEECH_VERBS = _f("قال", "وقال", "قالت", "وقالت", "يقول", "ويقول", "تقول", "أكد", "وأكد", "أكدت", "وأكدت",
                  "أعلن", "وأعلن", "أعلنت", "وأعلنت", "أضاف", "وأضاف", "أضافت", "أوضح", "وأوضح", "صرح", "وصرح",
                  "ذكر", "وذكر", "ذكرت", "وذكرت", "أشار", "وأشار", "أشارت", "وأخبر", "أخبر", "بحسب", "وبحسب",
                  "حسب", "نقلت", "ونقلت", "ونقل", "نقل", "وتنقل", "تنقل", "أفادت", "كشف", "وكشف", "قالوا",
                  "مضيفا", "مضيفين", "وتابعا", "تابع", "واستكمل", "مستكملا", "اعتبر", "واعتبر", "يرى", "ويرى")
COMPLEMENTIZERS = _f("إن", "أن", "ان", "إنه", "أنه", "إنها", "أنها", "إنهم", "أنهم", "بأن", "بأنها", "بأنه", "إننا", "أننا")
CONTINUATION = _f("مضيفا", "مضيفين", "وأضاف", "واستكمل", "مستكملا", "وتابعا", "وتابع")
DENIAL_VERBS = _f("نفى", "نفت", "ينفي", "تنفي", "نفوا", "ينفون", "نفي", "ونفى", "ونفت", "نفيا")
NEGATIONS = _f("لا", "لم", "لن", "ليس", "ليست", "غير", "عدم", "لعدم", "بعدم", "دون", "بدون", "ولا", "ولم", "ولن")
WE = _f("نحن", "إننا", "اننا", "لدينا", "ولدينا", "نتعاون", "بيننا", "إلينا", "لنا", "نسعى", "نحث", "شركاءنا",
        "نأمل", "إنا", "نوافق", "بحاجة")
GROUP_ANAPHORS = ("هذه الدول", "الدول الاربع", "الدول الثلاث", "هذه البلدان", "البلدان الاربعه", "الدول الاربعه",
                  "كلا الجانبين", "الجانبين", "الطرفين")
PLANNED = _f("سوف", "من المقرر", "الرامية", "تعتزم", "يعتزم", "للاتفاق", "بخصوص", "المقبل", "المقبلة")
# Content of an agreement (اتفقت تركيا والعراق على تبادل المعلومات) is planned.
AGREED = _f("اتفقت", "اتفق", "اتفقا", "اتفقوا", "اتفاق", "اتفاقا", "للاتفاق")
POSSIBLE = _f("قد", "ربما", "سيضطر", "يضطر", "المحتمل", "المرجح", "يشاع", "ويشاع", "إذا", "اذا", "قامت", "لو")
PROPOSED = _f("دعا", "دعت", "يدعو", "تدعو", "داعيا", "اقترح", "اقترحت", "الاقتراحات", "اقتراح", "عرض", "عرضت",
              "تحدثوا", "لمناقشة", "حث", "حثت", "طالب", "طالبت", "يطالب", "نحث", "تضغط", "ناشد")
# Reporting outlets and places never take part in an event.
NON_PARTICIPANT_KINDS = {"media", "news agency", "university", "think tank"}
STATE_BODY_KINDS = {"ministry", "government", "agency", "embassy", "military command", "legislature", "committee"}
STATE_PERSON_SUFFIXES = ("GOV", "MIL", "SPY")
ADVERSARY_CAMEO = ("IMGMUSISI", "IMGMUSAQA")

_ARABIC_MONTHS = {
    **dict.fromkeys(_f("يناير", "كانون الثاني"), 1), **dict.fromkeys(_f("فبراير", "شباط"), 2),
    **dict.fromkeys(_f("مارس", "آذار", "اذار"), 3), **dict.fromkeys(_f("أبريل", "ابريل", "نيسان"), 4),
    **dict.fromkeys(_f("مايو", "أيار", "ايار"), 5), **dict.fromkeys(_f("يونيو", "يونيه", "حزيران"), 6),
    **dict.fromkeys(_f("يوليو", "يوليه", "تموز"), 7), **dict.fromkeys(_f("أغسطس", "اغسطس", "آب"), 8),
    **dict.fromkeys(_f("سبتمبر", "أيلول", "ايلول"), 9), **dict.fromkeys(_f("أكتوبر", "اكتوبر", "تشرين الأول"), 10),
    **dict.fromkeys(_f("نوفمبر", "تشرين الثاني"), 11), **dict.fromkeys(_f("ديسمبر", "كانون الأول"), 12),
}
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _ARABIC_MONTHS), key=len, reverse=True))
_DAY_NAMES = "(?:الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت)"
ABSOLUTE_DATE = re.compile(
    rf"(?:(?:يوم )?{_DAY_NAMES} )?(\d{{1,2}}) ({_MONTH_ALT})(?: ?[-/] ?(?:{_MONTH_ALT}))?(?: ?\(?({_MONTH_ALT})\)?)?(?: (\d{{4}}))?"
)
MONTH_YEAR = re.compile(rf"(?:شهر )?({_MONTH_ALT}) (\d{{4}})")
RELATIVE_DATE = re.compile(
    rf"(?:اليوم |يوم |امس )?{_DAY_NAMES}(?: الماضي| المقبل| الفائت)?|(?:الاسبوع|الشهر|العام) (?:الماضي|المقبل|الحالي)"
    rf"|(?:شهر |في )?(?:{_MONTH_ALT}) (?:الماضي|المقبل)|قبل ايام|امس|اليوم|مؤخرا|الاسبوعين الماضيين"
)


@dataclass(frozen=True)
class Trigger:
    event_type: str
    regex: re.Pattern[str]
    modality: str  # the modality the trigger itself implies (a call is "proposed")


_UNSET = object()
# Only sentences with one of these words can hold a date.
DATE_HINT = r"\d|[٠-٩]|" + "|".join(
    ("يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو", "اغسطس", "سبتمبر", "اكتوبر", "نوفمبر", "ديسمبر",
     "كانون", "شباط", "اذار", "نيسان", "ايار", "حزيران", "تموز", "اب", "ايلول", "تشرين", "الماضي", "المقبل",
     "الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "امس", "اليوم", "مؤخرا", "ايام")
)
# The alliance a group defined by its members stands for.
GROUP_TRIGGER = Trigger("alliance", re.compile("(?!)"), "actual")


@lru_cache(maxsize=1)
def _trigger_rows() -> list[dict[str, str]]:
    return read_rows("event_triggers.csv")


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
            re.compile(rf"(?<!{_W}){_PREFIX}(?:{row['pattern']})(?!{_W})"),
            row["modality"] or "actual",
        )
        for row in rows
    )


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


@dataclass
class _ArticleState:
    subject: list[str] = field(default_factory=list)  # participants of the last sentence with an event
    last_by_type: dict[str, list[str]] = field(default_factory=dict)  # participants of the last event per type
    speaker: str | None = None
    speaker_side: str | None = None
    speaker_from: int = -1  # where this sentence's speech verb starts
    group: list[str] = field(default_factory=list)  # the last group of two or more states named
    adversary: str | None = None  # the last adversary named (isis)


# ------------------------------------------------------------------ actor roles
AGENT_CUES = _f("ينفذها", "تنفذها", "يشنها", "تشنها", "تقودها", "يقودها", "بقيادة", "تقوده", "يقوده", "نفذها", "قبل")
# "supported by X" describes a noun; X takes no part in the event (a bare "من قبل X" is a passive's agent).
DESCRIPTOR = re.compile(r"(?:المدعوم|المدعومه|المدعومين|المدعومون)\w* (?:من )?(?:قبل )?$")
ANY = _f("أي", "اي", "بأي")
STILL = _f("يزال", "تزال", "زال", "يزالون", "تزالان")  # لا يزال: "still", not a negation
ON = _f("على")
TO_US = _f("إلينا", "لنا")
_PROMISE = re.compile(r"وعد\w*")
_BUT_NOT = re.compile(r"(?:لكن|ولكن) لم")
_REFUSED = re.compile(r"(?:^| )(?:رفض\w*|يرفض\w*|ترفض\w*)")
# Particles that may stand before a sentence-initial verb.
PARTICLES = _f("و", "وقد", "قد", "لقد", "فقد", "كما", "ثم", "حين", "وفي", "في", "وحين", "بينما", "وبينما")
# Nouns that a gentilic describes without making its state an actor:
# الأزمة الأوكرانية، الساحل السوري، الوضع السوري.
NON_ACTOR_HEADS = _f("الأزمة", "أزمة", "الساحل", "الأراضي", "أراضي", "الحدود", "حدود", "العاصمة", "المدينة", "الملف",
                     "القضية", "الشأن", "المنطقة", "الثورة", "المعارضة", "الشعب", "الوضع", "الساحة", "الحرب",
                     "النفوذ", "الأجواء", "المجال", "الأهلية", "القومي", "الاحتجاجات", "المشهد", "الأزمات")
# An armed force in the clause makes "هجوم/هجمات" a military attack.
ARMED_CUES = re.compile(r"(?:قوات|القوات|طائرات|الطائرات|سلاح الجو|الجيش|جيش|مقاتلات|المقاتلات|الجوي|جويه|عسكري)")
GENERIC_ATTACK = re.compile(r"^[وفبلك]?(?:ال|لل)?(?:هجمات|هجوم|هجماتها)$")
VERBAL_TYPES = {"request_support", "rejection", "endorsement", "criticism", "intent_to_cooperate", "agreement"}
OBJECT_TAKING = {"request_support", "rejection", "criticism"}
REACTIONS = {"rejection", "criticism", "endorsement"}
# Aid nouns that name a transfer only when a recipient is named.
BARE_AID = re.compile(r"(?:اسلحه|سلاح|ذخيره|ذخائر|معدات|امدادات|دعم|مساعدات)")


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
        # discovered people keep their slug; discovered state bodies stand for their state
        if entity_type == "ORG" and actor_country:
            return (actor_country,)
        return (actor_id,)
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


def _side(actor: Actor, mention_country: str | None, gaz: Gazetteer) -> str:
    """The side a speaker stands for: a person's state where known."""
    known = gaz.actors.get(actor.raw_id)
    if actor.entity_type == "PERSON":
        country = known.country_iso3 if known else mention_country
        if country:
            return country
    return actor.actor_ids[0]


LED_BY_CUES = _f("بقيادة", "تقودها", "يقودها")


@lru_cache(maxsize=4)
def _coalitions_led(gaz: Gazetteer) -> dict[str, str]:
    """Leading state -> the coalition it leads (USA -> us_led_coalition)."""
    return {a.led_by: a.actor_id for a in gaz.actors.values() if a.led_by}


@lru_cache(maxsize=1 << 16)
def _is_adversary(actor_id: str | None, gaz: Gazetteer) -> bool:
    actor = gaz.actors.get(actor_id or "")
    return actor is not None and (actor.cameo_code or "").startswith(ADVERSARY_CAMEO)


_CLAUSE_BREAK = re.compile("[،؛:]")


class _Folded(str):
    """A sentence's fold with its words and clause breaks located once: the
    rules ask for the words of many slices of the same sentence."""

    def __new__(cls, text: str) -> _Folded:
        self = super().__new__(cls, text)
        self.word_list, self.starts, self.ends = word_spans(text)
        self.breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
        return self

    def words(self, start: int = 0, end: int | None = None) -> list[str]:
        """The words (\\w+ runs) of `self[start:end]`, for 0 <= start, without
        slicing: the words overlapping the slice, the ones it cuts clipped to it."""
        end = len(self) if end is None or end > len(self) else end
        if start >= end:
            return []
        first = bisect.bisect_right(self.ends, start)  # the first word ending inside the slice
        stop = bisect.bisect_left(self.starts, end)  # the first word starting after it
        found = self.word_list[first:stop]
        if found:
            if self.starts[first] < start or self.ends[first] > end:
                found[0] = self[max(start, self.starts[first]) : min(end, self.ends[first])]
            last = stop - 1
            if last > first and self.ends[last] > end:
                found[-1] = self[self.starts[last] : end]
        return found

    def first_word(self, start: int, end: int) -> str | None:
        """`self.words(start, end)[0]`, or None where the slice has no word."""
        first = bisect.bisect_right(self.ends, start)  # the first word ending inside the slice
        if first == len(self.starts) or self.starts[first] >= min(end, len(self)) or start >= end:
            return None
        return self._clipped(first, start, end)

    def last_word(self, start: int, end: int) -> str | None:
        """`self.words(start, end)[-1]`, or None where the slice has no word."""
        last = bisect.bisect_left(self.starts, min(end, len(self))) - 1  # the last word starting before `end`
        if last < 0 or self.ends[last] <= start or start >= end:
            return None
        return self._clipped(last, start, end)

    def _clipped(self, i: int, start: int, end: int) -> str:
        """Word `i`, cut to the slice start..end that it overlaps."""
        word_start, word_end = self.starts[i], self.ends[i]
        if start <= word_start and word_end <= end:
            return self.word_list[i]
        return self[max(start, word_start) : min(end, word_end)]

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause (between ، ؛ :) around the span start..end."""
        before = bisect.bisect_left(self.breaks, start)
        after = bisect.bisect_left(self.breaks, end)
        return (self.breaks[before - 1] + 1 if before else 0,
                self.breaks[after] if after < len(self.breaks) else len(self))


def _mention_actors(mentions: list[dict], folded: _Folded, gaz: Gazetteer) -> list[Actor]:
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


def _speaker(folded: _Folded, actors: list[Actor]) -> tuple[Actor | None, int]:
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


# ------------------------------------------------------------------ dates
def find_date(text: str, folded: str | None = None) -> tuple[dt.date | None, str | None]:
    """The first date phrase of `text` (`folded`: its fold, when already made)."""
    folded = fold_text(text) if folded is None else folded
    for match in ABSOLUTE_DATE.finditer(folded):
        day, month_name, alt_month, year = match.groups()
        month = _ARABIC_MONTHS.get(month_name)
        phrase = text[match.start() : match.end()]
        if year and month:
            try:
                return dt.date(int(year), month, int(day)), phrase
            except ValueError:
                return None, phrase
        return None, phrase
    if match := MONTH_YEAR.search(folded):
        return None, text[match.start() : match.end()]
    if match := RELATIVE_DATE.search(folded):
        return None, text[match.start() : match.end()]
    return None, None


# ------------------------------------------------------------------ per sentence
@dataclass(frozen=True)
class Found:
    start: int
    end: int
    trigger: Trigger


def _find_triggers(folded: _Folded, named_spans: list[tuple[int, int]], which: list[int] | None = None) -> list[Found]:
    """Triggers of the sentence, longest first without overlaps, minus those
    that are part of a name or the content of another event. `which` limits
    the search to the triggers the column scan flagged (None: all)."""
    candidates = []
    all_triggers = triggers()
    for trig in (all_triggers if which is None else [all_triggers[i] for i in which]):
        for start, end in (m.span() for m in trig.regex.finditer(folded)):
            if any(start < e and s < end for s, e in named_spans):
                continue  # part of a name: التحالف الدولي، فيلق القدس
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


def _polarity(folded: _Folded, start: int, clause_start: int, event_type: str) -> str:
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


def _modality(folded: _Folded, start: int, trig: Trigger) -> str:
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


def _unique(ids) -> list[str]:  # noqa: ANN001
    return sorted(set(ids))


@dataclass
class _Roles:
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


def _assign_roles(
    found: Found, clause: tuple[int, int], actors: list[Actor], speaker: Actor | None, state: _ArticleState,
    folded: _Folded, sentence_subject: list[str],
) -> _Roles:
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
    roles = _Roles(borrowed=not in_clause)
    on = ON
    agent_after = True
    last_object_end = found.end
    for a in in_clause:
        cue = a.before
        hostile_on = cue in on and kind in HOSTILE_ON and a.start >= found.end
        if cue in AGAINST_CUES or hostile_on or (a.is_adversary and cooperative):
            (roles.target if kind == "airstrike" else roles.against).extend(a.actor_ids)
            continue
        if a.is_adversary:
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
            and _looks_like_verb(trigger_words[0]) and all(w in PARTICLES for w in lead)):
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
    roles.participants = _unique(roles.participants)
    roles.domestic = kind == "airstrike" and bool(roles.target) and set(roles.target) <= set(roles.participants)
    roles.target = _unique(t for t in roles.target if t not in roles.participants)
    roles.against = _unique(a for a in roles.against if a not in roles.participants)
    return roles


VISIT_VERB = re.compile(r"^[وف]?(?:زار|زارت|يزور|تزور|التقي|التقت|يلتقي|تلتقي|استقبل|استقبلت|يستقبل)$")
_ROLE_WORDS = {fold_text(w) for w in (
    "رئيس", "الرئيس", "وزير", "وزيرا", "وزراء", "وزيرة", "الملك", "الأمير", "ولي", "العهد", "وفد", "وفدا", "قائد",
    "المبعوث", "مبعوث", "السفير", "سفير", "الوزير", "الوزراء", "الحكومة", "حكومة", "المرشد", "الأمين", "العام",
    "نائب", "مساعد", "مسؤول", "مسؤولون", "مسؤولين", "نظيره", "نظيرته", "الخارجية", "الدفاع", "الداخلية", "الأركان",
)}


def _visitor_is_not_an_actor(found: Found, folded: _Folded, clause: tuple[int, int], actors: list[Actor]) -> bool:
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
    return bool(between) and not all(w in _ROLE_WORDS for w in between)


def _is_generic_attack(found: Found, folded: _Folded, clause: tuple[int, int], actors: list[Actor]) -> bool:
    """"هجوم/هجمات" alone is a strike only with an armed force or an adversary in view."""
    words = folded.words(found.start, found.end)
    if len(words) != 1 or not GENERIC_ATTACK.match(words[0]):
        return False
    armed = ARMED_CUES.search(folded[clause[0] : clause[1]])
    return not armed and not any(a.is_adversary for a in actors)


def extract_sentence_events(
    sentence_id: int, text: str, mentions: list[dict], state: _ArticleState, gaz: Gazetteer,
    which: list[int] | None = None, may_have_date: bool = True, folded: str | None = None,
) -> list[Event]:
    """Events of one sentence. `which` are the triggers the column scan
    flagged (None: try all), `folded` the text's fold when already made; the
    article state carries speakers, subjects and groups from sentence to sentence."""
    folded = _Folded(fold_text(text) if folded is None else folded)
    actors = _mention_actors(mentions, folded, gaz)
    named = [(m["start_char"], m["end_char"]) for m in mentions
             if m["method"] == "coreference" or (m["method"] == "gazetteer" and " " in m["surface"])]
    speaker, verb_at = _speaker(folded, actors)
    words = folded.words()
    if speaker is not None:
        country = next((m.get("actor_country") for m in mentions if m["start_char"] == speaker.start), None)
        state.speaker_from = verb_at
        state.speaker = speaker.raw_id
        state.speaker_side = _side(speaker, country, gaz)
    elif verb_at == -1 and SPEECH_VERBS.isdisjoint(words) and not (
        words and (words[0] in CONTINUATION or text.lstrip().startswith('"'))
    ):
        state.speaker, state.speaker_side = None, None  # a new, unattributed statement
    states = [a for a in actors if (a.entity_type == "COUNTRY" and not a.is_place) or len(a.actor_ids) > 1]
    group = _unique(i for a in states for i in a.actor_ids)
    if len(group) >= 2:
        state.group = group
    adversaries = [a for a in actors if a.is_adversary]
    if adversaries:
        state.adversary = adversaries[0].actor_ids[0]

    found_triggers = _find_triggers(folded, named, which)
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
        roles = _assign_roles(found, clause, actors, speaker, state, folded, sentence_subject)
        if kind == "airstrike" and (_is_generic_attack(found, folded, clause, actors) or (roles.borrowed and not adversaries)):
            continue
        if not roles.participants:
            continue  # no acting side, even from context
        if kind in SYMMETRIC and len(roles.participants) < 2 and not roles.target:
            continue
        if kind == "military_aid" and not roles.target and BARE_AID.search(folded[found.start : found.end]):
            continue  # arms with no recipient: a topic, not a transfer
        if kind in SYMMETRIC and not roles.own and not roles.anaphor:
            continue  # nobody in the sentence takes part: "التحالفات المتغيرة"
        if kind == "meeting" and _visitor_is_not_an_actor(found, folded, clause, actors):
            continue  # "زار ملايين السياح تركيا": tourists are not a party to a meeting
        if kind == "airstrike" and roles.domestic:
            continue  # "الهجوم ضد الكونجرس": politics at home, not a strike
        attributed = state.speaker
        if event_date is _UNSET:
            event_date, date_text = find_date(text, folded) if may_have_date else (None, None)
        polarity = _polarity(folded, found.start, clause[0], kind)
        modality = _modality(folded, found.start, found.trigger)
        # independent suppliers named in one "من X و Y" list are one event each
        groups = roles.sources if kind == "military_aid" and len(roles.sources) > 1 else [tuple(roles.participants)]
        for group_ids in groups:
            participants = _unique(group_ids) if len(groups) > 1 else roles.participants
            candidates.append((Event(
                sentence_id, kind, participants, roles.target, roles.against, polarity, modality,
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
    scanned = (
        sentences.select("article_id", "sentence_id", "text")
        .sort("article_id", "sentence_id")
        .with_columns(folded=fold_expr(pl.col("text")))
        .with_columns(which=trigger_flags(pl.col("folded")), may_have_date=pl.col("folded").str.contains(DATE_HINT))
    )
    # Plain lists, walked in order: sentences of one article are adjacent.
    article_ids, sentence_ids, texts, folds, flagged, may_have_dates = (
        scanned[c].to_list() for c in ("article_id", "sentence_id", "text", "folded", "which", "may_have_date")
    )
    state, seen, current = _ArticleState(), {}, None
    for article_id, sentence_id, text, folded, which, may_have_date in zip(
        article_ids, sentence_ids, texts, folds, flagged, may_have_dates, strict=True
    ):
        if article_id != current:
            state, seen, current = _ArticleState(), {}, article_id  # the state is per article
        sentence_mentions = by_sentence.get((article_id, sentence_id), [])
        if not which and not sentence_mentions:
            continue  # nothing to find, nothing to remember
        for e in extract_sentence_events(
            sentence_id, text, sentence_mentions, state, gaz, which, may_have_date, folded
        ):
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


def _frame(columns: dict[str, list], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """A frame from Python lists; list-of-string columns go through Arrow,
    which builds them in one call where polars makes a Series per row."""
    return pl.DataFrame([
        pl.Series(name, pl.from_arrow(pa.array(columns[name], pa.list_(pa.string()))), dtype=dtype)
        if dtype == pl.List(pl.String) else pl.Series(name, columns[name], dtype=dtype)
        for name, dtype in schema.items()
    ])
