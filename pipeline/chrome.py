"""Classes of site chrome and boilerplate, as line patterns.

Each rule names a class of non-article line (navigation, share buttons, ads,
newsletter blurbs, "page not available" notices, read-time lines, tag lines,
wire credits, bylines, source lines, site headers) and matches the whole
normalized line. Rules describe the class, not one site's wording, and are
kept here, apart from the cleaning logic, so they can be reviewed and tested
one by one (tests/test_cleaning.py has an example line for each).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE


@dataclass(frozen=True)
class ChromeRule:
    kind: str
    pattern: re.Pattern[str]
    max_words: int = 40  # a line longer than this is article text, whatever it starts with


def _alt(*words: str) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


_SOCIAL = _alt(
    "فيس ?بوك", "فيسبوك", "تويتر", "تويتير", "إكس", "واتس ?آب", "واتس ?اب", "واتساب",
    "تيليجرام", "تيليغرام", "تلغرام", "تليجرام", "لينكد ?إن", "لينكدإن", "إنستغرام", "انستغرام",
    "انستجرام", "يوتيوب", "تيك ?توك", "سناب ?شات", "بريد إلكتروني", "البريد الإلكتروني",
    "طباعة", "اطبع", "شارك", "مشاركة", "شارك الخبر", "شارك المقال", "شاركها", "انشر", "أرسل",
    "ارسل", "نسخ الرابط", "الرابط المختصر", "facebook", "twitter", "whatsapp", "telegram",
    "linkedin", "instagram", "youtube", "tiktok", "e-?mail", "print", "share", "pinterest",
    "reddit", "messenger", "copy link", "tweet",
)
_AGENCIES = {
    "أ ف ب": "AFP", "ا ف ب": "AFP", "أ.ف.ب": "AFP", "ا.ف.ب": "AFP", "فرانس برس": "AFP",
    "afp": "AFP", "رويترز": "Reuters", "reuters": "Reuters", "أ ب": "AP", "ا ب": "AP",
    "ap": "AP", "أسوشيتد برس": "AP", "د ب أ": "dpa", "د.ب.أ": "dpa", "dpa": "dpa",
    "أ ش أ": "MENA", "واس": "SPA", "قنا": "QNA", "وام": "WAM", "كونا": "KUNA", "بترا": "Petra",
    "سانا": "SANA", "إرنا": "IRNA", "ارنا": "IRNA", "الأناضول": "Anadolu", "الاناضول": "Anadolu",
    "شينخوا": "Xinhua", "xinhua": "Xinhua", "يونا": "UNA", "وكالات": "agencies",
    "سبوتنيك": "Sputnik", "تاس": "TASS", "إيفي": "EFE",
}
_AGENCY_ALT = _alt(*(re.escape(a) for a in _AGENCIES))

RULES: tuple[ChromeRule, ...] = (
    ChromeRule("navigation", re.compile(
        r"^(?:(?:تخطي|تخطى|تجاوز|انتقل|اذهب|الانتقال) (?:إلى|الى|الي) (?:المحتوى|المحتويات|المحتوي)(?: الرئيسي)?"
        r"|skip to (?:main )?content|skip navigation|القائمة الرئيسية|main menu|menu|الرئيسية|home)$", _I)),
    ChromeRule("share", re.compile(rf"^(?:{_SOCIAL}[\s|،,•·/:\-]*)+$", _I), 12),
    ChromeRule("advert", re.compile(
        r"^(?:إعلان|اعلان|إعلانات|اعلانات|مساحة إعلانية|محتوى مدعوم|محتوى ممول|مدعوم|"
        r"advertisement|advertising|ads?|sponsored(?: content)?)$", _I)),
    ChromeRule("newsletter", re.compile(
        r"^(?:الرسالة الإخبارية|الرسالة الاخبارية|النشرة الإخبارية|النشرة الاخبارية|النشرة البريدية|"
        r"اشترك في|اشترك الآن|اشتركوا في|سجل بريدك|newsletter|subscribe|sign up)", _I), 15),
    ChromeRule("unavailable", re.compile(
        r"(?:(?:الصفحة|الصفحه) (?:غير متوفرة|غير موجودة|المطلوبة غير)|لم يعد في الخدمة|"
        r"غير متوفر(?:ة)? حاليا|المحتوى (?:غير متاح|غير متوفر)|page not found|"
        r"(?:page|content) (?:is )?(?:no longer |not )?available|^404\b|error 404)", _I), 25),
    ChromeRule("read_time", re.compile(
        r"^(?:(?:وقت|مدة|زمن) القراءة.*|(?:قراءة في )?\d+\s*(?:دقائق|دقيقة|دقيقتان|دقيقتين|د)"
        r"(?: (?:للقراءة|قراءة|من القراءة))?|\d+\s*min(?:ute)?s?(?: read)?|reading time.*)$", _I), 8),
    ChromeRule("tags", re.compile(
        r"^(?:الوسوم|وسوم|كلمات مفتاحية|الكلمات المفتاحية|كلمات دلالية|مواضيع ذات صلة|"
        r"مواضيع متعلقة|أخبار ذات صلة|اقرأ أيضا|اقرأ ايضا|اقرأ المزيد|إقرأ أيضا|المزيد من|"
        r"tags|related(?: articles| news)?|read more|read also|see also)\b.*$", _I), 30),
    ChromeRule("published", re.compile(
        r"^(?:نشر في|نشر بتاريخ|تاريخ النشر|آخر تحديث|اخر تحديث|تم النشر|published|updated|last updated)"
        r"\b.{0,60}$", _I), 12),
    ChromeRule("copyright", re.compile(
        r"^(?:©|\(c\)|جميع الحقوق محفوظة|حقوق النشر|all rights reserved|copyright).*$", _I), 20),
    ChromeRule("comments", re.compile(
        r"^(?:التعليقات|تعليقات|أضف تعليق|اضف تعليق|اترك تعليقا|comments?|leave a comment)"
        r"(?: \(?\d+\)?)?$", _I)),
    ChromeRule("caption", re.compile(
        r"^\(?(?:صورة|الصورة|صور|photo|image|picture)(?: أرشيفية| ارشيفية| من الأرشيف)?\)?"
        r"(?:\s*[:|-].{0,80})?$", _I), 12),
)

# Lines that carry metadata we keep in a column, then remove from the body.
AGENCY_LINE = re.compile(rf"^[\(\[-]?\s*({_AGENCY_ALT})\s*[\)\]-]?$", _I)
BYLINE = re.compile(
    r"^(?:نص|بقلم|كتب|كتبت|كتبه|كتابة|إعداد|اعداد|تحرير|تقرير|مراسل|by|written by|author|reporting by)"
    r"\s*[:：\-–]\s*(.{2,60}?)\s*$", _I)
BYLINE_PLAIN = re.compile(r"^(?:بقلم|by)\s+(.{2,50}?)\s*$", _I)
SOURCE_LINE = re.compile(
    r"^(?:المصدر|مصدر الخبر|المصدر الأصلي|المصدر الاصلي|نقلا عن|source|via)\s*[:：\-–]\s*(.{2,80}?)\.?\s*$", _I)
# "<outlet> - متابعات": an outlet's header naming the desk the piece came from.
SITE_HEADER = re.compile(
    r"^(.{2,40}?)\s*[-|–—]\s*(?:متابعات|خاص|وكالات|تقارير|ترجمات|أخبار|اخبار)$", _I)
# A list of short items joined by one separator: "سوريا - العراق - أيران - روسيا".
TAG_LIST = re.compile(r"^[^.؟?!:\"]{1,40}(?:\s+[-|/•·]\s+[^.؟?!:\"\-|/•·]{1,40}){2,}$")
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
TERMINAL = re.compile(r"[.؟?!:…\"'»)\]]$")


def agency_name(credit: str) -> str:
    """Canonical agency for a wire-credit line (`أ ف ب` -> `AFP`)."""
    key = credit.strip().lower()
    for alias, name in _AGENCIES.items():
        if alias.lower() == key:
            return name
    return credit.strip()


def classify_line(line: str, language: str) -> tuple[str, str | None]:
    """Kind of one normalized line, with the metadata value it carries.

    Kinds: `blank`, `content`, one of the rule kinds, `agency`, `byline`,
    `source`, `site_header`, `tag_list`, `foreign_widget`.
    """
    stripped = line.strip()
    if not stripped or not any(ch.isalnum() for ch in stripped):
        return "blank", None
    n_words = len(stripped.split())
    if match := AGENCY_LINE.match(stripped):
        return "agency", agency_name(match.group(1))
    if match := SOURCE_LINE.match(stripped):
        return "source", match.group(1).strip()
    if n_words <= 8 and (match := BYLINE.match(stripped) or BYLINE_PLAIN.match(stripped)):
        return "byline", match.group(1).strip()
    if n_words <= 8 and (match := SITE_HEADER.match(stripped)):
        return "site_header", match.group(1).strip()
    for rule in RULES:
        if n_words <= rule.max_words and rule.pattern.search(stripped):
            return rule.kind, None
    if n_words <= 12 and TAG_LIST.match(stripped) and not TERMINAL.search(stripped):
        return "tag_list", None
    # A short line with no Arabic letter inside an Arabic article is a widget
    # label left by the page template ("Important news ticker").
    if (
        language == "ar"
        and n_words <= 8
        and not ARABIC_LETTER.search(stripped)
        and not TERMINAL.search(stripped)
    ):
        return "foreign_widget", None
    return "content", None
