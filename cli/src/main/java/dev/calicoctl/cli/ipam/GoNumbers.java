package dev.calicoctl.cli.ipam;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Counts as calicoctl's ipam tables format them with Go's fmt. Plain long and double arithmetic
 * (no BigDecimal, no regex): `ipam show` formats several numbers per row while still interpreted.
 */
final class GoNumbers {
    private GoNumbers() {}

    /** Go's %.5g: five significant digits, rounded half to even on the exact value. */
    static String g5(long n) {
        if (Math.abs(n) < 100_000) return Long.toString(n); // Long.MIN_VALUE too: its abs stays negative
        long a = Math.abs(n);
        int exp = 0;
        long unit = 1; // 10^(digits - 5): what the fifth significant digit counts
        while (a / unit >= 100_000) { unit *= 10; exp++; }
        long kept = a / unit, rest = a % unit, half = unit / 2; // unit >= 10, so half is exact
        if (rest > half || (rest == half && (kept & 1) == 1)) kept++;
        exp += 4;
        if (kept == 100_000) { kept = 10_000; exp++; }
        while (kept % 10 == 0) kept /= 10; // %g drops trailing zeros
        String digits = Long.toString(kept);
        StringBuilder sb = new StringBuilder(12);
        if (n < 0) sb.append('-');
        sb.append(digits.charAt(0));
        if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
        sb.append("e+");
        if (exp < 10) sb.append('0');
        return sb.append(exp).toString();
    }

    /** "n (p%)": Go's %.f rounds the exact binary value half to even (62.5 -> 62), as Math.rint does. */
    static String pct(long n, long capacity) {
        // a StringBuilder: string concatenation links method handles, slow while interpreted
        return new StringBuilder(24).append(g5(n)).append(" (")
                .append(capacity == 0 ? "NaN" : percent(100.0 * n / capacity)).append("%)").toString();
    }

    private static String percent(double p) {
        if (Math.abs(p) < 1e15) return Long.toString((long) Math.rint(p)); // exact: rint rounds the double itself
        return new BigDecimal(p).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
    }
}
