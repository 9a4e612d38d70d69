package dev.calicoctl.cli.output;

import java.util.function.Function;

/** Go's string literal unquoting, shared by the Go template and jsonpath parsers. */
public final class GoUnquote {
    private GoUnquote() {}

    /**
     * Unquotes a Go literal: strconv.Unquote ("...", `...`, and '.' of one character) or, when
     * {@code extended}, kubectl's UnquoteExtend (jsonpath: '...' of any length, newlines allowed, no
     * raw strings). A malformed one is reported through {@code error} as "invalid syntax".
     */
    public static String unquote(String q, boolean extended, Function<String, RuntimeException> error) {
        if (q.length() < 2) throw error.apply("invalid syntax");
        char quote = q.charAt(0);
        if (q.charAt(q.length() - 1) != quote) throw error.apply("invalid syntax");
        String body = q.substring(1, q.length() - 1);
        if (quote == '`' && !extended) {
            if (body.indexOf('`') >= 0) throw error.apply("invalid syntax");
            return body.replace("\r", "");
        }
        if (quote != '"' && quote != '\'') throw error.apply("invalid syntax");
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == quote || (c == '\n' && !extended)) throw error.apply("invalid syntax");
            if (c != '\\') { sb.append(c); i++; continue; }
            if (i + 1 >= body.length()) throw error.apply("invalid syntax");
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case '\\' -> sb.append('\\');
                case '\'', '"' -> {
                    if (e != quote) throw error.apply("invalid syntax");
                    sb.append(e);
                }
                case 'x', 'u', 'U' -> {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + n > body.length()) throw error.apply("invalid syntax");
                    int v = hex(body.substring(i, i + n), error);
                    i += n;
                    if (e == 'x') sb.append((char) v);
                    else if (!Character.isValidCodePoint(v) || (v >= 0xD800 && v <= 0xDFFF)) throw error.apply("invalid syntax");
                    else sb.appendCodePoint(v);
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > body.length()) throw error.apply("invalid syntax");
                    String oct = body.substring(i - 1, i + 2);
                    for (char d : oct.toCharArray()) if (d < '0' || d > '7') throw error.apply("invalid syntax");
                    int v = Integer.parseInt(oct, 8);
                    if (v > 255) throw error.apply("invalid syntax");
                    sb.append((char) v);
                    i += 2;
                }
                default -> throw error.apply("invalid syntax");
            }
        }
        String s = sb.toString();
        if (quote == '\'' && !extended && s.codePointCount(0, s.length()) != 1) throw error.apply("invalid syntax");
        return s;
    }

    private static int hex(String s, Function<String, RuntimeException> error) {
        try {
            return Integer.parseUnsignedInt(s, 16);
        } catch (NumberFormatException e) {
            throw error.apply("invalid syntax");
        }
    }
}
