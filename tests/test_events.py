"""Alliance events: hand-written sentences per type, roles and cues, dates, dyads, and the sample's quality bar."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import polars as pl
import pytest

from pipeline.cleaning import clean_articles
from pipeline.contract import EVENT_TYPES
from pipeline.dyads import build_dyads
from pipeline.entities import extract_mentions
from pipeline.evaluate import score_events
from pipeline.events import Folded, extract_events, find_date
from pipeline.segmentation import split_sentences
from tests.conftest import RAW_DIR

CASES = Path(__file__).resolve().parent / "fixtures" / "events" / "sentences.tsv"


def _cases() -> list[tuple[str, str, set[str], str, str]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, sentence, *rest = line.split("\t")
        actors, polarity, modality = (rest + ["", "", ""])[:3]
        rows.append((kind, sentence, set(filter(None, actors.split(","))), polarity, modality))
    return rows


def _events(texts: list[str]) -> pl.DataFrame:
    raw = pl.DataFrame([
        {"article_id": f"t{i:03d}", "raw_text": t, "language": "ar", "content_sha256": "x"} for i, t in enumerate(texts)
    ])
    sentences = split_sentences(clean_articles(raw))
    return extract_events(sentences, extract_mentions(sentences))


@pytest.fixture(scope="module")
def case_events() -> dict[str, list[dict]]:
    cases = _cases()
    events = _events([c[1] for c in cases])
    return {f"t{i:03d}": events.filter(pl.col("article_id") == f"t{i:03d}").to_dicts() for i in range(len(cases))}


def test_at_least_ten_sentences_per_type_with_denials_modals_and_negatives() -> None:
    cases = _cases()
    for kind in EVENT_TYPES:
        assert sum(c[0] == kind for c in cases) >= 10, kind
    assert sum(c[3] == "denied" for c in cases) >= 13
    assert {c[4] for c in cases} >= {"actual", "planned", "possible", "proposed"}
    assert sum(c[0] == "none" for c in cases) >= 10


@pytest.mark.parametrize("index, case", list(enumerate(_cases())), ids=[f"{i:03d}-{c[0]}" for i, c in enumerate(_cases())])
def test_hand_written_sentence(index: int, case, case_events) -> None:  # noqa: ANN001
    kind, sentence, actors, polarity, modality = case
    found = case_events[f"t{index:03d}"]
    if kind == "none":
        assert found == [], f"no event expected in: {sentence}"
        return
    matches = [
        e for e in found
        if e["event_type"] == kind
        and len(actors & (set(e["participants"]) | set(e["target"]))) / len(actors | set(e["participants"]) | set(e["target"])) >= 0.5
    ]
    assert matches, (sentence, [(e["event_type"], e["participants"], e["target"]) for e in found])
    assert matches[0]["polarity"] == polarity, sentence
    assert matches[0]["modality"] == modality, sentence


def test_roles_adversary_and_attribution() -> None:
    events = _events([
        "وقال المتحدث باسم البيت الأبيض جوش إيرنست إن روسيا وإيران تتعاونان عسكريا ضد تنظيم داعش.",
    ])
    (event,) = events.filter(pl.col("event_type") == "military_cooperation").to_dicts()
    assert event["participants"] == ["IRN", "RUS"]
    assert event["against"] == ["isis"]
    assert event["attributed_to"] == "josh_earnest"
    assert event["cameo_code"] == "062" and event["quad_class"] == 2


def test_coordinated_lists_and_groups() -> None:
    events = _events([
        "أعلن العراق وسوريا وإيران وروسيا اتفاقا لتبادل المعلومات. "
        "وقال مسؤول إن العراق يريد الانضمام إلى التحالف الرباعي.",
    ])
    agreement = events.filter(pl.col("event_type") == "agreement").to_dicts()[0]
    assert agreement["participants"] == ["IRN", "IRQ", "RUS", "SYR"]
    alliance = events.filter(pl.col("event_type") == "alliance").to_dicts()[0]
    assert set(alliance["participants"]) == {"IRN", "IRQ", "RUS", "SYR"}


def test_subject_carried_from_the_previous_sentence() -> None:
    events = _events(["رفضت روسيا المقترح الأمريكي. وقالت إنها سترسل أسلحة إلى سوريا."])
    aid = events.filter(pl.col("event_type") == "military_aid").to_dicts()
    assert aid and aid[0]["participants"] == ["RUS"] and aid[0]["target"] == ["SYR"]


@pytest.mark.parametrize("text, date, phrase", [
    ("يوم الخميس 17 سبتمبر 2015", dt.date(2015, 9, 17), "يوم الخميس 17 سبتمبر 2015"),
    ("في ٣ تشرين الأول ٢٠١٥", dt.date(2015, 10, 3), "٣ تشرين الأول ٢٠١٥"),
    ("يوم الجمعة 25 أيلول - سبتمبر", None, "يوم الجمعة 25 أيلول - سبتمبر"),
    ("الأربعاء الماضي", None, "الأربعاء الماضي"),
    ("اليوم الإثنين", None, "اليوم الإثنين"),
    ("الأسبوع الماضي", None, "الأسبوع الماضي"),
])
def test_dates(text: str, date, phrase: str) -> None:  # noqa: ANN001
    found_date, found_phrase = find_date(f"قال المسؤول {text} إن الاجتماع انتهى.")
    assert found_date == date
    assert found_phrase == phrase


def test_duplicates_are_flagged() -> None:
    events = _events(["التقى الرئيس الروسي نظيره التركي في أنقرة. وقد التقى الرئيس الروسي نظيره التركي مجددا."])
    meetings = events.filter(pl.col("event_type") == "meeting").sort("sentence_id").to_dicts()
    assert len(meetings) == 2
    assert meetings[0]["duplicate_of"] is None and meetings[1]["duplicate_of"] == meetings[0]["event_id"]


def test_folded_sentence_words_and_clauses_match_slicing() -> None:
    """The rules read words and clauses through the sentence's index; it must
    give what slicing and a regex over the slice give, for any slice."""
    rng = random.Random(3)
    texts = [sentence for _, sentence, *_ in _cases()] + ["", "،", " و ", "قال: نعم، لا؛"]
    for text in texts:
        folded = Folded(text)
        assert folded.words() == re.findall(r"\w+", text)
        for _ in range(40):
            start, end = rng.randint(0, len(text) + 3), rng.randint(0, len(text) + 30)
            words = re.findall(r"\w+", text[start:end])
            assert folded.words(start, end) == words, (text, start, end)
            assert folded.first_word(start, end) == (words[0] if words else None), (text, start, end)
            assert folded.last_word(start, end) == (words[-1] if words else None), (text, start, end)
            start = min(start, len(text))
            end = max(start, min(end, len(text)))
            left = max(text.rfind(sep, 0, start) for sep in "،؛:") + 1
            right = min([i for i in (text.find(sep, end) for sep in "،؛:") if i != -1], default=len(text))
            assert folded.clause(start, end) == (left, right)


def test_dyads_aggregate_events() -> None:
    events = _events([
        "وقعت روسيا وتركيا اتفاقا لوقف إطلاق النار. واتهمت تركيا روسيا بخرق الاتفاق. "
        "ونفت روسيا قصف مواقع تركية.",
    ])
    dyads = build_dyads(events)
    row = dyads.filter((pl.col("actor_a") == "RUS") & (pl.col("actor_b") == "TUR")).to_dicts()[0]
    assert row["n_events"] == row["n_cooperative"] + row["n_conflictual"] + row["n_denied"] == 3
    assert (row["n_cooperative"], row["n_conflictual"], row["n_denied"]) == (1, 1, 1)
    assert set(row["event_types"]) == {"agreement", "criticism", "airstrike"}


def test_sample_event_scores_hold(gold) -> None:
    """The quality bar on the sample: event F1 >= 0.78 (issue 17 asks >= 0.75 of the sample once the rules
    are judged on unseen news; 0.795 measured), polarity accuracy >= 0.95 on matched events."""
    raw = pl.DataFrame([
        {"article_id": p.stem, "raw_text": p.read_text(encoding="utf-8"), "language": "ar", "content_sha256": "x"}
        for p in sorted(RAW_DIR.glob("*.txt"))
    ])
    sentences = split_sentences(clean_articles(raw))
    report = score_events(extract_events(sentences, extract_mentions(sentences)), gold)
    assert report.score.f1 >= 0.78, report.score.as_dict()
    assert report.polarity_accuracy >= 0.95
