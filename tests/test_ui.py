"""The real Dagster webserver on the project's instance shows the assets, their checks, the sensor and schedules."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT

QUERY = """{
  assetNodes { assetKey { path } assetChecksOrError { ... on AssetChecks { checks { name blocking } } } }
  repositoriesOrError { ... on RepositoryConnection { nodes {
    sensors { name sensorState { status } }
    schedules { name scheduleState { status } }
  } } }
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["data"]


def test_webserver_shows_assets_checks_sensor_and_schedules(dagster_home: Path) -> None:
    port = _free_port()
    webserver = Path(sys.executable).with_name("dagster-webserver")
    process = subprocess.Popen(
        [str(webserver), "-h", "127.0.0.1", "-p", str(port), "-m", "assets", "-d", str(ROOT)],
        cwd=dagster_home, env={**os.environ, "DAGSTER_HOME": str(dagster_home)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5)
                break
            except OSError:
                assert time.time() < deadline, "webserver did not start"
                assert process.poll() is None, "webserver exited"
                time.sleep(1)
        data = _graphql(port, QUERY)
    finally:
        process.terminate()
        process.wait(timeout=30)

    checks = {
        "/".join(node["assetKey"]["path"]): {c["name"] for c in node["assetChecksOrError"]["checks"]}
        for node in data["assetNodes"]
    }
    assert set(checks) == {"raw_articles", "quarantine", "cleaned_articles", "sentences", "entity_mentions",
                           "actors", "alliance_events", "alliance_dyads"}
    assert {"schema", "expectations", "offsets_reproduce_text", "parquet_files_readable"} <= checks["sentences"]
    assert {"consistent_with_events", "actors_known"} <= checks["alliance_dyads"]
    (repository,) = data["repositoriesOrError"]["nodes"]
    assert {s["name"]: s["sensorState"]["status"] for s in repository["sensors"]} == {"raw_folder_sensor": "RUNNING"}
    assert {s["name"] for s in repository["schedules"]} == {"daily_catch_up", "daily_integrity"}
