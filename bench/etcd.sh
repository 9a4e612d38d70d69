#!/usr/bin/env bash
# The IPAM engine against a real etcd, side by side in one run: raw compare-and-swap transaction
# rate (the floor for this client), auto-assigns per second from one and from four processes,
# and datastore round trips per assignment. Needs etcd (apt-get install etcd-server etcd-client).
# Usage: bench/etcd.sh [assigns per process, default 2000]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
n=${1:-2000}
command -v etcd >/dev/null || { echo "etcd is not installed (apt-get install etcd-server etcd-client)" >&2; exit 1; }
mvn -q -B -DskipTests -pl bench -am package
work=$(mktemp -d)
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
peer=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
etcd --name bench --data-dir "$work/data" --listen-client-urls "http://127.0.0.1:$port" --advertise-client-urls "http://127.0.0.1:$port" \
     --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
     --initial-cluster "bench=http://127.0.0.1:$peer" --log-level error > "$work/etcd.log" 2>&1 &
etcd_pid=$!
trap 'kill $etcd_pid 2>/dev/null; wait $etcd_pid 2>/dev/null; rm -rf "$work"' EXIT
export ETCD_ENDPOINTS=http://127.0.0.1:$port
for i in $(seq 1 50); do ETCDCTL_API=3 etcdctl --endpoints=$ETCD_ENDPOINTS endpoint health >/dev/null 2>&1 && break; sleep 0.2; done
cp=bench/target/classes:$(cat bench/target/classpath.txt)
DATASTORE_TYPE=etcdv3 ./calicoctl apply -f - >/dev/null <<'YAML'
apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: bench
spec:
  cidr: 10.0.0.0/12
  blockSize: 26
YAML
echo "etcd $(etcd --version | head -1 | awk '{print $3}') on $ETCD_ENDPOINTS, $(nproc) cores"
java -cp "$cp" dev.calicoctl.ipam.EtcdBench txn "$n" raw
java -cp "$cp" dev.calicoctl.ipam.EtcdBench assign "$n" one
s=$(date +%s%N)
for p in 1 2 3 4; do java -cp "$cp" dev.calicoctl.ipam.EtcdBench assign "$n" "four-$p" & done
wait
e=$(date +%s%N)
awk -v n=$((4 * n)) -v ms=$(( (e - s) / 1000000 )) 'BEGIN { printf "four processes together: %d assigns in %.2f s = %.0f assigns/s (including four JVM starts)\n", n, ms / 1000, n / (ms / 1000) }'
