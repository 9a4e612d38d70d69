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
            .modelFromRegistry());

    public static final Kind IP_RESERVATION = register(Kind.builder("IPReservation", "ipreservations")
            .aliases("ipreservation", "ipreservations", "reservation", "reservations")
            .headings("NAME").wide("NAME", "CIDRS")
            .modelFromRegistry());

    public static final Kind IPAM_CONFIGURATION = register(Kind.builder("IPAMConfiguration", "ipamconfigurations")
            .aliases("ipamconfiguration", "ipamconfigurations", "ipamconfig", "ipamconfigs")
            .headings("NAME", "STRICTAFFINITY", "AUTOALLOCATEBLOCKS")
            .wide("NAME", "STRICTAFFINITY", "AUTOALLOCATEBLOCKS", "MAXBLOCKSPERHOST")
            .modelFromRegistry());

    public static final Kind BLOCK_AFFINITY = register(Kind.builder("BlockAffinity", "blockaffinities")
            .aliases("blockaffinity", "blockaffinities", "affinity", "affinities")
            .headings("NAME", "NODE", "CIDR", "STATE").wide("NAME", "NODE", "CIDR", "STATE", "TYPE")
            .modelFromRegistry());

    public static final Kind NODE = register(Kind.builder("Node", "nodes")
            .aliases("node", "nodes", "no", "nos")
            .headings("NAME").wide("NAME", "ASN", "IPV4", "IPV6")
            .modelFromRegistry());

    public static final Kind CLUSTER_INFORMATION = register(Kind.builder("ClusterInformation", "clusterinformations")
            .aliases("clusterinformation", "clusterinformations", "clusterinfo", "clusterinfos")
            .headings("NAME", "CLUSTERGUID", "CLUSTERTYPE", "CALICOVERSION", "DATASTOREREADY")
            .wide("NAME", "CLUSTERGUID", "CLUSTERTYPE", "CALICOVERSION", "DATASTOREREADY")
            .modelFromRegistry());

    /**
     * Each kind's spec schema, hooks and status schema {spec, rules, status} (the per-kind files hold
     * them), asked for by a kind on its first use; null for a kind stored as given.
     * A switch rather than a supplier per kind: no lambda to link at start-up.
     */
    static Object[] modelOf(String kind) {
        return switch (kind) {
            case "IPPool" -> new Object[] {IpPool.SPEC, IpPool.RULES, IpPool.STATUS};
            case "IPReservation" -> new Object[] {IpReservation.SPEC, IpReservation.RULES};
            case "IPAMConfiguration" -> new Object[] {IpamConfiguration.SPEC, IpamConfiguration.RULES};
            case "BlockAffinity" -> new Object[] {BlockAffinity.SPEC, BlockAffinity.RULES};
            case "Node" -> new Object[] {Node.SPEC, Node.RULES, Node.STATUS};
            case "ClusterInformation" -> new Object[] {ClusterInformation.SPEC, ClusterInformation.RULES};
            case "BGPConfiguration" -> new Object[] {BgpKinds.CONFIG_SPEC, BgpKinds.CONFIG_RULES};
            case "BGPFilter" -> new Object[] {BgpKinds.FILTER_SPEC, null};
            case "BGPPeer" -> new Object[] {BgpKinds.PEER_SPEC, BgpKinds.PEER_RULES};
            case "FelixConfiguration" -> new Object[] {ConfigKinds.FELIX_SPEC, ConfigKinds.FELIX_RULES};
            case "KubeControllersConfiguration" -> new Object[] {ConfigKinds.KCC_SPEC, ConfigKinds.KCC_RULES, ConfigKinds.KCC_STATUS};
            case "GlobalNetworkPolicy" -> new Object[] {PolicyKinds.GNP_SPEC, PolicyKinds.policyRules(PolicyKinds.GNP_NAME, true, false, false)};
            case "NetworkPolicy" -> new Object[] {PolicyKinds.NP_SPEC, PolicyKinds.policyRules(PolicyKinds.NP_NAME, false, false, false)};
            case "StagedGlobalNetworkPolicy" -> new Object[] {PolicyKinds.SGNP_SPEC, PolicyKinds.policyRules(PolicyKinds.GNP_NAME, true, true, false)};
            case "StagedNetworkPolicy" -> new Object[] {PolicyKinds.SNP_SPEC, PolicyKinds.policyRules(PolicyKinds.NP_NAME, false, true, false)};
            case "StagedKubernetesNetworkPolicy" -> new Object[] {PolicyKinds.SKNP_SPEC, PolicyKinds.policyRules(null, false, true, true)};
            case "Tier" -> new Object[] {PolicyKinds.TIER_SPEC, PolicyKinds.TIER_RULES};
            case "Profile" -> new Object[] {PolicyKinds.PROFILE_SPEC, PolicyKinds.PROFILE_RULES};
            case "HostEndpoint" -> new Object[] {EndpointKinds.HEP_SPEC, null};
            case "GlobalNetworkSet" -> new Object[] {EndpointKinds.NETSET_SPEC, EndpointKinds.NETSET_RULES};
            case "NetworkSet" -> new Object[] {EndpointKinds.NETSET_SPEC, EndpointKinds.NETSET_RULES};
            case "WorkloadEndpoint" -> new Object[] {EndpointKinds.WEP_SPEC, EndpointKinds.WEP_RULES};
            case "CalicoNodeStatus" -> new Object[] {NodeStatus.SPEC, null, NodeStatus.STATUS};
            default -> null;
        };
    }

    // Kinds recognised by name, alias, scope and table columns, with their schema and hooks from MODELS.
    static {
        String[] policy = {"NAME", "TIER"}, policyWide = {"NAME", "TIER", "ORDER", "SELECTOR"};
        simple("BGPConfiguration", "bgpconfigurations", false, a("bgpconfiguration", "bgpconfigurations", "bgpconfig", "bgpconfigs"),
                a("NAME", "LOGSEVERITY", "MESHENABLED", "ASNUMBER"), a("NAME", "LOGSEVERITY", "MESHENABLED", "ASNUMBER"));
        simple("BGPFilter", "bgpfilters", false, a("bgpfilter", "bgpfilters", "bgpf", "bgpfs", "bf", "bfs"),
                a("NAME", "NUMEXPORTV4", "NUMIMPORTV4", "NUMEXPORTV6", "NUMIMPORTV6"), a("NAME", "NUMEXPORTV4", "NUMIMPORTV4", "NUMEXPORTV6", "NUMIMPORTV6"));
        simple("BGPPeer", "bgppeers", false, a("bgppeer", "bgppeers", "bgpp", "bgpps", "bp", "bps"),
                a("NAME", "PEERIP", "NODE", "ASN"), a("NAME", "PEERIP", "NODE", "ASN"));
        simple("FelixConfiguration", "felixconfigurations", false, a("felixconfiguration", "felixconfigurations", "felixconfig", "felixconfigs"), a("NAME"), a("NAME"));
        simple("GlobalNetworkPolicy", "globalnetworkpolicies", false, a("globalnetworkpolicy", "globalnetworkpolicies", "gnp", "gnps"), policy, policyWide);
        simple("GlobalNetworkSet", "globalnetworksets", false, a("globalnetworkset", "globalnetworksets", "gnetsets"), a("NAME"), a("NAME", "NETS"));
        simple("HostEndpoint", "hostendpoints", false, a("hostendpoint", "hostendpoints", "hep", "heps"), a("NAME", "NODE"), a("NAME", "NODE", "INTERFACE", "IPS", "PROFILES"));
        simple("KubeControllersConfiguration", "kubecontrollersconfigurations", false,
                a("kubecontrollersconfiguration", "kubecontrollersconfigurations", "kubecontrollersconfig", "kubecontrollersconfigs"), a("NAME"), a("NAME"));
        simple("NetworkPolicy", "networkpolicies", true, a("networkpolicy", "networkpolicies", "policy", "np", "policies", "pol", "pols"), policy, policyWide);
        simple("NetworkSet", "networksets", true, a("networkset", "networksets", "netsets"), a("NAME"), a("NAME", "NETS"));
        simple("CalicoNodeStatus", "caliconodestatuses", false, a("caliconodestatus", "caliconodestatuses", "nodestatus", "nodestatuses"), a("NAME", "NODE"), a("NAME", "NODE", "CLASSES"));
        simple("Profile", "profiles", false, a("profile", "profiles", "pro", "pros"), a("NAME"), a("NAME", "LABELS"));
        simple("StagedGlobalNetworkPolicy", "stagedglobalnetworkpolicies", false, a("stagedglobalnetworkpolicy", "stagedglobalnetworkpolicies", "sgnp", "sgnps"), policy, policyWide);
        simple("StagedKubernetesNetworkPolicy", "stagedkubernetesnetworkpolicies", true,
                a("stagedkubernetesnetworkpolicy", "stagedkubernetesnetworkpolicies", "stagedkubernetespolicy", "sknp", "stagedkubernetespolicies", "skpol", "skpols"),
                a("NAME"), a("NAME", "PODSELECTOR"));
        simple("StagedNetworkPolicy", "stagednetworkpolicies", true, a("stagednetworkpolicy", "stagednetworkpolicies", "stagedpolicy", "snp", "stagedpolicies", "spol", "spols"), policy, policyWide);
        simple("Tier", "tiers", false, a("tier", "tiers"), a("NAME", "ORDER"), a("NAME", "ORDER"));
        simple("WorkloadEndpoint", "workloadendpoints", true, a("workloadendpoint", "workloadendpoints", "wep", "weps"),
                a("WORKLOAD", "NODE", "NETWORKS", "INTERFACE"), a("NAME", "WORKLOAD", "NODE", "NETWORKS", "INTERFACE", "PROFILES", "NATS"));
    }


    private Kinds() {}

    private static Kind register(Kind.Builder b) {
        TableColumns.define(b);
        Kind k = b.build();
        BY_NAME.put(k.name(), k);
        BY_ALIAS.put(k.name().toLowerCase(), k);
        for (String a : k.aliases()) BY_ALIAS.put(a, k);
        return k;
    }

    private static String[] a(String... s) { return s; }

    private static void simple(String name, String plural, boolean namespaced, String[] aliases, String[] headings, String[] wide) {
        Kind.Builder b = Kind.builder(name, plural).aliases(aliases).headings(headings).wide(wide);
        if (namespaced) b.namespaced();
        b.modelFromRegistry();
        register(b);
    }

    /** The kind named exactly as in a manifest's "kind" field, or null. */
    public static Kind byName(String name) { return BY_NAME.get(name); }

    /** The kind a user typed on the command line (any alias, any case), or null. */
    public static Kind byAlias(String typed) { return typed == null ? null : BY_ALIAS.get(typed.toLowerCase()); }

    public static List<Kind> all() { return Collections.unmodifiableList(new ArrayList<>(BY_NAME.values())); }
}
