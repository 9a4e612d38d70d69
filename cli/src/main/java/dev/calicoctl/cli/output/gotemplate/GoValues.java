package dev.calicoctl.cli.output.gotemplate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How template data maps onto Go's types: JSON trees become map[string]interface {}, []interface {},
 * string, int64, float64 and bool; template literals and counts are int. Java null is Go's nil.
 */
final class GoValues {
    private GoValues() {}

    /** A map entry that is present but JSON null: a nil interface, which differs from a missing key in field chains. */
    static final Object NIL_ENTRY = new Object() {
        @Override public String toString() { return "<nil>"; }
    };

    /** Normalises a value read from the data: every integer is int64, every decimal float64. */
    static Object fromData(Object v) {
        if (v instanceof Integer i) return i.longValue();
        if (v instanceof Short s) return s.longValue();
        if (v instanceof Byte b) return b.longValue();
        if (v instanceof BigInteger b) return b.bitLength() < 64 ? (Object) b.longValue() : b.doubleValue();
        if (v instanceof BigDecimal b) return b.doubleValue();
        if (v instanceof Float f) return f.doubleValue();
        return v;
    }

    static boolean isInt(Object v) { return v instanceof Integer || v instanceof Long; }

    static String typeName(Object v) {
        if (v == null || v == NIL_ENTRY) return "<nil>";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Integer) return "int";
        if (v instanceof Long) return "int64";
        if (v instanceof Double) return "float64";
        if (v instanceof String) return "string";
        if (v instanceof Map) return "map[string]interface {}";
        if (v instanceof List) return "[]interface {}";
        return v.getClass().getSimpleName();
    }

    /** Go's truth: false, 0, a nil, and empty strings, maps and slices are false. */
    static boolean truth(Object v) {
        if (v == null || v == NIL_ENTRY) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof Integer i) return i != 0;
        if (v instanceof Long l) return l != 0;
        if (v instanceof Double d) return d != 0;
        if (v instanceof String s) return !s.isEmpty();
        if (v instanceof Map<?, ?> m) return !m.isEmpty();
        if (v instanceof List<?> l) return !l.isEmpty();
        return true;
    }

    /** Map keys in Go's sorted order (fmt and range both sort string keys). */
    static List<String> sortedKeys(Map<?, ?> m) {
        List<String> keys = new ArrayList<>();
        for (Object k : m.keySet()) keys.add(String.valueOf(k));
        keys.sort(GoValues::compareStrings);
        return keys;
    }

    /** Go compares strings bytewise (UTF-8), which orders code points, not UTF-16 units. */
    static int compareStrings(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
