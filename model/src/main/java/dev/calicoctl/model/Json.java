package dev.calicoctl.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON trees (LinkedHashMap, ArrayList, String, Long, Double, Boolean, null): reading through
 * Jackson's streaming parser, writing as Go's encoding/json does (same escapes, same indent).
 */
public final class Json {
    private Json() {}

    private static JsonFactory factory;

    private static JsonFactory factory() {
        if (factory == null) {
            factory = JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
                    .build();
        }
        return factory;
    }

    public static Object parse(String text) {
        return parse(text, null);
    }

    /** A streaming parser over {@code text}, for hot paths that read one known shape field by field. */
    public static JsonParser parser(String text) throws IOException {
        return factory().createParser(text);
    }

    /** Parses one JSON value; records each field's line into {@code lines} when given. */
    public static Object parse(String text, SourceLines lines) {
        try (JsonParser p = factory().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) return null;
            Object v = read(p, t, "", lines);
            if (p.nextToken() != null) throw new CalicoException("unexpected data after the JSON value at line " + p.currentLocation().getLineNr());
            return v;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CalicoException("invalid JSON at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CalicoException("invalid JSON: " + e.getMessage());
        }
    }

    private static Object read(JsonParser p, JsonToken t, String path, SourceLines lines) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    String child = path.isEmpty() ? name : path + "." + name;
                    if (lines != null) lines.put(child, p.currentLocation().getLineNr());
                    if (m.containsKey(name)) throw new CalicoException("duplicate field \"" + child + "\" at line " + p.currentLocation().getLineNr());
                    m.put(name, read(p, p.nextToken(), child, lines));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                int i = 0;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(read(p, t, path + "[" + (i++) + "]", lines));
                }
                return l;
            }
            case VALUE_STRING: return p.getText();
            case VALUE_NUMBER_INT: return p.getLongValue();
            case VALUE_NUMBER_FLOAT: return p.getDoubleValue();
            case VALUE_TRUE: return Boolean.TRUE;
            case VALUE_FALSE: return Boolean.FALSE;
            case VALUE_NULL: return null;
            default: throw new CalicoException("unexpected JSON token " + t);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object o = parse(text);
        if (!(o instanceof Map)) throw new CalicoException("expected a JSON object");
        return (Map<String, Object>) o;
    }

    /** Compact JSON, as stored in etcd. */
    public static String write(Object v) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, v, null, 0);
        return sb.toString();
    }

    /** Indented JSON as Go's json.MarshalIndent(v, "", "  "). */
    public static String writeIndented(Object v) {
        StringBuilder sb = new StringBuilder(512);
        write(sb, v, "  ", 0);
        return sb.toString();
    }

    /** Indented JSON of a value nested {@code depth} levels deep (for writers that stream big documents). */
    public static String writeIndented(Object v, int depth) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, v, "  ", depth);
        return sb.toString();
    }

    /** A JSON string literal, escaped as Go does. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(sb, s);
        return sb.toString();
    }

    private static void newline(StringBuilder sb, String indent, int depth) {
        if (indent == null) return;
        sb.append('\n');
        for (int i = 0; i < depth; i++) sb.append(indent);
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder sb, Object v, String indent, int depth) {
        if (v == null) sb.append("null");
        else if (v instanceof String s) quote(sb, s);
        else if (v instanceof Boolean || v instanceof Long || v instanceof Integer) sb.append(v);
        else if (v instanceof Double d) sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.valueOf(d));
        else if (v instanceof Number n) sb.append(n);
        else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) { sb.append("{}"); return; }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                newline(sb, indent, depth + 1);
                quote(sb, String.valueOf(e.getKey()));
                sb.append(indent == null ? ":" : ": ");
                write(sb, e.getValue(), indent, depth + 1);
            }
            newline(sb, indent, depth);
            sb.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) { sb.append("[]"); return; }
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(',');
                newline(sb, indent, depth + 1);
                write(sb, l.get(i), indent, depth + 1);
            }
            newline(sb, indent, depth);
            sb.append(']');
        } else quote(sb, v.toString());
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Go's string encoding, including its HTML-safe escapes of <, > and &. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        sb.append("\\u00").append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
                        if (c >= 0x100) { sb.setLength(sb.length() - 6); sb.append(String.format("\\u%04x", (int) c)); }
                    } else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    public static String str(Object o) { return o == null ? null : o.toString(); }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> deepCopyMap(Map<String, Object> m) {
        return (Map<String, Object>) deepCopy(m);
    }

    @SuppressWarnings("unchecked")
    public static Object deepCopy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put((String) e.getKey(), deepCopy(e.getValue()));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) out.add(deepCopy(x));
            return out;
        }
        return o;
    }
}
