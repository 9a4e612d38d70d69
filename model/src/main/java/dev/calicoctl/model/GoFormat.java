package dev.calicoctl.model;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Values printed as Go's text/template prints them into calicoctl's tables (fmt's %v), and the
 * join helpers calicoctl's table templates call. Pure formatting, no I/O.
 */
public final class GoFormat {
    private GoFormat() {}

    /**
     * A float64 as %v prints it: the shortest digits that read back as the same value, in
     * exponent form (at least two exponent digits) when the exponent is below -4 or at least 6:
     * 1000 -> "1000", 1e6 -> "1e+06", 1234567 -> "1.234567e+06", 0.00001 -> "1e-05".
     */
    public static String floatV(double f) {
        if (Double.isNaN(f)) return "NaN";
        if (Double.isInfinite(f)) return f > 0 ? "+Inf" : "-Inf";
        if (f == 0) return (1 / f) < 0 ? "-0" : "0";
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(f))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale(); // decimal exponent of the first digit
        String sign = f < 0 ? "-" : "";
        if (exp < -4 || exp >= 6) {
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int e = Math.abs(exp);
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
        }
        return sign + d.toPlainString();
    }

    /** A JSON-decoded number as Go prints the model field: integers in decimal, floats as %v. */
    public static String number(Object n) {
        if (n instanceof Double || n instanceof Float) return floatV(((Number) n).doubleValue());
        if (n instanceof BigDecimal b) return floatV(b.doubleValue());
        return String.valueOf(n);
    }

    /** One list element as fmt.Fprint writes it (structs of two strings as "{a b}"). */
    static String element(Object o) {
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Object v : m.values()) { if (sb.length() > 1) sb.append(' '); sb.append(element(v)); }
            return sb.append('}').toString();
        }
        if (o instanceof Number n) return number(n);
        return String.valueOf(o);
    }

    /** calicoctl's template function join: list elements, or a map's sorted "k=v", joined. */
    public static String join(Object items, String sep) {
        return joinAndTruncate(items, sep, 0);
    }

    /**
     * calicoctl's joinAndTruncate: as join, but once the text exceeds {@code maxLen} bytes it is
     * cut to {@code maxLen - 3} bytes and "..." appended (no limit when maxLen is 0).
     */
    public static String joinAndTruncate(Object items, String sep, int maxLen) {
        return joinAndTruncate(items, sep, maxLen, GoFormat::element);
    }

    /**
     * The same, with each element (and each map value) printed by {@code element}: tables print
     * model structs, templates print JSON data with their own %v. Map pairs are sorted by their
     * UTF-8 bytes, as Go sorts strings.
     */
    public static String joinAndTruncate(Object items, String sep, int maxLen, java.util.function.Function<Object, String> element) {
        if (items == null) return "";
        List<String> parts = new ArrayList<>();
        if (items instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) parts.add(e.getKey() + "=" + element.apply(e.getValue()));
            parts.sort(GoFormat::compareBytes);
        } else if (items instanceof List<?> l) {
            for (Object o : l) parts.add(element.apply(o));
        } else {
            parts.add(element.apply(items));
        }
        StringBuilder buf = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) buf.append(sep);
            buf.append(parts.get(i));
            byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
            if (maxLen > 0 && bytes.length > maxLen) {
                // Go's bytes.Buffer.Truncate: the limit counts bytes
                return new String(bytes, 0, Math.max(0, maxLen - 3), StandardCharsets.UTF_8) + "...";
            }
        }
        return buf.toString();
    }

    private static int compareBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
