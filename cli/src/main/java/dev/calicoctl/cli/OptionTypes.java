package dev.calicoctl.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The one set of converters for typed options (numbers, booleans, enums), in picocli's converter
 * interface: {@link Def} hands each given value to its converter after the pre-run checks (where
 * calicoctl reads such values), so a command gets the value, never the text. A refused value is a
 * one-line error in the converter's words, each keeping the wording calicoctl (or this tool's
 * tests) fixed for that flag.
 */
public final class OptionTypes {
    private OptionTypes() {}

    private static TypeConversionException refuse(String message) { return new TypeConversionException(message); }

    /** Go's strconv.ParseBool; anything else is {@code message}. */
    public static ITypeConverter<Boolean> goBool(String message) {
        return v -> switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw refuse(message);
        };
    }

    /** A decimal int as Go's strconv.Atoi reads it (no blanks); anything else is {@code message} applied to the text. */
    public static ITypeConverter<Integer> integer(UnaryOperator<String> message) {
        return v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw refuse(message.apply(v));
            }
        };
    }

    /** As {@link #integer}, blanks around the number allowed. */
    public static ITypeConverter<Integer> integerTrimmed(UnaryOperator<String> message) {
        return v -> {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw refuse(message.apply(v));
            }
        };
    }

    /** As {@link #integer} and at least zero. */
    public static ITypeConverter<Integer> nonNegative(UnaryOperator<String> message) {
        ITypeConverter<Integer> i = integer(message);
        return v -> {
            int n = i.convert(v);
            if (n < 0) throw refuse(message.apply(v));
            return n;
        };
    }

    /**
     * pflag's Int: strconv.ParseInt with base 0 (0x, 0o, 0b and a leading 0 for octal, '_' only
     * between digits or after a base prefix), with pflag's message naming {@code flag}. A number
     * beyond 32 bits gets strconv's "value out of range" (pflag's 64-bit Int would take it; the
     * IPAM config field it sets holds 32 bits).
     */
    public static ITypeConverter<Integer> pflagInt(String flag) {
        return v -> {
            String t = v.startsWith("-") || v.startsWith("+") ? v.substring(1) : v;
            int radix = 10;
            boolean prefixed = false;
            if (t.startsWith("0x") || t.startsWith("0X")) { radix = 16; t = t.substring(2); prefixed = true; }
            else if (t.startsWith("0o") || t.startsWith("0O")) { radix = 8; t = t.substring(2); prefixed = true; }
            else if (t.startsWith("0b") || t.startsWith("0B")) { radix = 2; t = t.substring(2); prefixed = true; }
            else if (t.length() > 1 && t.startsWith("0")) { radix = 8; t = t.substring(1); prefixed = true; }
            String why = "invalid syntax";
            if (!t.isEmpty() && !t.startsWith("+") && !t.startsWith("-") && underscoresBetweenDigits(t, prefixed)) {
                try {
                    java.math.BigInteger n = new java.math.BigInteger(t.replace("_", ""), radix);
                    if (v.startsWith("-")) n = n.negate();
                    if (n.bitLength() < 32) return n.intValue();
                    why = "value out of range";
                } catch (NumberFormatException e) {
                    // not digits of the base: invalid syntax
                }
            }
            throw refuse("invalid argument \"" + v + "\" for \"" + flag + "\" flag: strconv.ParseInt: parsing \"" + v + "\": " + why);
        };
    }

    /** Go's rule for '_' in a base-0 literal: each one between two digits, or after the base prefix and before a digit. */
    private static boolean underscoresBetweenDigits(String digits, boolean afterPrefix) {
        boolean lastWasDigit = afterPrefix;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c == '_') {
                if (!lastWasDigit) return false;
                lastWasDigit = false;
            } else {
                lastWasDigit = true;
            }
        }
        return lastWasDigit;
    }

    /** One of {@code words}, spelled exactly; anything else is {@code message} applied to the text. */
    public static ITypeConverter<String> oneOf(List<String> words, UnaryOperator<String> message) {
        return v -> {
            if (!words.contains(v)) throw refuse(message.apply(v));
            return v;
        };
    }

    /** An enum constant named by its lower-case spelling; anything else is {@code message} applied to the text. */
    public static <E extends Enum<E>> ITypeConverter<E> lowerCase(Class<E> type, UnaryOperator<String> message) {
        return v -> {
            for (E e : type.getEnumConstants()) if (e.name().toLowerCase(Locale.ROOT).equals(v)) return e;
            throw refuse(message.apply(v));
        };
    }
}
