#!/usr/bin/env bash
# IPAM benchmarks (JMH) on the local store: single auto-assign throughput, a new node's
# assignment when the first pool's 1,024 blocks are full, and show / check over 1,000,000
# allocations. Usage: bench/ipam.sh [JMH options, e.g. a benchmark name regex]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -q -B -DskipTests -pl bench -am package
exec java -Xmx6g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main "$@"
