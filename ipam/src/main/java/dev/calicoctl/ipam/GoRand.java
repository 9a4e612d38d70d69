package dev.calicoctl.ipam;

import java.math.BigInteger;

/**
 * Go's {@code math/rand} default source, {@code rand.New(rand.NewSource(seed))}: an additive
 * lagged Fibonacci generator (length 607, tap 273) whose state is seeded through the Park-Miller
 * recurrence x <- 48271 x mod (2^31 - 1) and mixed with Go's seeding table. Reproduced exactly so
 * that a host walks a pool's blocks from the start Calico would pick (shared/spec/ipam.md §5.6).
 * Not thread-safe; one instance per walk.
 */
final class GoRand {
    private static final int LEN = 607;
    private static final int TAP = 273;
    private static final long MASK63 = Long.MAX_VALUE;
    private static final int M31 = Integer.MAX_VALUE; // 2^31 - 1
    private static final long ZERO_SEED = 89482311;

    private final long[] vec = new long[LEN];
    private int tap;
    private int feed;

    GoRand(long seed) {
        tap = 0;
        feed = LEN - TAP;
        seed %= M31;
        if (seed < 0) seed += M31;
        if (seed == 0) seed = ZERO_SEED;
        int x = (int) seed;
        for (int i = -20; i < LEN; i++) {
            x = parkMiller(x);
            if (i < 0) continue;
            long u = (long) x << 40;
            x = parkMiller(x);
            u ^= (long) x << 20;
            x = parkMiller(x);
            u ^= x;
            vec[i] = (u ^ GoRandCooked.TABLE[i]) & MASK63;
        }
    }

    /** One step of x <- 48271 x mod (2^31 - 1), by Schrage's method so it stays in 32 bits as Go's does. */
    private static int parkMiller(int x) {
        final int a = 48271, q = 44488, r = 3399; // q = m / a, r = m % a
        int next = a * (x % q) - r * (x / q);
        return next < 0 ? next + M31 : next;
    }

    /** A non-negative 63-bit value (Go's {@code Int63}). */
    long int63() {
        if (--tap < 0) tap += LEN;
        if (--feed < 0) feed += LEN;
        long x = (vec[feed] + vec[tap]) & MASK63;
        vec[feed] = x;
        return x;
    }

    /** Go's {@code Rand.Uint32}: the top 32 of the 63 bits, as an unsigned value. */
    long uint32() {
        return int63() >>> 31;
    }

    /**
     * A uniform value in [0, n) drawn as Go's {@code big.Int.Rand} draws it on a 64-bit machine:
     * whole 64-bit words (low half drawn first), the top word masked to n's bit length, retried
     * until below n. Zero for n <= 0, like Go.
     */
    BigInteger bigRand(BigInteger n) {
        if (n.signum() <= 0) return BigInteger.ZERO;
        int bits = n.bitLength();
        int words = (bits + 63) / 64;
        int topBits = bits % 64 == 0 ? 64 : bits % 64;
        while (true) {
            BigInteger z = BigInteger.ZERO;
            for (int w = 0; w < words; w++) {
                long word = uint32() | (uint32() << 32);
                if (w == words - 1 && topBits < 64) word &= (1L << topBits) - 1;
                z = z.or(unsigned(word).shiftLeft(64 * w));
            }
            if (z.compareTo(n) < 0) return z;
        }
    }

    private static BigInteger unsigned(long word) {
        BigInteger v = BigInteger.valueOf(word & MASK63);
        return word < 0 ? v.setBit(63) : v;
    }
}
