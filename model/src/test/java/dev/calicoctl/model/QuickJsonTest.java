package dev.calicoctl.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * QuickJson either declines or gives exactly the tree Jackson's reading ({@link Json#parse})
 * gives: same types, same order. Checked on tricky inputs, on generated documents (which it must
 * not decline when they hold only what it reads) and on random mutations of them.
 */
class QuickJsonTest {
    /** Jackson's tree, or this marker when Jackson refuses the text. */
    private static final Object REFUSED = new Object();

    private static Object jackson(String text) {
        try {
            return Json.parse(text);
        } catch (CalicoException e) {
            return REFUSED;
        }
    }

    /** Returns whether QuickJson accepted; fails when it accepted something Jackson reads otherwise. */
    private static boolean agrees(String text) {
        Map<String, Object> quick = QuickJson.object(text);
        if (quick == null) return false;
        Object expected = jackson(text);
        if (expected == REFUSED) fail("QuickJson accepted what Jackson refuses: %s", text);
        if (!sameTree(quick, expected)) fail("QuickJson read %s as %s, Jackson as %s", text, quick, expected);
        return true;
    }

    /** Equal values of the same classes, maps in the same order. */
    private static boolean sameTree(Object a, Object b) {
        if (a == null || b == null) return a == b;
        if (a.getClass() != b.getClass()) return false;
        if (a instanceof Map<?, ?> ma) {
            Map<?, ?> mb = (Map<?, ?>) b;
            if (ma.size() != mb.size()) return false;
            Iterator<? extends Map.Entry<?, ?>> ia = ma.entrySet().iterator(), ib = mb.entrySet().iterator();
            while (ia.hasNext()) {
                Map.Entry<?, ?> ea = ia.next(), eb = ib.next();
                if (!ea.getKey().equals(eb.getKey()) || !sameTree(ea.getValue(), eb.getValue())) return false;
            }
            return true;
        }
        if (a instanceof List<?> la) {
            List<?> lb = (List<?>) b;
            if (la.size() != lb.size()) return false;
            for (int i = 0; i < la.size(); i++) if (!sameTree(la.get(i), lb.get(i))) return false;
            return true;
        }
        return a.equals(b);
    }

    @Test
    void readsWhatItShouldAndDeclinesTheRest() {
        String[] accepted = {"{}", " {\"a\":1} ", "{\"a\" : [ ] , \"b\":{}}", "{\"a\":-0}", "{\"a\":-123456789012345678}", "{\"a\":1234567890123456789}", "{\"a\":9223372036854775807}", "{\"a\":-9223372036854775807}",
                "{\"sequenceNumber\":1796182418098000001}",
                "{\"a\":\"\\u00e9\\n\\/\\\"\\\\ \\b\\f\\r\\t\"}", "{\"\\ud83d\\ude00\":\"\\uD800\"}", "{\"a\":true,\"b\":false,\"c\":null}",
                "\n\t{\"a\":[1,[2,[3]],{\"b\":\"\u007f\u00e9\u2028\"}]}\r\n", "{\"\":\"\"}"};
        for (String s : accepted) assertThat(agrees(s)).as(s).isTrue();
        String[] declined = {"", " ", "[]", "1", "{\"a\":01}", "{\"a\":1.0}", "{\"a\":1e5}", "{\"a\":9223372036854775808}", "{\"a\":-9223372036854775808}", "{\"a\":12345678901234567890}", "{\"a\":tru}",
                "{\"a\":truex}", "{\"a\":\"\\x\"}", "{\"a\":1,}", "{\"a\":[1,]}", "{\"a\":\"\u0001\"}", "{}x", "{} {}", "{\"a\":1,\"a\":2}",
                "{'a':1}", "{a:1}", "{\"a\":NaN}", "{\"a\":-}", "{\"a\":\"\\u12G4\"}", "\uFEFF{}", "{\"a\":1}\u0000", "{\"a\"\u000b:1}",
                "{\"a\":+1}", "{\"a\":1 /* c */}", "{\"a\":\"unterminated}", "{\"a\":\"x\\", "{\"a\":[", "{\"a\":{"};
        for (String s : declined) {
            assertThat(QuickJson.object(s)).as(s).isNull();
        }
        assertThat(QuickJson.object("{\"a\":" + "[".repeat(80) + "]".repeat(80) + "}")).isNull(); // deep: Jackson's business
        assertThat(QuickJson.object("{\"a\":\"" + "x".repeat(40_000) + "\"}")).isNull();           // large: likewise
    }

    @Test
    void generatedDocumentsReadAsJacksonReadsThem() {
        Random rnd = new Random(11);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            boolean plain = rnd.nextBoolean(); // plain: only what QuickJson reads
            Object tree = randomObject(rnd, 0, plain);
            String text = rnd.nextBoolean() ? Json.write(tree) : spaced(rnd, tree);
            boolean ok = agrees(text);
            boolean astral = text.codePoints().anyMatch(cp -> cp > 0xFFFF); // surrogate pairs: left to Jackson
            if (plain && !astral) assertThat(ok).as("declined %s", text).isTrue();
            if (ok) accepted++;
        }
        assertThat(accepted).isGreaterThan(10_000);
    }

    @Test
    void mutatedDocumentsNeverReadOtherwiseThanJackson() {
        Random rnd = new Random(13);
        String junk = "{}[]\",:\\/ \t\n\r\u0000\u001f0123456789-+.eEtrufalsn\u00e9\ud800x";
        for (int i = 0; i < 30_000; i++) {
            StringBuilder sb = new StringBuilder(spaced(rnd, randomObject(rnd, 0, rnd.nextBoolean())));
            for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                int at = rnd.nextInt(sb.length() + 1);
                switch (rnd.nextInt(3)) {
                    case 0 -> sb.insert(at, junk.charAt(rnd.nextInt(junk.length())));
                    case 1 -> { if (at < sb.length()) sb.deleteCharAt(at); }
                    default -> { if (at < sb.length()) sb.setCharAt(at, junk.charAt(rnd.nextInt(junk.length()))); }
                }
            }
            agrees(sb.toString());
        }
    }

    private static final String KEY_CHARS = "abcXYZ_-.09 é\"\\/\u0001\u001f\u007f\u2028<>&\ud83d\ude00";

    private static String randomString(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(8); i > 0; i--) sb.append(KEY_CHARS.charAt(rnd.nextInt(KEY_CHARS.length())));
        return sb.toString();
    }

    private static Map<String, Object> randomObject(Random rnd, int depth, boolean plain) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = rnd.nextInt(depth > 3 ? 2 : 6); i > 0; i--) m.put(randomString(rnd), randomValue(rnd, depth + 1, plain));
        return m;
    }

    private static Object randomValue(Random rnd, int depth, boolean plain) {
        switch (rnd.nextInt(depth > 3 ? 6 : 8)) {
            case 0: return randomString(rnd);
            case 1: return (long) rnd.nextInt(2000) - 1000;
            case 2: return rnd.nextLong() / (1L << rnd.nextInt(63)) / (plain ? 10 : 1); // up to 19 digits when not plain
            case 3: return plain ? Boolean.TRUE : rnd.nextDouble() * 100;
            case 4: return rnd.nextBoolean();
            case 5: return null;
            case 6: {
                List<Object> l = new ArrayList<>();
                for (int i = rnd.nextInt(4); i > 0; i--) l.add(randomValue(rnd, depth + 1, plain));
                return l;
            }
            default: return randomObject(rnd, depth, plain);
        }
    }

    /** JSON text of a tree with random white space and escapes Json.write does not use (\/, \\uXXXX in upper case). */
    private static String spaced(Random rnd, Object v) {
        StringBuilder sb = new StringBuilder();
        write(rnd, sb, v);
        return sb.toString();
    }

    private static void space(Random rnd, StringBuilder sb) {
        for (int i = rnd.nextInt(4) == 0 ? rnd.nextInt(3) : 0; i > 0; i--) sb.append(" \t\n\r".charAt(rnd.nextInt(4)));
    }

    private static void write(Random rnd, StringBuilder sb, Object v) {
        space(rnd, sb);
        if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                space(rnd, sb);
                quote(rnd, sb, (String) e.getKey());
                space(rnd, sb);
                sb.append(':');
                write(rnd, sb, e.getValue());
            }
            space(rnd, sb);
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(',');
                write(rnd, sb, l.get(i));
            }
            space(rnd, sb);
            sb.append(']');
        } else if (v instanceof String s) {
            quote(rnd, sb, s);
        } else {
            sb.append(v);
        }
        space(rnd, sb);
    }

    private static void quote(Random rnd, StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') sb.append('\\').append(ch);
            else if (ch == '/' && rnd.nextBoolean()) sb.append("\\/");
            else if (ch < 0x20 || rnd.nextInt(10) == 0) sb.append(String.format(rnd.nextBoolean() ? "\\u%04X" : "\\u%04x", (int) ch));
            else sb.append(ch);
        }
        sb.append('"');
    }
}
