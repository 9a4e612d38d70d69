package dev.calicoctl.cli.output.gotemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Go's fmt for template values: Sprint, Sprintln, Sprintf (flags, width, precision, verbs, %!x(...) errors), strconv.Quote. */
final class GoFmt {
    private GoFmt() {}

    // --- Sprint / Sprintln ---------------------------------------------------------------------------

    /** fmt.Sprint: a space between operands when neither side is a string. */
    static String sprint(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        boolean prevString = false;
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            boolean isString = a instanceof String;
            if (i > 0 && !isString && !prevString) sb.append(' ');
            sb.append(value(a));
            prevString = isString;
        }
        return sb.toString();
    }

    /** fmt.Sprintln: operands always separated by a space, then a newline. */
    static String sprintln(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) sb.append(' ');
            sb.append(value(args.get(i)));
        }
        return sb.append('\n').toString();
    }

    /** %v of one value. */
    static String value(Object v) {
        Spec s = new Spec();
        s.verb = 'v';
        StringBuilder sb = new StringBuilder();
        arg(sb, v, s, 0);
        return sb.toString();
    }

    // --- Sprintf ---------------------------------------------------------------------------------

    /** One conversion's flags, width and precision. */
    private static final class Spec {
        boolean minus, plus, sharp, space, zero;
        int width = -1, prec = -1;
        char verb;
    }

    static String sprintf(String format, List<Object> args) {
        StringBuilder sb = new StringBuilder();
        int argNum = 0;
        boolean reordered = false;
        int i = 0, end = format.length();
        while (i < end) {
            int lasti = i;
            while (i < end && format.charAt(i) != '%') i++;
            sb.append(format, lasti, i);
            if (i >= end) break;
            i++; // skip %
            Spec s = new Spec();
            flags:
            for (; i < end; i++) {
                switch (format.charAt(i)) {
                    case '#' -> s.sharp = true;
                    case '0' -> s.zero = !s.minus;
                    case '+' -> s.plus = true;
                    case '-' -> { s.minus = true; s.zero = false; }
                    case ' ' -> s.space = true;
                    default -> { break flags; }
                }
            }
            // argument index [n]
            int[] idx = argIndex(format, i, argNum, args.size());
            boolean goodIndex = idx[2] == 1;
            if (idx[3] == 1) reordered = true;
            argNum = idx[0];
            i = idx[1];
            // width
            if (i < end && format.charAt(i) == '*') {
                i++;
                Integer w = intArg(args, argNum);
                if (w == null) { sb.append("%!(BADWIDTH)"); } else {
                    s.width = w;
                    if (w < 0) { s.minus = true; s.zero = false; s.width = -w; }
                }
                argNum++;
            } else {
                int st = i;
                while (i < end && Character.isDigit(format.charAt(i))) i++;
                if (i > st) s.width = Integer.parseInt(format.substring(st, i));
            }
            // precision
            if (i + 1 <= end && i < end && format.charAt(i) == '.') {
                i++;
                idx = argIndex(format, i, argNum, args.size());
                if (idx[3] == 1) reordered = true;
                if (idx[2] == 0) goodIndex = false;
                argNum = idx[0];
                i = idx[1];
                if (i < end && format.charAt(i) == '*') {
                    i++;
                    Integer p = intArg(args, argNum);
                    if (p == null || p < 0) { sb.append("%!(BADPREC)"); s.prec = -1; } else s.prec = p;
                    argNum++;
                } else {
                    int st = i;
                    while (i < end && Character.isDigit(format.charAt(i))) i++;
                    s.prec = i > st ? Integer.parseInt(format.substring(st, i)) : 0;
                }
            }
            idx = argIndex(format, i, argNum, args.size());
            if (idx[3] == 1) reordered = true;
            if (idx[2] == 0) goodIndex = false;
            argNum = idx[0];
            i = idx[1];
            if (i >= end) { sb.append("%!(NOVERB)"); break; }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            s.verb = (char) verb;
            if (verb == '%') { sb.append('%'); continue; }
            if (!goodIndex) { sb.append("%!").appendCodePoint(verb).append("(BADINDEX)"); continue; }
            if (argNum >= args.size()) { sb.append("%!").appendCodePoint(verb).append("(MISSING)"); continue; }
            arg(sb, args.get(argNum), s, 0);
            argNum++;
        }
        if (!reordered && argNum < args.size()) {
            sb.append("%!(EXTRA ");
            for (int k = argNum; k < args.size(); k++) {
                if (k > argNum) sb.append(", ");
                Object a = args.get(k);
                if (a == null) sb.append("<nil>"); else sb.append(GoValues.typeName(a)).append('=').append(value(a));
            }
            sb.append(')');
        }
        return sb.toString();
    }

    /** Parses an optional [n] at i: {new argNum, new i, ok (1/0), found (1/0)}. */
    private static int[] argIndex(String f, int i, int argNum, int numArgs) {
        if (i >= f.length() || f.charAt(i) != '[') return new int[] {argNum, i, 1, 0};
        int close = f.indexOf(']', i);
        if (close < 0) return new int[] {argNum, f.length(), 0, 1};
        try {
            int n = Integer.parseInt(f.substring(i + 1, close));
            if (n < 1 || n > numArgs) return new int[] {argNum, close + 1, 0, 1};
            return new int[] {n - 1, close + 1, 1, 1};
        } catch (NumberFormatException e) {
            return new int[] {argNum, close + 1, 0, 1};
        }
    }

    private static Integer intArg(List<Object> args, int n) {
        if (n >= args.size()) return null;
        Object a = args.get(n);
        if (a instanceof Integer i) return i;
        if (a instanceof Long l && l == (int) (long) l) return (int) (long) l;
        return null;
    }

    // --- one argument ------------------------------------------------------------------------------

    private static void arg(StringBuilder sb, Object a, Spec s, int depth) {
        char verb = s.verb;
        if (verb == 'T') { pad(sb, GoValues.typeName(a), s); return; }
        if (a == null || a == GoValues.NIL_ENTRY) {
            if (verb == 'v') pad(sb, "<nil>", s); else badVerb(sb, a, s);
            return;
        }
        if (a instanceof Boolean b) {
            if (verb == 't' || verb == 'v') pad(sb, b.toString(), s); else badVerb(sb, a, s);
        } else if (a instanceof Integer || a instanceof Long) {
            integer(sb, ((Number) a).longValue(), s, a);
        } else if (a instanceof Double d) {
            floating(sb, d, s);
        } else if (a instanceof String str) {
            string(sb, str, s);
        } else if (a instanceof Map<?, ?> m) {
            if (s.sharp && verb == 'v') { sb.append("map[string]interface {}{"); } else sb.append("map[");
            boolean first = true;
            for (String k : GoValues.sortedKeys(m)) {
                if (!first) sb.append(s.sharp && verb == 'v' ? ", " : " ");
                first = false;
                arg(sb, k, s, depth + 1);
                sb.append(':');
                Object v = m.get(k);
                arg(sb, GoValues.fromData(v), s, depth + 1);
            }
            sb.append(s.sharp && verb == 'v' ? '}' : ']');
        } else if (a instanceof List<?> l) {
            sb.append(s.sharp && verb == 'v' ? "[]interface {}{" : "[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(s.sharp && verb == 'v' ? ", " : " ");
                arg(sb, GoValues.fromData(l.get(i)), s, depth + 1);
            }
            sb.append(s.sharp && verb == 'v' ? '}' : ']');
        } else {
            string(sb, a.toString(), s);
        }
    }

    private static void badVerb(StringBuilder sb, Object a, Spec s) {
        sb.append("%!").append(s.verb).append('(');
        if (a == null || a == GoValues.NIL_ENTRY) sb.append("<nil>");
        else sb.append(GoValues.typeName(a)).append('=').append(value(a));
        sb.append(')');
    }

    private static void pad(StringBuilder sb, String str, Spec s) {
        int n = s.width - str.codePointCount(0, str.length());
        if (n <= 0) { sb.append(str); return; }
        if (s.minus) { sb.append(str).append(" ".repeat(n)); return; }
        sb.append((s.zero ? "0" : " ").repeat(n)).append(str);
    }

    private static void string(StringBuilder sb, String str, Spec s) {
        switch (s.verb) {
            case 'v' -> {
                if (s.sharp) pad(sb, quote(str), s); else pad(sb, truncate(str, s.prec), s);
            }
            case 's' -> pad(sb, truncate(str, s.prec), s);
            case 'q' -> {
                String t = truncate(str, s.prec);
                pad(sb, s.sharp && canBackquote(t) ? "`" + t + "`" : s.plus ? quoteAscii(t) : quote(t), s);
            }
            case 'x', 'X' -> {
                byte[] b = truncate(str, s.prec).getBytes(StandardCharsets.UTF_8);
                StringBuilder h = new StringBuilder();
                for (int i = 0; i < b.length; i++) {
                    if (s.space && i > 0) h.append(' ');
                    if (s.sharp && (s.space || i == 0)) h.append(s.verb == 'x' ? "0x" : "0X");
                    String hex = String.format(s.verb == 'x' ? "%02x" : "%02X", b[i] & 0xff);
                    h.append(hex);
                }
                pad(sb, h.toString(), s);
            }
            default -> badVerb(sb, str, s);
        }
    }

    private static String truncate(String str, int prec) {
        if (prec < 0 || str.codePointCount(0, str.length()) <= prec) return str;
        return str.substring(0, str.offsetByCodePoints(0, prec));
    }

    private static void integer(StringBuilder sb, long v, Spec s, Object original) {
        String digits;
        String prefix = "";
        switch (s.verb) {
            case 'v', 'd' -> digits = Long.toString(Math.abs(v)).replace("-", "");
            case 'b' -> { digits = Long.toBinaryString(Math.abs(v)); if (s.sharp) prefix = "0b"; }
            case 'o' -> { digits = Long.toOctalString(Math.abs(v)); if (s.sharp && !digits.equals("0")) prefix = "0"; }
            case 'O' -> { digits = Long.toOctalString(Math.abs(v)); prefix = "0o"; }
            case 'x' -> { digits = Long.toHexString(Math.abs(v)); if (s.sharp) prefix = "0x"; }
            case 'X' -> { digits = Long.toHexString(Math.abs(v)).toUpperCase(); if (s.sharp) prefix = "0X"; }
            case 'c' -> { pad(sb, new String(Character.toChars(validRune(v))), s); return; }
            case 'q' -> { pad(sb, quoteRune(validRune(v), s.plus), s); return; }
            case 'U' -> {
                String u = String.format("U+%04X", v);
                if (s.sharp && Character.isValidCodePoint((int) v) && isPrint((int) v)) u += " '" + new String(Character.toChars((int) v)) + "'";
                pad(sb, u, s);
                return;
            }
            case 'e', 'E', 'f', 'F', 'g', 'G' -> { badVerb(sb, original, s); return; }
            default -> { badVerb(sb, original, s); return; }
        }
        if (v == Long.MIN_VALUE) digits = minValueDigits(s.verb);
        boolean neg = v < 0;
        if (s.prec >= 0) {
            if (s.prec == 0 && v == 0) digits = "";
            while (digits.length() < s.prec) digits = "0" + digits;
        } else if (s.zero && s.width > 0 && !s.minus) {
            int want = s.width - prefix.length() - ((neg || s.plus || s.space) ? 1 : 0);
            while (digits.length() < want) digits = "0" + digits;
        }
        String sign = neg ? "-" : s.plus ? "+" : s.space ? " " : "";
        Spec noZero = copyNoZero(s);
        pad(sb, sign + prefix + digits, noZero);
    }

    private static String minValueDigits(char verb) {
        java.math.BigInteger m = java.math.BigInteger.valueOf(Long.MIN_VALUE).negate();
        return switch (verb) {
            case 'b' -> m.toString(2);
            case 'o', 'O' -> m.toString(8);
            case 'x' -> m.toString(16);
            case 'X' -> m.toString(16).toUpperCase();
            default -> m.toString();
        };
    }

    private static int validRune(long v) {
        if (v < 0 || v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) return 0xFFFD;
        return (int) v;
    }

    private static Spec copyNoZero(Spec s) {
        Spec c = new Spec();
        c.minus = s.minus;
        c.width = s.width;
        c.verb = s.verb;
        return c;
    }

    private static void floating(StringBuilder sb, double d, Spec s) {
        String body;
        switch (s.verb) {
            case 'v' -> body = GoFloat.format(d, 'g', s.prec);
            case 'g', 'G' -> body = GoFloat.format(d, s.verb, s.prec);
            case 'e', 'E' -> body = GoFloat.format(d, s.verb, s.prec < 0 ? 6 : s.prec);
            case 'f', 'F' -> body = GoFloat.format(d, 'f', s.prec < 0 ? 6 : s.prec);
            default -> { badVerb(sb, d, s); return; }
        }
        if (s.verb == 'G') body = body.toUpperCase();
        boolean neg = body.startsWith("-");
        String mag = neg ? body.substring(1) : body;
        String sign = neg ? "-" : s.plus ? "+" : s.space ? " " : "";
        if (Double.isInfinite(d) || Double.isNaN(d)) {
            mag = mag.replace("+", "");
            if (Double.isNaN(d)) sign = s.plus ? "+" : s.space ? " " : "";
            pad(sb, sign + mag, copyNoZero(s));
            return;
        }
        if (s.zero && !s.minus && s.width > 0) {
            while (sign.length() + mag.length() < s.width) mag = "0" + mag;
        }
        pad(sb, sign + mag, copyNoZero(s));
    }

    // --- quoting -------------------------------------------------------------------------------------

    /** strconv.Quote. */
    static String quote(String s) { return quoteWith(s, '"', false); }

    private static String quoteAscii(String s) { return quoteWith(s, '"', true); }

    private static String quoteRune(int r, boolean ascii) {
        return quoteWith(new String(Character.toChars(r)), '\'', ascii);
    }

    private static String quoteWith(String s, char q, boolean asciiOnly) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append(q);
        for (int i = 0; i < s.length(); ) {
            int r = s.codePointAt(i);
            i += Character.charCount(r);
            if (r == q || r == '\\') { sb.append('\\').appendCodePoint(r); continue; }
            if (asciiOnly ? (r < 0x7f && isPrint(r)) : isPrint(r)) { sb.appendCodePoint(r); continue; }
            switch (r) {
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 11 -> sb.append("\\v");
                default -> {
                    if (r < ' ' || r == 0x7f) sb.append(String.format("\\x%02x", r));
                    else if (r < 0x10000) sb.append(String.format("\\u%04x", r));
                    else sb.append(String.format("\\U%08x", r));
                }
            }
        }
        return sb.append(q).toString();
    }

    private static boolean canBackquote(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '`' || c == '\uFFFD' || (c < ' ' && c != '\t') || c == 0x7f) return false;
        }
        return true;
    }

    /** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean isPrint(int r) {
        if (r == ' ') return true;
        switch (Character.getType(r)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL:
                return true;
            default:
                return false;
        }
    }

    /** %#U: U+0041 'A'. */
    static String unicodeName(int r) {
        if (r < 0) return "EOF";
        String u = String.format("U+%04X", r);
        return isPrint(r) ? u + " '" + new String(Character.toChars(r)) + "'" : u;
    }
}
