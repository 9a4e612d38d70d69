package dev.calicoctl.cli.output.gotemplate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** strconv.FormatFloat's 'e', 'f' and 'g' formats for float64 (shortest digits when precision is -1). */
final class GoFloat {
    private GoFloat() {}

    /** Decimal digits (no leading/trailing zeros) and the decimal point's position: value = 0.digits × 10^dp. */
    private record Digits(String d, int dp) {}

    static String format(double v, char fmt, int prec) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        boolean neg = v < 0 || (v == 0 && 1 / v < 0);
        double a = Math.abs(v);
        boolean shortest = prec < 0;
        Digits digs;
        if (shortest) {
            digs = a == 0 ? new Digits("", 0) : digits(new BigDecimal(Double.toString(a)));
            prec = switch (fmt) {
                case 'e', 'E' -> digs.d.length() - 1;
                case 'f' -> Math.max(digs.d.length() - digs.dp, 0);
                default -> digs.d.length();
            };
        } else if (a == 0) {
            digs = new Digits("", 0);
        } else {
            BigDecimal exact = new BigDecimal(a);
            switch (fmt) {
                case 'e', 'E' -> digs = digits(exact.round(new MathContext(prec + 1, RoundingMode.HALF_EVEN)));
                case 'f' -> digs = digits(exact.setScale(prec, RoundingMode.HALF_EVEN));
                default -> {
                    if (prec == 0) prec = 1;
                    digs = digits(exact.round(new MathContext(prec, RoundingMode.HALF_EVEN)));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        if (neg) sb.append('-');
        switch (fmt) {
            case 'e', 'E' -> fmtE(sb, digs, prec, fmt);
            case 'f' -> fmtF(sb, digs, prec);
            default -> {
                int eprec = prec;
                if (eprec > digs.d.length() && digs.d.length() >= digs.dp) eprec = digs.d.length();
                if (shortest) eprec = 6;
                int exp = digs.dp - 1;
                if (exp < -4 || exp >= eprec) {
                    if (prec > digs.d.length()) prec = digs.d.length();
                    fmtE(sb, digs, prec - 1, fmt == 'G' ? 'E' : 'e');
                } else {
                    if (prec > digs.dp) prec = digs.d.length();
                    fmtF(sb, digs, Math.max(prec - digs.dp, 0));
                }
            }
        }
        return sb.toString();
    }

    private static Digits digits(BigDecimal b) {
        if (b.signum() == 0) return new Digits("", 0);
        BigDecimal s = b.stripTrailingZeros();
        String u = s.unscaledValue().toString();
        return new Digits(u, u.length() - s.scale());
    }

    private static void fmtE(StringBuilder sb, Digits digs, int prec, char e) {
        sb.append(digs.d.isEmpty() ? '0' : digs.d.charAt(0));
        if (prec > 0) {
            sb.append('.');
            for (int i = 1; i <= prec; i++) sb.append(i < digs.d.length() ? digs.d.charAt(i) : '0');
        }
        int exp = digs.d.isEmpty() ? 0 : digs.dp - 1;
        sb.append(e).append(exp < 0 ? '-' : '+');
        int x = Math.abs(exp);
        if (x < 10) sb.append('0');
        sb.append(x);
    }

    private static void fmtF(StringBuilder sb, Digits digs, int prec) {
        if (digs.dp > 0) {
            for (int i = 0; i < digs.dp; i++) sb.append(i < digs.d.length() ? digs.d.charAt(i) : '0');
        } else {
            sb.append('0');
        }
        if (prec > 0) {
            sb.append('.');
            for (int i = 1; i <= prec; i++) {
                int j = digs.dp + i - 1;
                sb.append(j >= 0 && j < digs.d.length() ? digs.d.charAt(j) : '0');
            }
        }
    }
}
