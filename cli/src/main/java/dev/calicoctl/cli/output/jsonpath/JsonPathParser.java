package dev.calicoctl.cli.output.jsonpath;

import dev.calicoctl.cli.output.GoUnquote;

import dev.calicoctl.cli.output.jsonpath.JpNode.*;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses kubectl's jsonpath template syntax: text with {…} actions holding fields (.a, ['a']),
 * wildcards, recursive descent (..), array indexes and slices, unions ([0,1]), filters
 * ([?(@.a=="x")]), quoted literals ({"\n"}), numbers, booleans, and the range/end identifiers.
 * A syntax error names the column (1-based) where the offending construct starts.
 */
final class JsonPathParser {
    private static final int EOF = -1;
    private static final Pattern DICT_KEY = Pattern.compile("^'([^']*)'$");
    private static final Pattern SLICE = Pattern.compile("^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$");
    private static final Pattern FILTER = Pattern.compile("^([^!<>=]+)([!<>=~]+)(.+?)$", Pattern.DOTALL);

    /** Thrown with the offset where the construct being parsed began. */
    static final class SyntaxError extends RuntimeException {
        final int pos;
        SyntaxError(String message, int pos) { super(message, null, false, false); this.pos = pos; }
    }

    private final String input;
    /** Where {@code input} begins in the user's template (sub-expressions are parsed on their own). */
    private final int offset;
    private int pos, start;

    private JsonPathParser(String input, int offset) {
        this.input = input;
        this.offset = offset;
    }

    /** The template's top level: text nodes and one ListNode per action. */
    static List<JpNode> parse(String text) {
        JsonPathParser p = new JsonPathParser(text, 0);
        List<JpNode> root = new ArrayList<>();
        p.parseText(root);
        return root;
    }

    /** Parses {@code text} as the inside of one action, as kubectl does for filter sides and union members. */
    private static ListNode parseAction(String text, int at) {
        JsonPathParser p = new JsonPathParser("{" + text + "}", at - 1);
        List<JpNode> root = new ArrayList<>();
        p.parseText(root);
        return (ListNode) root.get(0);
    }

    private SyntaxError error(String msg) { return new SyntaxError(msg, offset + start); }

    private int next() {
        if (pos >= input.length()) { pos = input.length() + 1; return EOF; }
        return input.charAt(pos++);
    }

    private void backup() { pos--; }

    private int peek() { return pos < input.length() ? input.charAt(pos) : EOF; }

    private String consume() {
        String v = input.substring(start, Math.min(pos, input.length()));
        start = pos;
        return v;
    }

    private int here() { return offset + start; }

    private void parseText(List<JpNode> root) {
        while (true) {
            int x = input.indexOf('{', pos);
            if (x < 0) {
                pos = input.length();
                if (pos > start) root.add(new TextNode(here(), consume()));
                return;
            }
            pos = x;
            if (pos > start) root.add(new TextNode(here(), consume()));
            pos++;
            consume();
            ListNode action = new ListNode(here());
            root.add(action);
            parseInsideAction(action);
        }
    }

    private void parseInsideAction(ListNode cur) {
        while (true) {
            if (input.startsWith("}", pos)) {
                pos++;
                consume();
                return;
            }
            if (input.startsWith("[?(", pos)) { parseFilter(cur); continue; }
            if (input.startsWith("..", pos)) { parseRecursive(cur); continue; }
            int r = next();
            if (r == EOF || r == '\r' || r == '\n') throw error("unclosed action");
            if (r == ' ' || r == '@' || r == '$') { consume(); continue; }
            if (r == '[') { parseArray(cur); continue; }
            if (r == '"' || r == '\'') { parseQuote(cur, (char) r); continue; }
            if (r == '.') { parseField(cur); continue; }
            if (r == '+' || r == '-' || Character.isDigit(r)) { backup(); parseNumber(cur); continue; }
            if (isAlphaNumeric(r)) { backup(); parseIdentifier(cur); continue; }
            throw error("unrecognized character in action: " + String.format("U+%04X '%s'", r, new String(Character.toChars(r))));
        }
    }

    private void parseIdentifier(ListNode cur) {
        int at = here();
        while (!isTerminator(peek())) pos++;
        String v = consume();
        if (v.equals("true") || v.equals("false")) cur.nodes().add(new BoolNode(at, v.equals("true")));
        else cur.nodes().add(new IdentifierNode(at, v));
    }

    private void parseRecursive(ListNode cur) {
        List<JpNode> n = cur.nodes();
        if (!n.isEmpty() && n.get(n.size() - 1) instanceof RecursiveNode) throw error("invalid multiple recursive descent");
        int at = here();
        pos += 2;
        consume();
        n.add(new RecursiveNode(at));
        if (isAlphaNumeric(peek())) parseField(cur);
    }

    private void parseNumber(ListNode cur) {
        int at = here();
        if (peek() == '+' || peek() == '-') pos++;
        while (peek() == '.' || (peek() != EOF && Character.isDigit(peek()))) pos++;
        String v = consume();
        try {
            cur.nodes().add(new IntNode(at, Integer.parseInt(v)));
            return;
        } catch (NumberFormatException ignored) {
            // not an int: maybe a float
        }
        try {
            if (v.endsWith(".") || v.startsWith(".")) throw new NumberFormatException();
            cur.nodes().add(new FloatNode(at, Double.parseDouble(v)));
        } catch (NumberFormatException e) {
            throw new SyntaxError("cannot parse number " + v, at);
        }
    }

    private void parseArray(ListNode cur) {
        int at = here();
        while (true) {
            int r = next();
            if (r == EOF || r == '\n') throw error("unterminated array");
            if (r == ']') break;
        }
        String text = consume();
        text = text.substring(1, text.length() - 1);
        if (text.equals("*")) text = ":";
        String[] parts = text.split(",", -1);
        if (parts.length > 1) {
            List<ListNode> union = new ArrayList<>();
            int partAt = at + 1;
            for (String part : parts) {
                union.add(parseAction("[" + part.strip() + "]", partAt));
                partAt += part.length() + 1;
            }
            cur.nodes().add(new UnionNode(at, union));
            return;
        }
        Matcher key = DICT_KEY.matcher(text);
        if (key.matches()) {
            cur.nodes().addAll(parseAction("." + key.group(1), at + 1).nodes());
            return;
        }
        Matcher m = SLICE.matcher(text);
        if (!m.matches()) throw new SyntaxError("invalid array index " + text, at);
        Param[] params = new Param[3];
        for (int i = 0; i < 3; i++) {
            String g = m.group(i + 1);
            if (g != null && !g.isEmpty()) {
                if (i > 0) g = g.substring(1);
                if (i > 0 && g.isEmpty()) {
                    params[i] = new Param(false, 0, false);
                } else {
                    try {
                        params[i] = new Param(true, Integer.parseInt(g), false);
                    } catch (NumberFormatException e) {
                        throw new SyntaxError("array index " + g + " is not a number", at);
                    }
                }
            } else if (i == 1) {
                params[i] = new Param(true, params[0].value() + 1, true);
            } else {
                params[i] = new Param(false, 0, false);
            }
        }
        cur.nodes().add(new ArrayNode(at, params[0], params[1], params[2]));
    }

    private void parseFilter(ListNode cur) {
        int at = here();
        pos += 3;
        consume();
        boolean begin = false, end = false;
        int pair = 0;
        while (true) {
            int r = next();
            if (r == EOF || r == '\n') throw new SyntaxError("unterminated filter", at);
            if (r == '"' || r == '\'') {
                if (!begin) { begin = true; pair = r; continue; }
                if (input.charAt(pos - 2) != '\\' && r == pair) end = true;
            } else if (r == ')' && begin == end) {
                break;
            }
        }
        if (next() != ']') throw new SyntaxError("unclosed array expect ]", at);
        int textAt = here();
        String text = consume();
        text = text.substring(0, text.length() - 2);
        Matcher m = FILTER.matcher(text);
        if (!m.matches()) {
            cur.nodes().add(new FilterNode(at, parseAction(text, textAt), new ListNode(at), "exists"));
        } else {
            ListNode left = parseAction(m.group(1), textAt + m.start(1));
            ListNode right = parseAction(m.group(3), textAt + m.start(3));
            cur.nodes().add(new FilterNode(at, left, right, m.group(2)));
        }
    }

    private void parseQuote(ListNode cur, char quote) {
        int at = here();
        while (true) {
            int r = next();
            if (r == EOF || r == '\n') throw new SyntaxError("unterminated quoted string", at);
            if (r == quote && input.charAt(pos - 2) != '\\') break;
        }
        String value = consume();
        cur.nodes().add(new TextNode(at, unquote(value, at)));
    }

    private void parseField(ListNode cur) {
        int at = here();
        consume();
        while (true) {
            int r = next();
            if (r == '\\') { next(); continue; }
            if (isTerminator(r)) { backup(); break; }
        }
        String v = consume();
        if (v.equals("*")) cur.nodes().add(new WildcardNode(at));
        else cur.nodes().add(new FieldNode(at, v.replace("\\", "")));
    }

    /** strconv.Unquote extended to single-quoted strings of any length (kubectl's UnquoteExtend). */
    private static String unquote(String s, int at) {
        return GoUnquote.unquote(s, true, why -> new SyntaxError("unquote string " + s + " error " + why, at));
    }

    private static boolean isTerminator(int r) {
        if (r == EOF || r == ' ' || r == '\t' || r == '\r' || r == '\n') return true;
        return switch (r) {
            case '.', ',', '[', ']', '$', '@', '{', '}' -> true;
            default -> false;
        };
    }

    private static boolean isAlphaNumeric(int r) {
        return r == '_' || (r != EOF && (Character.isLetter(r) || Character.isDigit(r)));
    }
}
