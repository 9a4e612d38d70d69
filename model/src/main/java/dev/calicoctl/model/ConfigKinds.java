package dev.calicoctl.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.calicoctl.model.FieldType.*;

/**
 * FelixConfiguration (its ~190 fields built from the {@link FelixFields} table) and
 * KubeControllersConfiguration: schemas, struct rules, CEL rules and the client defaults.
 */
public final class ConfigKinds {
    private ConfigKinds() {}

    static final FieldType DURATION = scalar(GoDuration.TYPE);

    private static final FieldType PROTO_PORT = object("protocol", STRING, "port", INT.keepEmpty().with(Check.range(0, 65535)), "net", STRING)
            .with(Check.struct((p, errors) -> {
                String proto = Values.str(p, "protocol");
                if (!proto.equals("TCP") && !proto.equals("UDP") && !proto.equals("SCTP")) {
                    errors.add(new FieldError("ProtoPort.Protocol", proto, "protocol must be 'TCP' or 'UDP' or 'SCTP'."));
                }
            }));

    private static FieldType felixField(String[] row) {
        String kind = row[2], enumValues = row[3], pattern = row[4], min = row[5], max = row[6], maxLength = row[7], tag = row[8];
        FieldType t = switch (kind) {
            case "duration" -> DURATION;
            case "bool" -> BOOL.pointer();
            case "int" -> INT.pointer();
            case "number" -> NUMBER.pointer();
            case "port" -> scalar(ValueTypes.portType("FelixConfigurationSpec"));
            case "ports" -> listOf(scalar(ValueTypes.portType("FelixConfigurationSpec")).with(ValueTypes.PORT_RULE));
            case "protoports" -> listOf(PROTO_PORT);
            case "routetablerange" -> object("min", INT.keepEmpty(), "max", INT.keepEmpty())
                    .with(Check.cel(r -> num(r, "min") >= 1 && num(r, "max") >= num(r, "min") && num(r, "max") <= 250, "must be a range of route table indices within 1..250"));
            case "routetableranges" -> listOf(object("min", INT.keepEmpty(), "max", INT.keepEmpty())
                    .with(Check.cel(r -> num(r, "min") >= 1, "min must be >= 1"), Check.cel(r -> num(r, "min") <= num(r, "max"), "min must not be greater than max")));
            case "stringmap" -> STRING_MAP;
            case "strings" -> listOf(STRING);
            case "conntracktimeouts" -> object("creationGracePeriod", STRING, "tcpSynSent", STRING, "tcpEstablished", STRING, "tcpFinsSeen", STRING,
                    "tcpResetSeen", STRING, "udpTimeout", STRING, "genericTimeout", STRING, "icmpTimeout", STRING);
            case "healthtimeouts" -> listOf(object("name", STRING.keepEmpty(), "timeout", DURATION.keepEmpty()).with(Check.struct((h, errors) -> {
                if (!Values.str(h, "name").matches("^[a-zA-Z0-9_ -]+$")) {
                    errors.add(new FieldError("HealthTimeoutOverride.Name", Values.goString(h), "name should match regex ^[a-zA-Z0-9_ -]+$"));
                }
            })));
            case "string" -> STRING;
            default -> ANY;
        };
        t = t.go(row[1]);
        List<Check> checks = new ArrayList<>();
        for (String part : tag.split(",")) {
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq), arg = eq < 0 ? "" : part.substring(eq + 1);
            switch (name) {
                case "oneof" -> { List<String> ok = List.of(arg.split(" ")); checks.add(Check.tag("oneof", v -> ok.contains(v.toString()))); }
                case "gte" -> checks.add(Check.gte(Long.parseLong(arg)));
                case "lte" -> checks.add(Check.lte(Long.parseLong(arg)));
                case "gt" -> checks.add(Check.tagIfSet("gt", v -> v instanceof Number n && n.longValue() > Long.parseLong(arg)));
                case "lt" -> checks.add(Check.tagIfSet("lt", v -> v instanceof Number n && n.longValue() < Long.parseLong(arg)));
                case "cidrs" -> checks.add(Tags.CIDRS);
                case "regexp" -> checks.add(Tags.REGEXP);
                case "interface" -> checks.add(Tags.INTERFACE_OPTIONAL);
                case "ifaceFilter" -> checks.add(Check.tag("ifaceFilter", v -> v.toString().matches("^[a-zA-Z0-9:._+-]{1,15}$")));
                case "ifaceFilterSlice" -> checks.add(Check.tag("ifaceFilterSlice", v -> v instanceof List<?> l && l.stream().allMatch(x -> String.valueOf(x).matches("^[a-zA-Z0-9:._+-]{1,15}$"))));
                case "prometheusHost" -> checks.add(Check.tag("prometheusHost", v -> v.toString().matches("^[a-zA-Z0-9:._+-]{1,64}$")));
                case "keyValueList" -> checks.add(Check.tag("keyValueList", v -> keyValueList(v.toString())));
                case "bpfLogFilters" -> checks.add(Check.tag("bpfLogFilters", v -> v instanceof Map<?, ?> m && m.keySet().stream().allMatch(k -> String.valueOf(k).matches("^[a-zA-Z0-9_.-]{1,15}$"))));
                default -> { }
            }
        }
        if (!enumValues.isEmpty()) checks.add(Check.oneOf(enumValues.split(",")));
        if (!pattern.isEmpty() && !kind.equals("duration")) checks.add(Check.pattern(pattern.replace("\\\\", "\\")));
        if (!min.isEmpty() || !max.isEmpty()) checks.add(Check.range(min.isEmpty() ? Long.MIN_VALUE : Long.parseLong(min), max.isEmpty() ? Long.MAX_VALUE : Long.parseLong(max)));
        if (!maxLength.isEmpty()) checks.add(Check.maxLength(Integer.parseInt(maxLength)));
        return checks.isEmpty() ? t : t.with(checks.toArray(new Check[0]));
    }

    private static long num(Map<String, Object> m, String f) { return m.get(f) instanceof Number n ? n.longValue() : 0; }

    private static boolean keyValueList(String s) {
        if (s.isBlank()) return true;
        for (String item : s.split(",")) if (!item.isEmpty() && !item.matches("^\\s*(\\w+)=(.*)$")) return false;
        return true;
    }

    private static FieldType felixSpec() {
        List<Object> pairs = new ArrayList<>();
        for (String[] row : FelixFields.ROWS) { pairs.add(row[0]); pairs.add(felixField(row)); }
        return object(pairs.toArray()).with(
                Check.struct(ConfigKinds::felixStruct),
                Check.cel(s -> !Values.has(s, "routeTableRange") || !Values.has(s, "routeTableRanges"), "routeTableRange and routeTableRanges cannot both be set"),
                Check.cel(s -> !Values.nonEmpty(s, "natOutgoingAddress") || Tags.ipVersion(Values.str(s, "natOutgoingAddress")) == 4, "natOutgoingAddress must be a valid IPv4 address"),
                Check.cel(s -> !Values.nonEmpty(s, "deviceRouteSourceAddress") || Tags.ipVersion(Values.str(s, "deviceRouteSourceAddress")) == 4, "deviceRouteSourceAddress must be a valid IPv4 address"),
                Check.cel(s -> !Values.nonEmpty(s, "deviceRouteSourceAddressIPv6") || Tags.ipVersion(Values.str(s, "deviceRouteSourceAddressIPv6")) == 6, "deviceRouteSourceAddressIPv6 must be a valid IPv6 address"));
    }

    /** validateFelixConfigSpec. */
    private static void felixStruct(Map<String, Object> c, List<FieldError> errors) {
        if (c.get("kubeNodePortRanges") instanceof List<?> ranges) {
            if (ranges.size() > 7) errors.add(new FieldError("KubeNodePortRanges", Values.goString(ranges), "node port ranges list is too long (max 7)"));
            for (Object p : ranges) {
                boolean named;
                try { named = ValueTypes.port(p, "", "").named(); } catch (IllegalArgumentException e) { named = false; }
                if (named) errors.add(new FieldError("KubeNodePortRanges", Values.goString(ranges), "node port ranges should not contain named ports"));
            }
        }
        if (c.get("externalNodesList") instanceof List<?> nodes) {
            for (Object o : nodes) {
                Cidr cidr = Cidr.tryParseCidrOrIp(String.valueOf(o));
                if (cidr == null) errors.add(new FieldError("ExternalNodesCIDRList", o, "has invalid CIDR(s)"));
                else if (cidr.version() != 4) errors.add(new FieldError("ExternalNodesCIDRList", o, "has invalid IPv6 CIDR"));
            }
        }
        String region = Values.str(c, "openstackRegion");
        if (region.length() > 63 - "openstack-region-".length()) errors.add(new FieldError("OpenstackRegion", region, "is too long"));
        else if (!region.isEmpty() && !region.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")) errors.add(new FieldError("OpenstackRegion", region, "must be a valid DNS label"));
        for (String[] f : new String[][] {{"natOutgoingAddress", "NATOutgoingAddress"}, {"deviceRouteSourceAddress", "DeviceRouteSourceAddress"},
                {"deviceRouteSourceAddressIPv6", "DeviceRouteSourceAddressIPv6"}}) {
            String v = Values.str(c, f[0]);
            if (!v.isEmpty() && Tags.ipVersion(v) == 0) errors.add(new FieldError(f[1], v, "is not a valid IP address"));
        }
    }

    public static final FieldType FELIX_SPEC = felixSpec();

    public static final Kind.Rules FELIX_RULES = new Kind.Rules() {
        /** libcalico-go felixconfig.go setDefaults, run on every write before validation. */
        @Override public void prepare(Resource r, List<FieldError> errors) {
            Map<String, Object> s = r.spec();
            s.putIfAbsent("floatingIPs", "Disabled");
            s.putIfAbsent("bpfConnectTimeLoadBalancing", "TCP");
            s.putIfAbsent("bpfHostNetworkedNATWithoutCTLB", "Enabled");
            if (s.get("bpfConnectTimeLoadBalancingEnabled") instanceof Boolean on) {
                s.put("bpfHostNetworkedNATWithoutCTLB", "Disabled");
                s.put("bpfConnectTimeLoadBalancing", on ? "Enabled" : "Disabled");
            }
        }

        @Override public void validateCrd(Resource r, List<FieldError> errors) {
            String n = r.name() == null ? "" : r.name();
            if ((n.equals("default") || n.startsWith("node.")) && r.spec().get("nodeSelector") != null) {
                errors.add(new FieldError("FelixConfiguration", null, "nodeSelector must not be set on the 'default' or per-node ('node.*') FelixConfiguration"));
            }
        }

        @Override public void crdDefaults(Resource r) {
            r.spec().putIfAbsent("nftablesMode", "Auto");
            r.spec().putIfAbsent("nftablesFlowTableOffload", "Disabled");
        }
    };

    // ---------------------------------------------------------------- KubeControllersConfiguration
    private static FieldType reconciler() { return object("reconcilerPeriod", DURATION); }

    private static final FieldType TEMPLATE = object(
            "generateName", STRING.with(Tags.NAME_TAG, Check.maxLength(253)),
            "interfaceCIDRs", listOf(STRING).go("InterfaceCIDRs").with(Tags.CIDRS),
            "interfacePattern", STRING.with(Tags.REGEXP),
            "labels", STRING_MAP.with(Tags.LABELS),
            "annotations", STRING_MAP,
            "nodeSelector", STRING.with(Tags.SELECTOR)
    ).with(Check.struct((t, errors) -> Metadata.validateAnnotations(PolicyRules.strings(t.get("annotations")), errors)));

    private static FieldType enabledDisabled() {
        return STRING.with(Check.tag("oneof", v -> v.equals("Enabled") || v.equals("Disabled")), Check.oneOf("Enabled", "Disabled"));
    }

    public static final FieldType KCC_SPEC = object(
            "logSeverityScreen", STRING.with(Check.oneOf("None", "Debug", "Info", "Warning", "Error", "Fatal", "Panic")),
            "healthChecks", enabledDisabled(),
            "etcdV3CompactionPeriod", DURATION,
            "prometheusMetricsPort", INT.pointer().with(Check.range(0, 65535)),
            "controllers", object(
                    "node", object("reconcilerPeriod", DURATION, "syncLabels", enabledDisabled(),
                            "hostEndpoint", object("autoCreate", enabledDisabled(),
                                    "createDefaultHostEndpoint", STRING.with(Check.tag("createDefaultHostEndpoint", v -> v.equals("Enabled") || v.equals("Disabled"))),
                                    "templates", listOf(TEMPLATE)),
                            "leakGracePeriod", DURATION),
                    "policy", reconciler(), "workloadEndpoint", reconciler(), "serviceAccount", reconciler(), "namespace", reconciler(),
                    "loadBalancer", object("assignIPs", STRING.with(Check.oneOf("AllServices", "RequestedServicesOnly"))),
                    "migration", object("policyNameMigrator", enabledDisabled())).keepEmpty(),
            "debugProfilePort", INT.pointer().with(Check.range(0, 65535)));

    public static final FieldType KCC_STATUS = object("runningConfig", ANY, "environmentVars", STRING_MAP);

    public static final Kind.Rules KCC_RULES = new Kind.Rules() {
        /** validateAndFillDefaults of libcalico-go's kubecontrollersconfig.go (client logic, before validation). */
        @Override public void prepare(Resource r, List<FieldError> errors) {
            Map<String, Object> s = r.spec();
            s.putIfAbsent("prometheusMetricsPort", 9094L);
            Map<String, Object> controllers = Values.obj(s, "controllers");
            if (controllers == null) return;
            Map<String, Object> node = Values.obj(controllers, "node");
            if (node != null) node.putIfAbsent("leakGracePeriod", "15m0s");
            Map<String, Object> lb = Values.obj(controllers, "loadBalancer");
            if (lb != null && Values.str(lb, "assignIPs").isEmpty()) lb.put("assignIPs", "AllServices");
            Map<String, Object> hep = Values.obj(node, "hostEndpoint");
            Set<String> names = new HashSet<>();
            String field = "KubeControllersConfiguration.Node.HostEndpoint.Templates";
            for (Object o : Values.list(hep, "templates")) {
                Map<String, Object> t = Values.map(o);
                String n = Values.str(t, "generateName");
                if (n.isEmpty()) { errors.add(new FieldError(field, null, "Template name must be specified")); return; }
                if (n.length() > 253) { errors.add(new FieldError(field, null, "Template name must be shorter than 253 characters")); return; }
                if (!names.add(n)) { errors.add(new FieldError(field + "." + n, null, "Template name must be unique")); return; }
                if (!Values.nonEmpty(t, "interfaceCIDRs") && Values.str(t, "interfacePattern").isEmpty()) {
                    errors.add(new FieldError(field + "." + n, null, "InterfaceCIDRs or InterfacePattern must be specified"));
                    return;
                }
            }
        }

        @Override public void crdDefaults(Resource r) {
            if (r.spec().get("healthChecks") == null) r.spec().put("healthChecks", "Enabled");
            Map<String, Object> migration = Values.obj(Values.obj(r.spec(), "controllers"), "migration");
            if (migration != null) migration.putIfAbsent("policyNameMigrator", "Enabled");
        }

        @Override public void checkCreate(Resource r, Kind.Lookup others, List<FieldError> errors) {
            if (!"default".equals(r.name())) throw new CalicoException("Cannot create a Kube Controllers Configuration resource with a name other than \"default\"");
        }
    };
}
