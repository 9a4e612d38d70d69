package dev.calicoctl.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table columns of each kind as calicoctl's resourcemgr defines them (its headingsMap
 * templates), rendered as Go's template engine renders the model values: unset pointers print
 * {@code <nil>}, unset booleans {@code false}, floats as %v, lists through join or
 * joinAndTruncate(…, ",", 80). The kind registry adds them to each kind it registers.
 */
final class TableColumns {
    private TableColumns() {}

    /** Adds (or replaces) the columns of the kind being built. NAME and NAMESPACE come from the builder. */
    static void define(Kind.Builder b) {
        switch (b.name()) {
            case "IPPool" -> b
                    .column("CIDR", r -> str(r, "cidr"))
                    .column("NAT", r -> bool(r, "natOutgoing"))
                    .column("IPIPMODE", r -> orElse(r, "ipipMode", "Never"))
                    .column("VXLANMODE", r -> orElse(r, "vxlanMode", "Never"))
                    .column("DISABLED", r -> bool(r, "disabled"))
                    .column("DISABLEBGPEXPORT", r -> bool(r, "disableBGPExport"))
                    .column("SELECTOR", r -> str(r, "nodeSelector"))
                    .column("ASSIGNMENTMODE", r -> ptr(r, "assignmentMode"));
            case "IPReservation" -> b.column("CIDRS", r -> GoFormat.joinAndTruncate(r.spec().get("reservedCIDRs"), ",", 80));
            case "IPAMConfiguration" -> b
                    .column("STRICTAFFINITY", r -> bool(r, "strictAffinity"))
                    .column("AUTOALLOCATEBLOCKS", r -> bool(r, "autoAllocateBlocks"))
                    .column("MAXBLOCKSPERHOST", r -> num(r, "maxBlocksPerHost"));
            case "Node" -> b
                    .column("ASN", TableColumns::nodeAsn)
                    .column("IPV4", r -> bgpField(r, "ipv4Address"))
                    .column("IPV6", r -> bgpField(r, "ipv6Address"));
            case "ClusterInformation" -> b
                    .column("CLUSTERGUID", r -> str(r, "clusterGUID"))
                    .column("CLUSTERTYPE", r -> str(r, "clusterType"))
                    .column("CALICOVERSION", r -> str(r, "calicoVersion"))
                    .column("DATASTOREREADY", r -> ptr(r, "datastoreReady"));
            case "BGPConfiguration" -> b
                    .column("LOGSEVERITY", r -> str(r, "logSeverityScreen"))
                    .column("MESHENABLED", r -> r.spec().get("nodeToNodeMeshEnabled") == null ? "-" : String.valueOf(r.spec().get("nodeToNodeMeshEnabled")))
                    .column("ASNUMBER", r -> r.spec().get("asNumber") == null ? "-" : asNumber(r.spec().get("asNumber")));
            case "BGPFilter" -> b
                    .column("NUMEXPORTV4", r -> count(r, "exportV4"))
                    .column("NUMIMPORTV4", r -> count(r, "importV4"))
                    .column("NUMEXPORTV6", r -> count(r, "exportV6"))
                    .column("NUMIMPORTV6", r -> count(r, "importV6"));
            case "BGPPeer" -> b
                    .column("PEERIP", r -> str(r, "peerIP"))
                    .column("NODE", r -> !str(r, "node").isEmpty() ? str(r, "node") : !str(r, "nodeSelector").isEmpty() ? str(r, "nodeSelector") : "(global)")
                    .column("ASN", r -> r.spec().get("asNumber") == null ? "0" : asNumber(r.spec().get("asNumber")));
            case "CalicoNodeStatus" -> b
                    .column("NODE", r -> str(r, "node"))
                    .column("CLASSES", r -> GoFormat.join(r.spec().get("classes"), ","));
            case "GlobalNetworkPolicy", "NetworkPolicy", "StagedGlobalNetworkPolicy", "StagedNetworkPolicy" -> b
                    .column("ORDER", r -> order(r))
                    .column("SELECTOR", r -> str(r, "selector"))
                    // policies are stored with their tier; older data without one is in the default tier
                    .column("TIER", r -> r.spec().get("tier") == null ? "default" : str(r, "tier"));
            case "GlobalNetworkSet", "NetworkSet" -> b.column("NETS", r -> GoFormat.joinAndTruncate(r.spec().get("nets"), ",", 80));
            case "HostEndpoint" -> b
                    .column("NODE", r -> str(r, "node"))
                    .column("INTERFACE", r -> str(r, "interfaceName"))
                    .column("IPS", r -> GoFormat.join(r.spec().get("expectedIPs"), ","))
                    .column("PROFILES", r -> GoFormat.join(r.spec().get("profiles"), ","));
            case "Profile" -> b.column("LABELS", r -> GoFormat.join(r.spec().get("labelsToApply"), ","));
            case "StagedKubernetesNetworkPolicy" -> b.column("PODSELECTOR", r -> labelSelector(r.spec().get("podSelector")));
            case "Tier" -> b.column("ORDER", TableColumns::order);
            case "WorkloadEndpoint" -> b
                    .column("NODE", r -> str(r, "node"))
                    .column("ORCHESTRATOR", r -> str(r, "orchestrator"))
                    .column("WORKLOAD", r -> !str(r, "workload").isEmpty() ? str(r, "workload") : str(r, "pod"))
                    .column("NETWORKS", r -> GoFormat.join(r.spec().get("ipNetworks"), ","))
                    .column("NATS", r -> GoFormat.join(nats(r.spec().get("ipNATs")), ","))
                    .column("PROFILES", r -> GoFormat.join(r.spec().get("profiles"), ","))
                    .column("INTERFACE", r -> str(r, "interfaceName"));
            case "BlockAffinity" -> b // not a calicoctl kind; its CRD's printer columns
                    .column("NODE", r -> str(r, "node")).column("CIDR", r -> str(r, "cidr"))
                    .column("STATE", r -> str(r, "state")).column("TYPE", r -> str(r, "type"));
            default -> { }
        }
    }

    private static String str(Resource r, String field) {
        Object v = r.spec().get(field);
        return v == null ? "" : v instanceof Number n ? GoFormat.number(n) : v.toString();
    }

    private static String orElse(Resource r, String field, String dflt) {
        String v = str(r, field);
        return v.isEmpty() ? dflt : v;
    }

    /** A pointer field: {@code <nil>} when unset. */
    private static String ptr(Resource r, String field) {
        return r.spec().get(field) == null ? "<nil>" : str(r, field);
    }

    private static String bool(Resource r, String field) {
        return String.valueOf(Boolean.TRUE.equals(r.spec().get(field)));
    }

    private static String num(Resource r, String field) {
        Object v = r.spec().get(field);
        return v == null ? "0" : str(r, field);
    }

    private static String count(Resource r, String field) {
        return r.spec().get(field) instanceof List<?> l ? Integer.toString(l.size()) : "0";
    }

    private static String order(Resource r) {
        Object v = r.spec().get("order");
        return v instanceof Number n ? GoFormat.floatV(n.doubleValue()) : "<nil>";
    }

    /** An AS number as Calico's numorstring.ASNumber prints it: decimal, also for the dotted "high.low" form. */
    static String asNumber(Object v) {
        String s = String.valueOf(v);
        int dot = s.indexOf('.');
        if (v instanceof String && dot > 0) {
            try {
                return Long.toString(Long.parseLong(s.substring(0, dot)) * 65536 + Long.parseLong(s.substring(dot + 1)));
            } catch (NumberFormatException e) {
                return s;
            }
        }
        return v instanceof Number n ? GoFormat.number(n) : s;
    }

    private static String bgpField(Resource r, String field) {
        if (r.spec().get("bgp") instanceof Map<?, ?> m && m.get(field) != null) return m.get(field).toString();
        return "";
    }

    /** Empty without spec.bgp; its asNumber when set; else the cluster's AS in parentheses. */
    private static String nodeAsn(Resource r, TableContext ctx) {
        if (!(r.spec().get("bgp") instanceof Map<?, ?> m)) return "";
        if (m.get("asNumber") != null) return asNumber(m.get("asNumber"));
        return "(" + ctx.globalAsNumber() + ")";
    }

    /** Each NAT as Go prints the IPNAT struct: "{internal external}". */
    private static List<Object> nats(Object v) {
        if (!(v instanceof List<?> l)) return null;
        return l.stream().map(o -> {
            if (!(o instanceof Map<?, ?> m)) return (Object) String.valueOf(o);
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("internalIP", m.get("internalIP") == null ? "" : m.get("internalIP"));
            pair.put("externalIP", m.get("externalIP") == null ? "" : m.get("externalIP"));
            return pair;
        }).toList();
    }

    /** A Kubernetes LabelSelector as Go's %v prints the struct: {map[k:v ...] [expressions]}. */
    private static String labelSelector(Object v) {
        Map<?, ?> sel = v instanceof Map<?, ?> m ? m : Map.of();
        StringBuilder sb = new StringBuilder("{map[");
        if (sel.get("matchLabels") instanceof Map<?, ?> labels) {
            java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>();
            labels.forEach((k, val) -> sorted.put(String.valueOf(k), val));
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) sb.append(' ');
                sb.append(e.getKey()).append(':').append(e.getValue());
                first = false;
            }
        }
        sb.append("] [");
        if (sel.get("matchExpressions") instanceof List<?> exprs) {
            boolean first = true;
            for (Object o : exprs) {
                if (!(o instanceof Map<?, ?> e)) continue;
                if (!first) sb.append(' ');
                sb.append('{').append(e.get("key")).append(' ').append(e.get("operator")).append(" [");
                if (e.get("values") instanceof List<?> vals) sb.append(String.join(" ", vals.stream().map(String::valueOf).toList()));
                sb.append("]}");
                first = false;
            }
        }
        return sb.append("]}").toString();
    }
}
