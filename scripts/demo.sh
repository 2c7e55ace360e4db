#!/usr/bin/env bash
# The main job on the bundled sample survey: an NPS theme report in out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/npslens analyze nlp/resources/sample_survey.csv --text-column comment --score-column score \
  --id-column response_id --segment-column channel --segment-column region --segment-column journey_stage \
  --date-column date --period month --output-dir out/demo
echo "open out/demo/report.html"
