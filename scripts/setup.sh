#!/usr/bin/env bash
# One command on a fresh machine: create .venv/, install NPS Lens, run the main job on the bundled sample.
#   bash scripts/setup.sh            # set up + demo report in out/demo/
#   bash scripts/setup.sh --no-demo  # set up only
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev,torch,ray]"
echo "installed: $(.venv/bin/npslens --help >/dev/null && echo npslens) in .venv/"
if [ "${1:-}" != "--no-demo" ]; then
  bash scripts/demo.sh
fi
