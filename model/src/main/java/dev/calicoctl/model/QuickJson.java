package dev.calicoctl.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A quick reader for the plain JSON objects resources are stored as, or nothing: it accepts only
 * a conservative subset of JSON (objects, arrays, strings with the standard escapes, integers of
 * up to 18 digits, true, false, null; no duplicate fields, no characters outside the Basic
 * Multilingual Plane; small documents, shallow nesting) and declines everything else by returning
 * null, for {@link Json#parseObject} to read with Jackson. So an accepted input yields exactly
 * the tree Jackson's reading gives, and any other input Jackson's tree or error.
 *
 * <p>Why: `get` and `ipam show` decode every stored resource while the JVM still interprets
 * bytecode, where a parser's per-token calls, contexts and symbol tables cost far more than a
 * loop over a byte array (about 10 ms for 100 IP pools through Jackson, under 3 ms here).
 */
final class QuickJson {
    /** Below each of Jackson's stream limits (name, string and number lengths), so none can apply. */
    private static final int MAX_CHARS = 32_768;
    /** Well below the nesting depth Json's factory allows (200). */
    private static final int MAX_DEPTH = 64;
    /** Digits of an integer read here; a 19-digit one (Calico's nanosecond sequence numbers) only up to Long.MAX_VALUE. */
    private static final int MAX_DIGITS = 19;
    private static final byte[] LONG_MAX = "9223372036854775807".getBytes(StandardCharsets.US_ASCII);
    /** Field names longer than this are left to Jackson (whose own limit is 50,000). */
    static final int MAX_NAME = 1_000;

    /** Thrown to give up; preallocated and without a stack trace (declining is not an error). */
    private static final class Decline extends RuntimeException {
        Decline() { super(null, null, false, false); }
    }

    private static final Decline DECLINE = new Decline();

    private final String text;
    /**
     * The text as ISO-8859-1 bytes, then a 0 that stops every scan at its end. A character beyond
     * Latin-1 reads as '?': never JSON syntax, so it only ever stands inside a string, whose
     * characters are taken from the text itself.
     */
    private final byte[] c;
    private int pos;

    private QuickJson(String text, byte[] c) {
        this.text = text;
        this.c = c;
    }

    /** The object {@code text} holds, or null when this reader declines it. */
    static Map<String, Object> object(String text) { return object(text, MAX_CHARS); }

    /**
     * As {@link #object(String)}, for documents up to {@code maxChars} (at most Jackson's string
     * length limit, so no string in them can exceed it; a field name longer than {@value #MAX_NAME}
     * characters is declined, far below Jackson's name limit): etcd's range answers.
     */
    static Map<String, Object> object(String text, int maxChars) {
        int n = text.length();
        if (n == 0 || n > maxChars) return null;
        // getBytes copies a Latin-1 string's bytes as they are; getChars would widen them in a loop
        byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
        if (latin1.length != n) return null; // a surrogate pair became one '?': positions would not line up
        byte[] buf = new byte[n + 1];
        System.arraycopy(latin1, 0, buf, 0, n);
        QuickJson r = new QuickJson(text, buf);
        try {
            r.skipSpace();
            if (buf[r.pos] != '{') return null;
            Map<String, Object> m = r.object(1);
            r.skipSpace();
            return r.pos == n ? m : null;
        } catch (Decline d) {
            return null;
        }
    }

    /** JSON's white space, as Jackson skips it; anything else (other control characters included) is not. */
    private void skipSpace() {
        byte[] c = this.c; // locals: the interpreter reads them cheaper than fields
        int p = pos;
        byte ch;
        while ((ch = c[p]) == ' ' || ch == '\n' || ch == '\r' || ch == '\t') p++;
        pos = p;
    }

    private Object value(int depth) {
        switch (c[pos]) {
            case '{': return object(depth + 1);
            case '[': return array(depth + 1);
            case '"': return string();
            case 't': literal("true"); return Boolean.TRUE;
            case 'f': literal("false"); return Boolean.FALSE;
            case 'n': literal("null"); return null;
            case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
                return number();
            default: throw DECLINE;
        }
    }

    private Map<String, Object> object(int depth) {
        if (depth > MAX_DEPTH) throw DECLINE;
        pos++; // '{'
        Map<String, Object> m = new LinkedHashMap<>();
        skipSpace();
        if (c[pos] == '}') { pos++; return m; }
        while (true) {
            if (c[pos] != '"') throw DECLINE;
            String name = string();
            if (name.length() > MAX_NAME) throw DECLINE;
            if (m.containsKey(name)) throw DECLINE; // Jackson's reading names it in its message
            skipSpace();
            if (c[pos] != ':') throw DECLINE;
            pos++;
            skipSpace();
            m.put(name, value(depth));
            skipSpace();
            byte ch = c[pos++];
            if (ch == '}') return m;
            if (ch != ',') throw DECLINE;
            skipSpace();
        }
    }

    private List<Object> array(int depth) {
        if (depth > MAX_DEPTH) throw DECLINE;
        pos++; // '['
        List<Object> l = new ArrayList<>();
        skipSpace();
        if (c[pos] == ']') { pos++; return l; }
        while (true) {
            l.add(value(depth));
            skipSpace();
            byte ch = c[pos++];
            if (ch == ']') return l;
            if (ch != ',') throw DECLINE;
            skipSpace();
        }
    }

    private String string() {
        byte[] c = this.c;
        int start = pos + 1, p = start; // after '"'
        int ch;
        while ((ch = c[p] & 0xff) >= 0x20 && ch != '"' && ch != '\\') p++;
        pos = p;
        if (ch == '"') {
            pos++;
            return text.substring(start, pos - 1); // copies the text's bytes; new String(char[]) would recompress in a loop
        }
        if (ch != '\\') throw DECLINE; // a control character, or the end
        StringBuilder sb = new StringBuilder(pos - start + 16).append(text, start, pos);
        while (true) {
            ch = c[pos] & 0xff;
            if (ch == '"') { pos++; return sb.toString(); }
            if (ch < 0x20) throw DECLINE;
            if (ch != '\\') { sb.append(text.charAt(pos++)); continue; } // the text's character, whatever its byte
            pos++;
            switch (c[pos++]) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append((char) (hex() << 12 | hex() << 8 | hex() << 4 | hex()));
                default -> throw DECLINE;
            }
        }
    }

    private int hex() {
        byte ch = c[pos++];
        if (ch >= '0' && ch <= '9') return ch - '0';
        if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
        if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
        throw DECLINE;
    }

    /** An integer; fractions, exponents, leading zeros and long numbers are left to Jackson. */
    private Long number() {
        boolean negative = c[pos] == '-';
        if (negative) pos++;
        int start = pos;
        long v = 0;
        byte ch;
        while ((ch = c[pos]) >= '0' && ch <= '9') { v = v * 10 + (ch - '0'); pos++; }
        int digits = pos - start;
        if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && c[start] == '0') || ch == '.' || ch == 'e' || ch == 'E') throw DECLINE;
        if (digits == MAX_DIGITS && !fitsLong(start)) throw DECLINE; // Jackson's error, or (-2^63) its value
        return negative ? -v : v;
    }

    /** Whether the 19 digits at {@code start} are at most Long.MAX_VALUE's (then the sum above did not overflow). */
    private boolean fitsLong(int start) {
        for (int i = 0; i < LONG_MAX.length; i++) {
            if (c[start + i] != LONG_MAX[i]) return c[start + i] < LONG_MAX[i];
        }
        return true;
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) if (c[pos++] != word.charAt(i)) throw DECLINE;
    }
}
