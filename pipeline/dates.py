"""Dates in Arabic news text: absolute (both month-name series, digits, Hijri) and relative.

`find_date` gives the first date phrase of a sentence and, where it can,
the calendar date: an absolute date with its year; a day and month without
one in the year that puts it nearest before the article's date; and, given
the article's publication date as `anchor`, the relative phrases that name
one day (أمس، أول أمس، اليوم، غدا، الأربعاء، الأربعاء الماضي، الخميس المقبل).
Phrases that name no single day (الأسبوع الماضي، مؤخرا) keep their text only.
Hijri dates (8 شوال 1436 هـ) are converted by hijridate (Umm al-Qura).
`publication_date` finds an article's own date in its dateline or file name.
All patterns run on folded text (pipeline.normalize.fold_text).
"""

from __future__ import annotations

import datetime as dt
import re

from pipeline.normalize import fold_text


def _f(*words: str) -> list[str]:
    return [fold_text(w) for w in words]


GREGORIAN_MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
    ("يناير", "كانون الثاني"), ("فبراير", "شباط"), ("مارس", "آذار", "اذار"), ("أبريل", "ابريل", "نيسان"),
    ("مايو", "أيار", "ايار"), ("يونيو", "يونيه", "حزيران"), ("يوليو", "يوليه", "تموز"), ("أغسطس", "اغسطس", "آب"),
    ("سبتمبر", "أيلول", "ايلول"), ("أكتوبر", "اكتوبر", "تشرين الأول"), ("نوفمبر", "تشرين الثاني"),
    ("ديسمبر", "كانون الأول"),
), start=1):
    GREGORIAN_MONTHS.update(dict.fromkeys(_f(*_names), _number))
HIJRI_MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
    ("محرم",), ("صفر",), ("ربيع الأول", "ربيع الاول"), ("ربيع الثاني", "ربيع الآخر", "ربيع الاخر"),
    ("جمادى الأولى", "جمادى الاولى"), ("جمادى الآخرة", "جمادى الثانية", "جمادى الاخرة"), ("رجب",), ("شعبان",),
    ("رمضان",), ("شوال",), ("ذو القعدة", "ذي القعدة"), ("ذو الحجة", "ذي الحجة"),
), start=1):
    HIJRI_MONTHS.update(dict.fromkeys(_f(*_names), _number))

# Monday first, as datetime.weekday() counts.
WEEKDAYS = {name: i for i, name in enumerate(_f("الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعة", "السبت", "الاحد"))}
WEEKDAYS[fold_text("الإثنين")] = 0

_MONTH_ALT = "|".join(sorted((re.escape(m) for m in GREGORIAN_MONTHS), key=len, reverse=True))
_HIJRI_ALT = "|".join(sorted((re.escape(m) for m in HIJRI_MONTHS), key=len, reverse=True))
_DAY_ALT = "(?:" + "|".join(WEEKDAYS) + ")"
ABSOLUTE_DATE = re.compile(
    rf"(?:(?:يوم )?{_DAY_ALT} )?(\d{{1,2}}) ({_MONTH_ALT})(?: ?[-/] ?(?:{_MONTH_ALT}))?(?: ?\(?({_MONTH_ALT})\)?)?(?: (\d{{4}}))?"
)
HIJRI_DATE = re.compile(rf"(\d{{1,2}}) ({_HIJRI_ALT}) (1[34]\d\d)(?: ?ه\b| ?هـ)?")
NUMERIC_DATE = re.compile(r"\b(?:(20\d\d|19\d\d)[-/.](\d{1,2})[-/.](\d{1,2})|(\d{1,2})[-/.](\d{1,2})[-/.](20\d\d|19\d\d))\b")
MONTH_YEAR = re.compile(rf"(?:شهر )?({_MONTH_ALT}) (\d{{4}})")
RELATIVE_DATE = re.compile(
    rf"(?:اليوم |يوم |امس )?({_DAY_ALT})(?: (الماضي|المقبل|الفائت|القادم))?"
    rf"|(?:الاسبوع|الشهر|العام) (?:الماضي|المقبل|الحالي)"
    rf"|(?:شهر |في )?(?:{_MONTH_ALT}) (?:الماضي|المقبل)|قبل ايام|(اول امس)|(امس)|(اليوم)|(غدا)|مؤخرا|الاسبوعين الماضيين"
)
# Only text with one of these can hold a date (a cheap column-wide test before the patterns).
DATE_HINT = r"\d|[٠-٩]|" + "|".join(
    ("يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو", "اغسطس", "سبتمبر", "اكتوبر", "نوفمبر", "ديسمبر",
     "كانون", "شباط", "اذار", "نيسان", "ايار", "حزيران", "تموز", "اب", "ايلول", "تشرين", "الماضي", "المقبل",
     "الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "امس", "اليوم", "غدا", "مؤخرا", "ايام",
     "القادم")
)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """A day and month without a year: in the anchor's year, or the one before when that is
    more than a month after the anchor (news reports the past)."""
    candidate = _date(anchor.year, month, day)
    if candidate is not None and candidate > anchor + dt.timedelta(days=31):
        candidate = _date(anchor.year - 1, month, day)
    return candidate


def _hijri(year: int, month: int, day: int) -> dt.date | None:
    from hijridate import Hijri

    try:
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None


def _relative(match: re.Match[str], anchor: dt.date) -> dt.date | None:
    weekday, direction, two_days_ago, yesterday, today, tomorrow = match.groups()
    if yesterday:
        return anchor - dt.timedelta(days=1)
    if two_days_ago:
        return anchor - dt.timedelta(days=2)
    if today:
        return anchor
    if tomorrow:
        return anchor + dt.timedelta(days=1)
    if weekday:
        back = (anchor.weekday() - WEEKDAYS[weekday]) % 7
        if direction in ("المقبل", "القادم"):
            return anchor + dt.timedelta(days=(WEEKDAYS[weekday] - anchor.weekday()) % 7 or 7)
        if direction in ("الماضي", "الفائت") and back == 0:
            back = 7  # "الأربعاء الماضي" written on a Wednesday is a week ago
        return anchor - dt.timedelta(days=back)
    return None


def find_date(text: str, folded: str | None = None, anchor: dt.date | None = None) -> tuple[dt.date | None, str | None]:
    """The first date phrase of `text` and its date where one day is meant (see module doc).
    `folded` is the text's fold, when already made (same length as `text`)."""
    folded = fold_text(text) if folded is None else folded
    if match := ABSOLUTE_DATE.search(folded):
        day, month_name, _alt_month, year = match.groups()
        month = GREGORIAN_MONTHS[month_name]
        date = _date(int(year), month, int(day)) if year else (_nearest_year(month, int(day), anchor) if anchor else None)
        return date, text[match.start() : match.end()]
    if match := HIJRI_DATE.search(folded):
        day, month_name, year = match.groups()
        return _hijri(int(year), HIJRI_MONTHS[month_name], int(day)), text[match.start() : match.end()]
    if match := NUMERIC_DATE.search(folded):
        return _numeric(match), text[match.start() : match.end()]
    if match := MONTH_YEAR.search(folded):
        return None, text[match.start() : match.end()]
    if match := RELATIVE_DATE.search(folded):
        return (_relative(match, anchor) if anchor else None), text[match.start() : match.end()]
    return None, None


def _numeric(match: re.Match[str]) -> dt.date | None:
    y1, m1, d1, d2, m2, y2 = match.groups()
    return _date(int(y1), int(m1), int(d1)) if y1 else _date(int(y2), int(m2), int(d2))


# A date in a file name: 2015-07-23, 2015_07_23 or 20150723.
_FILE_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")


def publication_date(lines: list[str], source_path: str | None = None) -> dt.date | None:
    """The article's own date: the first absolute date of its dateline (the
    lines cleaning removed as "published" lines, or a short date-only line),
    else a date in its file name."""
    for line in lines:
        if len(line) > 80:
            continue
        date, _ = find_date(line)
        if date is not None:
            return date
    if source_path and (match := _FILE_DATE.search(source_path)):
        return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return None
