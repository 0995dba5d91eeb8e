"""Chrome removal, metadata, normalization and repairs, on hand-written cases and the sample."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.chrome import classify_line
from pipeline.cleaning import clean_articles, clean_document
from pipeline.lexicon import Vocabulary, arabic_vocabulary
from pipeline.normalize import fold_text, normalize_text
from pipeline.repair import repair_flipped_brackets, repair_glued_words, split_glued
from tests.conftest import RAW_DIR

BODY = "وقال المتحدث باسم الحكومة إن بغداد ترحب بالتعاون مع موسكو في مكافحة الإرهاب."


@pytest.mark.parametrize("line, kind", [
    ("تخطي إلى المحتوى الرئيسي", "navigation"),
    ("Skip to main content", "navigation"),
    ("فيس بوك", "share"),
    ("شارك تويتر واتساب", "share"),
    ("Facebook | Twitter | WhatsApp", "share"),
    ("إعلان", "advert"),
    ("Advertisement", "advert"),
    ("الرسالة الإخباريةأبرز الأحداث الدولية صباح كل يوم", "newsletter"),
    ("اشترك في النشرة البريدية", "newsletter"),
    ("الصفحة غير متوفرة", "unavailable"),
    ("المحتوى الذي تريدون تصفحه لم يعد في الخدمة أو غير متوفر حاليا.", "unavailable"),
    ("Page not found", "unavailable"),
    ("4 دقائق", "read_time"),
    ("5 دقائق للقراءة", "read_time"),
    ("3 min read", "read_time"),
    ("الوسوم: العراق، روسيا، داعش", "tags"),
    ("اقرأ أيضا: روسيا تقصف مواقع في سوريا", "tags"),
    ("سوريا - العراق - أيران - روسيا", "tag_list"),
    ("أ ف ب", "agency"),
    ("(رويترز)", "agency"),
    ("نص : فراس حسن", "byline"),
    ("بقلم: محمد علي", "byline"),
    ("المصدر: ميدل إيست آي", "source"),
    ("اخبار الساعة - متابعات", "site_header"),
    ("Important news ticker", "foreign_widget"),
    ("آخر تحديث 12:30", "published"),
    ("جميع الحقوق محفوظة © 2015", "copyright"),
    ("أضف تعليق", "comments"),
    ("صورة أرشيفية", "caption"),
    (BODY, "content"),
    ("التفاهم مع إيران", "content"),
    ("إعلان روسيا عن تشكيل تحالف جديد مع العراق وإيران وسوريا أثار قلق واشنطن.", "content"),
    ("شارك الآلاف في تظاهرة ضد الحرب في بغداد يوم الجمعة.", "content"),
])
def test_each_chrome_class_and_real_text(line: str, kind: str) -> None:
    assert classify_line(normalize_text(line), "ar")[0] == kind


def test_metadata_lines_are_extracted_and_removed() -> None:
    raw = "\n".join([
        "تخطي إلى المحتوى الرئيسي", "", "روسيا تعرض السلاح على العشائر", "", "فيس بوك",
        "نص : فراس حسن", "4 دقائق", "", BODY, "", "أ ف ب", "", "المصدر: ميدل إيست آي",
    ])
    doc = clean_document(raw)
    assert doc.title == "روسيا تعرض السلاح على العشائر"
    assert doc.byline == "فراس حسن"
    assert doc.agency == "AFP"
    assert doc.source_name == "ميدل إيست آي"
    assert doc.body == "روسيا تعرض السلاح على العشائر\n" + BODY
    assert doc.removed == ["تخطي إلى المحتوى الرئيسي", "فيس بوك", "نص : فراس حسن", "4 دقائق", "أ ف ب",
                           "المصدر: ميدل إيست آي"]


def test_no_title_when_the_first_line_is_a_sentence() -> None:
    assert clean_document(BODY + "\n" + BODY).title is None


def test_normalization_removes_diacritics_tatweel_and_odd_spaces() -> None:
    assert normalize_text("كثّف\u00a0الـروس  “الضربات”") == 'كثف الروس "الضربات"'
    assert normalize_text("سوريا ـ العراق") == "سوريا - العراق"
    assert normalize_text("ﻻ") == "لا"  # presentation form (NFKC)


def test_normalization_keeps_the_line_breaks() -> None:
    """clean_document normalizes an article in one pass and splits it again
    into its raw lines: no character, next to a line break or alone, may add
    or remove one (\\r is turned into \\n before)."""
    for code in range(0x10000):
        char = chr(code)
        if char in "\r\n" or 0xD800 <= code < 0xE000:
            continue
        assert normalize_text(f"a\n{char}\n{char}{char}\nb").count("\n") == 3, hex(code)


def test_match_text_folds_one_character_for_one() -> None:
    body = "أعلنت إيران وآسيا ومصطفى ٢٠١٥ الدولة USA"
    folded = fold_text(body)
    assert len(folded) == len(body)
    assert folded == "اعلنت ايران واسيا ومصطفي 2015 الدوله usa"


@pytest.mark.parametrize("glued, split", [
    ("داعشبمساعدة", "داعش بمساعدة"),
    ("أمريكاواحتلته", "أمريكا واحتلته"),
    ("لتنفيذومتابعة", "لتنفيذ ومتابعة"),
    ("نقلداعش", "نقل داعش"),
    ("الأمريكيةالمقدمة", "الأمريكية المقدمة"),
    ("معالقوات", "مع القوات"),
    ("دعواتإلى", "دعوات إلى"),
    ("برئاسةالشيخ", "برئاسة الشيخ"),
    ("دقيقمن", "دقيق من"),
])
def test_glued_words_are_split_where_both_halves_are_words(glued: str, split: str) -> None:
    parts = split_glued(glued, arabic_vocabulary())
    assert parts is not None and " ".join(parts) == split


@pytest.mark.parametrize("word", [
    "الاستراتيجية", "والاستخباري", "الإقليميون", "مستكملا", "الكلونيل", "ميسنجر", "هورامي",
    "البنتاجون", "واشنطون", "المتحدة", "بالمشاركة", "ستراتيجية", "وبالتنسيق",
])
def test_real_words_and_names_are_never_split(word: str) -> None:
    text, repairs = repair_glued_words(f"قال المسؤول إن {word} مهم.", arabic_vocabulary())
    assert repairs == []
    assert word in text


def test_a_vocabulary_view_ranks_its_extra_words_after_the_base() -> None:
    """An article's own words extend the shared vocabulary: a token ranks as
    the shared vocabulary ranks it, else after all its words when the
    article's words alone know it (with clitics), else not at all."""
    vocab = arabic_vocabulary()
    extra = {"بيرنسكي", "كوباني", "داعشي"}
    view = vocab.with_words(extra)
    alone = Vocabulary(sorted(extra))
    text = (RAW_DIR / sorted(p.name for p in RAW_DIR.glob("*.txt"))[0]).read_text(encoding="utf-8")
    tokens = {fold_text(t) for t in text.split()} | {"وبيرنسكي", "لكوباني", "بيرنسكيون", "كوبان", "ودولة"}
    for token in sorted(tokens):
        base = vocab.best_rank(token)
        expected = base if base is not None else (len(vocab) if alone.best_rank(token) is not None else None)
        assert view.best_rank(token) == expected, token
    assert view.is_word("وبيرنسكي") and not vocab.is_word("وبيرنسكي")


def test_a_repeated_unknown_token_is_taken_for_a_name() -> None:
    text = "التقى زيدانالجابري أمس. وقال زيدانالجابري إن"
    assert repair_glued_words(text, arabic_vocabulary())[1] == []


def test_flipped_brackets() -> None:
    text, repairs = repair_flipped_brackets("بدأت في أكتوبر)تشرين الأول(.")
    assert text == "بدأت في أكتوبر (تشرين الأول)."
    assert repairs == [(")تشرين الأول(", "(تشرين الأول)")]
    assert repair_flipped_brackets("(أ) و(ب) قالا")[1] == []


def _sample_frame() -> pl.DataFrame:
    rows = [
        {"article_id": p.stem, "raw_text": p.read_text(encoding="utf-8"), "language": "ar", "content_sha256": "0" * 64}
        for p in sorted(RAW_DIR.glob("*.txt"))
    ]
    return pl.DataFrame(rows)


def test_sample_boilerplate_is_gone_and_titles_match_gold(gold) -> None:
    cleaned = clean_articles(_sample_frame())
    for row in cleaned.iter_rows(named=True):
        annotation = gold[row["article_id"]]
        for boilerplate in annotation["boilerplate"]:
            lines = row["body"].split("\n")
            assert normalize_text(boilerplate) not in lines, boilerplate
            assert not any(line.startswith(normalize_text(boilerplate) + " ") for line in lines if len(boilerplate) < 5)
            assert boilerplate in row["removed"] or any(boilerplate in r for r in row["removed"])
        expected_title = annotation["title"]
        assert row["title"] == (normalize_text(expected_title) if expected_title else None)
        assert len(row["match_text"]) == len(row["body"])


def test_sample_repairs_are_recorded() -> None:
    cleaned = clean_articles(_sample_frame())
    repairs = {r["before"]: r["after"] for rs in cleaned["repairs"].to_list() for r in rs}
    for glued in ("داعشبمساعدة", "نقلداعش", "أمريكاواحتلته", "لتنفيذومتابعة", "معالقوات", ")تشرين الأول("):
        assert glued in repairs
