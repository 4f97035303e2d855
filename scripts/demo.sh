#!/usr/bin/env bash
# Set up, then run the main job on the bundled Cần Thơ models: validate the baseline, apply the
# 2011 pilot, compare the plans, draw Thốt Nốt before and after, and write the HTML report
# of the bundled plans (into out/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
og=.venv/bin/orggraph
mkdir -p out
set -x
$og validate models/
$og show models/can-tho-2011.yaml --focus thot-not --depth 1
$og apply models/scenarios/pilot-2011.yaml --log -o out/pilot-2011.yaml
$og compare models/can-tho-2011.yaml models/scenarios/pilot-2011.yaml models/scenarios/staffing-2012.yaml
$og render models/scenarios/pilot-2011.yaml --focus thot-not --diff models/can-tho-2011.yaml \
  -o out/thot-not-pilot-changes.png
$og report models/can-tho-2011.yaml models/scenarios/pilot-2011.yaml \
  models/scenarios/staffing-2012.yaml --focus thot-not --focus ninh-kieu -o out/report.html
{ set +x; } 2>/dev/null
echo "The report of the bundled plans: $(pwd)/out/report.html (charts and the applied plan are in out/)"
