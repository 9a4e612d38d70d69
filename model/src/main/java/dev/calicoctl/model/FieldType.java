package dev.calicoctl.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of one field in a resource, used for strict decoding (unknown fields
 * and wrong types are errors), for writing fields in Calico's canonical order, and for
 * validation: each field carries its rules ({@link Check}) and its Go field name as data.
 */
public final class FieldType {
    public enum Shape { STRING, INT, NUMBER, BOOL, ANY, STRING_MAP, LIST, OBJECT, SCALAR }

    /** A value with its own syntax (port, protocol, AS number, duration): decode check and stored form. */
    public interface ValueType {
        /** Why the decoded value is not acceptable (upstream's decode error text), or null. */
        String problem(Object value, String path);
        /** The value as Go would marshal it back (e.g. "125s" as "2m5s", "6" as 6). */
        default Object canonical(Object value) { return value; }
    }

    private final Shape shape;
    private final FieldType element;               // for LIST
    private final Map<String, FieldType> fields;   // for OBJECT, in canonical (Go struct) order
    private final boolean keepEmpty;               // Go field without omitempty
    private boolean keepIfSet;                     // Go pointer field: written whenever set
    private ValueType valueType;                   // for SCALAR
    private List<Check> checks = List.of();
    private String goName;                         // Go struct field name, when not the JSON name capitalised

    private FieldType(Shape shape, FieldType element, Map<String, FieldType> fields, boolean keepEmpty) {
        this.shape = shape;
        this.element = element;
        this.fields = fields;
        this.keepEmpty = keepEmpty;
    }

    private FieldType copy(boolean keepEmpty) {
        FieldType t = new FieldType(shape, element, fields, keepEmpty);
        t.keepIfSet = keepIfSet;
        t.valueType = valueType;
        t.checks = checks;
        t.goName = goName;
        return t;
    }

    public static final FieldType STRING = new FieldType(Shape.STRING, null, null, false);
    public static final FieldType INT = new FieldType(Shape.INT, null, null, false);
    /** A Go float64: any JSON number. */
    public static final FieldType NUMBER = new FieldType(Shape.NUMBER, null, null, false);
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

    /** A scalar with its own syntax. */
    public static FieldType scalar(ValueType vt) { FieldType t = new FieldType(Shape.SCALAR, null, null, false); t.valueType = vt; return t; }

    /** The same type, always written even when empty/false/zero (a Go field without omitempty). */
    public FieldType keepEmpty() { return copy(true); }

    /** The same type, written whenever present, even when false or zero (a Go pointer field). */
    public FieldType pointer() { FieldType t = copy(keepEmpty); t.keepIfSet = true; return t; }

    /** The same type with more validation rules. */
    public FieldType with(Check... more) {
        FieldType t = copy(keepEmpty);
        List<Check> all = new ArrayList<>(checks);
        all.addAll(List.of(more));
        t.checks = List.copyOf(all);
        return t;
    }

    /** The same type, named {@code name} in Go (for messages), e.g. "PeerIP" for peerIP. */
    public FieldType go(String name) { FieldType t = copy(keepEmpty); t.goName = name; return t; }

    public Shape shape() { return shape; }
    public FieldType element() { return element; }
    public Map<String, FieldType> fields() { return fields; }
    public List<Check> checks() { return checks; }

    /** The Go field name of a field called {@code json} with this type. */
    String goNameFor(String json) {
        if (goName != null) return goName;
        return json.isEmpty() ? json : Character.toUpperCase(json.charAt(0)) + json.substring(1);
    }

    /** Checks {@code value} against this type, appending one message per problem. */
    public void check(Object value, String path, SourceLines lines, List<String> problems) {
        if (value == null) return;
        switch (shape) {
            case ANY -> { }
            case STRING -> { if (!(value instanceof String)) problems.add(lines.at(path) + "field \"" + path + "\" must be a string, not " + describe(value)); }
            case INT -> { if (!(value instanceof Long || value instanceof Integer)) problems.add(lines.at(path) + "field \"" + path + "\" must be an integer, not " + describe(value)); }
            case NUMBER -> { if (!(value instanceof Number)) problems.add(lines.at(path) + "field \"" + path + "\" must be a number, not " + describe(value)); }
            case SCALAR -> { String p = valueType.problem(value, path); if (p != null) problems.add(lines.at(path) + p); }
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
                Map<String, String> renames = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String name = String.valueOf(e.getKey());
                    String p = path.isEmpty() ? name : path + "." + name;
                    FieldType t = fields.get(name);
                    if (t == null) {
                        // Go's encoding/json matches field names case-insensitively (Egress, ICMP, Order)
                        String match = caseInsensitive(name);
                        if (match != null && !m.containsKey(match)) { renames.put(name, match); t = fields.get(match); }
                    }
                    if (t == null) problems.add(lines.at(p) + "unknown field \"" + p + "\"");
                    else t.check(e.getValue(), p, lines, problems);
                }
                if (!renames.isEmpty()) rename(Values.map(m), renames);
            }
        }
    }

    private String caseInsensitive(String name) {
        for (String f : fields.keySet()) if (f.equalsIgnoreCase(name)) return f;
        return null;
    }

    private static void rename(Map<String, Object> m, Map<String, String> renames) {
        Map<String, Object> copy = new LinkedHashMap<>(m);
        m.clear();
        for (Map.Entry<String, Object> e : copy.entrySet()) m.put(renames.getOrDefault(e.getKey(), e.getKey()), e.getValue());
    }

    /**
     * Runs this type's rules of one phase over a decoded value, depth first: an object's fields
     * in declaration order, then the object's own rules (Go's validator visits structs so).
     */
    public void validate(Object value, Check.At at, Check.Phase phase, List<FieldError> errors) {
        if (value == null) {
            for (Check c : checks) if (c.phase() == phase && c.onAbsent()) c.check(null, at, errors);
            return;
        }
        if (shape == Shape.OBJECT && value instanceof Map<?, ?> m) {
            Map<String, Object> obj = Values.map(m);
            for (Map.Entry<String, FieldType> f : fields.entrySet()) {
                FieldType t = f.getValue();
                Object v = obj.get(f.getKey());
                // a Go field without omitempty is marshalled even when zero, so its CRD rules see ""
                if (v == null && t.keepEmpty && phase != Check.Phase.GO) v = t.zero();
                String p = at.path().isEmpty() ? f.getKey() : at.path() + "." + f.getKey();
                t.validate(v, new Check.At(p, t.goNameFor(f.getKey()), obj), phase, errors);
            }
        } else if (shape == Shape.LIST && value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                element.validate(l.get(i), new Check.At(at.path() + "[" + i + "]", at.goName() + "[" + i + "]", at.parent()), phase, errors);
            }
        }
        for (Check c : checks) if (c.phase() == phase) c.check(value, at, errors);
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
                    FieldType t = f.getValue();
                    Object raw = in.get(f.getKey());
                    // most schema fields are absent: settle those without a call (interpreted start-up)
                    if (raw == null) {
                        if (t.keepEmpty) out.put(f.getKey(), t.zero());
                        continue;
                    }
                    Object v = t.canonical(raw);
                    if (v == null && !t.keepEmpty) continue;
                    if (!t.keepEmpty && !(t.keepIfSet && v != null) && isEmpty(v)) continue;
                    out.put(f.getKey(), v == null ? t.zero() : v);
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
            case SCALAR -> { return valueType.problem(value, "") == null ? valueType.canonical(value) : value; }
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
        if (v instanceof Double d) return d == 0;
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
        return v == null ? "null" : "a value of another kind";
    }
}
