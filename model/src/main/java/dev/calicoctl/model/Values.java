package dev.calicoctl.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading the decoded JSON tree, and printing values as Go's %v prints them in messages. */
public final class Values {
    private Values() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) { return (Map<String, Object>) o; }

    /** The object in {@code m.field}, or null (also when m is null). */
    public static Map<String, Object> obj(Map<String, Object> m, String field) {
        return m != null && m.get(field) instanceof Map<?, ?> x ? map(x) : null;
    }

    /** The list in {@code m.field}, or an empty list. */
    public static List<?> list(Map<String, Object> m, String field) {
        return m != null && m.get(field) instanceof List<?> l ? l : List.of();
    }

    public static String str(Map<String, Object> m, String field) {
        Object v = m == null ? null : m.get(field);
        return v == null ? "" : v.toString();
    }

    public static boolean has(Map<String, Object> m, String field) {
        return m != null && m.get(field) != null;
    }

    public static boolean nonEmpty(Map<String, Object> m, String field) {
        return m != null && !FieldType.isEmpty(m.get(field));
    }

    public static boolean isTrue(Map<String, Object> m, String field) {
        return m != null && Boolean.TRUE.equals(m.get(field));
    }

    /** Go's %v: lists as [a b], maps as map[k:v] with sorted keys, integral floats without ".0". */
    public static String goString(Object v) {
        if (v == null) return "<nil>";
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) sb.append(i > 0 ? " " : "").append(goString(l.get(i)));
            return sb.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("map[");
            boolean first = true;
            for (Map.Entry<String, Object> e : new TreeMap<>(map(m)).entrySet()) {
                sb.append(first ? "" : " ").append(e.getKey()).append(':').append(goString(e.getValue()));
                first = false;
            }
            return sb.append(']').toString();
        }
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) return Long.toString(d.longValue());
        return v.toString();
    }
}
