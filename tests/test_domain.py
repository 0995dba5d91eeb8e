"""Article domain: sports pages, business pages and obituaries are told apart from news, and yield no alliance events."""

from __future__ import annotations

import polars as pl

from pipeline.cleaning import clean_articles
from pipeline.domain import NEWS, OBITUARY, SPORT, classify
from pipeline.entities import extract_mentions
from pipeline.events import extract_events
from pipeline.segmentation import split_sentences

SPORT_PAGE = (
    "حقق فريق الاتفاق فوزا ثمينا على ضيفه التعاون بهدفين مقابل هدف في المباراة التي جمعت بينهما مساء أمس "
    "على ملعب الأمير محمد بن فهد ضمن منافسات الجولة الثالثة من دوري عبد اللطيف جميل للمحترفين. "
    "وسجل هدفي الاتفاق اللاعب يحيى الشهري في الدقيقة العاشرة من الشوط الأول والمهاجم البرازيلي في الشوط الثاني، "
    "فيما سجل هدف التعاون لاعب الوسط. وأبدى مدرب الفريق رضاه عن أداء اللاعبين في اللقاء الودي الذي سبق المباراة "
    "خلال المعسكر الإعدادي في هولندا، مؤكدا أن الفريق يسعى للمنافسة على لقب الدوري وكأس الملك هذا الموسم "
    "بعد التعاقد مع عدد من اللاعبين المحترفين. واتفق مجلس إدارة النادي مع المدرب على تمديد عقده لموسم آخر."
)
NEWS_PAGE = (
    "أعلنت وزارة الخارجية السعودية أن وزير الخارجية عادل الجبير التقى نظيره الروسي سيرغي لافروف في موسكو أمس، "
    "وبحث معه الأزمة السورية وتطورات الأوضاع في اليمن. وقال الجبير في مؤتمر صحفي مشترك إن المملكة تدعم الحل "
    "السياسي في سوريا وفق بيان جنيف، وإن البلدين اتفقا على تعزيز التعاون في مكافحة الإرهاب وتبادل المعلومات "
    "الأمنية. وأضاف أن الرياض ترحب بأي جهد دولي لمواجهة تنظيم داعش، فيما أكد لافروف أن موسكو مستعدة "
    "للتنسيق مع دول المنطقة. وكانت المملكة قد استضافت الشهر الماضي اجتماعا لقوى المعارضة السورية."
)


def _frame(texts: list[str]) -> pl.DataFrame:
    raw = pl.DataFrame([{"article_id": f"a{i}", "raw_text": t, "language": "ar", "content_sha256": "x"}
                        for i, t in enumerate(texts)])
    return clean_articles(raw)


def test_a_sports_page_is_sport_and_a_political_report_is_news() -> None:
    assert classify(pl.Series([SPORT_PAGE, NEWS_PAGE]))["domain"].to_list() == [SPORT, NEWS]


def test_a_short_text_is_news_whatever_its_words() -> None:
    # الاتحاد and الأوروبي are strong sports words, but one line is no sports page
    assert classify(pl.Series(["رحب الاتحاد الأوروبي بالانتخابات في تونس."]))["domain"].to_list() == [NEWS]


def test_a_death_notice_is_an_obituary() -> None:
    text = "انتقل إلى رحمة الله تعالى الشيخ محمد بن عبدالله، وتقبل التعازي في منزله بالرياض. " * 3
    assert classify(pl.Series([text]))["domain"].to_list() == [OBITUARY]


def test_sports_pages_hold_no_alliance_events_and_name_their_clubs() -> None:
    cleaned = _frame([SPORT_PAGE, NEWS_PAGE])
    assert cleaned["domain"].to_list() == [SPORT, NEWS]
    sentences = split_sentences(cleaned)
    assert set(sentences["domain"]) == {SPORT, NEWS}
    mentions = extract_mentions(sentences)
    events = extract_events(sentences, mentions)
    assert events.filter(pl.col("article_id") == "a0").height == 0  # اتفق، التعاون، اللقاء الودي: no events
    assert events.filter(pl.col("article_id") == "a1").height >= 3
    clubs = set(mentions.filter(pl.col("article_id") == "a0")["actor_id"].drop_nulls())
    assert {"al_ettifaq_fc", "al_taawoun_fc"} <= clubs
    # off the sports pages the same words are no clubs
    assert not {"al_ettifaq_fc", "al_taawoun_fc"} & set(mentions.filter(pl.col("article_id") == "a1")["actor_id"])
