#!/usr/bin/env bash
# Runs the whole test suite: unit, contract and in-process CLI tests, then the tests that
# run the packaged ./calicoctl launcher as a separate process. Installs what the tests need.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need mvn || ! need java; then
  echo "test.sh: Maven and a JDK 17+ are required (apt-get install maven openjdk-17-jdk-headless)" >&2
  exit 1
fi
if ! need unzip; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q unzip >/dev/null 2>&1 || true; fi
fi

mvn -B -ntp verify "$@"
