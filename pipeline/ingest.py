"""Reading article files: which files count, their ids, encodings and languages.

Pure functions over bytes and paths; the Dagster assets and the sensor call
them. A file that cannot be read as text yields a `Decoded` with a `reason`
(destined for the quarantine table) instead of raising, so one bad file never
stops a run.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.settings import max_file_bytes

# Files that editors, browsers and copy tools leave behind while writing.
_IGNORED_SUFFIXES = (".part", ".tmp", ".swp", ".swo", ".crdownload", ".partial", ".lock")
_CLEAN_STEM = re.compile(r"^[a-z0-9_-]+$")
_SLUG_DROP = re.compile(r"[^a-z0-9_-]+")

# Magic numbers of formats that are not text, checked before any decoding.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"%PDF-", "PDF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"PK\x03\x04", "ZIP"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"RIFF", "RIFF media"),
    (b"ID3", "MP3"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 (legacy Office)"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"PAR1", "Parquet"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Legacy single-byte code pages Arabic text still arrives in.
_LEGACY_ARABIC = ("cp1256", "iso-8859-6")
# Up to this many (or this share of) invalid UTF-8 bytes, a file is kept and
# the bytes replaced with U+FFFD (counted in n_decode_errors).
_MAX_REPLACED = 16
_MAX_REPLACED_SHARE = 0.005


def is_ignored_name(name: str) -> bool:
    """Editor, partial-download and hidden files that are never articles."""
    return (
        name.startswith(".")
        or name.startswith("~$")
        or name.endswith("~")
        or name.lower().endswith(_IGNORED_SUFFIXES)
        or (name.startswith("#") and name.endswith("#"))
    )


def article_id_for(source_path: str) -> str:
    """Stable article id from a path relative to the raw folder.

    A plain `<stem>.txt` at the top of the folder whose stem is already
    `[a-z0-9_-]` keeps its stem as id. Any other name (uppercase, spaces,
    Arabic letters, other extensions, sub-folders) is slugged and suffixed with
    a hash of the whole relative path, so two files whose names slug alike
    (`A.txt`, `a.txt`, `a.html`) never overwrite each other's partitions.
    """
    rel = source_path.replace(os.sep, "/")
    path = Path(rel)
    stem = path.stem
    if path.suffix == ".txt" and path.parent == Path(".") and _CLEAN_STEM.match(stem):
        return stem
    ascii_stem = _transliterate(stem)
    slug = _SLUG_DROP.sub("-", ascii_stem.lower()).strip("-")[:60] or "article"
    return f"{slug}-{hashlib.sha1(rel.encode('utf-8')).hexdigest()[:8]}"


def _transliterate(text: str) -> str:
    """ASCII rendering of a file name: Arabic via camel-tools, Latin via NFKD."""
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        from camel_tools.utils.charmap import CharMapper

        text = CharMapper.builtin_mapper("ar2safebw")(text)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@dataclass(frozen=True)
class Decoded:
    """The outcome of decoding one file: text, or a reason it has none."""

    text: str | None
    encoding: str | None
    reason: str | None = None
    n_errors: int = 0


def decode_bytes(data: bytes) -> Decoded:
    """Detect the encoding of raw bytes and decode them.

    Order: emptiness, binary signatures, BOMs, NUL bytes (BOM-less UTF-16 or
    binary), strict UTF-8, legacy Arabic code pages (chosen by how Arabic the result reads), UTF-8
    with a few invalid bytes replaced (counted in `n_errors`).
    """
    if not data:
        return Decoded(None, None, "empty file")
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            return Decoded(None, None, f"binary content ({name} signature)")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as err:
                return Decoded(
                    None, name, f"undecodable bytes at offset {err.start} (BOM says {name})"
                )
            return _checked(text.lstrip("\ufeff"), name)
    if b"\x00" in data:
        # Text never holds NUL bytes, except UTF-16 written without a BOM.
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return utf16
        return Decoded(None, None, f"binary content (NUL byte at offset {data.index(0)})")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        first_error = err.start
    legacy = _best_legacy(data)
    if legacy is not None:
        return legacy
    replaced = data.decode("utf-8", errors="replace")
    n_errors = replaced.count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")
    if n_errors <= max(_MAX_REPLACED, int(len(data) * _MAX_REPLACED_SHARE)):
        checked = _checked(replaced, "utf-8")
        return Decoded(checked.text, checked.encoding, checked.reason, n_errors)
    tried = ", ".join(("utf-8", "utf-16", *_LEGACY_ARABIC))
    return Decoded(None, None, f"undecodable bytes at offset {first_error} (tried {tried})")


# Unicode category Cc except \t \n \v \f \r (a regex counts in C, a loop in Python).
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _checked(text: str, encoding: str) -> Decoded:
    """Reject decoded text that is blank or mostly control characters."""
    if not text.strip():
        return Decoded(None, encoding, "no text (whitespace only)")
    sample = text[:20000]
    controls = len(_CONTROL_CHARS.findall(sample))
    if controls > 0.05 * len(sample):
        return Decoded(None, encoding, f"binary content ({controls} control characters in text)")
    return Decoded(text, encoding)


def _bomless_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without BOM: one byte of each pair takes only a few values
    (0x00 for ASCII, 0x06 for Arabic), the other varies."""
    if len(data) < 4 or len(data) % 2:
        return None
    for high, codec in ((data[1::2], "utf-16-le"), (data[0::2], "utf-16-be")):
        top_two = sum(n for _, n in Counter(high).most_common(2))
        if top_two >= 0.95 * len(high) and high.count(0) > 0:
            try:
                return _checked(data.decode(codec), codec)
            except UnicodeDecodeError:
                return None
    return None


_PROSE_CHARS = re.compile("[\x00-\x7f\u0621-\u064a،؛؟«»\u0640]")
_ARABIC_LETTERS = re.compile("[\u0621-\u064a]")


def _arabic_score(text: str) -> float:
    """Share of characters that plausible Arabic or ASCII prose is made of."""
    if not text:
        return 0.0
    return len(_PROSE_CHARS.findall(text)) / len(text)


def _best_legacy(data: bytes) -> Decoded | None:
    scored = []
    for codec in _LEGACY_ARABIC:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        arabic_letters = len(_ARABIC_LETTERS.findall(text))
        if arabic_letters < 0.2 * len(text.replace(" ", "")):
            continue
        scored.append((_arabic_score(text), codec, text))
    if not scored:
        return None
    score, codec, text = max(scored)
    if score < 0.97:
        return None
    return _checked(text, codec)


_LATIN_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "with", "on", "was", "said"},
    "fr": {"le", "la", "les", "et", "des", "du", "est", "une", "dans", "que", "pour", "sur"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "ein"},
    "es": {"el", "los", "las", "y", "que", "del", "en", "por", "una", "para", "con", "es"},
}
_LATIN_WORD = re.compile(r"[a-zà-ÿ]+")
# Letters of each script, in the order that breaks a tie between two scripts.
_SCRIPT_LETTERS = {
    "arabic": "[\u0600-\u06ff\u0750-\u077f]",
    "latin": "[A-Za-z\u00e0-\u00ff]",
    "cyrillic": "[\u0400-\u04ff]",
    "hebrew": "[\u0590-\u05ff]",
}
_PERSIAN_LETTERS = "[پچژگی]"
_LANGUAGE_SAMPLE_CHARS = 20000


def guess_languages(texts: pl.Series) -> pl.Series:
    """ISO 639-1 guess per text from its scripts and, for Latin script, stop words.

    `und` for a text with no letters. Arabic-script text is `ar` (Persian and
    Urdu are told apart by their extra letters). The letters of every text are
    counted in one polars pass; only Latin-script texts, rare here, are looked
    at word by word.
    """
    sample = pl.col("text").str.slice(0, _LANGUAGE_SAMPLE_CHARS)
    arabic, latin, cyrillic, hebrew = (pl.col(script) for script in _SCRIPT_LETTERS)
    by_script = (
        pl.when(pl.max_horizontal(arabic, latin, cyrillic, hebrew) == 0).then(pl.lit("und"))
        .when((arabic >= latin) & (arabic >= cyrillic) & (arabic >= hebrew))
        .then(pl.when(pl.col("persian") > 0.02 * arabic).then(pl.lit("fa")).otherwise(pl.lit("ar")))
        .when((latin >= cyrillic) & (latin >= hebrew)).then(None)  # Latin: by stop words, below
        .when(cyrillic >= hebrew).then(pl.lit("ru"))
        .otherwise(pl.lit("he"))
    )
    languages = (
        pl.DataFrame({"text": texts}, schema={"text": pl.String})
        .with_columns(
            **{script: sample.str.count_matches(letters) for script, letters in _SCRIPT_LETTERS.items()},
            persian=sample.str.count_matches(_PERSIAN_LETTERS),
        )
        .select(by_script)
        .to_series()
        .to_list()
    )
    for i, language in enumerate(languages):
        if language is None:
            languages[i] = _latin_language(texts[i][:_LANGUAGE_SAMPLE_CHARS])
    return pl.Series("language", languages, dtype=pl.String)


def guess_language(text: str) -> str:
    """`guess_languages` for one text."""
    return guess_languages(pl.Series([text]))[0]


def _latin_language(sample: str) -> str:
    words = _LATIN_WORD.findall(sample.lower())
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _LATIN_STOPWORDS.items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] else "en"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class RawFile:
    """One candidate article file, found by listing the raw folder."""

    article_id: str
    source_path: str  # relative to the raw folder, '/'-separated
    size: int
    mtime_ns: int


class UnsafePathError(ValueError):
    """A path that resolves outside the folder it must stay in."""


def confined(root: str | Path, relative: str) -> Path:
    """Resolve `relative` under `root`, refusing `..` and symlink escapes."""
    base = Path(root).resolve()
    target = (base / relative).resolve()
    if target != base and base not in target.parents:
        raise UnsafePathError(f"{relative!r} resolves outside {base}")
    return target


def list_raw_files(raw_dir: str | Path) -> list[RawFile]:
    """Every article candidate under the raw folder, sorted by path.

    Hidden, editor and partial files are skipped. Symlinks are listed (so the
    reader can quarantine one that escapes the folder with a clear reason).
    """
    root = Path(raw_dir)
    if not root.is_dir():
        return []
    found: list[RawFile] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored_name(d))
        for name in filenames:
            if is_ignored_name(name):
                continue
            full = Path(dirpath) / name
            rel = full.relative_to(root).as_posix()
            try:
                st = full.lstat()
            except OSError:
                continue
            found.append(RawFile(article_id_for(rel), rel, st.st_size, st.st_mtime_ns))
    found.sort(key=lambda f: f.source_path)
    return found


@dataclass(frozen=True)
class ReadResult:
    """A file read from disk: its bytes' hash and the decoding outcome."""

    article_id: str
    source_path: str
    content_sha256: str | None
    n_bytes: int
    decoded: Decoded


def read_article_file(raw_dir: str | Path, source_path: str) -> ReadResult:
    """Read and decode one file; every failure becomes a quarantine reason."""
    article_id = article_id_for(source_path)
    try:
        path = confined(raw_dir, source_path)
    except UnsafePathError:
        return ReadResult(
            article_id, source_path, None, 0,
            Decoded(None, None, "refused: symlink or path points outside the raw folder"),
        )
    limit = max_file_bytes()
    try:
        size = path.stat().st_size
        if size > limit:
            return ReadResult(article_id, source_path, None, size, Decoded(
                None, None, f"file too large ({size / 1e6:.1f} MB > {limit / 1e6:.0f} MB limit)"
            ))
        data = path.read_bytes()
    except FileNotFoundError:
        return ReadResult(article_id, source_path, None, 0, Decoded(None, None, "file vanished before it could be read"))
    except PermissionError:
        return ReadResult(article_id, source_path, None, 0, Decoded(None, None, "unreadable: permission denied"))
    except IsADirectoryError:
        return ReadResult(article_id, source_path, None, 0, Decoded(None, None, "not a regular file (a directory)"))
    except OSError as err:
        return ReadResult(article_id, source_path, None, 0, Decoded(None, None, f"unreadable: {err.strerror or err}"))
    return ReadResult(article_id, source_path, sha256_hex(data), len(data), decode_bytes(data))


def ingest_files(
    raw_dir: str | Path,
    source_paths: list[str],
    ingested_at: dt.datetime,
    missing_ids: Sequence[str] = (),
    first_with_hash: dict[str, str] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read files into the raw_articles and quarantine tables.

    `missing_ids` are partitions whose file is gone from the raw folder: each
    gets a quarantine row rather than silently keeping old data. A file with
    the same bytes as an earlier one is kept and marked with `duplicate_of`:
    earlier means in `first_with_hash` (content_sha256 -> article_id: articles
    of earlier runs and chunks; extended here with this call's files), then
    earlier by path.
    """
    from pipeline.contract import empty_frame

    raw_rows: list[dict] = []
    quarantine_rows: list[dict] = []
    first_with_hash = {} if first_with_hash is None else first_with_hash
    for source_path in sorted(source_paths):
        result = read_article_file(raw_dir, source_path)
        decoded = result.decoded
        if decoded.text is None:
            quarantine_rows.append({
                "article_id": result.article_id, "source_path": source_path,
                "reason": decoded.reason or "unreadable", "encoding": decoded.encoding,
                "ingested_at": ingested_at, "content_sha256": result.content_sha256,
                "n_bytes": result.n_bytes,
            })
            continue
        duplicate_of = first_with_hash.setdefault(result.content_sha256 or "", result.article_id)
        raw_rows.append({
            "article_id": result.article_id, "source_path": source_path,
            "content_sha256": result.content_sha256, "raw_text": decoded.text,
            "n_bytes": result.n_bytes, "encoding": decoded.encoding,
            "language": None, "ingested_at": ingested_at,  # all at once, below
            "n_decode_errors": decoded.n_errors,
            "duplicate_of": None if duplicate_of == result.article_id else duplicate_of,
        })
    for article_id in missing_ids:
        quarantine_rows.append({
            "article_id": article_id, "source_path": "", "reason": "source file no longer in the raw folder",
            "encoding": None, "ingested_at": ingested_at, "content_sha256": None, "n_bytes": 0,
        })
    raw_schema = empty_frame("raw_articles").schema
    quarantine_schema = empty_frame("quarantine").schema
    raw = pl.DataFrame(raw_rows, schema=raw_schema) if raw_rows else empty_frame("raw_articles")
    raw = raw.with_columns(guess_languages(raw["raw_text"]))
    quarantine = (
        pl.DataFrame(quarantine_rows, schema=quarantine_schema) if quarantine_rows else empty_frame("quarantine")
    )
    return raw, quarantine
