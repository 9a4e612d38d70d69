#!/usr/bin/env bash
# Start-up benchmark: wall time of everyday commands through ./calicoctl, next to a bare `java`
# hello-world on the JDK the launcher picks, in one run of paired rounds (each round runs the bare
# JVM and every command once, so load from elsewhere on the machine hits them alike).
#   bench/startup.sh [rounds]      (default 15 rounds, after 2 warm-up rounds)
# Commands: `get ippools -o yaml` (100 pools), `ipam show`, `version`; on the embedded local store
# and, when etcd is installed, on a throwaway etcd started here on free loopback ports.
# Prints per command: the median wall time, and the median of its per-round ratios to the bare JVM.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-15}
work=$(mktemp -d)
etcd_pid=
cleanup() {
  if [ -n "$etcd_pid" ]; then kill "$etcd_pid" 2>/dev/null || true; wait "$etcd_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# never the user's state: a private home, config and local store
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share XDG_CACHE_HOME=$work/home/.cache
export CALICOCTL_LOCAL_DB=$work/local.db
mkdir -p "$HOME"
unset DATASTORE_TYPE CALICO_DATASTORE_TYPE ETCD_ENDPOINTS CALICO_ETCD_ENDPOINTS KUBECONFIG CALICOCTL_TRACE || true
ctl=$root/calicoctl

# which JDK the launcher picks (it prints nothing; ask it the same way it decides)
java_home=$(bash -c 'source <(sed -n "/^java_major()/,/^}/p;/^pick_java()/,/^}/p" "$1"); pick_java; echo "$JAVA_HOME_PICKED"' _ "$ctl")
java=$java_home/bin/java
mkdir -p "$work/hello"
cat > "$work/hello/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
"$java_home/bin/javac" -d "$work/hello" "$work/hello/Hello.java"

# 100 pools; a few addresses assigned so `ipam show` reads blocks too
seed() {
  for i in $(seq 0 99); do
    printf -- '---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: pool-%03d\nspec:\n  cidr: 10.%d.%d.0/24\n  blockSize: 26\n' "$i" $((i / 250)) $((i % 250))
  done | "$ctl" apply -f - >/dev/null
  "$ctl" ipam assign --node=bench-node --num4=4 --ipv4-pools=pool-000 >/dev/null
  n=$("$ctl" get ippools -o yaml | grep -c '^  kind: IPPool')
  [ "$n" = 100 ] || { echo "startup.sh: expected 100 pools, found $n" >&2; exit 1; }
}
seed   # also builds the jar and trains the class-data archive on first use

names=(bare); cmds=("$java -Xshare:auto -cp $work/hello Hello")
add() { names+=("$1"); cmds+=("$2"); }
add "local get ippools -o yaml" "$ctl get ippools -o yaml"
add "local ipam show"           "$ctl ipam show"
add "local version"             "$ctl version"

if command -v etcd >/dev/null 2>&1; then
  free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
  port=$(free_port); peer=$(free_port)
  etcd --name bench --data-dir "$work/etcd" --listen-client-urls "http://127.0.0.1:$port" --advertise-client-urls "http://127.0.0.1:$port" \
       --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
       --initial-cluster "bench=http://127.0.0.1:$peer" --log-level error > "$work/etcd.log" 2>&1 &
  etcd_pid=$!
  endpoint=http://127.0.0.1:$port
  for _ in $(seq 1 100); do curl -fs "$endpoint/health" >/dev/null 2>&1 && break; sleep 0.1; done
  DATASTORE_TYPE=etcdv3 ETCD_ENDPOINTS=$endpoint seed
  e="env DATASTORE_TYPE=etcdv3 ETCD_ENDPOINTS=$endpoint"
  add "etcd get ippools -o yaml" "$e $ctl get ippools -o yaml"
  add "etcd ipam show"           "$e $ctl ipam show"
  add "etcd version"             "$e $ctl version"
else
  echo "(etcd is not installed: etcd rows skipped)"
fi

# paired rounds: every command once per round; times in microseconds from bash's clock (no forks)
declare -A times
for round in $(seq -1 "$runs"); do
  for i in "${!cmds[@]}"; do
    s=${EPOCHREALTIME/./}
    ${cmds[$i]} >/dev/null 2>&1 || { echo "startup.sh: '${names[$i]}' failed" >&2; exit 1; }
    e=${EPOCHREALTIME/./}
    [ "$round" -ge 1 ] && times[$i]+="$(( e - s )) "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "jdk: $("$java" -version 2>&1 | head -1); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "medians of $runs paired rounds"
read -ra bare <<< "${times[0]}"
printf '%-28s %8.1f ms\n' "bare java hello-world" "$(echo "${times[0]}" | median | awk '{print $1/1000}')"
for i in "${!cmds[@]}"; do
  [ "$i" = 0 ] && continue
  read -ra t <<< "${times[$i]}"
  ratios=""
  for k in "${!t[@]}"; do ratios+="$(awk -v a="${t[$k]}" -v b="${bare[$k]}" 'BEGIN { printf "%.4f", a / b }') "; done
  printf '%-28s %8.1f ms  %5.2fx the bare JVM\n' "${names[$i]}" "$(echo "${times[$i]}" | median | awk '{print $1/1000}')" "$(echo "$ratios" | median)"
done
echo "(goal: at most 3x)"
