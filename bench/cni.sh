#!/usr/bin/env bash
# Wall time of one CNI ADD and one DEL through Debian's bridge plugin, with calico-ipam (this
# tool, a symlink to ./calicoctl) and with host-local (the standard IPAM plugin) as the IPAM
# plugin, in the same run: median of N rounds each (default 9), one fresh network namespace per
# round. Wall time depends on how busy the machine is, so CPU time (user + sys of the bridge plugin
# and the IPAM plugin it runs, from /usr/bin/time) is reported too.
# Needs root, iproute2 and containernetworking-plugins. Usage: bench/cni.sh [N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-9}
[ "$(id -u)" = 0 ] || { echo "bench/cni.sh: needs root (network namespaces)" >&2; exit 1; }
[ -x /usr/lib/cni/bridge ] || { echo "bench/cni.sh: /usr/lib/cni/bridge missing (apt-get install containernetworking-plugins)" >&2; exit 1; }

work=$(mktemp -d)
tag=$(printf '%04x' $((RANDOM)))
br=cnib$tag
cleanup() {
  for ns in $(ip netns list | awk '{print $1}' | grep "^cnib-$tag-" || true); do ip netns del "$ns"; done
  ip link del "$br" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/bin"
ln -s "$root/calicoctl" "$work/bin/calico-ipam"
export HOME=$work CALICOCTL_LOCAL_DB=$work/store.db CNI_PATH=$work/bin:/usr/lib/cni CNI_IFNAME=eth0
unset DATASTORE_TYPE CALICO_DATASTORE_TYPE ETCD_ENDPOINTS
"$root/calicoctl" apply -f "$root/examples/pools.yaml" >/dev/null

calico_conf='{"cniVersion":"1.0.0","name":"benchnet","type":"bridge","bridge":"'$br'","nodename":"bench-node","ipam_lock_file":"'$work'/ipam.lock","ipam":{"type":"calico-ipam","ipv4_pools":["internal-pool"]}}'
hostlocal_conf='{"cniVersion":"1.0.0","name":"benchnet","type":"bridge","bridge":"'$br'","ipam":{"type":"host-local","subnet":"10.250.0.0/24","dataDir":"'$work'/host-local"}}'

ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# cpu FILE: user + sys seconds that /usr/bin/time wrote, in ms
cpu() { awk '{printf "%d", ($1 + $2) * 1000}' "$1"; }

# one round: ADD then DEL of a fresh container; appends "add del addcpu delcpu" (ms) to $3
round() {
  local conf=$1 i=$2 out=$3 ns=cnib-$tag-$2 t0 t1 t2
  ip netns add "$ns"
  t0=$(date +%s%N)
  echo "$conf" | CNI_COMMAND=ADD CNI_CONTAINERID=c$i CNI_NETNS=/var/run/netns/$ns /usr/bin/time -o "$work/add.cpu" -f "%U %S" \
    /usr/lib/cni/bridge >"$work/last.json" || { echo "ADD failed: $(cat "$work/last.json")" >&2; exit 1; }
  t1=$(date +%s%N)
  echo "$conf" | CNI_COMMAND=DEL CNI_CONTAINERID=c$i CNI_NETNS=/var/run/netns/$ns /usr/bin/time -o "$work/del.cpu" -f "%U %S" \
    /usr/lib/cni/bridge >/dev/null || { echo "DEL failed" >&2; exit 1; }
  t2=$(date +%s%N)
  ip netns del "$ns"
  echo "$(ms "$t0" "$t1") $(ms "$t1" "$t2") $(cpu "$work/add.cpu") $(cpu "$work/del.cpu")" >>"$out"
}

round "$calico_conf" 0 /dev/null   # warm-up: builds the jar and the class-data archive if needed
round "$hostlocal_conf" 1 /dev/null
for i in $(seq 1 "$n"); do
  round "$calico_conf" $((100 + i)) "$work/calico.txt"
  round "$hostlocal_conf" $((200 + i)) "$work/hostlocal.txt"
done
printf '%-28s %8s %8s %12s %12s\n' "bridge + IPAM plugin" "ADD ms" "DEL ms" "ADD cpu ms" "DEL cpu ms"
for p in calico hostlocal; do
  name=$([ $p = calico ] && echo "calico-ipam (this tool)" || echo "host-local")
  printf '%-28s %8s %8s %12s %12s\n' "$name" "$(cut -d' ' -f1 "$work/$p.txt" | median)" "$(cut -d' ' -f2 "$work/$p.txt" | median)" \
    "$(cut -d' ' -f3 "$work/$p.txt" | median)" "$(cut -d' ' -f4 "$work/$p.txt" | median)"
done
echo "(median of $n rounds each; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
"$root/calicoctl" ipam check | tail -1
