"""Paths stay inside their roots; the UI binds to loopback; no credentials live in the repository."""

from __future__ import annotations

import os
import re

import pytest
import yaml

from pipeline.ingest import UnsafePathError, confined
from pipeline.warehouse import Warehouse
from tests.conftest import ROOT


def test_paths_are_confined_to_their_root(tmp_path) -> None:
    root = tmp_path / "raw"
    root.mkdir()
    (root / "ok.txt").write_text("x")
    assert confined(root, "ok.txt") == (root / "ok.txt").resolve()
    for escape in ("../secret.txt", "sub/../../secret.txt", "/etc/passwd"):
        with pytest.raises(UnsafePathError):
            confined(root, escape)
    os.symlink("/etc", root / "etc_link")
    with pytest.raises(UnsafePathError):
        confined(root, "etc_link/passwd")


@pytest.mark.parametrize("article_id", ["../raw_articles", "a/b", ".hidden", ""])
def test_the_warehouse_refuses_unsafe_partition_ids(tmp_path, article_id: str) -> None:
    with pytest.raises(ValueError, match="unsafe article id"):
        Warehouse(tmp_path).partition_file("sentences", article_id)


def test_the_ui_binds_to_loopback_unless_configured() -> None:
    script = (ROOT / "scripts" / "ui.sh").read_text()
    assert '-h "${PIPELINE_UI_HOST:-127.0.0.1}"' in script


def test_no_credentials_in_the_instance_config() -> None:
    text = (ROOT / "dagster.yaml").read_text()
    config = yaml.safe_load(text)

    def walk(node):  # noqa: ANN001, ANN202
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("password", "username", "hostname", "postgres_url") and value is not None:
                    assert isinstance(value, dict) and set(value) == {"env"}, f"{key} must come from the environment"
                walk(value)

    walk(config)
    # the commented PostgreSQL block too: every credential line reads an environment variable
    for line in text.splitlines():
        if re.search(r"\b(password|username|postgres_url)\s*:", line):
            assert "{env:" in line, line
