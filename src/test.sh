#!/usr/bin/env bash
# Runs the whole test suite: unit, contract (local store and a real etcd), in-process CLI tests,
# then the tests that run the packaged ./calicoctl launcher as a separate process.
# Installs what the tests need (etcd from Debian's etcd-server; the standard CNI plugins and
# iproute2 for the calico-ipam tests in network namespaces) when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need mvn || ! need java; then
  echo "test.sh: Maven and a JDK 17+ are required (apt-get install maven openjdk-17-jdk-headless)" >&2
  exit 1
fi
missing=()
need etcd || missing+=(etcd-server)
need etcdctl || missing+=(etcd-client)
need unzip || missing+=(unzip)
need openssl || missing+=(openssl)
[ -x /usr/lib/cni/bridge ] || missing+=(containernetworking-plugins)
need ip || missing+=(iproute2)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && need apt-get; then
    echo "test.sh: installing ${missing[*]}" >&2
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || true
  fi
  if ! need etcd; then
    if [ "${CI:-}" = true ]; then
      echo "test.sh: etcd is required for the etcd tests and could not be installed (apt-get install etcd-server etcd-client)" >&2
      exit 1
    fi
    echo "test.sh: etcd is not installed; the etcd tests will be skipped (apt-get install etcd-server etcd-client)" >&2
  fi
  if [ ! -x /usr/lib/cni/bridge ] || ! need ip; then
    if [ "${CI:-}" = true ]; then
      echo "test.sh: the CNI tests need /usr/lib/cni/bridge and ip (apt-get install containernetworking-plugins iproute2), which could not be installed" >&2
      exit 1
    fi
    echo "test.sh: containernetworking-plugins or iproute2 missing; the CNI bridge tests will be skipped" >&2
  fi
fi

mvn -B -ntp verify "$@"
