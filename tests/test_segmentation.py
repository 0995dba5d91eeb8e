"""Sentence splitting rules and offsets."""

from __future__ import annotations

import polars as pl
from camel_tools.tokenizers.word import simple_word_tokenize

from pipeline.cleaning import clean_articles
from pipeline.normalize import normalize_text
from pipeline.segmentation import sentence_spans, split_sentences
from tests.conftest import RAW_DIR


def texts(body: str) -> list[str]:
    return [body[s.start : s.end] for s in sentence_spans(body)]


def test_ends_at_terminal_punctuation_not_at_commas() -> None:
    body = "قال الوزير، في بيان؛ إن الاجتماع انتهى. هل نجح؟ نعم! انتهى الأمر"
    assert texts(body) == ["قال الوزير، في بيان؛ إن الاجتماع انتهى.", "هل نجح؟", "نعم!", "انتهى الأمر"]


def test_glued_period_still_ends_a_sentence() -> None:
    assert texts("داخل المجتمعات السنية.إن جزءا من هذا") == ["داخل المجتمعات السنية.", "إن جزءا من هذا"]


def test_numbers_dates_and_abbreviations_are_untouched() -> None:
    body = "ارتفع النمو 3.5 في المئة في 17.09.2015 وقالت د. هوليز إن U.S. forces left. ثم انتهى."
    assert texts(body) == ["ارتفع النمو 3.5 في المئة في 17.09.2015 وقالت د. هوليز إن U.S. forces left.", "ثم انتهى."]


def test_line_break_always_ends_and_headings_are_marked() -> None:
    body = "التفاهم مع إيران\nنفى كيري وجود تنسيق. وقال إن\nحلفاء مثيرون للدهشة"
    spans = sentence_spans(body)
    assert [body[s.start : s.end] for s in spans] == ["التفاهم مع إيران", "نفى كيري وجود تنسيق.", "وقال إن", "حلفاء مثيرون للدهشة"]
    assert [s.is_heading for s in spans] == [True, False, False, True]


def test_short_quote_spanning_sentences_stays_whole() -> None:
    body = 'وقال: "نحن نتعاون مع روسيا. ولدينا عقود معها." ثم غادر.'
    assert texts(body) == ['وقال: "نحن نتعاون مع روسيا. ولدينا عقود معها."', "ثم غادر."]


def test_long_quote_is_split() -> None:
    long = "كلام " * 80
    body = f'وقال: "{long}انتهى. {long}انتهى."'
    assert len(texts(body)) == 2


def test_closing_quote_after_question_mark_stays_with_the_sentence() -> None:
    assert texts('فكيف يمكننا أن نصدق روسيا؟". وقال المسؤول') == ['فكيف يمكننا أن نصدق روسيا؟".', "وقال المسؤول"]


def test_sample_offsets_tokens_and_no_lost_sentence(gold) -> None:
    rows = [{"article_id": p.stem, "raw_text": p.read_text(encoding="utf-8"), "language": "ar", "content_sha256": "x"}
            for p in sorted(RAW_DIR.glob("*.txt"))]
    cleaned = clean_articles(pl.DataFrame(rows))
    sentences = split_sentences(cleaned)
    bodies = dict(zip(cleaned["article_id"], cleaned["body"]))
    for row in sentences.iter_rows(named=True):
        assert bodies[row["article_id"]][row["start_char"] : row["end_char"]] == row["text"]
        assert row["n_tokens"] == len(simple_word_tokenize(row["text"]))
    # every gold event's evidence lies inside one sentence: nothing was lost or cut
    for article_id, annotation in gold.items():
        article = sentences.filter(pl.col("article_id") == article_id)["text"].to_list()
        for event in annotation["events"]:
            evidence = " ".join(normalize_text(event["evidence"]).split())
            assert any(evidence in " ".join(s.split()) for s in article), evidence
