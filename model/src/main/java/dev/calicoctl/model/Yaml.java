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
        if (tree instanceof Map<?, ?> m && !m.isEmpty()) writeMap(sb, m, 0);
        else if (tree instanceof List<?> l && !l.isEmpty()) writeList(sb, l, 0);
        else { writeScalarOrEmpty(sb, tree); sb.append('\n'); }
        return sb.toString();
    }

    private static void indent(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) sb.append(' ');
    }

    private static void writeMap(StringBuilder sb, Map<?, ?> m, int ind) {
        List<String> keys = new ArrayList<>();
        for (Object k : m.keySet()) keys.add(String.valueOf(k));
        keys.sort(NATURAL);
        boolean first = true;
        for (String k : keys) {
            if (!first) indent(sb, ind);
            first = false;
            writeString(sb, k);
            sb.append(':');
            writeValue(sb, m.get(k), ind, false);
        }
    }

    private static void writeList(StringBuilder sb, List<?> l, int ind) {
        boolean first = true;
        for (Object o : l) {
            if (!first) indent(sb, ind);
            first = false;
            sb.append('-');
            writeValue(sb, o, ind, true);
        }
    }

    /** Writes what follows "key:" or "-". */
    private static void writeValue(StringBuilder sb, Object v, int ind, boolean inList) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            if (inList) { sb.append(' '); writeMap(sb, m, ind + 2); }
            else { sb.append('\n'); indent(sb, ind + 2); writeMap(sb, m, ind + 2); }
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            if (inList) { sb.append(' '); writeList(sb, l, ind + 2); }
            else { sb.append('\n'); indent(sb, ind); writeList(sb, l, ind); }
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

    /** Would go-yaml v2 read this plain scalar back as something other than a string? */
    static boolean resolvesToOtherType(String s) {
        if (s.length() <= 5 && WORDS.contains(s.toLowerCase(java.util.Locale.ROOT))) return true;
        char c = s.charAt(0);
        if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) return false;
        String t = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        if (t.isEmpty()) return false;
        if (t.equals(".inf") || t.equals(".Inf") || t.equals(".INF") || t.equals(".nan") || t.equals(".NaN") || t.equals(".NAN")) return true;
        if (t.startsWith("0x")) return t.length() > 2 && t.substring(2).chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == '_');
        if (t.startsWith("0b")) return t.length() > 2 && t.substring(2).chars().allMatch(ch -> ch == '0' || ch == '1' || ch == '_');
        // timestamps: yyyy-m-d[...]
        if (t.length() >= 8 && Character.isDigit(t.charAt(0)) && t.length() > 4 && t.charAt(4) == '-' && t.substring(0, 4).chars().allMatch(Character::isDigit)) {
            int dash2 = t.indexOf('-', 5);
            if (dash2 > 5 && dash2 <= 7 && t.substring(5, dash2).chars().allMatch(Character::isDigit)) {
                int k = dash2 + 1, n = 0;
                while (k < t.length() && Character.isDigit(t.charAt(k)) && n < 2) { k++; n++; }
                if (n >= 1 && (k == t.length() || t.charAt(k) == 'T' || t.charAt(k) == 't' || t.charAt(k) == ' ')) return true;
            }
        }
        // integers and floats, with '_' separators, optional fraction and exponent
        int k = 0, digits = 0;
        while (k < t.length() && (Character.isDigit(t.charAt(k)) || t.charAt(k) == '_')) { if (t.charAt(k) != '_') digits++; k++; }
        if (k == t.length()) return digits > 0;
        if (t.charAt(k) == '.') {
            k++;
            while (k < t.length() && (Character.isDigit(t.charAt(k)) || t.charAt(k) == '_')) k++;
        }
        if (k < t.length() && (t.charAt(k) == 'e' || t.charAt(k) == 'E')) {
            k++;
            if (k < t.length() && (t.charAt(k) == '+' || t.charAt(k) == '-')) k++;
            int e = 0;
            while (k < t.length() && Character.isDigit(t.charAt(k))) { k++; e++; }
            if (e == 0) return false;
        }
        return k == t.length() && (digits > 0 || t.startsWith("."));
    }

    static void writeString(StringBuilder sb, String s) {
        if (s.isEmpty() || resolvesToOtherType(s)) {
            Json.quote(sb, s); // go-yaml v2 double-quotes strings that would read back as another type
        } else if (plainSafe(s)) {
            sb.append(s);
        } else if (printable(s)) {
            sb.append('\'').append(s.replace("'", "''")).append('\'');
        } else {
            Json.quote(sb, s);
        }
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) return false;
        }
        return true;
    }

    private static boolean plainSafe(String s) {
        char c0 = s.charAt(0);
        if ("-?:,[]{}#&*!|>'\"%@`".indexOf(c0) >= 0) {
            if (!((c0 == '-' || c0 == '?' || c0 == ':') && s.length() > 1 && s.charAt(1) != ' ')) return false;
        }
        if (Character.isWhitespace(c0) || Character.isWhitespace(s.charAt(s.length() - 1))) return false;
        if (s.endsWith(":")) return false;
        if (s.contains(": ") || s.contains(" #") || s.startsWith("---") || s.startsWith("...")) return false;
        return printable(s);
    }

    /** go-yaml's key order: digit runs compare as numbers, otherwise by character. */
    static final Comparator<String> NATURAL = (a, b) -> {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i), cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i, sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
                while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", ""), nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                if (na.length() != nb.length()) return na.length() - nb.length();
                int c = na.compareTo(nb);
                if (c != 0) return c;
                continue;
            }
            if (ca != cb) return ca - cb;
            i++;
            j++;
        }
        return (a.length() - i) - (b.length() - j);
    };
}
