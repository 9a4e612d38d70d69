package dev.calicoctl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.calicoctl.model.FieldType.*;

/**
 * BGPPeer, BGPConfiguration and BGPFilter: schemas with their field rules (api/pkg/apis/projectcalico/v3
 * bgppeer.go, bgpconfig.go, bgpfilter.go) and the struct and client rules of libcalico-go.
 */
public final class BgpKinds {
    private BgpKinds() {}

    static FieldType selector() { return STRING.with(Tags.SELECTOR, Check.maxLength(1024)); }

    static final FieldType PASSWORD = object("secretKeyRef", object("name", STRING, "key", STRING.keepEmpty(), "optional", BOOL.pointer()));
    static final FieldType DURATION = scalar(GoDuration.TYPE);

    private static boolean set(Map<String, Object> m, String f) { return Values.nonEmpty(m, f); }

    // ---------------------------------------------------------------- BGPPeer
    public static final FieldType PEER_SPEC = object(
            "node", STRING.with(Tags.NAME_TAG, Check.maxLength(253)),
            "nodeSelector", selector(),
            "peerIP", STRING.go("PeerIP").with(Tags.IP_PORT, Check.maxLength(64)),
            "asNumber", scalar(ValueTypes.asNumberType("BGPPeerSpec")).go("ASNumber"),
            "localASNumber", scalar(ValueTypes.asNumberType("BGPPeerSpec")).go("LocalASNumber").pointer(),
            "peerSelector", selector(),
            "keepOriginalNextHop", BOOL,
            "nextHopMode", STRING.with(Check.oneOf("Auto", "Self", "Keep")),
            "password", PASSWORD,
            "sourceAddress", STRING.with(Check.oneOf("UseNodeIP", "None")),
            "maxRestartTime", DURATION,
            "keepaliveTime", DURATION,
            "numAllowedLocalASNumbers", INT.pointer(),
            "ttlSecurity", INT.go("TTLSecurity").pointer().with(Check.range(0, 255)),
            "reachableBy", STRING.with(Tags.REACHABLE_BY, Check.maxLength(64)),
            "filters", listOf(STRING.with(Tags.NAME_TAG)),
            "localWorkloadSelector", selector(),
            "reversePeering", STRING.with(Check.oneOf("Auto", "Manual"))
    ).with(
            Check.struct((s, errors) -> {
                String peer = Values.str(s, "peerIP"), via = Values.str(s, "reachableBy");
                if (peer.isEmpty() || via.isEmpty()) return;
                String host = Tags.ipPortHost(peer);
                int vv = Tags.ipVersion(via);
                if (host != null && vv != 0 && Tags.ipVersion(host) != vv) {
                    errors.add(new FieldError("ReachableBy", via, "ReachableBy and PeerIP address family mismatched"));
                }
            }),
            Check.cel(s -> !set(s, "node") || !set(s, "nodeSelector"), "node and nodeSelector cannot both be set"),
            Check.cel(s -> !set(s, "peerIP") || !set(s, "peerSelector"), "peerIP and peerSelector cannot both be set"),
            Check.cel(s -> !set(s, "peerSelector") || !set(s, "asNumber"), "asNumber must be empty when peerSelector is set"),
            Check.cel(s -> !set(s, "localWorkloadSelector") || !set(s, "peerIP"), "peerIP must be empty when localWorkloadSelector is set"),
            Check.cel(s -> !set(s, "localWorkloadSelector") || !set(s, "peerSelector"), "peerSelector must be empty when localWorkloadSelector is set"),
            Check.cel(s -> !set(s, "localWorkloadSelector") || set(s, "asNumber"), "asNumber is required when localWorkloadSelector is set"),
            Check.cel(s -> !set(s, "reachableBy") || set(s, "peerIP"), "reachableBy must be empty when peerIP is empty"),
            Check.cel(s -> !Values.isTrue(s, "keepOriginalNextHop") || !Values.has(s, "nextHopMode"),
                    "keepOriginalNextHop and nextHopMode cannot both be set; keepOriginalNextHop is deprecated, use nextHopMode instead"));

    /** The BGPFilters a peer names must exist (libcalico-go bgppeer.go). */
    public static final Kind.Rules PEER_RULES = new Kind.Rules() {
        @Override public void checkCreate(Resource r, Kind.Lookup others, List<FieldError> errors) { filtersExist(r, others, errors); }
        @Override public void checkUpdate(Resource old, Resource r, Kind.Lookup others, List<FieldError> errors) { filtersExist(r, others, errors); }

        private void filtersExist(Resource r, Kind.Lookup others, List<FieldError> errors) {
            List<?> wanted = Values.list(r.spec(), "filters");
            if (wanted.isEmpty()) return;
            List<String> have = new ArrayList<>();
            for (Resource f : others.list(Kinds.byName("BGPFilter"))) have.add(f.name());
            List<String> missing = new ArrayList<>();
            for (Object w : wanted) if (!have.contains(String.valueOf(w))) missing.add(String.valueOf(w));
            if (!missing.isEmpty()) errors.add(new FieldError("BGPPeer.Spec.Filters", Values.goString(missing), "BGPFilter(s) not found"));
        }
    };

    // ---------------------------------------------------------------- BGPConfiguration
    private static final FieldType SERVICE_CIDR = object("cidr", STRING.go("CIDR").with(Tags.NET));

    public static final FieldType CONFIG_SPEC = object(
            "logSeverityScreen", STRING.with(Check.pattern("^(?i)(Trace|Debug|Info|Warning|Error|Fatal)?$")),
            "nodeToNodeMeshEnabled", BOOL.pointer(),
            "asNumber", scalar(ValueTypes.asNumberType("BGPConfigurationSpec")).go("ASNumber").pointer(),
            "serviceLoadBalancerIPs", listOf(SERVICE_CIDR).go("ServiceLoadBalancerIPs"),
            "serviceExternalIPs", listOf(SERVICE_CIDR).go("ServiceExternalIPs"),
            "serviceClusterIPs", listOf(SERVICE_CIDR).go("ServiceClusterIPs"),
            "serviceLoadBalancerAggregation", STRING.pointer().with(Check.oneOf("Enabled", "Disabled")),
            "communities", listOf(object(
                    "name", STRING.with(Check.required(), Tags.NAME_TAG, Check.maxLength(253)),
                    "value", STRING.with(Check.required(), Check.maxLength(40), Check.pattern("^(\\d+):(\\d+)$|^(\\d+):(\\d+):(\\d+)$"))))
                    .with(Check.maxItems(500)),
            "prefixAdvertisements", listOf(object(
                    "cidr", STRING.go("CIDR").with(Check.requiredTag("required", v -> !FieldType.isEmpty(v)), Tags.NET),
                    "communities", listOf(STRING).with(Check.required(), Check.maxItems(50))))
                    .with(Check.maxItems(500)),
            "listenPort", INT.with(Check.tag("gt", v -> v instanceof Number n && n.longValue() > 0), Check.range(1, 65535)),
            "nodeMeshPassword", PASSWORD,
            "nodeMeshMaxRestartTime", DURATION,
            "bindMode", STRING.pointer().with(Check.oneOf("None", "NodeIP")),
            "ignoredInterfaces", listOf(STRING.with(Tags.IGNORED_INTERFACE)),
            "localWorkloadPeeringIPV4", STRING.go("LocalWorkloadPeeringIPV4").with(Tags.IPV4),
            "localWorkloadPeeringIPV6", STRING.go("LocalWorkloadPeeringIPV6").with(Tags.IPV6),
            "programClusterRoutes", STRING.pointer().with(Check.oneOf("Enabled", "Disabled", "EnabledIPIPOnly", "EnabledNoEncapOnly")),
            "ipv4NormalRoutePriority", INT.go("IPv4NormalRoutePriority").pointer().with(Check.gte(1), Check.lte(2147483646), Check.range(1, 2147483646)),
            "ipv6NormalRoutePriority", INT.go("IPv6NormalRoutePriority").pointer().with(Check.gte(1), Check.lte(2147483646), Check.range(1, 2147483646))
    ).with(
            Check.struct(BgpKinds::communities),
            Check.cel(s -> !Values.has(s, "nodeMeshPassword") || !Values.has(s, "nodeToNodeMeshEnabled") || Values.isTrue(s, "nodeToNodeMeshEnabled"),
                    "nodeMeshPassword cannot be set when nodeToNodeMeshEnabled is false"),
            Check.cel(s -> !Values.has(s, "nodeMeshMaxRestartTime") || !Values.has(s, "nodeToNodeMeshEnabled") || Values.isTrue(s, "nodeToNodeMeshEnabled"),
                    "nodeMeshMaxRestartTime cannot be set when nodeToNodeMeshEnabled is false"),
            Check.cel(s -> !set(s, "communities") || set(s, "prefixAdvertisements"), "communities are defined but not used in prefixAdvertisements"));

    private static final java.util.regex.Pattern STANDARD = java.util.regex.Pattern.compile("^(\\d+):(\\d+)$");
    private static final java.util.regex.Pattern LARGE = java.util.regex.Pattern.compile("^(\\d+):(\\d+):(\\d+)$");

    /** validateBGPConfigurationSpec: community values, prefix advertisement CIDRs and community references. */
    private static void communities(Map<String, Object> s, List<FieldError> errors) {
        List<String> names = new ArrayList<>();
        for (Object c : Values.list(s, "communities")) {
            if (!(c instanceof Map<?, ?> m)) continue;
            names.add(Values.str(Values.map(m), "name"));
            String v = Values.str(Values.map(m), "value");
            if (!validCommunity(v, "Spec.Communities[].Value", errors)) {
                errors.add(new FieldError("Spec.Communities[].Value", v, "invalid community value or format used."));
            }
        }
        for (Object p : Values.list(s, "prefixAdvertisements")) {
            if (!(p instanceof Map<?, ?> m)) continue;
            String cidr = Values.str(Values.map(m), "cidr");
            if (Cidr.tryParseCidrOrIp(cidr) == null) errors.add(new FieldError("Spec.PrefixAdvertisement[].CIDR", cidr, "invalid CIDR value."));
            for (Object c : Values.list(Values.map(m), "communities")) {
                String v = String.valueOf(c);
                if (!validCommunity(v, "Spec.PrefixAdvertisement[].Communities[]", errors) && !names.contains(v)) {
                    errors.add(new FieldError("Spec.PrefixAdvertisement[].Communities[]", v, "community used is invalid or not defined."));
                }
            }
        }
    }

    private static boolean validCommunity(String v, String field, List<FieldError> errors) {
        boolean large;
        if (STANDARD.matcher(v).matches()) large = false;
        else if (LARGE.matcher(v).matches()) large = true;
        else return false;
        for (String part : v.split(":")) {
            boolean ok = part.length() <= 10 && Long.parseLong(part) <= (large ? 0xFFFFFFFFL : 0xFFFFL);
            if (!ok) errors.add(new FieldError(field, v, "invalid community value, expected " + (large ? 32 : 16) + " bit value"));
        }
        return true;
    }

    /** Fields only the "default" BGPConfiguration may set (libcalico-go ValidateDefaultOnlyFields). */
    public static final Kind.Rules CONFIG_RULES = new Kind.Rules() {
        @Override public void crdDefaults(Resource r) {
            r.spec().putIfAbsent("logSeverityScreen", "Info");
            r.spec().putIfAbsent("serviceLoadBalancerAggregation", "Enabled");
        }

        @Override public void checkCreate(Resource r, Kind.Lookup others, List<FieldError> errors) { defaultOnly(r, errors); }
        @Override public void checkUpdate(Resource old, Resource r, Kind.Lookup others, List<FieldError> errors) { defaultOnly(r, errors); }

        private void defaultOnly(Resource r, List<FieldError> errors) {
            if ("default".equals(r.name())) return;
            Map<String, Object> s = r.spec();
            String[][] fields = {
                    {"nodeToNodeMeshEnabled", "NodeToNodeMeshEnabled", "nodeToNodeMeshEnabled"}, {"asNumber", "ASNumber", "ASNumber"},
                    {"serviceLoadBalancerIPs", "ServiceLoadBalancerIPs", "ServiceLoadBalancerIPs"},
                    {"serviceExternalIPs", "ServiceExternalIPs", "ServiceExternalIPs"}, {"serviceClusterIPs", "ServiceClusterIPs", "ServiceClusterIPs"},
                    {"nodeMeshPassword", "NodeMeshPassword", "nodeMeshPassword"}, {"nodeMeshMaxRestartTime", "NodeMeshMaxRestartTime", "nodeMeshMaxRestartTime"}};
            for (String[] f : fields) {
                Object v = s.get(f[0]);
                boolean isSet = f[0].startsWith("service") ? !FieldType.isEmpty(v) : v != null;
                if (isSet) errors.add(new FieldError("BGPConfiguration.Spec." + f[1], null, "Cannot set " + f[2] + " on a non default BGP Configuration."));
            }
        }
    };

    // ---------------------------------------------------------------- BGPFilter
    private static final String COMMUNITY_PATTERN = "^(([0-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]):"
            + "([0-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])|"
            + "([0-9]|[1-9][0-9]{1,8}|[1-3][0-9]{9}|4[01][0-9]{8}|42[0-8][0-9]{7}|429[0-3][0-9]{6}|4294[0-8][0-9]{5}|42949[0-5][0-9]{4}|429496[0-6][0-9]{3}|4294967[01][0-9]{2}|42949672[0-8][0-9]|429496729[0-5]):"
            + "([0-9]|[1-9][0-9]{1,8}|[1-3][0-9]{9}|4[01][0-9]{8}|42[0-8][0-9]{7}|429[0-3][0-9]{6}|4294[0-8][0-9]{5}|42949[0-5][0-9]{4}|429496[0-6][0-9]{3}|4294967[01][0-9]{2}|42949672[0-8][0-9]|429496729[0-5]):"
            + "([0-9]|[1-9][0-9]{1,8}|[1-3][0-9]{9}|4[01][0-9]{8}|42[0-8][0-9]{7}|429[0-3][0-9]{6}|4294[0-8][0-9]{5}|42949[0-5][0-9]{4}|429496[0-6][0-9]{3}|4294967[01][0-9]{2}|42949672[0-8][0-9]|429496729[0-5]))$";

    private static FieldType community() { return STRING.with(Check.maxLength(32), Check.pattern(COMMUNITY_PATTERN)); }

    private static FieldType filterRule(int version) {
        boolean v4 = version == 4;
        String prefixTag = v4 ? "bgpFilterPrefixLengthV4" : "bgpFilterPrefixLengthV6";
        int maxLen = v4 ? 32 : 128;
        FieldType prefixLen = INT.pointer().with(Check.tagIfSet(prefixTag, v -> v instanceof Number n && n.longValue() >= 0 && n.longValue() <= maxLen),
                Check.range(0, maxLen));
        FieldType asn = scalar(ValueTypes.asNumberType(v4 ? "BGPFilterRuleV4" : "BGPFilterRuleV6"));
        return object(
                "cidr", STRING.go("CIDR").with(v4 ? Tags.NETV4 : Tags.NETV6, Check.maxLength(v4 ? 18 : 43)),
                "prefixLength", object("min", prefixLen, "max", prefixLen),
                "source", STRING.with(Check.tag("oneof", v -> v.equals("RemotePeers")), Check.oneOf("RemotePeers")),
                "interface", STRING.with(Tags.BGP_FILTER_INTERFACE_TAG, Check.maxLength(15)),
                "matchOperator", STRING.with(Check.oneOf("Equal", "NotEqual", "In", "NotIn")),
                "peerType", STRING.with(Check.tag("oneof", v -> v.equals("eBGP") || v.equals("iBGP")), Check.oneOf("eBGP", "iBGP")),
                "communities", object("values", listOf(community()).keepEmpty().with(Check.required(), Check.minItems(1), Check.maxItems(1))),
                "asPathPrefix", listOf(asn).go("ASPathPrefix"),
                "priority", INT.pointer().with(Check.gte(1), Check.lte(2147483646), Check.range(1, 2147483646)),
                "action", STRING.keepEmpty().with(Check.required(), Check.oneOf("Accept", "Reject")),
                "operations", listOf(object(
                        "addCommunity", object("value", community().with(Check.required())),
                        "prependASPath", object("prefix", listOf(asn).with(Check.required(), Check.minItems(1), Check.maxItems(10))),
                        "setPriority", object("value", INT.with(Check.required(), Check.gte(1), Check.lte(2147483646), Check.range(1, 2147483646))))
                        .with(Check.properties(1, 1))).with(Check.minItems(1), Check.maxItems(10))
        ).with(
                Check.cel(r -> set(r, "cidr") == set(r, "matchOperator"), "cidr and matchOperator must both be set or both be empty"),
                Check.cel(r -> !Values.has(r, "prefixLength") || set(r, "cidr"), "cidr is required when prefixLength is set"),
                Check.cel(r -> !set(r, "operations") || "Accept".equals(r.get("action")), "operations may only be used with action Accept"));
    }

    public static final FieldType FILTER_SPEC = object(
            "exportV4", listOf(filterRule(4)).go("ExportV4"), "importV4", listOf(filterRule(4)).go("ImportV4"),
            "exportV6", listOf(filterRule(6)).go("ExportV6"), "importV6", listOf(filterRule(6)).go("ImportV6"));
}
