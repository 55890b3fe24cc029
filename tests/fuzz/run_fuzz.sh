#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan, UBSan) and runs each for a bounded time on its
# seed corpus. Exits non-zero on a crash, leak, timeout or sanitizer report.
#
#   tests/fuzz/run_fuzz.sh [TOTAL_SECONDS]        CI: the total split over the targets (default 30)
#   tests/fuzz/run_fuzz.sh --each SECONDS [--report FILE] [--keep-going] [TARGET...]
#                                                 each target SECONDS (bench/fuzz.sh: an hour);
#                                                 FILE gets {target: {runs, seconds, crashed,
#                                                 artifact}} as JSON
#
# Targets: document (desired-state files), aws_response (XML/JSON answers, errors, paging),
# api_request (HTTP request bytes through Beast and the router), status_file (status.json at
# start), settings (config.json), credentials (shared config files, credential_process, IMDS and
# STS output, dates), intrinsics (Ref/GetAtt/Sub/Join resolution).
set -euo pipefail
cd "$(dirname "$0")/../.."
all_targets=(document aws_response api_request status_file settings credentials intrinsics)

each=""
total=30
report=""
keep_going=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --each) each=$2; shift 2 ;;
    --report) report=$2; shift 2 ;;
    --keep-going) keep_going=1; shift ;;
    [0-9]*) total=$1; shift ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
[ -z "$each" ] && each=$(( (total + ${#targets[@]} - 1) / ${#targets[@]} ))

# A build directory of its own, kept between runs (ccache too, when installed): only what
# changed is compiled again.
build=${FUZZ_BUILD_DIR:-build-fuzz}
if [ ! -f "$build/build.ninja" ]; then
  launcher=()
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  CXX=clang++ cmake -S tests/fuzz -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=None "${launcher[@]}" \
    >/dev/null
fi
# Quiet when it builds; when it does not, the compiler's words are what to read.
build_log=$(mktemp)
if ! cmake --build "$build" --parallel "$(nproc)" \
  --target $(printf '%s_fuzz ' "${targets[@]}") >"$build_log" 2>&1; then
  echo "run_fuzz: the fuzz targets did not build:"
  tail -60 "$build_log"
  rm -f "$build_log"
  exit 1
fi
rm -f "$build_log"

# New inputs go to a scratch corpus, so the committed seeds stay small and reviewed; a crashing
# input is kept in FUZZ_ARTIFACTS (default /tmp): add it to tests/fuzz/corpus/TARGET once fixed.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
artifacts=${FUZZ_ARTIFACTS:-/tmp}
failed=0
results=()
for target in "${targets[@]}"; do
  mkdir -p "$work/$target"
  dict=()
  [ -f "tests/fuzz/$target.dict" ] && dict=(-dict="tests/fuzz/$target.dict")
  log="$work/$target.log"
  status=0
  "$build/${target}_fuzz" -max_total_time="$each" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$target-" "${dict[@]}" \
    "$work/$target" "tests/fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  seconds=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
  printf '%-13s %10s runs in %4ss  %s\n' "$target" "${runs:-?}" "${seconds:-$each}" \
    "$([ $status -eq 0 ] && echo clean || echo "CRASHED: ${artifact:-see log}")"
  results+=("\"$target\": {\"runs\": ${runs:-0}, \"seconds\": ${seconds:-$each}, \"crashed\": $([ $status -eq 0 ] && echo false || echo true), \"artifact\": \"${artifact}\"}")
  if [ $status -ne 0 ]; then
    tail -40 "$log"
    failed=1
    [ $keep_going -eq 1 ] || break
  fi
done
if [ -n "$report" ]; then
  (IFS=,; echo "{${results[*]}}") >"$report"
fi
exit $failed
