package dev.calicoctl.model;

import java.math.BigDecimal;

/** Go's time.ParseDuration and Duration.String(), for metav1.Duration fields ("125s" is stored as "2m5s"). */
public final class GoDuration {
    private GoDuration() {}

    /** Nanoseconds of a Go duration string; throws IllegalArgumentException with Go's message. */
    public static long parse(String s) {
        String orig = s;
        if (s.isEmpty()) throw invalid(orig);
        boolean neg = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') { neg = s.charAt(0) == '-'; s = s.substring(1); }
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw invalid(orig);
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
            String num = s.substring(start, i);
            if (num.isEmpty() || num.equals(".") || num.indexOf('.') != num.lastIndexOf('.')) throw invalid(orig);
            int ustart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') i++;
            String unit = s.substring(ustart, i);
            if (unit.isEmpty()) throw new IllegalArgumentException("time: missing unit in duration \"" + orig + "\"");
            long scale = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration \"" + orig + "\"");
            };
            total = total.add(new BigDecimal(num.endsWith(".") ? num + "0" : num.startsWith(".") ? "0" + num : num).multiply(BigDecimal.valueOf(scale)));
            if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) throw invalid(orig);
        }
        long ns = total.longValue();
        return neg ? -ns : ns;
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("time: invalid duration \"" + s + "\"");
    }

    /** Go's Duration.String(): "2h45m10s", "500ms", "1.5µs", "0s". */
    public static String format(long ns) {
        if (ns == 0) return "0s";
        boolean neg = ns < 0;
        long u = Math.abs(ns);
        StringBuilder sb = new StringBuilder();
        if (u < 1_000_000_000L) {
            String unit;
            long div;
            if (u < 1_000L) { return (neg ? "-" : "") + u + "ns"; }
            else if (u < 1_000_000L) { unit = "µs"; div = 1_000L; }
            else { unit = "ms"; div = 1_000_000L; }
            sb.append(fraction(u, div)).append(unit);
        } else {
            long h = u / 3_600_000_000_000L, rem = u % 3_600_000_000_000L;
            long m = rem / 60_000_000_000L; rem %= 60_000_000_000L;
            if (h > 0) sb.append(h).append('h');
            if (h > 0 || m > 0) sb.append(m).append('m');
            sb.append(fraction(rem, 1_000_000_000L)).append('s');
        }
        return (neg ? "-" : "") + sb;
    }

    private static String fraction(long v, long div) {
        long whole = v / div, frac = v % div;
        if (frac == 0) return Long.toString(whole);
        String f = String.format("%0" + Long.toString(div).length() + "d", frac).substring(1).replaceAll("0+$", "");
        return whole + "." + f;
    }

    /** The metav1.Duration field type: a Go duration string, stored in Go's normal form. */
    public static final FieldType.ValueType TYPE = new FieldType.ValueType() {
        @Override public String problem(Object v, String path) {
            if (!(v instanceof String s)) return "field \"" + path + "\" must be a duration string such as \"90s\", not " + FieldType.describe(v);
            try { parse(s); return null; } catch (IllegalArgumentException e) { return e.getMessage(); }
        }
        @Override public Object canonical(Object v) { return format(parse((String) v)); }
    };
}
