#!/usr/bin/env bash
# The benchmark harness in quick mode (N <= 1,000), for CI: reports, never asserts times.
#   bash bench/quick.sh [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
exec timeout --kill-after=10 240 /usr/bin/python3 bench/run.py --quick "$@"
