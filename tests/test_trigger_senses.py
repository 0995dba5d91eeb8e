"""Trigger senses and frames: the same word as another sense yields no event (hand-written positives and negatives)."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.cleaning import clean_articles
from pipeline.entities import extract_mentions
from pipeline.events import extract_events
from pipeline.segmentation import split_sentences

CASES = [
    # (sentence, event type expected, or None for no event of that type)
    ("طالب وزير الخارجية المصري إيران بوقف تدخلها في اليمن.", "request_support", True),
    ("قال طالب سعودي يدرس في جامعة أكسفورد إن بريطانيا بلد جميل.", "request_support", False),
    ("التقى الطالب السعودي بالسفير البريطاني في الرياض.", "request_support", False),
    ("دعت مصر تركيا إلى وقف دعمها للإرهاب.", "request_support", True),
    ("دعا الشيخ الله أن يحفظ السعودية وقطر.", "request_support", False),
    ("عقد وزير الخارجية السعودي لقاء مع نظيره الأمريكي في جدة.", "meeting", True),
    ("خسر منتخب السعودية أمام منتخب اليابان في لقاء ودي.", "meeting", False),
    ("قدمت الولايات المتحدة مساعدة عسكرية للعراق.", "military_aid", True),
    ("قال مساعد المدرب إن منتخب مصر سيواجه منتخب تونس.", "military_aid", False),
    ("بحث وزير الخارجية السعودي مع نظيره الفرنسي الأزمة السورية.", "meeting", True),
    ("بحث تقرير صادر في فرنسا أسباب الأزمة في سوريا.", "meeting", False),
    ("استهدفت الطائرات التركية مواقع لحزب العمال الكردستاني في العراق.", "airstrike", True),
    ("تستهدف السعودية رفع صادراتها إلى الصين.", "airstrike", False),
    ("أعلنت فصائل المعارضة مبايعتها لتنظيم داعش في سوريا.", "alliance", True),
    ("يقاتل حزب الله إلى جانب نظام الأسد في سوريا.", "military_cooperation", True),
    ("أعرب وزير الخارجية الأمريكي عن امتعاضه من انسحاب القوات العراقية.", "criticism", True),
    ("نوه وزير الدفاع الأمريكي بقوات البيشمركة في العراق.", "endorsement", True),
]


@pytest.fixture(scope="module")
def events_by_case() -> list[set[str]]:
    raw = pl.DataFrame([{"article_id": f"c{i:02d}", "raw_text": s, "language": "ar", "content_sha256": "x"}
                        for i, (s, _, _) in enumerate(CASES)])
    sentences = split_sentences(clean_articles(raw))
    events = extract_events(sentences, extract_mentions(sentences))
    return [set(events.filter(pl.col("article_id") == f"c{i:02d}")["event_type"]) for i in range(len(CASES))]


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{c[1]}-{'yes' if c[2] else 'no'}-{i}" for i, c in enumerate(CASES)])
def test_trigger_sense(events_by_case, index: int) -> None:
    sentence, kind, expected = CASES[index]
    assert (kind in events_by_case[index]) == expected, (sentence, events_by_case[index])
