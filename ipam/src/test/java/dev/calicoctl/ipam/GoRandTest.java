package dev.calicoctl.ipam;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Go's math/rand reproduced bit for bit (values from shared/spec/ipam.md §5.6 and Go's documented outputs). */
class GoRandTest {
    @Test
    void firstInt63ForSeedOneIsGos() {
        assertEquals(5577006791947779410L, new GoRand(1).int63());
    }

    @Test
    void seedZeroAndMultiplesOfTheModulusAreTheSameSubstituteSeed() {
        long a = new GoRand(0).int63();
        assertEquals(a, new GoRand(Integer.MAX_VALUE).int63());
        assertEquals(a, new GoRand(89482311).int63());
        assertTrue(a != new GoRand(1).int63());
    }

    @Test
    void uint32IsTheTopOfInt63() {
        GoRand x = new GoRand(42), y = new GoRand(42);
        for (int i = 0; i < 1000; i++) {
            long u = x.uint32();
            assertEquals(y.int63() >>> 31, u);
            assertTrue(u >= 0 && u <= 0xFFFFFFFFL);
        }
    }

    @Test
    void bigRandStartsMatchTheSpecVectors() {
        assertEquals(BigInteger.valueOf(338), new GoRand(568266919L).bigRand(BigInteger.valueOf(1024)));
        assertEquals(BigInteger.valueOf(25), new GoRand(568266919L).bigRand(BigInteger.valueOf(256)));
        assertEquals(BigInteger.valueOf(698), new GoRand(568266999L).bigRand(BigInteger.valueOf(1024)));
        assertEquals(BigInteger.ZERO, new GoRand(1258779341L).bigRand(BigInteger.valueOf(4)));
        assertEquals(new BigInteger("167734761596257748"), new GoRand(568266919L).bigRand(BigInteger.ONE.shiftLeft(58)));
        assertEquals(new BigInteger("284634091543377649"), new GoRand(1258779341L).bigRand(BigInteger.ONE.shiftLeft(58)));
    }

    @Test
    void bigRandIsUniformlyBoundedForMultiWordLimits() {
        BigInteger n = BigInteger.ONE.shiftLeft(100).add(BigInteger.valueOf(12345));
        Set<BigInteger> seen = new HashSet<>();
        GoRand r = new GoRand(7);
        for (int i = 0; i < 200; i++) {
            BigInteger v = r.bigRand(n);
            assertTrue(v.signum() >= 0 && v.compareTo(n) < 0, v.toString());
            seen.add(v);
        }
        assertTrue(seen.size() > 190, "values repeat too often: " + seen.size());
        assertEquals(BigInteger.ZERO, new GoRand(7).bigRand(BigInteger.ONE));
        assertEquals(BigInteger.ZERO, new GoRand(7).bigRand(BigInteger.ZERO));
    }
}
