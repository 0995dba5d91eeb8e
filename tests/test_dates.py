"""Dates: absolute in both month series, digits and Hijri; relative ones against the article's date."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dates import find_date, publication_date

THURSDAY = dt.date(2015, 7, 23)  # a Thursday


@pytest.mark.parametrize("phrase, expected", [
    ("أمس", dt.date(2015, 7, 22)),
    ("أول أمس", dt.date(2015, 7, 21)),
    ("اليوم", THURSDAY),
    ("غدا", dt.date(2015, 7, 24)),
    ("الأربعاء الماضي", dt.date(2015, 7, 22)),
    ("يوم الاثنين", dt.date(2015, 7, 20)),
    ("الخميس الماضي", dt.date(2015, 7, 16)),  # written on a Thursday: a week ago
    ("الأحد المقبل", dt.date(2015, 7, 26)),
    ("23 يوليو 2015", dt.date(2015, 7, 23)),
    ("5 آب", dt.date(2015, 8, 5)),  # no year: this year, an upcoming date within a month
    ("5 أيلول", dt.date(2014, 9, 5)),  # more than a month ahead: last year
    ("20 تموز", dt.date(2015, 7, 20)),
    ("8 شوال 1436 هـ", dt.date(2015, 7, 24)),
    ("2015-07-19", dt.date(2015, 7, 19)),
])
def test_a_date_phrase_resolves_against_the_article_date(phrase: str, expected: dt.date) -> None:
    date, text = find_date(f"قال المسؤول إن الاجتماع عقد {phrase} في الرياض.", anchor=THURSDAY)
    assert date == expected
    assert text is not None and text.endswith(phrase.split()[-1])


@pytest.mark.parametrize("phrase", ["الأسبوع الماضي", "مؤخرا", "الشهر المقبل", "قبل أيام"])
def test_phrases_naming_no_single_day_keep_their_text_only(phrase: str) -> None:
    date, text = find_date(f"وقال إن المحادثات بدأت {phrase}.", anchor=THURSDAY)
    assert date is None and text == phrase


def test_relative_dates_stay_unresolved_without_an_article_date() -> None:
    assert find_date("التقى الوزيران أمس في جدة.") == (None, "أمس")


def test_publication_date_comes_from_the_dateline_or_the_file_name() -> None:
    assert publication_date(["نشر في: 23 يوليو 2015", "فيس بوك"]) == THURSDAY
    assert publication_date(["تاريخ النشر 2015/07/21"]) == dt.date(2015, 7, 21)
    assert publication_date(["مشاركة"], "2015-08-02_okaz_123.txt") == dt.date(2015, 8, 2)
    assert publication_date(["مشاركة"], "article_20150803.txt") == dt.date(2015, 8, 3)
    assert publication_date(["مشاركة"], "note.txt") is None
    # a long line is text, not a dateline
    assert publication_date(["قال الوزير " * 10 + "في 23 يوليو 2015"]) is None
