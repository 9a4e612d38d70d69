package dev.calicoctl.cli.ipam;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Counts as calicoctl's ipam tables format them with Go's fmt. */
final class GoNumbers {
    private GoNumbers() {}

    /** Go's %.5g: five significant digits, rounded half to even on the exact value. */
    static String g5(long n) {
        if (Math.abs(n) < 100_000) return Long.toString(n);
        BigDecimal d = new BigDecimal(n).round(new MathContext(5, RoundingMode.HALF_EVEN));
        String digits = d.unscaledValue().abs().toString().replaceAll("0+$", "");
        int exp = d.precision() - d.scale() - 1;
        String mant = digits.length() <= 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (n < 0 ? "-" : "") + mant + "e+" + (exp < 10 ? "0" : "") + exp;
    }

    /** "n (p%)": Go's %.f rounds the exact binary value half to even (62.5 -> 62). */
    static String pct(long n, long capacity) {
        String p = capacity == 0 ? "NaN" : new BigDecimal(100.0 * n / capacity).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
        return g5(n) + " (" + p + "%)";
    }
}
