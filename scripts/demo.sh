#!/usr/bin/env bash
# The main job on the bundled sample survey: an NPS theme report in out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
SAMPLE=nlp/resources/sample_survey.csv
if .venv/bin/npslens --help | grep -q " analyze "; then
  .venv/bin/npslens analyze "$SAMPLE" --text-column comment --score-column score --id-column response_id \
    --segment-column channel --segment-column region --segment-column journey_stage \
    --date-column date --period month --output-dir out/demo
  echo "open out/demo/report.html"
else
  .venv/bin/npslens classify "$SAMPLE" --text-column comment --id-column response_id --output out/demo/classified.jsonl
  echo "wrote out/demo/classified.jsonl"
fi
