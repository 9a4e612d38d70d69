package dev.calicoctl.ipam;

import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpPool;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `ipam show`'s counts: pools by name, their blocks by network, blocks outside every pool last. */
class UtilizationTest {
    private static IpPool pool(String name, String cidr) {
        Resource r = Resource.named(Kinds.byName("IPPool"), null, name);
        r.spec().put("cidr", cidr);
        return new IpPool(r);
    }

    private static AllocationBlock block(String cidr) {
        return AllocationBlock.create(Cidr.parse(cidr), "host:n1", "2026-12-02T00:00:00Z", 1);
    }

    private static List<String> rows(Utilization.PoolUsage pu) {
        List<String> out = new ArrayList<>();
        for (Utilization.Usage u : pu.blocks()) out.add(u.cidr() + " " + u.capacity() + "/" + u.inUse() + "/" + u.reserved() + "/" + u.free());
        return out;
    }

    @Test
    void poolsByNameBlocksByNetworkOverlapsCountedOnceOutsidersLast() {
        List<IpPool> pools = List.of(pool("b", "10.0.1.0/24"), pool("c", "10.0.0.0/16"), pool("a", "10.0.0.0/24"));
        List<AllocationBlock> blocks = List.of(block("10.0.1.64/26"), block("192.168.0.64/26"), block("10.0.0.0/26"),
                block("10.0.1.0/26"), block("192.168.0.0/26"));
        // unsorted and overlapping: 10.0.0.0/28 covers 10.0.0.0/29, so 16 + 1 addresses in pool a
        Reservations reservations = new Reservations(List.of(Cidr.parse("10.0.0.200/32"), Cidr.parse("10.0.0.0/29"), Cidr.parse("10.0.0.0/28")));

        List<Utilization.PoolUsage> u = Utilization.compute(pools, blocks, reservations);

        assertThat(u).hasSize(4);
        assertThat(u.get(0).pool().name()).isEqualTo("a");
        assertThat(u.get(0).usage()).isEqualTo(new Utilization.Usage(Cidr.parse("10.0.0.0/24"), 256, 0, 17, 239));
        assertThat(rows(u.get(0))).containsExactly("10.0.0.0/26 64/0/16/48");
        assertThat(u.get(1).pool().name()).isEqualTo("b");
        assertThat(u.get(1).usage()).isEqualTo(new Utilization.Usage(Cidr.parse("10.0.1.0/24"), 256, 0, 0, 256));
        assertThat(rows(u.get(1))).containsExactly("10.0.1.0/26 64/0/0/64", "10.0.1.64/26 64/0/0/64");
        assertThat(u.get(2).pool().name()).isEqualTo("c");
        assertThat(u.get(2).usage()).isEqualTo(new Utilization.Usage(Cidr.parse("10.0.0.0/16"), 65536, 0, 17, 65519));
        assertThat(rows(u.get(2))).containsExactly("10.0.0.0/26 64/0/16/48", "10.0.1.0/26 64/0/0/64", "10.0.1.64/26 64/0/0/64");
        assertThat(u.get(3).pool()).isNull();
        assertThat(u.get(3).usage()).isNull();
        assertThat(rows(u.get(3))).containsExactly("192.168.0.0/26 64/0/0/64", "192.168.0.64/26 64/0/0/64");
    }

    @Test
    void noBlocksOutsidePoolsNoOutsidersRow() {
        List<Utilization.PoolUsage> u = Utilization.compute(List.of(pool("p", "10.0.0.0/24")), List.of(block("10.0.0.64/26")), new Reservations(List.of()));
        assertThat(u).hasSize(1);
        assertThat(u.get(0).usage().reserved()).isZero();
        assertThat(rows(u.get(0))).containsExactly("10.0.0.64/26 64/0/0/64");
    }
}
