#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: unit tests, the local AWS test double's
# suite, the daemon's integration tests, then all of it again under ASan+UBSan, and the fuzzer.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=/usr/bin/python3  # Debian's, with python3-botocore; not a pyenv shim

bash scripts/setup.sh --tests

started=$SECONDS
step() { printf '\n==== %s (at %d s)\n' "$*" $((SECONDS - started)); }
# The Python suites mostly wait on the daemon and the fake: two workers per core finish them in
# well under half the time, each worker with its own fake AWS on its own port.
workers=(-n "$(($(nproc) * 2))")

step "build (RelWithDebInfo)"
bash scripts/build.sh build

step "unit tests"
./build/awsr_tests --gtest_brief=1

step "local AWS test double (tests/fakeaws)"
"$PYTHON" -m pytest -q -p no:cacheprovider "${workers[@]}" tests/fakeaws

step "integration tests against the daemon binary"
AWSR_BINARY="$PWD/build/awsreconciled" "$PYTHON" -m pytest -q -p no:cacheprovider "${workers[@]}" tests/integration

step "build with AddressSanitizer + UndefinedBehaviorSanitizer"
bash scripts/build.sh build-asan -DAWSR_SANITIZE=ON -DAWSR_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
step "unit tests under sanitizers"
./build-asan/awsr_tests --gtest_brief=1

step "integration tests under sanitizers"
AWSR_BINARY="$PWD/build-asan/awsreconciled" "$PYTHON" -m pytest -q -p no:cacheprovider "${workers[@]}" tests/integration

if [ -x tests/fuzz/run_fuzz.sh ]; then
  step "fuzzing: seven targets (parser, AWS answers, API requests, status file, settings, credentials, intrinsics)"
  bash tests/fuzz/run_fuzz.sh "${FUZZ_SECONDS:-30}"
fi

step "benchmarks, quick mode (reports numbers, asserts none)"
# Numbers only: a slow machine must not fail the tests, but the report says so loudly.
bash bench/quick.sh || echo "WARNING: bench quick mode did not complete"

step "all tests passed"
