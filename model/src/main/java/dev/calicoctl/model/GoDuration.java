package dev.calicoctl.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Go's time.Duration text: {@link #parse} accepts what time.ParseDuration accepts, {@link #format}
 * writes what Duration.String() writes ("2m5s", "1h0m0s", "500ms", "0s"). Calico stores and
 * prints every metav1.Duration field this way, so "125s" given comes back as "2m5s".
 */
public final class GoDuration {
    private GoDuration() {}

    /** Nanoseconds, or null when the text is not a Go duration. */
    public static Long parse(String s) {
        if (s == null || s.isEmpty()) return null;
        int i = 0;
        boolean neg = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') { neg = s.charAt(0) == '-'; i++; }
        if (s.substring(i).equals("0")) return 0L;
        if (i == s.length()) return null;
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
            String num = s.substring(start, i);
            if (num.isEmpty() || num.equals(".") || num.indexOf('.') != num.lastIndexOf('.')) return null;
            int u = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') i++;
            long unit = switch (s.substring(u, i)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> -1L;
            };
            if (unit < 0) return null;
            total = total.add(new java.math.BigDecimal(num.startsWith(".") ? "0" + num : num.endsWith(".") ? num + "0" : num)
                    .multiply(java.math.BigDecimal.valueOf(unit)));
        }
        java.math.BigInteger ns = total.toBigInteger();
        if (ns.bitLength() > 63) return null; // Go: invalid duration (overflow)
        return neg ? -ns.longValue() : ns.longValue();
    }

    /** Duration.String(). */
    public static String format(long d) {
        if (d == 0) return "0s";
        boolean neg = d < 0;
        // the magnitude as unsigned, so Long.MIN_VALUE works as in Go
        long u = neg ? -d : d;
        StringBuilder sb = new StringBuilder();
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            if (u < 1_000L) sb.append(u).append("ns");
            else if (u < 1_000_000L) sb.append(frac(u, 3)).append("µs");
            else sb.append(frac(u, 6)).append("ms");
        } else {
            String seconds = frac(u, 9); // whole seconds with any fraction
            long whole = Long.divideUnsigned(u, 1_000_000_000L);
            String fraction = seconds.contains(".") ? seconds.substring(seconds.indexOf('.')) : "";
            long s = whole % 60, m = (whole / 60) % 60, h = whole / 3600;
            if (h > 0) sb.append(h).append('h');
            if (h > 0 || m > 0) sb.append(m).append('m');
            sb.append(s).append(fraction).append('s');
        }
        return (neg ? "-" : "") + sb;
    }

    /** v / 10^prec with the fraction's trailing zeros (and a bare point) dropped. */
    private static String frac(long v, int prec) {
        String digits = Long.toUnsignedString(v);
        while (digits.length() <= prec) digits = "0" + digits;
        String whole = digits.substring(0, digits.length() - prec);
        String fraction = digits.substring(digits.length() - prec).replaceAll("0+$", "");
        return fraction.isEmpty() ? whole : whole + "." + fraction;
    }

    /** The spec fields of a kind that are metav1.Duration upstream (nested ones included). */
    static Set<String> fieldsOf(String kind) {
        return switch (kind) {
            case "FelixConfiguration" -> Set.of("dataplaneWatchdogTimeout", "routeRefreshInterval", "interfaceRefreshInterval",
                    "iptablesRefreshInterval", "iptablesPostWriteCheckInterval", "iptablesLockProbeInterval", "ipsetsRefreshInterval",
                    "xdpRefreshInterval", "netlinkTimeout", "reportingInterval", "reportingTTL", "endpointReportingDelay",
                    "usageReportingInitialDelay", "usageReportingInterval", "debugSimulateCalcGraphHangAfter",
                    "debugSimulateDataplaneHangAfter", "debugSimulateDataplaneApplyDelay", "nftablesRefreshInterval",
                    "bpfIPFragTimeout", "bpfKubeProxyMinSyncPeriod", "flowLogsFlushInterval", "liveMigrationRouteConvergenceTime",
                    "wireguardKeepAlive", "localSubnetL2ReachabilityRefreshInterval", "timeout");
            case "KubeControllersConfiguration" -> Set.of("etcdV3CompactionPeriod", "reconcilerPeriod", "leakGracePeriod");
            case "BGPConfiguration" -> Set.of("nodeMeshMaxRestartTime");
            default -> Set.of();
        };
    }

    /** Rewrites every duration field under {@code node} in Go's canonical form; values that do not parse are left for validation. */
    @SuppressWarnings("unchecked")
    static void normalise(Object node, Set<String> fields) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                if (fields.contains(e.getKey()) && e.getValue() instanceof String s) {
                    Long ns = parse(s);
                    if (ns != null) e.setValue(format(ns));
                } else {
                    normalise(e.getValue(), fields);
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object o : l) normalise(o, fields);
        }
    }

    /** Defaulting for kinds with duration fields: store them as Calico stores them. */
    static Kind.Rules rules(String kind) {
        Set<String> fields = fieldsOf(kind);
        return new Kind.Rules() {
            @Override public void applyDefaults(Resource r) { normalise(r.spec(), fields); }
        };
    }
}
