#!/usr/bin/env bash
# Builds the desired-state document fuzzer with clang (libFuzzer, ASan, UBSan) and runs it for
# a bounded time on the seed corpus: tests/fuzz/run_fuzz.sh [SECONDS] (default 30).
# Exits non-zero on a crash, leak or sanitizer report.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake -DINPUT=config/schemas/resource_types.json -DOUTPUT="$work/embedded_schema.cc" \
  -P config/schemas/embed.cmake
# Everything in config/ but the daemon settings, which the fuzzer does not reach.
sources=$(ls config/*.cc | grep -v '^config/settings')
clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -I. $sources daemon/base/error.cc daemon/base/crypto.cc "$work/embedded_schema.cc" tests/fuzz/document_fuzz.cc \
  -lcrypto -lboost_system -o "$work/document_fuzz"

# New inputs go to a scratch corpus, so the committed seeds stay small and reviewed; a crashing
# input is kept in FUZZ_ARTIFACTS (default /tmp): add it to tests/fuzz/corpus once fixed.
mkdir -p "$work/corpus"
"$work/document_fuzz" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -artifact_prefix="${FUZZ_ARTIFACTS:-/tmp}/" \
  -dict=tests/fuzz/document.dict "$work/corpus" tests/fuzz/corpus
