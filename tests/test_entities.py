"""Entity extraction: gazetteer matching rules, people from context, quality on gold and new articles."""

from __future__ import annotations

import json

import polars as pl
import pytest

from pipeline.cleaning import clean_articles
from pipeline.entities import extract_article, extract_mentions
from pipeline.evaluate import score_actors
from pipeline.gazetteer import form_key, gazetteer, gentilic_forms
from pipeline.segmentation import split_sentences
from tests.conftest import RAW_DIR, ROOT

ARTICLES = ROOT / "tests" / "fixtures" / "articles"


def mentions_of(text: str) -> list[tuple[str, str, str | None, str]]:
    return [(m.surface, m.entity_type, m.actor_id, m.mention_form) for m in extract_article([(0, text)])]


def test_gazetteer_covers_every_un_member_state_with_capital() -> None:
    gaz = gazetteer()
    countries = [a for a in gaz.actors.values() if a.actor_type == "COUNTRY"]
    assert len(countries) >= 193
    for iso3, name in (("RUS", "روسيا"), ("IRN", "ايران"), ("USA", "الولايات المتحدة"), ("YEM", "اليمن"), ("TUR", "تركيا")):
        assert gaz.forms[form_key(name)].actor_id == iso3
    assert gaz.ambiguous == set()


@pytest.mark.parametrize("form", ["روسي", "الروسية", "الروس", "روسيين", "الروسيون", "الروسيتين"])
def test_gentilic_inflections(form: str) -> None:
    assert form_key(form) in gentilic_forms("روسي") | gentilic_forms("الروس")
    assert mentions_of(f"وصل وفد {form} أمس.")[0][1:] == ("COUNTRY", "RUS", "gentilic")


@pytest.mark.parametrize("text, surface", [
    ("التقى وفد من وإيران", "إيران"),
    ("وبالعراق قوات", "العراق"),
    ("دعم للولايات المتحدة", "ولايات المتحدة"),
    ("عاد فلروسيا دور", "روسيا"),
    ("كالبنتاغون", "البنتاغون"),
])
def test_proclitics_stay_outside_the_span(text: str, surface: str) -> None:
    assert mentions_of(text)[0][0] == surface


def test_longest_match_wins_and_overlaps_resolve_once() -> None:
    found = mentions_of("قال مسؤول في الولايات المتحدة إن تنظيم الدولة الإسلامية خسر أرضا.")
    assert [(s, a) for s, _, a, _ in found] == [("الولايات المتحدة", "USA"), ("تنظيم الدولة الإسلامية", "isis")]


def test_capital_is_the_state_unless_it_is_the_place() -> None:
    assert mentions_of("رحبت موسكو بالاتفاق.")[0][1:] == ("COUNTRY", "RUS", "metonym")
    assert mentions_of("وصل الوفد إلى موسكو أمس.")[0][1:3] == ("LOCATION", "moscow")
    assert mentions_of("عقد المؤتمر ببروكسل.")[0][1:3] == ("LOCATION", "brussels")
    assert mentions_of("قال البيت الأبيض إن")[0][1:] == ("COUNTRY", "USA", "metonym")


def test_spelling_variants_fold_to_one_actor() -> None:
    for text in ("البنتاغون", "البنتاجون", "واشنطن", "واشنطون"):
        assert mentions_of(f"قال {text} إن")[0][2] == "USA"
    for text in ("إيران", "ايران", "أيران"):
        assert mentions_of(f"قالت {text} إن")[0][2] == "IRN"
    for text in ("داعش", "الدولة الإسلامية", "تنظيم الدولة"):
        assert mentions_of(f"هاجم {text} القرية")[0][2] == "isis"


def test_surname_and_head_noun_coreference() -> None:
    found = extract_article([
        (0, "وقال المتحدث باسم البنتاغون النقيب جيف ديفيس إن الطائرات عادت."),
        (1, "وقال ديفيس إن تنظيم الدولة الإسلامية تراجع."),
        (2, "وأضاف أن التنظيم فقد مواقعه."),
    ])
    by_sentence = {(m.sentence_id, m.surface): (m.actor_id, m.method) for m in found}
    assert by_sentence[(1, "ديفيس")][0] == "jeff_davis"
    assert by_sentence[(2, "التنظيم")] == ("isis", "coreference")


def test_unknown_people_from_titles_get_slugs_and_countries() -> None:
    found = extract_article([(0, "وقال وزير الدفاع العراقي خالد العبيدي إن. وقال المتحدث باسم حزب الشعوب الديمقراطي التركي أيهان بيلغن إن الحكومة تقمع المعارضة.")])
    people = {m.surface: (m.actor_id, m.method, m.actor_country) for m in found if m.entity_type == "PERSON"}
    assert people["خالد العبيدي"][:2] == ("khaled_al_obeidi", "gazetteer")
    assert people["أيهان بيلغن"] == ("ayhan_bilghn", "pattern", "TUR")


@pytest.mark.parametrize("text", [
    "وقال مسؤولون أمريكيون إن الاتفاق صامد.",
    "قاد قائد طائرة مقاتلة روسية الهجوم.",
    "وقال مكتب الوزير في بيان إن الاجتماع انتهى.",
    "وزير الدفاع ترأس اجتماعا مهما.",
])
def test_no_person_without_a_name(text: str) -> None:
    assert [m for m in extract_article([(0, text)]) if m.entity_type == "PERSON"] == []


def test_state_body_followed_by_a_country() -> None:
    found = mentions_of("قال مسؤولون بوزارة الدفاع بواشنطن إن. وأبلغ نواب البرلمان في لندن أن")
    assert ("وزارة الدفاع", "ORG", "us_department_of_defense", "name") in found
    assert ("البرلمان", "ORG", "uk_parliament", "name") in found
    assert ("لندن", "LOCATION", "london", "name") in found
    other = mentions_of("وقالت وزارة الدفاع التركية إن")
    assert other[0][:3] == ("وزارة الدفاع", "ORG", "tur_defence_ministry")


def _mentions(paths) -> pl.DataFrame:  # noqa: ANN001
    rows = [{"article_id": p.stem, "raw_text": p.read_text(encoding="utf-8"), "language": "ar", "content_sha256": "x"}
            for p in paths]
    return extract_mentions(split_sentences(clean_articles(pl.DataFrame(rows))))


def test_sample_actor_scores_hold(gold) -> None:
    """The quality bar of the sample: F1 >= 0.95 overall and >= 0.90 per type."""
    report = score_actors(_mentions(sorted(RAW_DIR.glob("*.txt"))), gold)
    assert report.overall.f1 >= 0.95, report.errors
    for entity_type, score in report.by_type.items():
        assert score.f1 >= 0.90, (entity_type, score.as_dict(), report.errors)


def test_new_articles_get_their_actors_found_and_linked() -> None:
    expected = json.loads((ARTICLES / "expected_actors.json").read_text(encoding="utf-8"))
    mentions = _mentions(sorted(ARTICLES.glob("*.txt")))
    for article_id, by_type in expected.items():
        found = mentions.filter(pl.col("article_id") == article_id)
        for entity_type, actor_ids in by_type.items():
            got = set(found.filter(pl.col("entity_type") == entity_type)["actor_id"].drop_nulls())
            assert got == set(actor_ids), (article_id, entity_type, sorted(got))
