#!/usr/bin/env bash
# Per-command latency of `calicoctl shell` once warm, next to a fresh ./calicoctl process, for the
# same command on the same store (the seed pools plus the namespace-pools assignments).
# Usage: bench/shell.sh [RUNS]   (default 30; prints medians in milliseconds)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-30}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export CALICOCTL_LOCAL_DB=$tmp/store.db HOME=$tmp XDG_STATE_HOME=$tmp/state
CALICOCTL_LOCAL_DB=$CALICOCTL_LOCAL_DB bash "$root/examples/namespace-pools/run.sh" >/dev/null
cmd="get ippools -o yaml"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# fresh processes
"$root/calicoctl" $cmd >/dev/null   # trains the CDS/AOT archive if needed
for i in $(seq "$runs"); do
  s=$(date +%s%N); "$root/calicoctl" $cmd >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000 ))
done | median > "$tmp/fresh"

# one shell: the same command, timed inside the JVM by the shell's own clock (a 'time' line around each)
{ for i in $(seq $((runs + 20))); do echo "$cmd"; done; } > "$tmp/script"
CALICOCTL_SHELL_TIMING=1 "$root/calicoctl" shell < "$tmp/script" 2>"$tmp/timings" >/dev/null
tail -n "$runs" "$tmp/timings" | sed -n 's/^shell-timing: \([0-9]*\) us$/\1/p' | median > "$tmp/warm"
printf 'command: calicoctl %s (store: seed pools + 6 addresses)\n' "$cmd"
printf 'fresh process:     %6.1f ms (median of %d)\n' "$(echo "$(cat "$tmp/fresh") / 1000" | bc -l)" "$runs"
printf 'shell, warm:       %6.2f ms (median of the last %d of %d)\n' "$(echo "$(cat "$tmp/warm") / 1000" | bc -l)" "$runs" $((runs + 20))
