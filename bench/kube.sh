#!/usr/bin/env bash
# The kubernetes datastore against the test API server (Fabric8's mock server with Calico's CRDs,
# HTTPS, its own JVM), side by side in one run: `calicoctl get ippools` next to
# `kubectl get ippools.crd.projectcalico.org` on 100 pools (median wall time), auto-assigns per
# second from one and from four processes, and API requests per assignment.
# Usage: bench/kube.sh [assigns per process, default 300] [runs for the get timings, default 9]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
n=${1:-300}
runs=${2:-9}
command -v kubectl >/dev/null || { echo "kubectl is not installed" >&2; exit 1; }
mvn -q -B -DskipTests -pl bench -am package
work=$(mktemp -d)
cp=bench/target/classes:$(cat bench/target/classpath.txt)
java -cp "$cp" dev.calicoctl.ipam.KubeBenchServer "$work/kubeconfig.path" > "$work/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do [ -f "$work/kubeconfig.path" ] && break; sleep 0.1; done
[ -f "$work/kubeconfig.path" ] || { echo "the test API server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
export KUBECONFIG=$(cat "$work/kubeconfig.path") DATASTORE_TYPE=kubernetes HOME=$work XDG_DATA_HOME=$work

{
  for i in $(seq 0 99); do
    printf -- '---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: pool-%03d\nspec:\n  cidr: 10.%d.%d.0/24\n  blockSize: 26\n' "$i" $((100 + i / 250)) $((i % 250))
  done
} > "$work/pools.yaml"
./calicoctl apply -f "$work/pools.yaml" >/dev/null

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
[ "$(./calicoctl get ippools | grep -c "^pool-")" = 100 ] || { echo "calicoctl does not list 100 pools" >&2; exit 1; }
[ "$(kubectl get ippools.crd.projectcalico.org --no-headers | wc -l)" = 100 ] || { echo "kubectl does not list 100 pools" >&2; exit 1; }
ctl=$(median_ms ./calicoctl get ippools)
kc=$(median_ms kubectl get ippools.crd.projectcalico.org)
echo "test API server at $(grep -o 'https://127.0.0.1:[0-9]*' "$KUBECONFIG" | head -1), $(nproc) cores, $runs runs each"
echo "calicoctl get ippools (100 pools):                  ${ctl} ms (median)"
echo "kubectl get ippools.crd.projectcalico.org (100):    ${kc} ms (median)"

./calicoctl apply -f - >/dev/null <<'YAML'
apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: bench
spec:
  cidr: 10.0.0.0/12
  blockSize: 26
YAML
java -cp "$cp" dev.calicoctl.ipam.KubeBench "$n" one
s=$(date +%s%N)
pids=()
for p in 1 2 3 4; do java -cp "$cp" dev.calicoctl.ipam.KubeBench "$n" "four-$p" & pids+=($!); done
wait "${pids[@]}"
e=$(date +%s%N)
awk -v n=$((4 * n)) -v ms=$(( (e - s) / 1000000 )) 'BEGIN { printf "four processes together: %d assigns in %.2f s = %.0f assigns/s (including four JVM starts)\n", n, ms / 1000, n / (ms / 1000) }'
