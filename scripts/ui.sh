#!/usr/bin/env bash
# Opens the Dagster UI (webserver + daemon) on the project's instance.
# It listens on 127.0.0.1 only, unless PIPELINE_UI_HOST says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DAGSTER_HOME="$PWD"
exec .venv/bin/dagster dev -h "${PIPELINE_UI_HOST:-127.0.0.1}" -p "${PIPELINE_UI_PORT:-3000}"
