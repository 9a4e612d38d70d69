#!/usr/bin/env bash
# Start-up benchmark: median wall time of `./calicoctl get ippools -o yaml` on a local store
# holding 100 pools, next to a bare `java` hello-world on the same JDK, and their ratio.
#   bench/startup.sh [runs]        (default 15 runs each, after 2 warm-up runs)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CALICOCTL_LOCAL_DB=$work/bench.db

# which JDK the launcher picks (it prints nothing; ask it the same way it decides)
java_home=$(bash -c 'source <(sed -n "/^java_major()/,/^}/p;/^pick_java()/,/^}/p" "$1"); pick_java; echo "$JAVA_HOME_PICKED"' _ "$root/calicoctl")
java=$java_home/bin/java

{
  for i in $(seq 0 99); do
    printf -- '---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: pool-%03d\nspec:\n  cidr: 10.%d.%d.0/24\n  blockSize: 26\n' "$i" $((i / 250)) $((i % 250))
  done
} > "$work/pools.yaml"
"$root/calicoctl" apply -f "$work/pools.yaml" >/dev/null

mkdir -p "$work/hello"
cat > "$work/hello/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
"$java_home/bin/javac" -d "$work/hello" "$work/hello/Hello.java"

# median_ms CMD... -> median wall time in milliseconds over $runs runs
median_ms() {
  local t=()
  for _ in 1 2; do "$@" >/dev/null 2>&1; done
  for _ in $(seq 1 "$runs"); do
    local s e
    s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
    t+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'
}

n=$("$root/calicoctl" get ippools -o yaml | grep -c '^  kind: IPPool')
ctl=$(median_ms "$root/calicoctl" get ippools -o yaml)
bare=$(median_ms "$java" -Xshare:auto -cp "$work/hello" Hello)
echo "jdk: $("$java" -version 2>&1 | head -1)"
echo "store: $n pools"
echo "calicoctl get ippools -o yaml: median ${ctl} ms over $runs runs"
echo "bare java hello-world:         median ${bare} ms over $runs runs"
awk -v a="$ctl" -v b="$bare" 'BEGIN { printf "ratio: %.2fx (goal: at most 3x)\n", a / b }'
