"""The shipped CRF tagger and CoNLL scoring: it loads from the package, finds people the gazetteer
does not know, and its spans are scored exactly per type."""

from __future__ import annotations

import polars as pl

from pipeline.conll import ConllSentence, bio_spans, read_conll, score_conll
from pipeline.entities import extract_mentions
from pipeline.entities.statistical import MODEL_PATH, tagger, windows
from pipeline.normalize import fold_text


def _mentions(text: str) -> pl.DataFrame:
    return extract_mentions(pl.DataFrame({"article_id": ["a"], "sentence_id": pl.Series([0], dtype=pl.Int32),
                                          "text": [text]}))


def test_the_model_ships_with_the_package_and_loads() -> None:
    assert MODEL_PATH.exists() and MODEL_PATH.stat().st_size < 5_000_000
    assert tagger() is not None


def test_an_unknown_person_is_found_and_gets_a_readable_id() -> None:
    found = _mentions("وقال الخبير في الشؤون الخليجية جوشوا لانديس إن الاتفاق لن يغير شيئا.")
    person = found.filter(pl.col("entity_type") == "PERSON")
    assert person["surface"].to_list() == ["جوشوا لانديس"]
    assert person["actor_id"].to_list() == ["joshua_landis"]


def test_a_tagged_name_keeps_its_proclitic_outside_the_span() -> None:
    found = _mentions("والتقى الوزير بالمستشار ماوريتسيو رومانيلي وبالسفير فرانسيسكو كينتانا في روما.")
    for surface in found.filter(pl.col("entity_type") == "PERSON")["surface"]:
        assert not surface.startswith(("و", "ب")), surface


def test_only_stretches_around_possible_names_are_tagged() -> None:
    words = [fold_text(w) for w in ("قال", "الرئيس", "إن", "الجو", "حار", "اليوم", "في", "المدينة", "كما", "قال",
                                     "غيره", "من", "الناس")]
    tags = ["O"] * len(words)
    stretches = windows(words, tags)
    assert stretches and all(len(r) <= 7 for r in stretches)
    assert 1 in stretches[0]  # around the title
    assert not any(10 in r for r in stretches)  # common words alone open no stretch


def test_bio_spans_read_exact_entities() -> None:
    assert bio_spans(["B-PERS", "I-PERS", "O", "B-LOC", "I-ORG", "B-ORG", "I-ORG"]) == {
        (0, 2, "PERS"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 7, "ORG")}


def test_conll_scoring_counts_exact_spans_per_type(tmp_path) -> None:
    path = tmp_path / "mini.txt"
    path.write_text("وقال O\nالرئيس O\nالأمريكي O\nباراك B-PERS\nأوباما I-PERS\nفي O\nواشنطن B-LOC\n. O\n\n"
                    "زار O\nالوزير O\nموسكو B-LOC\n. O\n", encoding="utf-8")
    assert [s.words[:2] for s in read_conll(path)] == [["وقال", "الرئيس"], ["زار", "الوزير"]]
    scores = score_conll(path)
    assert scores["PERS"].tp == 1 and scores["LOC"].tp == 2
    assert scores["overall"].precision == 1.0 and scores["overall"].recall == 1.0
    assert isinstance(read_conll(path)[0], ConllSentence)
