#!/usr/bin/env bash
# Set up (with test tools) and run the whole test suite, then ruff.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
.venv/bin/ruff check src tests benchmarks
scripts/typecheck.sh
.venv/bin/python -m pytest -q "$@"
