#!/usr/bin/env bash
# Installs what is missing, builds, and runs awsreconciled in the foreground against the local
# AWS test double (tests/fakeaws), watching a copy of an example directory. Ctrl-C stops both.
#   bash scripts/demo.sh [EXAMPLE]     EXAMPLE: a folder of config/examples (network-basics)
set -euo pipefail
cd "$(dirname "$0")/.."
example=${1:-network-basics}
[ -d "config/examples/$example" ] || { echo "no example config/examples/$example" >&2; exit 2; }

bash scripts/setup.sh
AWSR_TARGET=awsreconciled bash scripts/build.sh build >/dev/null

work=$(mktemp -d /tmp/awsreconciled-demo.XXXXXX)
mkdir -p "$work/desired.d" "$work/state"
cp "config/examples/$example"/*.json "$work/desired.d/"
# Files the resources name by a relative path (a Lambda function's zip) go beside them.
find "config/examples/$example" -maxdepth 1 -name '*.zip' -exec cp {} "$work/desired.d/" \;

PYTHONPATH=tests/fakeaws PYTHONUNBUFFERED=1 /usr/bin/python3 -m fakeaws --listen 127.0.0.1:0 \
  >"$work/fakeaws.out" 2>"$work/fakeaws.log" &
fake_pid=$!
trap 'kill $fake_pid 2>/dev/null; wait $fake_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q "listening on" "$work/fakeaws.out" 2>/dev/null && break
  sleep 0.1
done
endpoint=$(awk '/listening on/ {print $NF}' "$work/fakeaws.out")
[ -n "$endpoint" ] || { echo "the local AWS test double did not start" >&2; exit 1; }

cat >"$work/config.json" <<JSON
{
  "endpoint_url": "$endpoint",
  "desired_dir": "$work/desired.d",
  "state_dir": "$work/state",
  "poll_interval": "30s",
  "api": { "unix_socket": "$work/api.sock", "tcp": "127.0.0.1:8080" }
}
JSON

# The local AWS test double's credentials (tests/fakeaws/fakeaws/credentials.py).
export AWS_ACCESS_KEY_ID=AKIAFAKEAWSRECONCILE
export AWS_SECRET_ACCESS_KEY=fakeSecretKeyForTestsOnly0000000000000000
export AWS_EC2_METADATA_DISABLED=true

cat <<TXT
awsreconciled demo: example '$example', fake AWS at $endpoint
  desired files:  $work/desired.d   (edit, add or remove *.json files here)
  ask it:         curl -s localhost:8080/v1/status
                  curl -s --unix-socket $work/api.sock localhost/v1/resources
  change AWS:     curl -s $endpoint/_fake/state
TXT
./build/awsreconciled run --config "$work/config.json"
