package dev.calicoctl.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The YAML writer as it was before it was tuned for interpreted start-up: written for clarity
 * (substrings, streams, a regex per digit run, keys always copied and sorted). Kept here as the
 * reference the tuned {@link Yaml} writer must agree with, byte for byte.
 */
final class YamlWriterReference {
    private YamlWriterReference() {}

    static String write(Object tree) {
        StringBuilder sb = new StringBuilder();
        if (tree instanceof Map<?, ?> m && !m.isEmpty()) writeMap(sb, m, 0);
        else if (tree instanceof List<?> l && !l.isEmpty()) writeList(sb, l, 0);
        else { writeScalarOrEmpty(sb, tree); sb.append('\n'); }
        return sb.toString();
    }

    private static void indent(StringBuilder sb, int n) {
        sb.append(" ".repeat(n));
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

    static boolean resolvesToOtherType(String s) {
        if (s.length() <= 5 && WORDS.contains(s.toLowerCase(java.util.Locale.ROOT))) return true;
        char c = s.charAt(0);
        if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) return false;
        String t = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        if (t.isEmpty()) return false;
        if (t.equals(".inf") || t.equals(".Inf") || t.equals(".INF") || t.equals(".nan") || t.equals(".NaN") || t.equals(".NAN")) return true;
        if (t.startsWith("0x")) return t.length() > 2 && t.substring(2).chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == '_');
        if (t.startsWith("0b")) return t.length() > 2 && t.substring(2).chars().allMatch(ch -> ch == '0' || ch == '1' || ch == '_');
        if (t.length() >= 8 && Character.isDigit(t.charAt(0)) && t.length() > 4 && t.charAt(4) == '-' && t.substring(0, 4).chars().allMatch(Character::isDigit)) {
            int dash2 = t.indexOf('-', 5);
            if (dash2 > 5 && dash2 <= 7 && t.substring(5, dash2).chars().allMatch(Character::isDigit)) {
                int k = dash2 + 1, n = 0;
                while (k < t.length() && Character.isDigit(t.charAt(k)) && n < 2) { k++; n++; }
                if (n >= 1 && (k == t.length() || t.charAt(k) == 'T' || t.charAt(k) == 't' || t.charAt(k) == ' ')) return true;
            }
        }
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

    /** Yaml.PLAIN, SINGLE_QUOTED or DOUBLE_QUOTED, decided as the writer used to. */
    static int style(String s) {
        if (s.isEmpty() || resolvesToOtherType(s)) return Yaml.DOUBLE_QUOTED;
        if (plainSafe(s)) return Yaml.PLAIN;
        return printable(s) ? Yaml.SINGLE_QUOTED : Yaml.DOUBLE_QUOTED;
    }

    static void writeString(StringBuilder sb, String s) {
        switch (style(s)) {
            case Yaml.PLAIN -> sb.append(s);
            case Yaml.SINGLE_QUOTED -> sb.append('\'').append(s.replace("'", "''")).append('\'');
            default -> Json.quote(sb, s);
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
