package dev.calicoctl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.calicoctl.model.FieldType.*;

/**
 * The Rule and EntityRule types shared by policies and profiles (policy_common.go), with the
 * Go struct rules validateRule/validateEntityRule/validateHTTPRule and the CRD's CEL rules.
 */
public final class PolicyRules {
    private PolicyRules() {}

    private static final String PORTS_MSG = "rules that specify ports must set protocol to TCP or UDP or SCTP";
    private static final String NUMERIC_PORTS_MSG = "rules with numeric port or port range must set protocol to TCP or UDP or SCTP";

    static FieldType selector() { return STRING.with(Tags.SELECTOR, Check.maxLength(1024)); }

    private static FieldType ports() {
        return listOf(scalar(ValueTypes.portType("EntityRule")).with(ValueTypes.PORT_RULE)).with(Check.maxItems(50));
    }

    private static FieldType nets() { return listOf(STRING.with(Tags.NET)).with(Check.maxItems(256)); }

    private static final FieldType NAME_253 = STRING.with(Tags.NAME_TAG, Check.maxLength(253));

    public static final FieldType ENTITY_RULE = object(
            "nets", nets(),
            "selector", selector(),
            "namespaceSelector", selector(),
            "services", object("name", NAME_253, "namespace", NAME_253),
            "ports", ports(),
            "notNets", nets(),
            "notSelector", selector(),
            "notPorts", ports(),
            "serviceAccounts", object("names", listOf(STRING), "selector", selector())
    ).with(
            Check.struct((e, errors) -> {
                String ns = Values.str(e, "namespaceSelector");
                if (ns.contains("global(") && !ns.equals("global()") && !ns.strip().equals("global()")) {
                    errors.add(new FieldError("NamespaceSelector field", ns, "global() cannot be combined with other selectors"));
                }
            }),
            Check.cel(e -> !Values.str(e, "selector").contains("global("), "global() can only be used in an EntityRule namespaceSelector"),
            Check.cel(e -> !Values.has(e, "services") || !Values.nonEmpty(e, "namespaceSelector"), "cannot specify NamespaceSelector and Services on the same rule"),
            Check.cel(e -> !Values.has(e, "services") || !Values.has(e, "serviceAccounts"), "cannot specify ServiceAccounts and Services on the same rule"),
            Check.cel(e -> !Values.has(e, "services") || Values.nonEmpty(Values.obj(e, "services"), "name"), "services must specify a service name"),
            Check.cel(e -> !Values.has(e, "services") || !Values.nonEmpty(e, "selector") && !Values.nonEmpty(e, "notSelector"),
                    "cannot specify Selector/NotSelector and Services on the same rule"),
            Check.cel(e -> !Values.has(e, "services") || !Values.nonEmpty(e, "nets") && !Values.nonEmpty(e, "notNets"),
                    "cannot specify Nets/NotNets and Services on the same rule"));

    private static final FieldType ICMP = object(
            "type", INT.pointer().with(Check.gte(0), Check.lte(254), Check.range(0, 254)),
            "code", INT.pointer().with(Check.gte(0), Check.lte(255), Check.range(0, 255))
    ).with(Check.cel(i -> !Values.has(i, "code") || Values.has(i, "type"), "ICMP code specified without an ICMP type"));

    private static final FieldType HTTP = object(
            "methods", listOf(STRING).with(Check.maxItems(20)),
            "paths", listOf(object("exact", STRING.with(Check.maxLength(1024)), "prefix", STRING.with(Check.maxLength(1024)))).with(Check.maxItems(20))
    ).with(Check.struct(PolicyRules::http));

    private static FieldType protocol() { return scalar(ValueTypes.PROTOCOL).with(ValueTypes.PROTOCOL_RULE); }

    public static final FieldType RULE = object(
            "action", STRING.keepEmpty().with(Check.oneOf("Allow", "Deny", "Log", "Pass")),
            "ipVersion", INT.go("IPVersion").pointer().with(Check.oneOfInts(4, 6)),
            "protocol", protocol(),
            "icmp", ICMP.go("ICMP"),
            "notProtocol", protocol(),
            "notICMP", ICMP.go("NotICMP"),
            "source", ENTITY_RULE,
            "destination", ENTITY_RULE,
            "http", HTTP.go("HTTP"),
            "metadata", object("annotations", STRING_MAP).with(Check.struct((m, errors) -> Metadata.validateAnnotations(strings(m.get("annotations")), errors)))
    ).with(
            Check.struct(PolicyRules::rule),
            Check.cel(r -> !Values.has(r, "http") || !Values.has(r, "protocol") || isProto(r.get("protocol"), "TCP", 6), "rules with HTTP match must have protocol TCP or unset"),
            Check.cel(r -> "Allow".equals(r.get("action")) || !Values.has(r, "http"), "HTTP match is only valid on Allow rules"),
            Check.cel(r -> !Values.has(Values.obj(r, "destination"), "services")
                    || !Values.nonEmpty(Values.obj(r, "destination"), "ports") && !Values.nonEmpty(Values.obj(r, "destination"), "notPorts"),
                    "ports and notPorts cannot be specified with services"),
            Check.cel(r -> !Values.has(r, "icmp") || isProto(r.get("protocol"), "ICMP", 1) || isProto(r.get("protocol"), "ICMPv6", 58),
                    "ICMP fields require protocol to be ICMP or ICMPv6"),
            Check.cel(r -> !isProto(r.get("protocol"), "ICMP", 1) || !Values.has(r, "ipVersion") || num(r.get("ipVersion")) == 4, "protocol ICMP requires ipVersion 4"),
            Check.cel(r -> !isProto(r.get("protocol"), "ICMPv6", 58) || !Values.has(r, "ipVersion") || num(r.get("ipVersion")) == 6, "protocol ICMPv6 requires ipVersion 6"),
            Check.cel(r -> !isProto(r.get("notProtocol"), "ICMP", 1) || !Values.has(r, "ipVersion") || num(r.get("ipVersion")) == 4, "protocol ICMP requires ipVersion 4"),
            Check.cel(r -> !isProto(r.get("notProtocol"), "ICMPv6", 58) || !Values.has(r, "ipVersion") || num(r.get("ipVersion")) == 6, "protocol ICMPv6 requires ipVersion 6"));

    @SuppressWarnings("unchecked")
    static Map<String, String> strings(Object o) { return o instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of(); }

    private static long num(Object o) { return o instanceof Number n ? n.longValue() : -1; }

    private static boolean isProto(Object p, String name, long number) {
        if (p == null) return false;
        Long n = ValueTypes.protocolNumber(p);
        return n != null ? n == number : name.equals(p);
    }

    private static List<?> portsOf(Map<String, Object> rule, String side, String field) {
        return Values.list(Values.obj(rule, side) == null ? Map.of() : Values.obj(rule, side), field);
    }

    /** validateRule: ports need a protocol that has them; nets parse, agree with ipVersion and with each other. */
    private static void rule(Map<String, Object> r, List<FieldError> errors) {
        Object proto = r.get("protocol");
        String[][] sides = {{"source", "ports", "Source.Ports"}, {"source", "notPorts", "Source.NotPorts"},
                {"destination", "ports", "Destination.Ports"}, {"destination", "notPorts", "Destination.NotPorts"}};
        for (String[] s : sides) {
            List<?> ports = portsOf(r, s[0], s[1]);
            if (proto == null) {
                boolean allNamed = ports.stream().allMatch(PolicyRules::named);
                if (!allNamed) errors.add(new FieldError(s[2], Values.goString(ports), NUMERIC_PORTS_MSG));
            } else if (!ValueTypes.supportsPorts(proto) && !ports.isEmpty()) {
                errors.add(new FieldError(s[2], Values.goString(ports), PORTS_MSG));
            }
        }
        boolean[] seen = new boolean[2]; // v4, v6
        String[][] netFields = {{"source", "nets", "Source.Nets"}, {"source", "notNets", "Source.NotNets"},
                {"destination", "nets", "Destination.Nets"}, {"destination", "notNets", "Destination.NotNets"}};
        for (String[] f : netFields) {
            List<?> nets = portsOf(r, f[0], f[1]);
            boolean v4 = false, v6 = false;
            for (Object n : nets) {
                Cidr c = Cidr.tryParse(String.valueOf(n));
                if (c == null) { errors.add(new FieldError(f[2], n, "invalid CIDR")); continue; }
                v4 |= c.version() == 4;
                v6 |= c.version() == 6;
                if (f[1].equals("notNets") && c.prefix() == 0 && (n.equals("0.0.0.0/0") || c.version() == 6 && c.network().equals(IpAddress.parse("::")))) {
                    errors.add(new FieldError(f[2], n, "catch-all CIDR in negation creates logical contradiction (matches no traffic)"));
                }
            }
            Object ipv = r.get("ipVersion");
            if (ipv instanceof Number version && (v4 && version.longValue() != 4 || v6 && version.longValue() != 6)) {
                errors.add(new FieldError(f[2], Values.goString(portsOf(r, "source", "nets")), "rule IP version doesn't match CIDR version"));
            }
            if (v4 && seen[1] || v6 && seen[0] || v4 && v6) errors.add(new FieldError(f[2], Values.goString(nets), "rule contains both IPv4 and IPv6 CIDRs"));
            seen[0] |= v4;
            seen[1] |= v6;
        }
    }

    private static boolean named(Object port) {
        try { return ValueTypes.port(port, "", "EntityRule").named(); } catch (IllegalArgumentException e) { return false; }
    }

    /** validateHTTPRule: no duplicate methods; each path exact xor prefix, starting with '/'. */
    private static void http(Map<String, Object> h, List<FieldError> errors) {
        List<?> methods = Values.list(h, "methods");
        if (new java.util.HashSet<>(methods).size() != methods.size()) {
            errors.add(new FieldError("Methods", Values.goString(methods), "Invalid methods (duplicates): " + Values.goString(methods)));
        }
        List<?> paths = Values.list(h, "paths");
        for (Object o : paths) {
            if (!(o instanceof Map<?, ?> m)) continue;
            String exact = Values.str(Values.map(m), "exact"), prefix = Values.str(Values.map(m), "prefix");
            String problem = null;
            if (!exact.isEmpty() && !prefix.isEmpty()) problem = "Invalid path match. Both 'exact' and 'prefix' are set";
            else {
                String v = exact.isEmpty() ? prefix : exact;
                if (v.isEmpty()) problem = "Invalid path match. Either 'exact' or 'prefix' must be set";
                else if (!v.startsWith("/") || v.contains("?") || v.contains(" ") || v.contains("#")) {
                    problem = "Invalid path " + v + ". (must start with `/` and not contain `?` or `#`";
                }
            }
            if (problem != null) { errors.add(new FieldError("Paths", goPaths(paths), problem)); return; }
        }
    }

    private static String goPaths(List<?> paths) {
        List<String> out = new ArrayList<>();
        for (Object o : paths) if (o instanceof Map<?, ?> m) out.add("{" + Values.str(Values.map(m), "exact") + " " + Values.str(Values.map(m), "prefix") + "}");
        return "[" + String.join(" ", out) + "]";
    }
}
