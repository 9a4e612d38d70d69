package dev.calicoctl.cli.output.gotemplate;

import dev.calicoctl.cli.output.GoUnquote;
import dev.calicoctl.cli.output.gotemplate.Node.NumberNode;

import java.math.BigInteger;
import java.util.function.Function;

/** Go literal syntax: strconv.Unquote for "..." `...` and '.', and numeric constants as Go's parser reads them. */
final class GoStrings {
    private GoStrings() {}

    /** Unquotes a Go string literal; a malformed one is reported through {@code error} as "invalid syntax". */
    static String unquote(String q, Function<String, RuntimeException> error) {
        return GoUnquote.unquote(q, false, error);
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
