#!/usr/bin/env bash
# The seed article's per-namespace pools, replayed on the embedded store. See README.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ctl="$here/../../calicoctl"
if [ -z "${CALICOCTL_LOCAL_DB:-}" ]; then
  export CALICOCTL_LOCAL_DB="$(mktemp -d)/namespace-pools.db"
  echo "# using a throwaway store: $CALICOCTL_LOCAL_DB"
fi
node=casey-crc-kadm-node-0

"$ctl" apply -f "$here/../pools.yaml"

declare -A pool_of=([external-ns]=external-pool [internal-ns]=internal-pool)
declare -A cidr_of=([external-ns]=172.16.0.0/26 [internal-ns]=192.169.0.0/24)
# What real Calico gave the article's pods on this node (kubectl get pods -o wide).
declare -A article_of=([external-ns]="172.16.0.32 172.16.0.33 172.16.0.34" [internal-ns]="192.169.0.32 192.169.0.33 192.169.0.34")
fail=0
for ns in external-ns internal-ns; do
  blocks=""
  got=""
  for i in 1 2 3; do
    ip=$("$ctl" ipam assign --node "$node" --namespace "$ns" --pod "nginx-$i" --ipv4-pools "[\"${pool_of[$ns]}\"]")
    echo "$ns/nginx-$i  $ip"
    got="${got:+$got }$ip"
    python3 - "$ip" "${cidr_of[$ns]}" <<'PY' || { echo "FAIL: $ip is not in ${cidr_of[$ns]}"; fail=1; }
import ipaddress, sys
sys.exit(0 if ipaddress.ip_address(sys.argv[1]) in ipaddress.ip_network(sys.argv[2]) else 1)
PY
    blocks="$blocks $(python3 -c 'import ipaddress,sys; print(ipaddress.ip_network(sys.argv[1]+"/29", strict=False))' "$ip")"
  done
  n=$(echo $blocks | tr ' ' '\n' | sort -u | wc -l)
  if [ "$n" != 1 ]; then echo "FAIL: the $ns pods are spread over $n blocks:$blocks"; fail=1; fi
  if [ "$got" != "${article_of[$ns]}" ]; then echo "FAIL: $ns got $got, the article shows ${article_of[$ns]}"; fail=1; fi
done

"$ctl" ipam show --show-blocks
"$ctl" ipam show --map --node "$node"
"$ctl" ipam check | tail -1
exit $fail
