package dev.calicoctl.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of one field in a resource, used for strict decoding (unknown fields
 * and wrong types are errors) and for writing fields in Calico's canonical order.
 */
public final class FieldType {
    public enum Shape { STRING, INT, BOOL, ANY, STRING_MAP, LIST, OBJECT }

    private final Shape shape;
    private final FieldType element;               // for LIST
    private final Map<String, FieldType> fields;   // for OBJECT, in canonical (Go struct) order
    private final boolean keepEmpty;               // Go field without omitempty
    private boolean keepIfSet;                     // Go pointer field: written whenever set

    private FieldType(Shape shape, FieldType element, Map<String, FieldType> fields, boolean keepEmpty) {
        this.shape = shape;
        this.element = element;
        this.fields = fields;
        this.keepEmpty = keepEmpty;
    }

    public static final FieldType STRING = new FieldType(Shape.STRING, null, null, false);
    public static final FieldType INT = new FieldType(Shape.INT, null, null, false);
    public static final FieldType BOOL = new FieldType(Shape.BOOL, null, null, false);
    public static final FieldType ANY = new FieldType(Shape.ANY, null, null, false);
    public static final FieldType STRING_MAP = new FieldType(Shape.STRING_MAP, null, null, false);

    public static FieldType listOf(FieldType element) { return new FieldType(Shape.LIST, element, null, false); }

    /** An object; arguments alternate name, type: {@code object("cidr", STRING, "blockSize", INT)}. */
    public static FieldType object(Object... nameTypePairs) {
        Map<String, FieldType> m = new LinkedHashMap<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            m.put((String) nameTypePairs[i], (FieldType) nameTypePairs[i + 1]);
        }
        return new FieldType(Shape.OBJECT, null, m, false);
    }

    /** The same type, always written even when empty/false/zero (a Go field without omitempty). */
    public FieldType keepEmpty() { return new FieldType(shape, element, fields, true); }

    /** The same type, written whenever present, even when false or zero (a Go pointer field). */
    public FieldType pointer() { FieldType t = new FieldType(shape, element, fields, keepEmpty); t.keepIfSet = true; return t; }

    public Shape shape() { return shape; }
    public FieldType element() { return element; }
    public Map<String, FieldType> fields() { return fields; }
    public boolean isKeepEmpty() { return keepEmpty; }

    /** Checks {@code value} against this type, appending one message per problem. */
    public void check(Object value, String path, SourceLines lines, List<String> problems) {
        if (value == null) return;
        switch (shape) {
            case ANY -> { }
            case STRING -> { if (!(value instanceof String)) problems.add(lines.at(path) + "field \"" + path + "\" must be a string, not " + describe(value)); }
            case INT -> { if (!(value instanceof Long || value instanceof Integer)) problems.add(lines.at(path) + "field \"" + path + "\" must be an integer, not " + describe(value)); }
            case BOOL -> { if (!(value instanceof Boolean)) problems.add(lines.at(path) + "field \"" + path + "\" must be true or false, not " + describe(value)); }
            case STRING_MAP -> {
                if (!(value instanceof Map<?, ?> m)) { problems.add(lines.at(path) + "field \"" + path + "\" must be a map of strings, not " + describe(value)); return; }
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (e.getValue() != null && !(e.getValue() instanceof String)) {
                        String p = path + "." + e.getKey();
                        problems.add(lines.at(p) + "field \"" + p + "\" must be a string, not " + describe(e.getValue()));
                    }
                }
            }
            case LIST -> {
                if (!(value instanceof List<?> l)) { problems.add(lines.at(path) + "field \"" + path + "\" must be a list, not " + describe(value)); return; }
                for (int i = 0; i < l.size(); i++) element.check(l.get(i), path + "[" + i + "]", lines, problems);
            }
            case OBJECT -> {
                if (!(value instanceof Map<?, ?> m)) { problems.add(lines.at(path) + "field \"" + path + "\" must be an object, not " + describe(value)); return; }
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String name = String.valueOf(e.getKey());
                    String p = path.isEmpty() ? name : path + "." + name;
                    FieldType t = fields.get(name);
                    if (t == null) problems.add(lines.at(p) + "unknown field \"" + p + "\"");
                    else t.check(e.getValue(), p, lines, problems);
                }
            }
        }
    }

    /**
     * Returns the value with object fields in canonical order and empty optional
     * fields dropped, as Go's encoding/json writes the typed struct.
     */
    @SuppressWarnings("unchecked")
    public Object canonical(Object value) {
        if (value == null) return null;
        switch (shape) {
            case OBJECT -> {
                if (!(value instanceof Map<?, ?> in)) return value;
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<String, FieldType> f : fields.entrySet()) {
                    Object v = f.getValue().canonical(in.get(f.getKey()));
                    if (v == null && !f.getValue().keepEmpty) continue;
                    if (!f.getValue().keepEmpty && !(f.getValue().keepIfSet && v != null) && isEmpty(v)) continue;
                    out.put(f.getKey(), v == null ? f.getValue().zero() : v);
                }
                return out;
            }
            case LIST -> {
                if (!(value instanceof List<?> in)) return value;
                List<Object> out = new java.util.ArrayList<>(in.size());
                for (Object o : in) out.add(element.canonical(o));
                return out;
            }
            case STRING_MAP -> {
                if (!(value instanceof Map<?, ?> in)) return value;
                return new java.util.TreeMap<>((Map<String, Object>) in); // Go sorts map keys
            }
            default -> { return value; }
        }
    }

    private Object zero() {
        return switch (shape) {
            case STRING -> "";
            case INT -> 0L;
            case BOOL -> Boolean.FALSE;
            case OBJECT, STRING_MAP -> new LinkedHashMap<String, Object>();
            default -> null;
        };
    }

    static boolean isEmpty(Object v) {
        if (v == null) return true;
        if (v instanceof String s) return s.isEmpty();
        if (v instanceof Boolean b) return !b;
        if (v instanceof Long l) return l == 0;
        if (v instanceof Integer i) return i == 0;
        if (v instanceof List<?> l) return l.isEmpty();
        if (v instanceof Map<?, ?> m) return m.isEmpty();
        return false;
    }

    static String describe(Object v) {
        if (v instanceof String s) return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        if (v instanceof Boolean) return "a boolean";
        if (v instanceof Long || v instanceof Integer) return "the number " + v;
        if (v instanceof Number) return "the number " + v;
        if (v instanceof List<?>) return "a list";
        if (v instanceof Map<?, ?>) return "an object";
        return v.getClass().getSimpleName();
    }
}
