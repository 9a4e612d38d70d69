package dev.calicoctl.cli.output.gotemplate;

import dev.calicoctl.cli.output.gotemplate.Node.NumberNode;

import java.math.BigInteger;
import java.util.function.Function;

/** Go literal syntax: strconv.Unquote for "..." `...` and '.', and numeric constants as Go's parser reads them. */
final class GoStrings {
    private GoStrings() {}

    /** Unquotes a Go string literal; a malformed one is reported through {@code error} as "invalid syntax". */
    static String unquote(String q, Function<String, RuntimeException> error) {
        if (q.length() < 2) throw error.apply("invalid syntax");
        char quote = q.charAt(0);
        if (q.charAt(q.length() - 1) != quote) throw error.apply("invalid syntax");
        String body = q.substring(1, q.length() - 1);
        if (quote == '`') {
            if (body.indexOf('`') >= 0) throw error.apply("invalid syntax");
            return body.replace("\r", "");
        }
        if (quote != '"' && quote != '\'') throw error.apply("invalid syntax");
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == quote || c == '\n') throw error.apply("invalid syntax");
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
        if (quote == '\'' && s.codePointCount(0, s.length()) != 1) throw error.apply("invalid syntax");
        return s;
    }

    private static int hex(String s, Function<String, RuntimeException> error) {
        try {
            return Integer.parseUnsignedInt(s, 16);
        } catch (NumberFormatException e) {
            throw error.apply("invalid syntax");
        }
    }

    /** A number or character constant: the kinds it fits, as Go's parse.NumberNode records them. */
    static NumberNode number(int pos, String text, boolean isChar, Function<String, RuntimeException> error) {
        if (isChar) {
            String s;
            try {
                s = unquote(text, error);
            } catch (RuntimeException e) {
                throw error.apply("malformed character constant: " + text);
            }
            int r = s.codePointAt(0);
            return new NumberNode(pos, text, true, r, true, r, true);
        }
        if (text.endsWith("i")) throw error.apply("complex constants are not supported: " + text);
        String t = text.replace("_", "");
        boolean neg = t.startsWith("-");
        String mag = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        BigInteger big = null;
        try {
            if (mag.startsWith("0x") || mag.startsWith("0X")) { if (!mag.contains(".") && !mag.contains("p") && !mag.contains("P")) big = new BigInteger(mag.substring(2), 16); }
            else if (mag.startsWith("0b") || mag.startsWith("0B")) big = new BigInteger(mag.substring(2), 2);
            else if (mag.startsWith("0o") || mag.startsWith("0O")) big = new BigInteger(mag.substring(2), 8);
            else if (mag.length() > 1 && mag.startsWith("0") && mag.chars().allMatch(Character::isDigit)) big = new BigInteger(mag.substring(1), 8);
            else if (!mag.isEmpty() && mag.chars().allMatch(Character::isDigit)) big = new BigInteger(mag);
        } catch (NumberFormatException e) {
            throw error.apply("illegal number syntax: " + GoFmt.quote(text));
        }
        if (big != null) {
            if (neg) big = big.negate();
            if (big.bitLength() < 64) return new NumberNode(pos, text, true, big.longValue(), true, big.doubleValue(), false);
            return new NumberNode(pos, text, false, 0, true, big.doubleValue(), false);
        }
        double d;
        try {
            if (mag.startsWith("0x") || mag.startsWith("0X")) {
                d = Double.parseDouble((neg ? "-" : "") + mag + (mag.contains("p") || mag.contains("P") ? "" : "p0"));
            } else {
                if (mag.isEmpty() || mag.equals(".") || !Character.isDigit(mag.charAt(mag.length() - 1)) && mag.charAt(mag.length() - 1) != '.') {
                    throw new NumberFormatException();
                }
                d = Double.parseDouble(t);
            }
        } catch (NumberFormatException e) {
            throw error.apply("illegal number syntax: " + GoFmt.quote(text));
        }
        boolean isInt = d == Math.rint(d) && Math.abs(d) < 9.2e18;
        return new NumberNode(pos, text, isInt, (long) d, true, d, false);
    }
}
