package dev.calicoctl.ipam;

import dev.calicoctl.model.Cidr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Calico's randomBlockGenerator order: the test vectors of shared/spec/ipam.md §5.6. */
class BlockOrderTest {
    @ParameterizedTest(name = "{0} in {2}/{3}")
    @CsvSource({
            "node-1,      568266919,  192.168.0.0/16,   26,  338,                 192.168.84.128/26 192.168.84.192/26 192.168.85.0/26",
            "node-1,      568266919,  10.244.0.0/16,    24,  25,                  10.244.25.0/24",
            "node-a,      568266999,  192.168.0.0/16,   26,  698,                 192.168.174.128/26",
            "host-a,      1258779341, 10.0.0.0/24,      26,  0,                   10.0.0.0/26 10.0.0.64/26 10.0.0.128/26 10.0.0.192/26",
            "host-b,      1258779342, 192.168.0.0/16,   26,  782,                 192.168.195.128/26",
            "test-host,   1779102516, 192.168.0.0/16,   26,  1012,                192.168.253.0/26",
            "kind-worker, 801257890,  192.168.0.0/16,   26,  650,                 192.168.162.128/26",
            "node-1,      568266919,  fd00:10:244::/64, 122, 167734761596257748,  fd00:10:244:0:94fa:7820:5b81:7500/122",
            "host-a,      1258779341, fd00:10:244::/64, 122, 284634091543377649,  fd00:10:244:0:fcce:4caf:5a2d:bc40/122",
            "node-2,      568266916,  192.168.0.0/16,   26,  988,                 192.168.247.0/26 192.168.247.64/26",
            "node-3,      568266917,  192.168.0.0/16,   26,  557,                 192.168.139.64/26 192.168.139.128/26",
            "testHost,    2118914743, 10.10.0.0/24,     26,  2,                   10.10.0.128/26 10.10.0.192/26 10.10.0.0/26",
            // the seed article's node and pools: real Calico gave 172.16.0.32 and 192.169.0.32
            "casey-crc-kadm-node-0, 1307700009, 172.16.0.0/26, 29, 4,             172.16.0.32/29",
            "casey-crc-kadm-node-0, 1307700009, 192.169.0.0/24, 29, 4,            192.169.0.32/29",
    })
    void specVectors(String host, long fnv, String pool, int blockSize, String start, String firstBlocks) {
        assertEquals(fnv, BlockOrder.fnv1(host));
        BlockOrder order = new BlockOrder(Cidr.parse(pool), blockSize, host);
        assertEquals(new BigInteger(start), order.start());
        List<String> got = new ArrayList<>();
        String[] want = firstBlocks.split(" ");
        for (int i = 0; i < want.length; i++) got.add(order.next().toString());
        assertEquals(List.of(want), got);
    }

    @Test
    void everyBlockOnceThenNoMore() {
        BlockOrder order = new BlockOrder(Cidr.parse("10.10.0.0/24"), 26, "testHost");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) seen.add(order.next().toString());
        assertEquals(Set.of("10.10.0.0/26", "10.10.0.64/26", "10.10.0.128/26", "10.10.0.192/26"), seen);
        assertNull(order.next());
    }

    @Test
    void singleAddressBlocksAreTimeSeededButStillVisitEachOnce() {
        BlockOrder order = new BlockOrder(Cidr.parse("10.1.2.0/28"), 32, "any");
        Set<String> seen = new HashSet<>();
        for (Cidr c = order.next(); c != null; c = order.next()) seen.add(c.toString());
        assertEquals(16, seen.size());
    }

    @Test
    void hugeIpv6PoolsWrapAndPositionInBigIntegers() {
        // /0 pool of /122 blocks: 2^122 blocks, far beyond a long
        BlockOrder order = new BlockOrder(Cidr.parse("::/0"), 122, "node-1");
        assertEquals(BigInteger.ONE.shiftLeft(122), order.numBlocks());
        Cidr first = order.next();
        assertEquals(BigInteger.ZERO, order.positionOf(first));
        assertEquals(BigInteger.ONE, order.positionOf(order.next()));
        Cidr last = order.block(order.numBlocks().subtract(BigInteger.ONE));
        assertEquals("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffc0/122", last.toString());
        assertEquals(order.numBlocks().subtract(BigInteger.ONE).subtract(order.start()), order.positionOf(last));
    }
}
