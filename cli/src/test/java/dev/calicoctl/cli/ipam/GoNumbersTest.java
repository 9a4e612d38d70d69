package dev.calicoctl.cli.ipam;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** GoNumbers' long/double arithmetic agrees with the exact BigDecimal formatting it replaced. */
class GoNumbersTest {
    /** %.5g the straightforward way: BigDecimal rounding, trailing zeros dropped by a regex. */
    static String g5Reference(long n) {
        if (Math.abs(n) < 100_000) return Long.toString(n);
        BigDecimal d = new BigDecimal(n).round(new MathContext(5, RoundingMode.HALF_EVEN));
        String digits = d.unscaledValue().abs().toString().replaceAll("0+$", "");
        int exp = d.precision() - d.scale() - 1;
        String mant = digits.length() <= 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (n < 0 ? "-" : "") + mant + "e+" + (exp < 10 ? "0" : "") + exp;
    }

    static String pctReference(long n, long capacity) {
        String p = capacity == 0 ? "NaN" : new BigDecimal(100.0 * n / capacity).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
        return g5Reference(n) + " (" + p + "%)";
    }

    @Test
    void edgesAndHalfwayCases() {
        long[] edges = {0, 1, -1, 99_999, 100_000, -100_000, 100_004, 100_005, 100_015, 123_455, 123_465, 999_994, 999_995, 999_999,
                1_000_000, 1_234_450, 1_234_550, 9_999_950, 9_999_949, 99_999_500_000L, 1L << 62, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1, -999_995, 10_000_000_000L, 16_777_216, 1_048_576, 4_294_967_296L};
        for (long n : edges) assertThat(GoNumbers.g5(n)).as("%d", n).isEqualTo(g5Reference(n));
        assertThat(GoNumbers.g5(999_995)).isEqualTo("1e+06");
        assertThat(GoNumbers.g5(Long.MAX_VALUE)).isEqualTo("9.2234e+18");
        assertThat(GoNumbers.g5(10_000_000_000L)).isEqualTo("1e+10");
        assertThat(GoNumbers.pct(1, 8)).isEqualTo("1 (12%)");   // 12.5: half to even
        assertThat(GoNumbers.pct(7, 8)).isEqualTo("7 (88%)");   // 87.5
        assertThat(GoNumbers.pct(0, 0)).isEqualTo("0 (NaN%)");
    }

    @Test
    void randomCountsFormatAsTheExactReference() {
        Random rnd = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            int digits = 1 + rnd.nextInt(19);
            long n = rnd.nextLong() % (long) Math.pow(10, digits);
            if (rnd.nextInt(4) == 0) n = n / 1000 * 1000 + 500 * rnd.nextInt(2); // near halfway points
            assertThat(GoNumbers.g5(n)).as("%d", n).isEqualTo(g5Reference(n));
        }
        for (int i = 0; i < 100_000; i++) {
            long capacity = 1L << rnd.nextInt(63);
            long n = capacity == 1 ? rnd.nextInt(2) : Math.floorMod(rnd.nextLong(), capacity + 1);
            if (rnd.nextInt(4) == 0) n = capacity / 8 * (1 + 2 * rnd.nextInt(4)); // k/8: halfway percentages
            assertThat(GoNumbers.pct(n, capacity)).as("%d of %d", n, capacity).isEqualTo(pctReference(n, capacity));
        }
    }
}
