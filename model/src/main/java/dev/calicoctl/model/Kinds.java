package dev.calicoctl.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of every projectcalico.org/v3 kind calicoctl knows: names, aliases, scope,
 * etcd plural and table columns (calicoctl/calicoctl/resourcemgr, libcalico-go model/resource.go).
 */
public final class Kinds {
    private static final Map<String, Kind> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, Kind> BY_ALIAS = new HashMap<>();

    public static final Kind IP_POOL = register(Kind.builder("IPPool", "ippools")
            .aliases("ippool", "ippools", "ipp", "ipps", "pool", "pools")
            .headings("NAME", "CIDR", "SELECTOR")
            .wide("NAME", "CIDR", "NAT", "IPIPMODE", "VXLANMODE", "DISABLED", "DISABLEBGPEXPORT", "SELECTOR", "ASSIGNMENTMODE")
            .column("CIDR", r -> spec(r, "cidr"))
            .column("NAT", r -> bool(r, "natOutgoing"))
            .column("IPIPMODE", r -> new IpPool(r).ipipMode())
            .column("VXLANMODE", r -> new IpPool(r).vxlanMode())
            .column("DISABLED", r -> bool(r, "disabled"))
            .column("DISABLEBGPEXPORT", r -> bool(r, "disableBGPExport"))
            .column("SELECTOR", r -> spec(r, "nodeSelector"))
            .column("ASSIGNMENTMODE", r -> spec(r, "assignmentMode"))
            .spec(IpPool.SPEC).status(IpPool.STATUS).rules(IpPool.RULES));

    public static final Kind IP_RESERVATION = register(Kind.builder("IPReservation", "ipreservations")
            .aliases("ipreservation", "ipreservations", "reservation", "reservations")
            .headings("NAME").wide("NAME", "CIDRS")
            .column("CIDRS", r -> join(r.spec().get("reservedCIDRs")))
            .spec(IpReservation.SPEC).rules(IpReservation.RULES));

    public static final Kind IPAM_CONFIGURATION = register(Kind.builder("IPAMConfiguration", "ipamconfigurations")
            .aliases("ipamconfiguration", "ipamconfigurations", "ipamconfig", "ipamconfigs")
            .headings("NAME", "STRICTAFFINITY", "AUTOALLOCATEBLOCKS")
            .wide("NAME", "STRICTAFFINITY", "AUTOALLOCATEBLOCKS", "MAXBLOCKSPERHOST")
            .column("STRICTAFFINITY", r -> bool(r, "strictAffinity"))
            .column("AUTOALLOCATEBLOCKS", r -> bool(r, "autoAllocateBlocks"))
            .column("MAXBLOCKSPERHOST", r -> String.valueOf(r.spec().getOrDefault("maxBlocksPerHost", 0L)))
            .spec(IpamConfiguration.SPEC).rules(IpamConfiguration.RULES));

    public static final Kind BLOCK_AFFINITY = register(Kind.builder("BlockAffinity", "blockaffinities")
            .aliases("blockaffinity", "blockaffinities", "affinity", "affinities")
            .headings("NAME", "NODE", "CIDR", "STATE").wide("NAME", "NODE", "CIDR", "STATE", "TYPE")
            .column("NODE", r -> spec(r, "node")).column("CIDR", r -> spec(r, "cidr"))
            .column("STATE", r -> spec(r, "state")).column("TYPE", r -> spec(r, "type"))
            .spec(BlockAffinity.SPEC).rules(BlockAffinity.RULES));

    public static final Kind NODE = register(Kind.builder("Node", "nodes")
            .aliases("node", "nodes", "no", "nos")
            .headings("NAME").wide("NAME", "ASN", "IPV4", "IPV6")
            .column("ASN", r -> bgp(r, "asNumber", "(64512)"))
            .column("IPV4", r -> bgp(r, "ipv4Address", ""))
            .column("IPV6", r -> bgp(r, "ipv6Address", ""))
            .spec(Node.SPEC).status(Node.STATUS).rules(Node.RULES));

    public static final Kind CLUSTER_INFORMATION = register(Kind.builder("ClusterInformation", "clusterinformations")
            .aliases("clusterinformation", "clusterinformations", "clusterinfo", "clusterinfos")
            .headings("NAME", "CLUSTERGUID", "CLUSTERTYPE", "CALICOVERSION", "DATASTOREREADY")
            .wide("NAME", "CLUSTERGUID", "CLUSTERTYPE", "CALICOVERSION", "DATASTOREREADY")
            .column("CLUSTERGUID", r -> spec(r, "clusterGUID")).column("CLUSTERTYPE", r -> spec(r, "clusterType"))
            .column("CALICOVERSION", r -> spec(r, "calicoVersion")).column("DATASTOREREADY", r -> bool(r, "datastoreReady"))
            .spec(ClusterInformation.SPEC));

    // Kinds recognised by name, alias and scope; their specs are stored as given until modelled.
    static {
        simple("BGPConfiguration", "bgpconfigurations", false, "bgpconfiguration", "bgpconfigurations", "bgpconfig", "bgpconfigs");
        simple("BGPFilter", "bgpfilters", false, "bgpfilter", "bgpfilters", "bgpf", "bgpfs", "bf", "bfs");
        simple("BGPPeer", "bgppeers", false, "bgppeer", "bgppeers", "bgpp", "bgpps", "bp", "bps");
        simple("FelixConfiguration", "felixconfigurations", false, "felixconfiguration", "felixconfigurations", "felixconfig", "felixconfigs");
        simple("GlobalNetworkPolicy", "globalnetworkpolicies", false, "globalnetworkpolicy", "globalnetworkpolicies", "gnp", "gnps");
        simple("GlobalNetworkSet", "globalnetworksets", false, "globalnetworkset", "globalnetworksets", "gnetsets");
        simple("HostEndpoint", "hostendpoints", false, "hostendpoint", "hostendpoints", "hep", "heps");
        simple("KubeControllersConfiguration", "kubecontrollersconfigurations", false, "kubecontrollersconfiguration", "kubecontrollersconfigurations", "kubecontrollersconfig", "kubecontrollersconfigs");
        simple("NetworkPolicy", "networkpolicies", true, "networkpolicy", "networkpolicies", "policy", "np", "policies", "pol", "pols");
        simple("NetworkSet", "networksets", true, "networkset", "networksets", "netsets");
        simple("CalicoNodeStatus", "caliconodestatuses", false, "caliconodestatus", "caliconodestatuses", "nodestatus", "nodestatuses");
        simple("Profile", "profiles", false, "profile", "profiles", "pro", "pros");
        simple("StagedGlobalNetworkPolicy", "stagedglobalnetworkpolicies", false, "stagedglobalnetworkpolicy", "stagedglobalnetworkpolicies", "sgnp", "sgnps");
        simple("StagedKubernetesNetworkPolicy", "stagedkubernetesnetworkpolicies", true, "stagedkubernetesnetworkpolicy", "stagedkubernetesnetworkpolicies", "stagedkubernetespolicy", "sknp", "stagedkubernetespolicies", "skpol", "skpols");
        simple("StagedNetworkPolicy", "stagednetworkpolicies", true, "stagednetworkpolicy", "stagednetworkpolicies", "stagedpolicy", "snp", "stagedpolicies", "spol", "spols");
        simple("Tier", "tiers", false, "tier", "tiers");
        simple("WorkloadEndpoint", "workloadendpoints", true, "workloadendpoint", "workloadendpoints", "wep", "weps");
    }

    private Kinds() {}

    private static Kind register(Kind.Builder b) {
        Kind k = b.build();
        BY_NAME.put(k.name(), k);
        BY_ALIAS.put(k.name().toLowerCase(), k);
        for (String a : k.aliases()) BY_ALIAS.put(a, k);
        return k;
    }

    private static void simple(String name, String plural, boolean namespaced, String... aliases) {
        Kind.Builder b = Kind.builder(name, plural).aliases(aliases);
        if (namespaced) b.namespaced();
        register(b);
    }

    /** The kind named exactly as in a manifest's "kind" field, or null. */
    public static Kind byName(String name) { return BY_NAME.get(name); }

    /** The kind a user typed on the command line (any alias, any case), or null. */
    public static Kind byAlias(String typed) { return typed == null ? null : BY_ALIAS.get(typed.toLowerCase()); }

    public static List<Kind> all() { return Collections.unmodifiableList(new ArrayList<>(BY_NAME.values())); }

    private static String spec(Resource r, String field) {
        Object v = r.spec().get(field);
        return v == null ? "" : v.toString();
    }

    private static String bool(Resource r, String field) {
        return String.valueOf(Boolean.TRUE.equals(r.spec().get(field)));
    }

    private static String join(Object list) {
        if (!(list instanceof List<?> l)) return "";
        StringBuilder sb = new StringBuilder();
        for (Object o : l) { if (sb.length() > 0) sb.append(','); sb.append(o); }
        return sb.toString();
    }

    private static String bgp(Resource r, String field, String dflt) {
        if (r.spec().get("bgp") instanceof Map<?, ?> m && m.get(field) != null) return m.get(field).toString();
        return dflt;
    }
}
