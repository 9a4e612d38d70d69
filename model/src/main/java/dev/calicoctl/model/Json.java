package dev.calicoctl.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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

    /** Built on first use, safely shared with the start-up prewarm thread. */
    private static final class Factory {
        static final JsonFactory INSTANCE = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
                .build();
    }

    private static JsonFactory factory() { return Factory.INSTANCE; }

    public static Object parse(String text) {
        return parse(text, null);
    }

    /** A streaming parser over {@code text}, for hot paths that read one known shape field by field. */
    public static JsonParser parser(String text) throws IOException {
        return factory().createParser(text);
    }

    /**
     * A JSON object read without setting a parser up when {@link QuickJson} takes it (plain JSON of
     * objects, arrays, strings, integers and literals, up to Jackson's string-length limit), else by
     * {@link #parseObject}: the same tree either way, and Jackson's errors. For answers read on
     * every start (etcd's), where Jackson's first parser costs ~15 ms of CPU.
     */
    public static Map<String, Object> parseObjectQuickly(String text) {
        Map<String, Object> m = QuickJson.object(text, StreamReadConstraints.defaults().getMaxStringLength());
        return m != null ? m : parseObject(text);
    }

    /**
     * The object {@code text} holds when {@link QuickJson} takes it (plain JSON of objects, arrays,
     * strings, integers and literals, the size of a stored value), else null: for decoders that
     * read everything else their own way.
     */
    public static Map<String, Object> parsePlainObject(String text) { return QuickJson.object(text); }

    /** A streaming parser over bytes (UTF-8 checked by Jackson), for decoders of large typed documents. */
    public static JsonParser parser(java.io.InputStream in) throws IOException {
        return factory().createParser(in);
    }

    /** Parses one JSON value; records each field's line into {@code lines} when given. */
    public static Object parse(String text, SourceLines lines) {
        try {
            // paths are built only when lines are recorded; a duplicate field (whose message names
            // its path) is rare enough to be found again by a second pass that builds them
            return parse(text, lines, lines != null);
        } catch (PathNeeded e) {
            return parse(text, lines, true);
        }
    }

    /** A duplicate field met while paths were not tracked: parse again with them, for its message. */
    private static final class PathNeeded extends RuntimeException {
        PathNeeded() { super(null, null, false, false); }
    }

    private static Object parse(String text, SourceLines lines, boolean paths) {
        try (JsonParser p = factory().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) return null;
            Object v = read(p, t, paths ? "" : null, lines);
            if (p.nextToken() != null) throw new CalicoException("unexpected data after the JSON value at line " + p.currentLocation().getLineNr());
            return v;
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            // too deep or too long a number: the exception carries no location
            throw new CalicoException("invalid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new CalicoException("invalid JSON" + (at == null ? "" : " at line " + at.getLineNr()) + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new CalicoException("invalid JSON: " + e.getMessage());
        }
    }

    /**
     * One value and what it holds. {@code path} (null: not tracked) names fields for messages and
     * {@code lines}; not tracking it spares a string concatenation per field, which counts when
     * every stored resource is decoded in the interpreter at start-up.
     */
    private static Object read(JsonParser p, JsonToken t, String path, SourceLines lines) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    String child = path == null ? null : path.isEmpty() ? name : path + "." + name;
                    if (lines != null) lines.put(child, p.currentLocation().getLineNr());
                    if (m.containsKey(name)) {
                        if (child == null) throw new PathNeeded();
                        throw new CalicoException("duplicate field \"" + child + "\" at line " + p.currentLocation().getLineNr());
                    }
                    m.put(name, read(p, p.nextToken(), child, lines));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                int i = 0;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(read(p, t, path == null ? null : path + "[" + i + "]", lines));
                    i++;
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
        return write(v, false);
    }

    /** Indented JSON as Go's json.MarshalIndent(v, "", "  "). */
    public static String writeIndented(Object v) {
        return write(v, true);
    }

    private static String write(Object v, boolean indented) {
        java.io.StringWriter w = new java.io.StringWriter(256);
        try (JsonGenerator g = generator(w, indented)) {
            writeValue(g, v);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    /**
     * A generator that writes as Go's encoding/json does: its string escapes (including the
     * HTML-safe escapes of <, >, &, U+2028 and U+2029) and, when {@code indented}, the layout of
     * json.MarshalIndent with a two-space indent. Callers stream large documents through it.
     */
    public static JsonGenerator generator(java.io.Writer w, boolean indented) throws IOException {
        JsonGenerator g = factory().createGenerator(w);
        g.setCharacterEscapes(GoEscapes.INSTANCE);
        if (indented) g.setPrettyPrinter(new GoIndent());
        return g;
    }

    /** Writes a JSON tree (maps, lists, strings, numbers, booleans, null) to {@code g}. */
    public static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) g.writeNull();
        else if (v instanceof String s) g.writeString(s);
        else if (v instanceof Boolean b) g.writeBoolean(b);
        else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) g.writeNumber(((Number) v).longValue());
        else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) throw new CalicoException("cannot write " + d + " as JSON");
            g.writeNumber(d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.valueOf(d));
        } else if (v instanceof java.math.BigInteger b) g.writeNumber(b);
        else if (v instanceof java.math.BigDecimal b) g.writeNumber(b);
        else if (v instanceof Number n) g.writeNumber(n.toString());
        else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) writeValue(g, o);
            g.writeEndArray();
        } else g.writeString(v.toString());
    }

    /** Go's escapes beyond JSON's minimum: control characters in lower-case hex, and <, >, &, U+2028, U+2029. */
    private static final class GoEscapes extends com.fasterxml.jackson.core.io.CharacterEscapes {
        static final GoEscapes INSTANCE = new GoEscapes();
        private final int[] ascii;

        private GoEscapes() {
            ascii = standardAsciiEscapesForJSON();
            for (int c = 0; c < 0x20; c++) if (c != '\n' && c != '\r' && c != '\t') ascii[c] = ESCAPE_CUSTOM; // Go: lower-case hex
            for (char c : new char[]{'<', '>', '&'}) ascii[c] = ESCAPE_CUSTOM;
        }

        @Override public int[] getEscapeCodesForAscii() { return ascii; }

        @Override public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            if (ch < 128 || ch == 0x2028 || ch == 0x2029) {
                return new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }

    /** json.MarshalIndent's layout: one member per line, "key": value, empty {} and [] kept short. */
    private static final class GoIndent implements com.fasterxml.jackson.core.PrettyPrinter {
        private int depth;

        private void newline(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
            for (int i = 0; i < depth; i++) g.writeRaw("  ");
        }

        @Override public void writeRootValueSeparator(JsonGenerator g) throws IOException { g.writeRaw('\n'); }
        @Override public void writeStartObject(JsonGenerator g) throws IOException { g.writeRaw('{'); depth++; }
        @Override public void beforeObjectEntries(JsonGenerator g) throws IOException { newline(g); }
        @Override public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException { g.writeRaw(": "); }
        @Override public void writeObjectEntrySeparator(JsonGenerator g) throws IOException { g.writeRaw(','); newline(g); }
        @Override public void writeEndObject(JsonGenerator g, int n) throws IOException {
            depth--;
            if (n > 0) newline(g);
            g.writeRaw('}');
        }
        @Override public void writeStartArray(JsonGenerator g) throws IOException { g.writeRaw('['); depth++; }
        @Override public void beforeArrayValues(JsonGenerator g) throws IOException { newline(g); }
        @Override public void writeArrayValueSeparator(JsonGenerator g) throws IOException { g.writeRaw(','); newline(g); }
        @Override public void writeEndArray(JsonGenerator g, int n) throws IOException {
            depth--;
            if (n > 0) newline(g);
            g.writeRaw(']');
        }
    }

    /** A JSON string literal, escaped as Go does (also how go-yaml double-quotes YAML scalars). */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(sb, s);
        return sb.toString();
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

    private static String firstLine(String s) {
        if (s == null) return "unreadable input";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
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
