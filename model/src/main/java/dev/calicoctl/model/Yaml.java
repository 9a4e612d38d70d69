package dev.calicoctl.model;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * YAML in and out. Reading goes through SnakeYAML's composer only (no object construction,
 * so no arbitrary types), with aliases and expansion bounded. Writing follows what
 * calicoctl prints (sigs.k8s.io/yaml over go-yaml v2): keys sorted, v2 quoting rules.
 */
public final class Yaml {
    private Yaml() {}

    /** Most nodes one document may expand to once aliases are followed. */
    public static final int MAX_EXPANDED_NODES = 200_000;
    public static final int MAX_ALIASES = 50;

    /** One parsed document: its tree (null when the document is empty) and its field lines. */
    public record Document(Object tree, SourceLines lines) {}

    public static List<Document> parseAll(String text, String source) {
        LoaderOptions opts = new LoaderOptions();
        opts.setMaxAliasesForCollections(MAX_ALIASES);
        opts.setAllowDuplicateKeys(false);
        opts.setAllowRecursiveKeys(false);
        opts.setNestingDepthLimit(100);
        opts.setCodePointLimit(Integer.MAX_VALUE); // the caller bounds the input size
        List<Document> docs = new ArrayList<>();
        try {
            Composer composer = new Composer(new ParserImpl(new StreamReader(text), opts), new Resolver(), opts);
            int index = 0;
            while (composer.checkNode()) {
                Node node = composer.getNode();
                index++;
                SourceLines lines = new SourceLines(source, index);
                int[] budget = {MAX_EXPANDED_NODES};
                docs.add(new Document(convert(node, "", lines, budget), lines));
            }
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? "" : "line " + (m.getLine() + 1) + ": ";
            throw new CalicoException("error parsing YAML: " + where + firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage()));
        } catch (YAMLException e) {
            throw new CalicoException("error parsing YAML: " + firstLine(e.getMessage()));
        }
        return docs;
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Object convert(Node node, String path, SourceLines lines, int[] budget) {
        if (--budget[0] < 0) {
            throw new CalicoException("error parsing YAML: document expands to more than " + MAX_EXPANDED_NODES
                    + " nodes through aliases (refusing a possible alias bomb)");
        }
        if (node instanceof MappingNode mn) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (NodeTuple t : mn.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    throw new CalicoException("error parsing YAML: line " + (t.getKeyNode().getStartMark().getLine() + 1) + ": mapping keys must be scalars");
                }
                String key = k.getValue();
                if (Tag.MERGE.equals(k.getTag())) {
                    throw new CalicoException("error parsing YAML: line " + (k.getStartMark().getLine() + 1) + ": merge keys (<<) are not supported");
                }
                String child = path.isEmpty() ? key : path + "." + key;
                if (m.containsKey(key)) {
                    throw new CalicoException("error parsing YAML: line " + (k.getStartMark().getLine() + 1) + ": duplicate key \"" + child + "\"");
                }
                lines.put(child, k.getStartMark().getLine() + 1);
                m.put(key, convert(t.getValueNode(), child, lines, budget));
            }
            return m;
        }
        if (node instanceof SequenceNode sn) {
            List<Object> l = new ArrayList<>(sn.getValue().size());
            int i = 0;
            for (Node n : sn.getValue()) {
                String child = path + "[" + (i++) + "]";
                lines.put(child, n.getStartMark().getLine() + 1);
                l.add(convert(n, child, lines, budget));
            }
            return l;
        }
        ScalarNode s = (ScalarNode) node;
        return scalar(s, path, lines);
    }

    private static Object scalar(ScalarNode s, String path, SourceLines lines) {
        Tag tag = s.getTag();
        String v = s.getValue();
        if (Tag.STR.equals(tag) || Tag.TIMESTAMP.equals(tag)) return v;
        if (Tag.NULL.equals(tag)) return null;
        if (Tag.BOOL.equals(tag)) {
            String l = v.toLowerCase();
            return l.equals("true") || l.equals("yes") || l.equals("on") || l.equals("y");
        }
        if (Tag.INT.equals(tag)) {
            Long n = parseInt(v);
            if (n != null) return n;
            throw new CalicoException("error parsing YAML: " + lines.at(path) + "integer out of range: " + v);
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return Double.parseDouble(v.replace("_", ""));
            } catch (NumberFormatException e) {
                return v;
            }
        }
        throw new CalicoException("error parsing YAML: line " + (s.getStartMark().getLine() + 1)
                + ": unsupported tag " + tag.getValue());
    }

    private static Long parseInt(String v) {
        String t = v.replace("_", "");
        boolean neg = t.startsWith("-");
        if (neg || t.startsWith("+")) t = t.substring(1);
        try {
            long n;
            if (t.startsWith("0x")) n = Long.parseLong(t.substring(2), 16);
            else if (t.startsWith("0o")) n = Long.parseLong(t.substring(2), 8);
            else if (t.startsWith("0b")) n = Long.parseLong(t.substring(2), 2);
            else if (t.length() > 1 && t.startsWith("0")) n = Long.parseLong(t.substring(1), 8);
            else n = Long.parseLong(t);
            return neg ? -n : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- writing

    public static String write(Object tree) {
        StringBuilder sb = new StringBuilder(512);
        KeyOrders orders = new KeyOrders();
        if (tree instanceof Map<?, ?> m && !m.isEmpty()) writeMap(sb, m, 0, orders);
        else if (tree instanceof List<?> l && !l.isEmpty()) writeList(sb, l, 0, orders);
        else { writeScalarOrEmpty(sb, tree); sb.append('\n'); }
        return sb.toString();
    }

    /** Indents by width, made on first use (a benign race: Strings are safely shared). */
    private static final String[] INDENTS = new String[64];

    private static void indent(StringBuilder sb, int n) {
        if (n >= INDENTS.length) {
            for (int i = 0; i < n; i++) sb.append(' ');
            return;
        }
        String s = INDENTS[n];
        if (s == null) INDENTS[n] = s = " ".repeat(n);
        sb.append(s); // append(String) is compiled early, being everywhere; one copy, not a call per space
    }

    /*
     * The writer below runs once per field of every resource printed, almost always in the bytecode
     * interpreter (a command lasts ~100 ms, far too short for the JIT to compile it). So it avoids
     * what is expensive there: regexes, streams, lambdas, substrings, copies and sorts per string or
     * map. The test keeps the straightforward writer as a reference and compares the two.
     */

    private static void writeMap(StringBuilder sb, Map<?, ?> m, int ind, KeyOrders orders) {
        String[] keys = stringKeys(m);
        if (keys == null) {
            writeMapOtherKeys(sb, m, ind, orders);
            return;
        }
        KeyOrders.Order order = orders.of(keys);
        if (order.asIs()) {
            int i = 0;
            for (Object v : m.values()) {
                if (i > 0) indent(sb, ind);
                sb.append(order.written()[i++]);
                writeValue(sb, v, ind, false, orders);
            }
        } else {
            String[] sorted = order.sorted();
            for (int i = 0; i < sorted.length; i++) {
                if (i > 0) indent(sb, ind);
                sb.append(order.written()[i]);
                writeValue(sb, m.get(sorted[i]), ind, false, orders);
            }
        }
    }

    /** The keys in the map's order, or null when one is not a string. */
    private static String[] stringKeys(Map<?, ?> m) {
        String[] keys = new String[m.size()];
        int i = 0;
        for (Object k : m.keySet()) {
            if (!(k instanceof String s)) return null;
            keys[i++] = s;
        }
        return keys;
    }

    /** Whether the keys are already in {@link #NATURAL} order, as TimSort finds an ascending run. */
    private static boolean inOrder(String[] keys) {
        for (int i = 1; i < keys.length; i++) if (compareNatural(keys[i], keys[i - 1]) < 0) return false;
        return true;
    }

    /** Maps with keys other than strings (none that we decode): keys by their text, sorted. */
    private static void writeMapOtherKeys(StringBuilder sb, Map<?, ?> m, int ind, KeyOrders orders) {
        List<String> keys = new ArrayList<>(m.size());
        for (Object k : m.keySet()) keys.add(String.valueOf(k));
        keys.sort(NATURAL);
        boolean first = true;
        for (String k : keys) {
            if (!first) indent(sb, ind);
            first = false;
            writeString(sb, k);
            sb.append(':');
            writeValue(sb, m.get(k), ind, false, orders);
        }
    }

    /**
     * The key orders one write has worked out, by the keys' order in their map. The maps of a
     * listing repeat a few key sequences (each kind's canonical field order), so each is sorted and
     * its keys quoted once. Reusing an order is exact: a stable sort's result, like a key's
     * quoting, depends on the strings alone.
     */
    private static final class KeyOrders {
        /**
         * @param keys    the keys in their map's order
         * @param sorted  the keys in the order written
         * @param written each of those as YAML, with its ':'
         * @param asIs    whether that is the map's own order (TimSort would keep it: it checks exactly this)
         */
        record Order(String[] keys, String[] sorted, String[] written, boolean asIs) {}

        private static final int MAX = 16;
        private final Order[] seen = new Order[MAX];
        private int size;

        Order of(String[] keys) {
            for (int i = 0; i < size; i++) if (same(seen[i].keys(), keys)) return seen[i];
            boolean asIs = inOrder(keys);
            String[] sorted = keys;
            if (!asIs) {
                sorted = keys.clone();
                Arrays.sort(sorted, NATURAL); // the TimSort List.sort runs
            }
            String[] written = new String[sorted.length];
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < sorted.length; i++) {
                sb.setLength(0);
                writeString(sb, sorted[i]);
                written[i] = sb.append(':').toString();
            }
            Order order = new Order(keys, sorted, written, asIs);
            if (size < MAX) seen[size++] = order;
            return order;
        }

        private static boolean same(String[] a, String[] b) {
            if (a.length != b.length) return false;
            for (int i = 0; i < a.length; i++) if (a[i] != b[i] && !a[i].equals(b[i])) return false;
            return true;
        }
    }

    private static void writeList(StringBuilder sb, List<?> l, int ind, KeyOrders orders) {
        boolean first = true;
        for (Object o : l) {
            if (!first) indent(sb, ind);
            first = false;
            sb.append('-');
            writeValue(sb, o, ind, true, orders);
        }
    }

    /** Writes what follows "key:" or "-". */
    private static void writeValue(StringBuilder sb, Object v, int ind, boolean inList, KeyOrders orders) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            if (inList) { sb.append(' '); writeMap(sb, m, ind + 2, orders); }
            else { sb.append('\n'); indent(sb, ind + 2); writeMap(sb, m, ind + 2, orders); }
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            if (inList) { sb.append(' '); writeList(sb, l, ind + 2, orders); }
            else { sb.append('\n'); indent(sb, ind); writeList(sb, l, ind, orders); }
        } else {
            sb.append(' ');
            writeScalarOrEmpty(sb, v);
            sb.append('\n');
        }
    }

    private static void writeScalarOrEmpty(StringBuilder sb, Object v) {
        if (v == null) sb.append("null");
        else if (v instanceof Map) sb.append("{}");
        else if (v instanceof List) sb.append("[]");
        else if (v instanceof String s) writeString(sb, s);
        else if (v instanceof Double d) sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.valueOf(d));
        else sb.append(v);
    }

    private static final java.util.Set<String> WORDS = java.util.Set.of(
            "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~");

    /** How go-yaml v2 writes a string scalar. */
    static final int PLAIN = 0, SINGLE_QUOTED = 1, DOUBLE_QUOTED = 2;

    static void writeString(StringBuilder sb, String s) {
        switch (style(s)) {
            case PLAIN -> sb.append(s);
            case SINGLE_QUOTED -> sb.append('\'').append(s.replace("'", "''")).append('\'');
            default -> Json.quote(sb, s);
        }
    }

    /**
     * go-yaml v2's choice for a string: double quotes when it is empty, would read back as another
     * type, or holds a control character; single quotes when it would not read back as itself
     * plain (indicators, ": ", " #", document markers, white space at the ends); else plain.
     * One pass over the characters, no allocation.
     */
    static int style(String s) {
        int n = s.length();
        if (n == 0 || resolvesToOtherType(s)) return DOUBLE_QUOTED;
        boolean breaksPlain = false; // ": " or " #" inside
        char prev = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) return DOUBLE_QUOTED;
            if ((c == ' ' && prev == ':') || (c == '#' && prev == ' ')) breaksPlain = true;
            prev = c;
        }
        return breaksPlain || !plainAtEnds(s) ? SINGLE_QUOTED : PLAIN;
    }

    /** The checks on a plain scalar's first and last characters (and its first three). */
    private static boolean plainAtEnds(String s) {
        int n = s.length();
        char c0 = s.charAt(0), last = s.charAt(n - 1);
        switch (c0) {
            case '-', '?', ':' -> {
                if (n == 1 || s.charAt(1) == ' ') return false; // a block indicator, not text
            }
            case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> {
                return false;
            }
            default -> { }
        }
        if (isWhitespace(c0) || isWhitespace(last) || last == ':') return false;
        return !(n >= 3 && (c0 == '-' || c0 == '.') && s.charAt(1) == c0 && s.charAt(2) == c0); // "---", "..."
    }

    /** Character.isWhitespace, without its table lookups for the printable ASCII that most strings are. */
    private static boolean isWhitespace(char c) {
        return !(c > ' ' && c < 0x7f) && Character.isWhitespace(c);
    }

    /** Character.isDigit (which also takes other scripts' digits), short-cut for ASCII. */
    private static boolean isDigit(char c) {
        return c < 0x80 ? c >= '0' && c <= '9' : Character.isDigit(c);
    }

    /** Would go-yaml v2 read this plain scalar back as something other than a string? */
    static boolean resolvesToOtherType(String s) {
        int n = s.length();
        char c = s.charAt(0);
        // y, n, yes, no, true, false, on, off, null, ~ in any case
        if (n <= 5 && isWordStart(c) && WORDS.contains(s.toLowerCase(java.util.Locale.ROOT))) return true;
        if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) return false;
        int o = c == '-' || c == '+' ? 1 : 0; // the rest, without its sign, starts at o
        if (o == n) return false;
        char t0 = s.charAt(o);
        if (t0 == '.' && n - o == 4 && isInfOrNan(s, o)) return true;
        if (t0 == '0' && n - o >= 2 && s.charAt(o + 1) == 'x') return n - o > 2 && allHex(s, o + 2);
        if (t0 == '0' && n - o >= 2 && s.charAt(o + 1) == 'b') return n - o > 2 && allBinary(s, o + 2);
        return isTimestamp(s, o) || isNumber(s, o);
    }

    /** Could the string lower-case to one of {@link #WORDS}? (No other character lower-cases to these.) */
    private static boolean isWordStart(char c) {
        return switch (c) {
            case 'y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O', '~' -> true;
            default -> false;
        };
    }

    private static boolean isInfOrNan(String s, int o) {
        return s.startsWith(".inf", o) || s.startsWith(".Inf", o) || s.startsWith(".INF", o)
                || s.startsWith(".nan", o) || s.startsWith(".NaN", o) || s.startsWith(".NAN", o);
    }

    private static boolean allHex(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '_' && Character.digit(ch, 16) < 0) return false;
        }
        return true;
    }

    private static boolean allBinary(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '0' && ch != '1' && ch != '_') return false;
        }
        return true;
    }

    /** yyyy-m-d, then the end, 'T', 't' or ' ' (go-yaml's timestamp forms), from offset o. */
    private static boolean isTimestamp(String s, int o) {
        int n = s.length();
        if (n - o < 8 || s.charAt(o + 4) != '-') return false;
        for (int i = o; i < o + 4; i++) if (!isDigit(s.charAt(i))) return false;
        int dash2 = s.indexOf('-', o + 5);
        if (dash2 <= o + 5 || dash2 > o + 7) return false;
        for (int i = o + 5; i < dash2; i++) if (!isDigit(s.charAt(i))) return false;
        int k = dash2 + 1, day = 0;
        while (k < n && day < 2 && isDigit(s.charAt(k))) { k++; day++; }
        return day >= 1 && (k == n || s.charAt(k) == 'T' || s.charAt(k) == 't' || s.charAt(k) == ' ');
    }

    /** Integers and floats from offset o: '_' separators, optional fraction and exponent. */
    private static boolean isNumber(String s, int o) {
        int n = s.length(), k = o, digits = 0;
        while (k < n && (isDigit(s.charAt(k)) || s.charAt(k) == '_')) { if (s.charAt(k) != '_') digits++; k++; }
        if (k == n) return digits > 0;
        if (s.charAt(k) == '.') {
            k++;
            while (k < n && (isDigit(s.charAt(k)) || s.charAt(k) == '_')) k++;
        }
        if (k < n && (s.charAt(k) == 'e' || s.charAt(k) == 'E')) {
            k++;
            if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) k++;
            int e = 0;
            while (k < n && isDigit(s.charAt(k))) { k++; e++; }
            if (e == 0) return false;
        }
        return k == n && (digits > 0 || s.charAt(o) == '.');
    }

    /** go-yaml's key order: digit runs compare as numbers, otherwise by character. */
    static final Comparator<String> NATURAL = new Natural();

    private static final class Natural implements Comparator<String> {
        @Override public int compare(String a, String b) { return compareNatural(a, b); }
    }

    static int compareNatural(String a, String b) {
        int i = 0, j = 0, al = a.length(), bl = b.length();
        while (i < al && j < bl) {
            char ca = a.charAt(i), cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int si = i, sj = j;
                while (i < al && isDigit(a.charAt(i))) i++;
                while (j < bl && isDigit(b.charAt(j))) j++;
                // leading zeros do not count, but a run keeps its last digit ("00" is 0)
                while (si < i - 1 && a.charAt(si) == '0') si++;
                while (sj < j - 1 && b.charAt(sj) == '0') sj++;
                if (i - si != j - sj) return (i - si) - (j - sj);
                for (int k = 0; si + k < i; k++) {
                    int c = a.charAt(si + k) - b.charAt(sj + k);
                    if (c != 0) return c;
                }
                continue;
            }
            if (ca != cb) return ca - cb;
            i++;
            j++;
        }
        return (al - i) - (bl - j);
    }
}
