"""Readable person ids: the table of English spellings first, then romanization by rule."""

from __future__ import annotations

import pytest

from pipeline.translit import arabic_to_slug, romanize_word


@pytest.mark.parametrize("name, expected", [
    ("عادل الجبير", "adel_al_jubeir"),
    ("محمد بن سلمان", "mohammed_bin_salman"),
    ("عبد الله بن عبد العزيز", "abdullah_bin_abdulaziz"),
    ("عبدالرحمن الدوسري", "abdulrahman_al_dosari"),
    ("أحمد العسيري", "ahmed_al_asiri"),
    ("يحيى رباح", "yahya_rabah"),  # رباح by rule: a vowel between the two leading consonants
    ("جوش إيرنست", "josh_irnst"),
])
def test_names_get_their_common_english_spelling(name: str, expected: str) -> None:
    assert arabic_to_slug(name) == expected


def test_spelling_variants_of_one_name_give_one_id() -> None:
    assert arabic_to_slug("أحمد الغامدي") == arabic_to_slug("احمد الغامدي") == "ahmed_al_ghamdi"
    assert arabic_to_slug("عبدالعزيز") == arabic_to_slug("عبد العزيز") == "abdulaziz"


def test_romanization_by_rule_reads_long_vowels_and_the_faail_pattern() -> None:
    assert romanize_word("سالم") == "salem"  # from the table
    assert romanize_word("كاتب") == "katib"  # فاعل: an i before the last consonant
    assert romanize_word("بوش") == "bush"  # و between consonants is a long u
    assert romanize_word("الكيلاني") == "al_kilani"
