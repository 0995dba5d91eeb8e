"""Encodings, binary detection, article ids, languages, file listing."""

from __future__ import annotations

import datetime as dt
import os

import polars as pl
import pytest

from pipeline.ingest import (
    article_id_for,
    decode_bytes,
    guess_language,
    guess_languages,
    ingest_files,
    is_ignored_name,
    list_raw_files,
)

ARABIC = "قالت وزارة الخارجية الروسية إن موسكو مستعدة للتعاون مع بغداد في مكافحة الإرهاب."


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
    ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"),
    ("cp1256", "cp1256"), ("iso-8859-6", "iso-8859-6"),
])
def test_decodes_arabic_in_every_supported_encoding(encoding: str, expected: str) -> None:
    decoded = decode_bytes(ARABIC.encode(encoding))
    assert decoded.reason is None
    assert decoded.encoding == expected
    assert decoded.text == ARABIC


def test_utf16_with_bom_both_byte_orders() -> None:
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        decoded = decode_bytes(bom + ARABIC.encode(codec))
        assert decoded.text == ARABIC and decoded.encoding == "utf-16"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"  \n\t \n", "no text (whitespace only)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content (PNG signature)"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "binary content (PDF signature)"),
    (bytes(range(256)) * 4, "binary content (NUL byte at offset 0)"),
])
def test_unreadable_bytes_get_a_specific_reason(data: bytes, reason: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.text is None
    assert decoded.reason == reason


def test_a_few_invalid_utf8_bytes_are_replaced_and_counted() -> None:
    data = ARABIC.encode() + b"\xff\xfe\xfa" + ARABIC.encode()
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.n_errors == 3
    assert decoded.text.count(ARABIC) == 2


def test_mostly_invalid_bytes_are_quarantined_with_offset() -> None:
    data = "abc".encode() + bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d] * 400)
    decoded = decode_bytes(data)
    assert decoded.text is None
    assert decoded.reason.startswith("undecodable bytes at offset 3 (tried utf-8")


def test_article_ids_are_stable_slugs_that_never_collide() -> None:
    assert article_id_for("000_524521e6bcb1f856.txt") == "000_524521e6bcb1f856"
    ids = [article_id_for(p) for p in ("a.txt", "A.txt", "a.html", "sub/a.txt", "My File.TXT", "تقرير روسيا.txt")]
    assert len(set(ids)) == len(ids)
    assert all(id_ == id_.lower() and all(c.isalnum() or c in "_-" for c in id_) for id_ in ids)
    assert article_id_for("تقرير روسيا.txt") == article_id_for("تقرير روسيا.txt")
    assert article_id_for("تقرير روسيا.txt").startswith("tqryr-rwsya-")


@pytest.mark.parametrize("name", [".hidden.txt", "draft.txt~", "a.txt.part", "b.tmp", ".a.txt.swp", "~$doc.txt", "x.crdownload"])
def test_editor_and_partial_files_are_ignored(name: str) -> None:
    assert is_ignored_name(name)


def test_languages() -> None:
    assert guess_language(ARABIC) == "ar"
    assert guess_language("The United States said on Monday that it would send more troops to the region.") == "en"
    assert guess_language("Le ministre a déclaré que la France et les États-Unis sont prêts pour une coalition.") == "fr"
    assert guess_language("12345 !!!") == "und"


def test_languages_of_a_column_are_decided_text_by_text() -> None:
    """One polars pass over many texts gives each its own language; a tie
    between two scripts goes to the one listed first (Arabic, Latin, Cyrillic, Hebrew)."""
    texts = {
        ARABIC: "ar",
        "این یک متن فارسی است که چگونه نوشته می شود": "fa",
        "Der Minister und die Regierung sind mit dem Plan nicht einverstanden": "de",
        "Москва готова сотрудничать": "ru",
        "שלום עולם": "he",
        "": "und",
        "ab سس": "ar",  # 2 Arabic letters, 2 Latin: Arabic
        "abcd שלום": "en",  # 4 and 4: Latin, then by stop words (none: English)
        "Прив שלום": "ru",
    }
    assert guess_languages(pl.Series(list(texts))).to_list() == list(texts.values())


def test_ingest_quarantines_bad_files_and_keeps_going(tmp_path) -> None:
    (tmp_path / "good.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\nxxxxxxxx")
    (tmp_path / "english.txt").write_text("The president said the talks would continue next week.", encoding="utf-8")
    (tmp_path / ".swap.swp").write_text("x")
    files = [f.source_path for f in list_raw_files(tmp_path)]
    assert ".swap.swp" not in files
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    raw, quarantine = ingest_files(tmp_path, files, now, missing_ids=["vanished"])
    assert sorted(raw["article_id"]) == ["copy", "english", "good"]
    assert dict(zip(quarantine["article_id"], quarantine["reason"])) == {
        "empty": "empty file",
        "image": "binary content (PNG signature)",
        "vanished": "source file no longer in the raw folder",
    }
    langs = dict(zip(raw["article_id"], raw["language"]))
    assert langs["english"] == "en" and langs["good"] == "ar"
    dupes = dict(zip(raw["article_id"], raw["duplicate_of"]))
    assert dupes == {"copy": None, "english": None, "good": "copy"}


def test_a_duplicate_of_an_earlier_call_is_marked(tmp_path) -> None:
    """The asset reads a run in chunks, after earlier runs: what they hold comes first."""
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(ARABIC, encoding="utf-8")
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    seen: dict[str, str] = {}
    first, _ = ingest_files(tmp_path, ["b.txt"], now, first_with_hash=seen)
    second, _ = ingest_files(tmp_path, ["a.txt", "c.txt"], now, first_with_hash=seen)
    assert first["duplicate_of"].to_list() == [None]
    assert dict(zip(second["article_id"], second["duplicate_of"])) == {"a": "b", "c": "b"}
    stored, _ = ingest_files(tmp_path, ["a.txt"], now, first_with_hash={first["content_sha256"].item(): "old"})
    assert stored["duplicate_of"].to_list() == ["old"]


def test_symlink_out_of_the_raw_folder_is_refused(tmp_path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(ARABIC, encoding="utf-8")
    raw_dir = tmp_path / "raw"
    raw_dir.mkdir()
    os.symlink(outside, raw_dir / "link.txt")
    raw, quarantine = ingest_files(raw_dir, ["link.txt"], dt.datetime.now(dt.timezone.utc))
    assert raw.is_empty()
    assert quarantine["reason"].to_list() == ["refused: symlink or path points outside the raw folder"]
