#!/usr/bin/env bash
# `./calicoctl ipam show` and `ipam check` end to end (a fresh JVM each, as a user runs them) on a
# synthetic local store of 1,000,000 allocations: a /12 pool in /26 blocks over 1,000 nodes,
# one handle per pod. Each run prints its wall time and peak resident set (GNU time's %M: the
# largest RSS of the JVM, which the launcher execs into).
# Usage: bench/ipam-cli.sh [runs, default 3]; IPAM_CLI_DB=<file> keeps the store there (built once, reused).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=${IPAM_CLI_DB:-$work/million.db}
if [ ! -f "$db" ]; then
  mvn -q -B -DskipTests -pl bench -am package
  java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.calicoctl.ipam.ProfileMillion --build "$db"
fi
export CALICOCTL_LOCAL_DB=$db
./calicoctl version --client >/dev/null   # build/train the launcher first
for cmd in "ipam show" "ipam show --show-blocks" "ipam check" "ipam check -o $work/report.json"; do
  for i in $(seq 1 "$runs"); do
    s=$(date +%s%N); /usr/bin/time -f '%M' -o "$work/rss.txt" ./calicoctl $cmd > "$work/out.txt"; e=$(date +%s%N)
    echo "calicoctl $cmd: $(( (e - s) / 1000000 )) ms, peak RSS $(( $(tail -1 "$work/rss.txt") / 1024 )) MB ($(wc -l < "$work/out.txt") lines)"
  done
done
tail -3 "$work/out.txt"
