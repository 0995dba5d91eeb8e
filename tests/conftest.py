"""Shared fixtures: the project's sample data, gold annotations, Dagster instances."""

from __future__ import annotations

import json
import os
import shutil
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = ROOT / "data" / "raw"
GOLD_DIR = Path(__file__).resolve().parent / "fixtures" / "gold"

warnings.filterwarnings("ignore", message=".*is currently in beta.*")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


def load_gold() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DIR.glob("*.json"))}


@pytest.fixture(scope="session")
def gold() -> dict[str, dict]:
    return load_gold()


@pytest.fixture
def dagster_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A DAGSTER_HOME holding the project's own dagster.yaml.

    dagster.yaml keeps its storage paths relative to the working directory, so
    the test runs from inside the temporary home.
    """
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.chdir(home)
    return home


@pytest.fixture
def instance(dagster_home: Path):  # noqa: ANN201
    import dagster as dg

    with dg.DagsterInstance.get() as inst:
        yield inst


@pytest.fixture
def sample_raw(tmp_path: Path) -> Path:
    """A private copy of the sample raw folder a test may add files to."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    return raw
