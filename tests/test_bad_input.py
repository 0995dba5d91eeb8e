"""Every kind of bad input in one raw folder: each file gets its rows or a specific quarantine reason,
and the good files of the same Dagster run are processed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pipeline.cli import run_all_assets
from pipeline.ingest import article_id_for
from pipeline.warehouse import Warehouse
from tests.conftest import ROOT

ARABIC = (
    "أعلنت وزارة الخارجية الروسية أن موسكو مستعدة للتعاون مع بغداد في مكافحة الإرهاب. "
    "وقال المتحدث باسم الحكومة العراقية إن العراق يرحب بالدعم الروسي.\n"
)
HTML = """<!DOCTYPE html><html><head><title>خبر</title><script>var tracker = 1;</script>
<style>p {color: red}</style></head><body><nav>الرئيسية | أخبار | رياضة</nav>
<article><h1>روسيا والعراق</h1><p>أعلنت وزارة الخارجية الروسية أن موسكو مستعدة للتعاون مع بغداد.</p>
<p>وقال المتحدث باسم الحكومة العراقية إن العراق يرحب بالدعم الروسي.</p></article>
<footer>جميع الحقوق محفوظة</footer></body></html>"""


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory, request):  # noqa: ANN001, ANN201
    import shutil

    import dagster as dg

    base = tmp_path_factory.mktemp("bad")
    raw = base / "raw"
    raw.mkdir()
    files = {
        "good.txt": ARABIC.encode("utf-8"),
        "empty.txt": b"",
        "blank.txt": b"   \n\t\n  ",
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "report.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        "bom8.txt": b"\xef\xbb\xbf" + ARABIC.encode("utf-8"),
        "le16.txt": ARABIC.encode("utf-16"),
        "be16.txt": b"\xfe\xff" + ARABIC.encode("utf-16-be"),
        "win1256.txt": ARABIC.encode("cp1256"),
        "iso6.txt": ARABIC.encode("iso-8859-6"),
        "badbytes.txt": ARABIC.encode("utf-8") + b"\xff\xfe\xfd" + ARABIC.encode("utf-8"),
        "page.html": HTML.encode("utf-8"),
        "page_saved.txt": HTML.encode("utf-8"),
        "english.txt": b"The United States said on Monday that it would send more advisers to Iraq. "
                       b"Officials in Baghdad welcomed the decision.\n",
        "french.txt": "La France et la Russie ont signé un accord de coopération militaire. Les ministres "
                      "se sont rencontrés à Paris.\n".encode("utf-8"),
        "oneline.txt": ("كلمة " * 210_000).encode("utf-8"),
        "My Report.TXT": ARABIC.encode("utf-8"),
        "تقرير موسكو.txt": ARABIC.encode("utf-8"),
        "A.txt": ("التقى الرئيس الروسي نظيره التركي في أنقرة.\n").encode("utf-8"),
        "a.txt": ("رفضت إيران المقترح الأمريكي.\n").encode("utf-8"),
        "dup1.txt": "وقعت روسيا وتركيا اتفاقا لوقف إطلاق النار.\n".encode("utf-8"),
        "dup2.txt": "وقعت روسيا وتركيا اتفاقا لوقف إطلاق النار.\n".encode("utf-8"),
        ".hidden.txt": ARABIC.encode("utf-8"),
        "draft.txt~": ARABIC.encode("utf-8"),
        "upload.txt.part": ARABIC.encode("utf-8"),
        "x.tmp": ARABIC.encode("utf-8"),
        ".notes.txt.swp": ARABIC.encode("utf-8"),
    }
    for name, data in files.items():
        (raw / name).write_bytes(data)
    with open(raw / "big.txt", "wb") as handle:  # 50 MB, written without holding it in memory
        block = ARABIC.encode("utf-8") * 1000
        while handle.tell() < 50_000_000:
            handle.write(block)
        handle.truncate(50_000_000)
    outside = base / "secret.txt"
    outside.write_text(ARABIC, encoding="utf-8")
    os.symlink(outside, raw / "link.txt")

    home = base / "home"
    home.mkdir()
    shutil.copy(request.config.rootpath / "dagster.yaml", home / "dagster.yaml")
    cwd = os.getcwd()
    os.environ["DAGSTER_HOME"] = str(home)
    os.chdir(home)
    try:
        with dg.DagsterInstance.get() as instance:
            result = run_all_assets(instance, str(raw), str(base / "warehouse"))
    finally:
        os.chdir(cwd)
    return raw, Warehouse(base / "warehouse"), result


def _row(store: Warehouse, table: str, name: str) -> dict | None:
    rows = store.read_partitions(table, [article_id_for(name)]).to_dicts()
    return rows[0] if rows else None


def test_the_run_succeeds_with_green_row_checks(bad_run) -> None:  # noqa: ANN001
    _, _, result = bad_run
    assert result.success
    failed = [(e.asset_key.to_user_string(), e.check_name) for e in result.get_asset_check_evaluations()
              if not e.passed and e.severity.value == "ERROR"]
    assert failed == []


@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "empty file"),
    ("blank.txt", "no text (whitespace only)"),
    ("image.txt", "binary content (PNG signature)"),
    ("report.pdf", "binary content (PDF signature)"),
    ("big.txt", "file too large (50.0 MB > 20 MB limit)"),
    ("link.txt", "refused: symlink or path points outside the raw folder"),
])
def test_unreadable_files_are_quarantined_with_a_specific_reason(bad_run, name: str, reason: str) -> None:  # noqa: ANN001
    _, store, _ = bad_run
    row = _row(store, "quarantine", name)
    assert row is not None and row["reason"] == reason
    assert _row(store, "raw_articles", name) is None


@pytest.mark.parametrize("name, encoding", [
    ("good.txt", "utf-8"), ("bom8.txt", "utf-8-sig"), ("le16.txt", "utf-16"), ("be16.txt", "utf-16"),
    ("win1256.txt", "cp1256"), ("iso6.txt", "iso-8859-6"), ("badbytes.txt", "utf-8"),
])
def test_every_encoding_reads_to_the_same_text(bad_run, name: str, encoding: str) -> None:  # noqa: ANN001
    _, store, _ = bad_run
    raw = _row(store, "raw_articles", name)
    assert raw["encoding"] == encoding
    assert raw["raw_text"].startswith(ARABIC[:40])
    assert raw["n_decode_errors"] == (3 if name == "badbytes.txt" else 0)
    mentions = store.read_partitions("entity_mentions", [article_id_for(name)])
    assert {"RUS", "IRQ"} <= set(mentions["actor_id"].drop_nulls())


@pytest.mark.parametrize("name", ["page.html", "page_saved.txt"])
def test_html_pages_yield_article_text_without_markup(bad_run, name: str) -> None:  # noqa: ANN001
    _, store, _ = bad_run
    body = _row(store, "cleaned_articles", name)["body"]
    assert "<" not in body and "tracker" not in body and "color" not in body
    assert "أعلنت وزارة الخارجية الروسية" in body
    assert "الرئيسية | أخبار" not in body  # the navigation bar


def test_other_languages_are_processed_and_flagged(bad_run) -> None:  # noqa: ANN001
    _, store, _ = bad_run
    assert _row(store, "raw_articles", "english.txt")["language"] == "en"
    assert _row(store, "raw_articles", "french.txt")["language"] == "fr"
    assert store.read_partitions("sentences", [article_id_for("english.txt")]).height == 2


def test_a_megabyte_line_without_punctuation_is_cut_into_bounded_sentences(bad_run) -> None:  # noqa: ANN001
    _, store, _ = bad_run
    sentences = store.read_partitions("sentences", [article_id_for("oneline.txt")])
    assert sentences.height > 500
    assert sentences["text"].str.len_chars().max() <= 1500


def test_names_that_slug_alike_never_overwrite_each_other(bad_run) -> None:  # noqa: ANN001
    _, store, _ = bad_run
    ids = {article_id_for(n) for n in ("A.txt", "a.txt", "My Report.TXT", "تقرير موسكو.txt")}
    assert len(ids) == 4
    texts = {_row(store, "raw_articles", n)["raw_text"] for n in ("A.txt", "a.txt")}
    assert len(texts) == 2


def test_same_content_under_two_names_is_marked_duplicate(bad_run) -> None:  # noqa: ANN001
    _, store, _ = bad_run
    assert _row(store, "raw_articles", "dup1.txt")["duplicate_of"] is None
    assert _row(store, "raw_articles", "dup2.txt")["duplicate_of"] == "dup1"


def test_editor_and_partial_files_are_ignored(bad_run) -> None:  # noqa: ANN001
    raw, store, _ = bad_run
    seen = set(store.partition_ids("raw_articles")) | set(store.partition_ids("quarantine"))
    for name in (".hidden.txt", "draft.txt~", "upload.txt.part", "x.tmp", ".notes.txt.swp"):
        assert (raw / name).exists()
        assert article_id_for(name) not in seen
    assert len(seen) == 24  # every other file has its row


def test_unreadable_permissions_give_a_quarantine_reason(tmp_path) -> None:
    """A file the pipeline's user may not read. As root (CI), permissions are
    only enforced once the file-access capabilities are dropped (setpriv)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "locked.txt").write_text(ARABIC, encoding="utf-8")
    (raw / "locked.txt").chmod(0)
    code = (
        "import sys; sys.path.insert(0, sys.argv[2]);"
        "from pipeline.ingest import read_article_file;"
        "print(read_article_file(sys.argv[1], 'locked.txt').decoded.reason)"
    )
    command = [sys.executable, "-c", code, str(raw), str(ROOT)]
    if os.geteuid() == 0:
        drop = "-dac_override,-dac_read_search"
        command = ["setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}", *command]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "unreadable: permission denied"
