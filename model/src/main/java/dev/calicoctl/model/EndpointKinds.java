package dev.calicoctl.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.calicoctl.model.FieldType.*;

/**
 * HostEndpoint, WorkloadEndpoint, NetworkSet and GlobalNetworkSet (hostendpoint.go, networkset.go,
 * globalnetworkset.go, libcalico-go internalapi/workloadendpoint.go) with their struct rules,
 * and the WorkloadEndpoint client logic: the name derived from the spec, the namespace labels.
 */
public final class EndpointKinds {
    private EndpointKinds() {}

    private static FieldType names() { return listOf(STRING.with(Tags.NAME_TAG)); }

    // ---------------------------------------------------------------- HostEndpoint
    public static final FieldType HEP_SPEC = object(
            "node", STRING.with(Tags.NAME_TAG, Check.maxLength(253)),
            "interfaceName", STRING.with(Tags.INTERFACE_OPTIONAL, Check.maxLength(15)),
            "expectedIPs", listOf(STRING.with(Tags.IP)).go("ExpectedIPs"),
            "profiles", names(),
            "ports", listOf(object(
                    "name", STRING.keepEmpty().with(Tags.PORT_NAME_TAG),
                    "protocol", scalar(ValueTypes.PROTOCOL).keepEmpty().with(ValueTypes.PROTOCOL_RULE),
                    "port", INT.keepEmpty().with(Check.requiredTag("gt", v -> v instanceof Number n && n.longValue() > 0), Check.range(1, 65535))
            ).with(Check.struct((p, errors) -> {
                if (!ValueTypes.supportsPorts(p.get("protocol"))) {
                    errors.add(new FieldError("EndpointPort.Protocol", Values.goString(p.get("protocol")), "EndpointPort protocol does not support ports."));
                }
            })))
    ).with(
            Check.cel(s -> Values.nonEmpty(s, "interfaceName") || Values.nonEmpty(s, "expectedIPs"), "at least one of interfaceName or expectedIPs must be specified"),
            Check.cel(s -> Values.nonEmpty(s, "node"), "node must be specified"));

    // ---------------------------------------------------------------- NetworkSet, GlobalNetworkSet
    public static final FieldType NETSET_SPEC = object("nets", listOf(STRING.with(Tags.CIDR)));

    /** The projectcalico.org/namespace label is reserved (validateNetworkSet/validateGlobalNetworkSet). */
    public static final Kind.Rules NETSET_RULES = new Kind.Rules() {
        @Override public void validate(Resource r, List<FieldError> errors) {
            if (r.labels().containsKey("projectcalico.org/namespace")) {
                errors.add(new FieldError("Metadata.Labels (label)", "projectcalico.org/namespace", "projectcalico.org/namespace is not a valid label name"));
            }
        }
    };

    // ---------------------------------------------------------------- WorkloadEndpoint
    private static final FieldType NAME = STRING.with(Tags.NAME_TAG);

    public static final FieldType WEP_SPEC = object(
            "orchestrator", NAME, "workload", NAME, "node", NAME,
            "containerID", STRING.go("ContainerID").with(Tags.CONTAINER_ID_TAG),
            "pod", NAME, "endpoint", NAME, "serviceAccountName", NAME,
            "ipNetworks", listOf(STRING.with(Tags.NET)).go("IPNetworks"),
            "ipNATs", listOf(object(
                    "internalIP", STRING.keepEmpty().go("InternalIP").with(Tags.IP),
                    "externalIP", STRING.keepEmpty().go("ExternalIP").with(Tags.IP)
            ).with(Check.struct(EndpointKinds::ipNat))).go("IPNATs"),
            "ipv4Gateway", STRING.go("IPv4Gateway").with(Tags.IPV4),
            "ipv6Gateway", STRING.go("IPv6Gateway").with(Tags.IPV6),
            "profiles", names(),
            "interfaceName", STRING.with(Tags.INTERFACE_TAG),
            "mac", STRING.go("MAC").with(Tags.MAC_TAG),
            "ports", listOf(object(
                    "name", STRING.keepEmpty().with(Check.tag("portName", v -> Tags.validPortName(v.toString()))),
                    "protocol", scalar(ValueTypes.PROTOCOL).keepEmpty().with(ValueTypes.PROTOCOL_RULE),
                    "port", INT.keepEmpty().with(Check.requiredTag("gt", v -> v instanceof Number n && n.longValue() > 0), Check.range(0, 65535)),
                    "hostPort", INT.keepEmpty().with(Check.range(0, 65535)),
                    "hostIP", STRING.keepEmpty().go("HostIP").with(Tags.NET)
            ).with(Check.struct(EndpointKinds::wepPort))),
            "allowSpoofedSourcePrefixes", listOf(STRING.with(Tags.CIDR)),
            "qosControls", object(
                    "ingressBandwidth", INT, "ingressBurst", INT, "ingressPeakrate", INT, "ingressMinburst", INT,
                    "egressBandwidth", INT, "egressBurst", INT, "egressPeakrate", INT, "egressMinburst", INT,
                    "ingressPacketRate", INT, "ingressPacketBurst", INT, "egressPacketRate", INT, "egressPacketBurst", INT,
                    "ingressMaxConnections", INT, "egressMaxConnections", INT, "dscp", ANY).go("QoSControls")
    ).with(Check.struct(EndpointKinds::wepSpec));

    private static void wepPort(Map<String, Object> p, List<FieldError> errors) {
        if (!ValueTypes.supportsPorts(p.get("protocol"))) {
            errors.add(new FieldError("WorkloadEndpointPort.Protocol", Values.goString(p.get("protocol")), "WorkloadEndpointPort protocol does not support ports."));
        }
        if (Values.str(p, "name").isEmpty() && !(p.get("hostPort") instanceof Number n && n.longValue() != 0)) {
            errors.add(new FieldError("WorkloadEndpointPort.Name", "", "WorkloadEndpointPort name must not be empty if no HostPort is specified"));
        }
    }

    private static void ipNat(Map<String, Object> n, List<FieldError> errors) {
        Cidr in = Cidr.tryParseCidrOrIp(Values.str(n, "internalIP")), ext = Cidr.tryParseCidrOrIp(Values.str(n, "externalIP"));
        if (in == null) errors.add(new FieldError("InternalIP", Values.str(n, "externalIP"), "invalid IP address"));
        if (ext == null) errors.add(new FieldError("InternalIP", Values.str(n, "externalIP"), "invalid IP address"));
        if (in != null && ext != null && in.version() != ext.version()) errors.add(new FieldError("ExternalIP", Values.str(n, "externalIP"), "mismatched IP versions"));
    }

    /** validateWorkloadEndpointSpec: single-address networks, gateway families, NATs inside the networks. */
    private static void wepSpec(Map<String, Object> w, List<FieldError> errors) {
        List<Cidr> nets = new ArrayList<>();
        for (Object o : Values.list(w, "ipNetworks")) {
            Cidr c = Cidr.tryParseCidrOrIp(String.valueOf(o));
            if (c == null) { errors.add(new FieldError("IPNetworks", o, "invalid CIDR")); continue; }
            nets.add(c);
            if (c.hostBits() != 0) errors.add(new FieldError("IPNetworks", Values.goString(Values.list(w, "ipNetworks")), "IP network contains multiple addresses"));
        }
        for (String[] gw : new String[][] {{"ipv4Gateway", "IPv4Gateway", "4"}, {"ipv6Gateway", "IPv6Gateway", "6"}}) {
            String v = Values.str(w, gw[0]);
            if (v.isEmpty()) continue;
            Cidr c = Cidr.tryParseCidrOrIp(v);
            if (c == null) errors.add(new FieldError(gw[1], v, "invalid CIDR"));
            else if (c.version() != Integer.parseInt(gw[2])) errors.add(new FieldError(gw[1], v, "invalid IPv" + gw[2] + " gateway address specified"));
        }
        List<?> nats = Values.list(w, "ipNATs");
        if (nats.isEmpty()) return;
        boolean valid = false;
        for (Object o : nats) {
            Cidr in = Cidr.tryParseCidrOrIp(Values.str(Values.map(o), "internalIP"));
            if (in == null) errors.add(new FieldError("IPNATs", Values.str(Values.map(o), "internalIP"), "invalid InternalIP CIDR"));
            valid = in != null && nets.stream().anyMatch(n -> n.contains(in.ip()));
            if (!valid) break;
        }
        if (!valid) errors.add(new FieldError("IPNATs", Values.goString(nats), "NAT is not in the endpoint networks"));
    }

    /** The name a WorkloadEndpoint must have, from its identifiers (libcalico-go names.WorkloadEndpointIdentifiers). */
    static String derivedName(Map<String, Object> s, List<FieldError> errors) {
        String orch = Values.str(s, "orchestrator");
        String[] fields = switch (orch) {
            case "k8s" -> new String[] {"node", "orchestrator", "pod", "endpoint"};
            case "cni" -> new String[] {"node", "orchestrator", "containerID", "endpoint"};
            case "libnetwork" -> new String[] {"node", "orchestrator", "orchestrator", "endpoint"};
            default -> new String[] {"node", "orchestrator", "workload", "endpoint"};
        };
        String[] parts = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i];
            String v = Values.str(s, f);
            if (v.isEmpty()) {
                errors.add(new FieldError(f, f.equals("node") ? null : "", "field should be assigned"));
                return null;
            }
            if (v.startsWith("-")) { errors.add(new FieldError(f, v, "field must not begin with a '-'")); return null; }
            if (v.endsWith("-")) { errors.add(new FieldError(f, v, "field must not end with a '-'")); return null; }
            parts[i] = v;
        }
        return WorkloadEndpointNames.name(parts[0], parts[1], parts[2], parts[3]);
    }

    public static final Kind.Rules WEP_RULES = new Kind.Rules() {
        @Override public void prepare(Resource r, List<FieldError> errors) {
            String expected = derivedName(r.spec(), errors);
            if (expected == null) return;
            if (r.name() == null || r.name().isEmpty()) r.metadata().put("name", expected);
            else if (!r.name().equals(expected)) {
                errors.add(new FieldError("Name", r.name(),
                        "the WorkloadEndpoint name does not match the primary identifiers assigned in the Spec: expected name " + expected));
            }
        }

        /** The namespace and orchestrator labels follow the resource, whatever the input said. */
        @Override public void applyDefaults(Resource r) {
            Map<String, Object> labels = new LinkedHashMap<>(r.labels());
            if (r.namespace() != null) labels.put("projectcalico.org/namespace", r.namespace());
            if (Values.nonEmpty(r.spec(), "orchestrator")) labels.put("projectcalico.org/orchestrator", r.spec().get("orchestrator"));
            if (!labels.isEmpty()) r.metadata().put("labels", labels);
        }
    };
}
