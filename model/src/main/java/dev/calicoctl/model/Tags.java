package dev.calicoctl.model;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Go validator tags libcalico-go registers (validator.go init()), as Checks: each is a
 * predicate on one value, reported as {@code X = 'v' (Reason: failed to validate Field: X because of Tag: t )}.
 */
public final class Tags {
    private Tags() {}

    static final String NAME_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    static final String NAME_SUBDOMAIN = NAME_LABEL + "(\\." + NAME_LABEL + ")*";
    static final Pattern NAME = Pattern.compile("^" + NAME_SUBDOMAIN + "$");
    private static final Pattern INTERFACE = Pattern.compile("^[a-zA-Z0-9_.-]{1,15}$");
    private static final Pattern BGP_FILTER_INTERFACE = Pattern.compile("^[a-zA-Z0-9_.*-]{1,15}$");
    private static final Pattern CONTAINER_ID = Pattern.compile("^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$");
    private static final Pattern IPV4_PORT = Pattern.compile("^(\\d+).(\\d+).(\\d+).(\\d+):(\\d+)$");
    private static final Pattern IPV6_PORT = Pattern.compile("^\\[[0-9a-fA-F:.]+\\]:(\\d+)$");
    private static final Pattern MAC = Pattern.compile("^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{2}[:-]){7}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{2}[:-]){19}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{4}\\.){2}[0-9A-Fa-f]{4}$");
    private static final Pattern PORT_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    /** Strictly masked CIDR, or a bare address. */
    public static final Check NET = Check.tag("net", v -> net(v.toString(), 0));
    public static final Check NETV4 = Check.tag("netv4", v -> net(v.toString(), 4));
    public static final Check NETV6 = Check.tag("netv6", v -> net(v.toString(), 6));
    /** CIDR with host bits allowed, or a bare address. */
    public static final Check CIDR = Check.tag("cidr", v -> Cidr.tryParseCidrOrIp(v.toString()) != null);
    public static final Check CIDRV4 = Check.tag("cidrv4", v -> version(Cidr.tryParseCidrOrIp(v.toString())) == 4);
    public static final Check CIDRV6 = Check.tag("cidrv6", v -> version(Cidr.tryParseCidrOrIp(v.toString())) == 6);
    public static final Check CIDRS = Check.tag("cidrs", v -> v instanceof List<?> l && l.stream().allMatch(x -> Cidr.tryParseCidrOrIp(String.valueOf(x)) != null));
    public static final Check IPV4 = Check.tag("ipv4", v -> ipVersion(v.toString()) == 4);
    public static final Check IPV6 = Check.tag("ipv6", v -> ipVersion(v.toString()) == 6);
    public static final Check IP = Check.tag("ip", v -> ipVersion(v.toString()) != 0);
    public static final Check NAME_TAG = Check.tag("name", v -> NAME.matcher(v.toString()).matches());
    public static final Check SELECTOR = Check.tag("selector", v -> Selector.problem(v.toString()) == null);
    /** A selector tag without omitempty (policy selectors): "" is valid, as it selects everything. */
    public static final Check INTERFACE_TAG = Check.requiredTag("interface", v -> v.equals("*") || INTERFACE.matcher(v.toString()).matches());
    public static final Check INTERFACE_OPTIONAL = Check.tag("interface", v -> v.equals("*") || INTERFACE.matcher(v.toString()).matches());
    public static final Check BGP_FILTER_INTERFACE_TAG = Check.tag("bgpFilterInterface", v -> v.equals("*") || BGP_FILTER_INTERFACE.matcher(v.toString()).matches());
    public static final Check IGNORED_INTERFACE = Check.tag("ignoredInterface", v -> !v.equals("*") && BGP_FILTER_INTERFACE.matcher(v.toString()).matches());
    public static final Check CONTAINER_ID_TAG = Check.tag("containerID", v -> CONTAINER_ID.matcher(v.toString()).matches());
    public static final Check MAC_TAG = Check.tag("mac", v -> MAC.matcher(v.toString()).matches());
    public static final Check IP_PORT = Check.tag("IP:port", v -> ipPortHost(v.toString()) != null);
    public static final Check REACHABLE_BY = Check.tag("reachableBy", v -> ipVersion(v.toString()) != 0);
    public static final Check PORT_NAME_TAG = Check.requiredTag("portName", v -> validPortName(v.toString()));
    public static final Check REGEXP = Check.tag("regexp", v -> { try { Pattern.compile(v.toString()); return true; } catch (RuntimeException e) { return false; } });
    public static final Check LABELS = Check.tag("labels", v -> v instanceof Map<?, ?> m && m.entrySet().stream()
            .allMatch(e -> Metadata.validLabelKey(String.valueOf(e.getKey())) && Metadata.validLabelValue(String.valueOf(e.getValue()))));

    static boolean net(String s, int wantVersion) {
        Cidr c = Cidr.tryParseCidrOrIp(s);
        return c != null && c.isMasked() && (wantVersion == 0 || c.version() == wantVersion);
    }

    static int version(Cidr c) { return c == null ? 0 : c.version(); }

    /** 4 or 6 for an address literal, 0 when it is not one. */
    public static int ipVersion(String s) {
        IpAddress a = IpAddress.tryParse(s);
        return a == null ? 0 : a.version();
    }

    /** The address part of {@code <IP>}, {@code <IPv4>:<port>} or {@code [<IPv6>]:<port>}, or null when invalid. */
    public static String ipPortHost(String s) {
        if (s.isEmpty()) return null;
        String host = s;
        if (IPV4_PORT.matcher(s).matches() || IPV6_PORT.matcher(s).matches()) {
            int colon = s.lastIndexOf(':');
            host = s.substring(0, colon);
            if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
            String port = s.substring(colon + 1);
            long p;
            try { p = Long.parseLong(port); } catch (NumberFormatException e) { return null; }
            if (p < 1 || p > 65535) return null;
        }
        return ipVersion(host) == 0 ? null : host;
    }

    /** Kubernetes IsValidPortName: 1-15 chars, lower-case alphanumerics and '-', at least one letter, no "--". */
    static boolean validPortName(String s) {
        if (s.isEmpty() || s.length() > 15 || !PORT_NAME.matcher(s).matches() || s.contains("--")) return false;
        return s.chars().anyMatch(Character::isLetter);
    }
}
