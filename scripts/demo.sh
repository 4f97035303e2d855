#!/usr/bin/env bash
# Set up, then run the main job on the bundled Cần Thơ models.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
og=.venv/bin/orggraph
set -x
$og validate models/can-tho-2011.yaml
$og show models/can-tho-2011.yaml --focus thot-not --depth 1
