#!/usr/bin/env bash
# Installs, from Debian only, whatever the build, the tests and the local AWS test double need.
# Safe to run again: it asks apt only for what is missing.
set -euo pipefail

# What building and running the daemon against the local AWS test double needs.
packages=(
  build-essential cmake ninja-build pkg-config clang lld
  libboost1.81-dev libboost-system1.81-dev
  libssl-dev libjemalloc-dev nlohmann-json3-dev libspdlog-dev libpugixml-dev
  libxxhash-dev libzstd-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3-botocore python3-boto3 python3-pytest awscli curl wrk systemd
)
# `setup.sh --tests` adds what only the tests use: parallel workers (pytest-xdist), man pages
# (pandoc), the package (dpkg-dev), the editor schema (jsonschema), completion, the dashboard's
# browser, etcd for the lease (the tests start their own on free ports; the package's
# etcd.service, where systemd runs it, listens on 127.0.0.1:2379 and is not used), and openssl
# to make test_tls.py's certificate authority.
if [ "${1:-}" = "--tests" ]; then
  packages+=(python3-pytest-xdist pandoc dpkg-dev man-db python3-jsonschema bash-completion
             chromium etcd-server openssl)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  # Debian 12 defaults to Boost 1.74, whose headers would shadow 1.81's.
  if dpkg-query -W -f='${Status}' libboost1.74-dev 2>/dev/null | grep -q 'install ok installed'; then
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get remove -y -qq libboost1.74-dev
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
