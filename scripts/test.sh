#!/usr/bin/env bash
# The test command (README and CI): lint, types, layering contracts, unit + behaviour tests, CLI contract check.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/ruff check .
.venv/bin/mypy  # strict flags on nlp/, default checks on the other packages (pyproject.toml)
.venv/bin/lint-imports
# pytest exits 5 when it collects no test: that is a failure here, as is any other non-zero code.
.venv/bin/python -m pytest -q "$@"
if [ -d ../shared/tools ] && [ -d ../shared/data ]; then
  .venv/bin/python ../shared/tools/check-contract
fi
