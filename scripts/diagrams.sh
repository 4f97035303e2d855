#!/usr/bin/env bash
# Regenerate diagrams/ from models/ with orggraph's own render command.
# tests/output/test_dot.py fails when diagrams/*.dot are out of date with models/ (the .png and
# .svg beside them are drawn from the same DOT).
set -euo pipefail
cd "$(dirname "$0")/.."
og=${ORGGRAPH:-.venv/bin/orggraph}
base=models/can-tho-2011.yaml
pilot=models/scenarios/pilot-2011.yaml
# The subtree charts are screen images, drawn whole (--fit none: by default a chart is fitted to
# an A3 page, and Thốt Nốt's 46 subordinates would be summarised by type); the book is the print.
for fmt in png svg dot; do
  $og render $base --depth 1 -o diagrams/can-tho-2011.$fmt
  $og render $base --focus thot-not --fit none -o diagrams/thot-not-2011.$fmt
  $og render $base --focus ninh-kieu --fit none -o diagrams/ninh-kieu-2011.$fmt
  $og render $pilot --focus thot-not --fit none -o diagrams/thot-not-pilot.$fmt
  $og render $pilot --focus ninh-kieu --fit none -o diagrams/ninh-kieu-pilot.$fmt
  $og render $pilot --focus thot-not --diff $base -o diagrams/thot-not-pilot-changes.$fmt
  $og render $pilot --focus ninh-kieu --diff $base -o diagrams/ninh-kieu-pilot-changes.$fmt
  $og render $pilot --depth 2 --collapse-over 12 -o diagrams/can-tho-pilot.$fmt
done
# The A3 book of the 2011 model, and one of its pages as a picture for the README
$og render $base --pages a3 -o diagrams/can-tho-2011-book-a3.pdf
if command -v pdftoppm >/dev/null; then
  pdftoppm -png -r 60 -f 5 -l 5 -singlefile diagrams/can-tho-2011-book-a3.pdf docs/images/can-tho-book-page
fi
