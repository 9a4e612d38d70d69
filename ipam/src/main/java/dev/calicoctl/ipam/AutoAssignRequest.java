package dev.calicoctl.ipam;

import java.util.List;
import java.util.Map;

/**
 * What a caller asks AutoAssign for: how many addresses of each family, for which node and
 * handle, recorded with which attributes, and optionally from which pools (names or CIDRs).
 * {@code hostReservation} (null for none) is what the host keeps of every block it claims
 * (Windows nodes: {@link HostReservation#WINDOWS}).
 */
public record AutoAssignRequest(String node, String handleId, Map<String, String> attributes,
                                int num4, int num6, List<String> ipv4Pools, List<String> ipv6Pools,
                                String namespace, Map<String, String> namespaceLabels, String use,
                                HostReservation hostReservation) {
    /** A request without a host reservation. */
    public AutoAssignRequest(String node, String handleId, Map<String, String> attributes,
                             int num4, int num6, List<String> ipv4Pools, List<String> ipv6Pools,
                             String namespace, Map<String, String> namespaceLabels, String use) {
        this(node, handleId, attributes, num4, num6, ipv4Pools, ipv6Pools, namespace, namespaceLabels, use, null);
    }

    public AutoAssignRequest {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        ipv4Pools = ipv4Pools == null ? List.of() : List.copyOf(ipv4Pools);
        ipv6Pools = ipv6Pools == null ? List.of() : List.copyOf(ipv6Pools);
        namespaceLabels = namespaceLabels == null ? Map.of() : Map.copyOf(namespaceLabels);
        use = use == null ? "Workload" : use;
    }
}
