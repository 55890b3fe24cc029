#!/usr/bin/env bash
# Every fuzz target for a long time each (default an hour: FUZZ_SECONDS=3600), continuing past
# a crash, and a report of executions and crashes per target in bench/results/fuzz.json.
#   bash bench/fuzz.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
exec bash tests/fuzz/run_fuzz.sh --each "${FUZZ_SECONDS:-3600}" --keep-going \
  --report bench/results/fuzz.json "$@"
