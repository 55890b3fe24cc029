#!/usr/bin/env bash
# Configures and builds one tree: scripts/build.sh [BUILD_DIR] [extra cmake arguments...]
# AWSR_TARGET=awsreconciled builds only that target (the demo needs no tests). ccache is used
# when it is installed (a developer's rebuilds; a fresh CI clone gains nothing from it). While
# editing, -DAWSR_UNITY=0 rebuilds one file per change instead of its batch. AWSR_JOBS sets the
# number of compile jobs (default: one per core).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
shift || true
if [ ! -f "$build_dir/build.ninja" ]; then
  launcher=()
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  cmake -S . -B "$build_dir" -G Ninja "${launcher[@]}" "$@" >/dev/null
fi
cmake --build "$build_dir" --parallel "${AWSR_JOBS:-$(nproc)}" ${AWSR_TARGET:+--target "$AWSR_TARGET"}
