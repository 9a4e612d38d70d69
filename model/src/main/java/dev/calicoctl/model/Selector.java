package dev.calicoctl.model;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Calico's label selector language, parsed once into a tree and evaluated many times:
 * all(), global(), has(k), k == "v", k != "v", k in {..}, k not in {..}, k contains "s",
 * k starts with "s", k ends with "s", !, &&, || and parentheses.
 */
public abstract class Selector {
    public abstract boolean matches(Map<String, String> labels);

    /** Parses a selector; the empty string selects everything. */
    public static Selector parse(String text) {
        if (text == null || text.isBlank()) return ALL;
        Parser p = new Parser(text);
        Selector s = p.or();
        p.skipSpace();
        if (p.pos != text.length()) throw p.error("unexpected characters");
        return s;
    }

    /** Null when the selector parses, else the reason it does not. */
    public static String problem(String text) {
        try {
            parse(text);
            return null;
        } catch (CalicoException e) {
            return e.getMessage();
        }
    }

    public static final Selector ALL = new Selector() {
        @Override public boolean matches(Map<String, String> labels) { return true; }
    };

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) { this.s = s; }

        CalicoException error(String what) {
            return new CalicoException("invalid selector \"" + s + "\": " + what + " at position " + pos);
        }

        void skipSpace() { while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++; }

        boolean eat(String tok) {
            skipSpace();
            if (s.startsWith(tok, pos)) {
                // keywords must not run into a following label character
                if (Character.isLetter(tok.charAt(tok.length() - 1)) && pos + tok.length() < s.length()
                        && isLabelChar(s.charAt(pos + tok.length()))) return false;
                pos += tok.length();
                return true;
            }
            return false;
        }

        void expect(String tok) { if (!eat(tok)) throw error("expected '" + tok + "'"); }

        Selector or() {
            Selector left = and();
            while (eat("||")) {
                Selector a = left, b = and();
                left = new Selector() {
                    @Override public boolean matches(Map<String, String> l) { return a.matches(l) || b.matches(l); }
                };
            }
            return left;
        }

        Selector and() {
            Selector left = unary();
            while (eat("&&")) {
                Selector a = left, b = unary();
                left = new Selector() {
                    @Override public boolean matches(Map<String, String> l) { return a.matches(l) && b.matches(l); }
                };
            }
            return left;
        }

        Selector unary() {
            skipSpace();
            if (eat("!")) {
                Selector inner = unary();
                return new Selector() {
                    @Override public boolean matches(Map<String, String> l) { return !inner.matches(l); }
                };
            }
            if (eat("(")) {
                Selector inner = or();
                expect(")");
                return inner;
            }
            if (eat("all()") || eat("global()")) return ALL;
            if (lookingAtCall("has")) {
                eat("has");
                expect("(");
                String key = label();
                expect(")");
                return new Selector() {
                    @Override public boolean matches(Map<String, String> l) { return l.containsKey(key); }
                };
            }
            String key = label();
            if (eat("==")) { String v = string(); return pred(key, x -> x != null && x.equals(v)); }
            if (eat("!=")) { String v = string(); return pred(key, x -> x == null || !x.equals(v)); }
            if (eat("not")) { expect("in"); Set<String> set = set(); return pred(key, x -> x == null || !set.contains(x)); }
            if (eat("in")) { Set<String> set = set(); return pred(key, x -> x != null && set.contains(x)); }
            if (eat("contains")) { String v = string(); return pred(key, x -> x != null && x.contains(v)); }
            if (eat("starts")) { expect("with"); String v = string(); return pred(key, x -> x != null && x.startsWith(v)); }
            if (eat("ends")) { expect("with"); String v = string(); return pred(key, x -> x != null && x.endsWith(v)); }
            throw error("expected an operator after label '" + key + "'");
        }

        private boolean lookingAtCall(String name) {
            skipSpace();
            if (!s.startsWith(name, pos)) return false;
            int p = pos + name.length();
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) p++;
            return p < s.length() && s.charAt(p) == '(';
        }

        private Selector pred(String key, java.util.function.Predicate<String> test) {
            return new Selector() {
                @Override public boolean matches(Map<String, String> l) { return test.test(l.get(key)); }
            };
        }

        static boolean isLabelChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '/' || c == '-';
        }

        String label() {
            skipSpace();
            int start = pos;
            while (pos < s.length() && isLabelChar(s.charAt(pos))) pos++;
            if (pos == start) throw error("expected a label name");
            return s.substring(start, pos);
        }

        String string() {
            skipSpace();
            if (pos >= s.length()) throw error("expected a quoted string");
            char q = s.charAt(pos);
            if (q != '"' && q != '\'') throw error("expected a quoted string");
            int end = s.indexOf(q, pos + 1);
            if (end < 0) throw error("unterminated string");
            String v = s.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }

        Set<String> set() {
            expect("{");
            Set<String> out = new HashSet<>();
            skipSpace();
            if (eat("}")) return out;
            do { out.add(string()); } while (eat(","));
            expect("}");
            return out;
        }
    }

}
