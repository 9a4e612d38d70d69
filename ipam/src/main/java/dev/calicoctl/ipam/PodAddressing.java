package dev.calicoctl.ipam;

import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.Json;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a pod gets its addresses, shared by the CNI plugin and `ipam assign --pod`: the attributes
 * recorded with the allocation, and the pools (or pinned addresses) chosen as Calico's CNI plugin
 * chooses them (cni-plugin/pkg/k8s): the pod's cni.projectcalico.org/ipv4pools or ipv6pools
 * annotation, else the namespace's, else the configured pools, else (an empty list) every enabled
 * pool that matches; the pod's ipAddrs annotation pins the addresses instead. The caller reads
 * the cluster ({@link Cluster}); this class only decides.
 */
public record PodAddressing(List<String> ipv4Pools, List<String> ipv6Pools, List<IpAddress> ipAddrs,
                            String namespace, Map<String, String> namespaceLabels) {
    public static final String IPV4_POOLS = "cni.projectcalico.org/ipv4pools";
    public static final String IPV6_POOLS = "cni.projectcalico.org/ipv6pools";
    public static final String IP_ADDRS = "cni.projectcalico.org/ipAddrs";

    /** What the cluster says about one pod: its annotations and its namespace's annotations and labels (all empty off Kubernetes). */
    public record Cluster(Map<String, String> podAnnotations, Map<String, String> namespaceAnnotations, Map<String, String> namespaceLabels) {
        public static final Cluster NONE = new Cluster(Map.of(), Map.of(), Map.of());

        public Cluster {
            podAnnotations = podAnnotations == null ? Map.of() : Map.copyOf(podAnnotations);
            namespaceAnnotations = namespaceAnnotations == null ? Map.of() : Map.copyOf(namespaceAnnotations);
            namespaceLabels = namespaceLabels == null ? Map.of() : Map.copyOf(namespaceLabels);
        }
    }

    /** The pools and pinned addresses for a pod in {@code namespace} (null: not a pod), given the configured pools. */
    public static PodAddressing decide(Cluster cluster, String namespace, List<String> configV4, List<String> configV6) {
        List<String> v4 = pick(cluster, IPV4_POOLS), v6 = pick(cluster, IPV6_POOLS);
        List<IpAddress> pinned = new ArrayList<>();
        List<String> addrs = list(cluster.podAnnotations().get(IP_ADDRS), IP_ADDRS);
        if (addrs != null) {
            for (String text : addrs) {
                IpAddress a = IpAddress.tryParse(text);
                if (a == null) throw new IpamException("annotation " + IP_ADDRS + ": '" + text + "' is not an IP address");
                pinned.add(a);
            }
        }
        return new PodAddressing(v4 != null ? v4 : orEmpty(configV4), v6 != null ? v6 : orEmpty(configV6), pinned,
                namespace, cluster.namespaceLabels());
    }

    /** Assigns the pinned addresses, or auto-assigns {@code num4}/{@code num6} from the chosen pools; the endpoint (may be null) records them. */
    public Ipam.AssignResult assign(WorkloadAssignment assignment, String node, String handle, Map<String, String> attrs,
                                    int num4, int num6, HostReservation hostReservation, Workloads.Endpoint endpoint) {
        if (ipAddrs.isEmpty()) {
            return assignment.assign(new AutoAssignRequest(node, handle, attrs, num4, num6, ipv4Pools, ipv6Pools,
                    namespace, namespaceLabels, "Workload", hostReservation), endpoint);
        }
        List<IpAddress> four = new ArrayList<>(), six = new ArrayList<>();
        for (IpAddress a : ipAddrs) {
            Ipam.AssignResult one = assignment.assignIp(a, handle, attrs, node, endpoint);
            four.addAll(one.ipv4());
            six.addAll(one.ipv6());
        }
        return new Ipam.AssignResult(four, six);
    }

    /** The allocation's attributes as Calico's CNI plugin writes them: node and timestamp, and namespace and pod when there are. */
    public static Map<String, String> attributes(String node, String namespace, String pod, ZonedDateTime now) {
        Map<String, String> attrs = new LinkedHashMap<>();
        if (namespace != null) attrs.put("namespace", namespace);
        attrs.put("node", node);
        if (pod != null) attrs.put("pod", pod);
        attrs.put("timestamp", goTimestamp(now));
        return attrs;
    }

    /** Go's time.Time.String() in UTC (upstream writes time.Now().UTC().String()): trailing zeros of the fraction trimmed. */
    public static String goTimestamp(ZonedDateTime t) {
        ZonedDateTime u = t.withZoneSameInstant(ZoneOffset.UTC);
        String base = String.format("%04d-%02d-%02d %02d:%02d:%02d", u.getYear(), u.getMonthValue(), u.getDayOfMonth(), u.getHour(), u.getMinute(), u.getSecond());
        String frac = String.format("%09d", u.getNano()).replaceAll("0+$", "");
        return base + (frac.isEmpty() ? "" : "." + frac) + " +0000 UTC";
    }

    private static List<String> orEmpty(List<String> l) { return l == null ? List.of() : l; }

    private static List<String> pick(Cluster c, String annotation) {
        if (c.podAnnotations().containsKey(annotation)) return list(c.podAnnotations().get(annotation), annotation);
        if (c.namespaceAnnotations().containsKey(annotation)) return list(c.namespaceAnnotations().get(annotation), annotation);
        return null;
    }

    /** The annotation's JSON list of strings, strictly. */
    private static List<String> list(String text, String annotation) {
        if (text == null) return null;
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (RuntimeException e) {
            throw new IpamException("failed to parse '" + text + "' as JSON in annotation " + annotation + ": " + e.getMessage());
        }
        if (!(parsed instanceof List<?> l)) throw new IpamException("annotation " + annotation + " must be a JSON list of strings, not '" + text + "'");
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s)) throw new IpamException("annotation " + annotation + " must be a JSON list of strings, not '" + text + "'");
            out.add(s);
        }
        return out;
    }
}
