package dev.calicoctl.ipam;

import dev.calicoctl.datastore.Keys;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** IP cooldown after release (IPAMConfig ipCooldownSeconds, attribute releasedAt), as libcalico-go does it. */
class CooldownTest {
    @TempDir Path dir;
    IpamFixture f;

    @BeforeEach void open() { f = new IpamFixture(dir); f.pool("p", "10.0.0.0/24", "  blockSize: 29\n"); }
    @AfterEach void close() { f.close(); }

    static IpAddress ip(String s) { return IpAddress.parse(s); }

    @Test
    void blockLevelReleaseWaitsForTheCooldownThenFreesInOrdinalOrder() {
        AllocationBlock b = AllocationBlock.create(Cidr.parse("10.1.0.0/29"), "host:n", "2026-01-01T00:00:00Z", 100);
        b.autoAssign(4, "h", java.util.Map.of(), new Reservations(List.of()));
        Instant t = Instant.parse("2026-06-01T12:00:00Z");
        b.release(List.of(2, 0), 60, t);
        assertThat(b.isCoolingDown(0)).isTrue();
        assertThat(b.isCoolingDown(2)).isTrue();
        assertThat(b.attributeOf(0).releasedAt()).isEqualTo("2026-06-01T12:00:00Z");
        assertThat(b.sequenceNumberOf(0)).isEqualTo(100);
        assertThat(b.unallocated).containsExactly(4, 5, 6, 7);
        assertThat(b.empty()).isFalse();
        assertThat(b.problem()).isNull();

        assertThat(b.garbageCollect(60, t.plusSeconds(59))).isFalse();
        assertThat(b.garbageCollect(60, t.plusSeconds(60))).isTrue();
        assertThat(b.unallocated).containsExactly(4, 5, 6, 7, 0, 2);
        assertThat(b.attributes()).hasSize(1);
        assertThat(b.sequenceNumberForAllocation).doesNotContainKeys("0", "2");
        assertThat(b.problem()).isNull();
    }

    @Test
    void zeroCooldownFreesAtOnceAndNegativeFreesEverything() {
        AllocationBlock b = AllocationBlock.create(Cidr.parse("10.1.0.0/29"), "host:n", null, 1);
        b.autoAssign(3, "h", java.util.Map.of(), new Reservations(List.of()));
        b.release(List.of(1), 0, Instant.now());
        assertThat(b.isAllocated(1)).isFalse();
        assertThat(b.toJson()).doesNotContain("releasedAt");
        b.release(List.of(0), 1200, Instant.now());
        assertThat(b.isCoolingDown(0)).isTrue();
        assertThat(b.garbageCollect(-1, Instant.now())).isTrue();
        assertThat(b.isAllocated(0)).isFalse();
    }

    @Test
    void releasedAtInTheFutureIsAnInvalidBlock() {
        AllocationBlock b = AllocationBlock.create(Cidr.parse("10.1.0.0/29"), "host:n", null, 1);
        b.autoAssign(2, "h", java.util.Map.of(), new Reservations(List.of()));
        b.release(List.of(1), 60, Instant.now().plusSeconds(3600));
        assertThat(b.problem()).isEqualTo("attribute index 1 has releasedAt in the future, suggesting clock skew");
    }

    @Test
    void engineKeepsReleasedAddressesOutOfUseAndCheckShowsThemCoolingDown() {
        f.ipam.setConfig(IpamConfig.DEFAULT.withIpCooldownSeconds(600));
        List<IpAddress> got = f.assign("n1", "h1", 3);
        IpAddress middle = got.get(1);
        assertThat(f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(middle, null, null)))).isEmpty();
        String stored = f.ds.get(Keys.block(new Cidr(middle, 29).masked())).orElseThrow().value();
        assertThat(stored).contains("{\"releasedAt\":\"");
        // releasing it again: it is no longer allocated
        assertThat(f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(middle, null, null)))).containsExactly(middle);
        // the next assignments never hand it out
        for (int i = 0; i < 5; i++) assertThat(f.assign("n1", "more-" + i, 1)).doesNotContain(middle);

        IpamCheck c = IpamCheck.run(f.ipam);
        assertThat(c.allocations.get(middle.toString())).singleElement().satisfies(a -> {
            assertThat(a.coolingDown).isTrue();
            assertThat(a.handle).isNull();
        });
        assertThat(c.leakedIps).doesNotContain(middle.toString());
        assertThat(c.invalidBlocks).isEmpty();
    }

    @Test
    void aBlockWhoseAddressesAreCoolingDownIsKept() {
        f.ipam.setConfig(IpamConfig.DEFAULT.withIpCooldownSeconds(60));
        IpAddress a = f.assign("n1", "h1", 1).get(0);
        Cidr block = new Cidr(a, 29).masked();
        f.ipam.releaseByHandle("h1");
        assertThat(f.ds.get(Keys.block(block))).isPresent();
        assertThat(f.ds.get(Keys.handle("h1"))).isEmpty();
        f.assertConsistent();
    }

    @Test
    void expiredCooldownsAreCollectedWhenTheBlockIsNextWritten() {
        f.ipam.setConfig(IpamConfig.DEFAULT.withIpCooldownSeconds(1));
        List<IpAddress> got = f.assign("n1", "h1", 8); // the whole first block
        Cidr block = new Cidr(got.get(0), 29).masked();
        f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(got.get(3), null, null)));
        // age the release on disk instead of sleeping: rewrite releasedAt an hour back
        var kv = f.ds.get(Keys.block(block)).orElseThrow();
        String old = kv.value().replaceAll("\"releasedAt\":\"[^\"]+\"", "\"releasedAt\":\"2020-01-01T00:00:00Z\"");
        f.ds.update(Keys.block(block), old, kv.revision());
        assertThat(f.assign("n1", "h2", 1)).containsExactly(got.get(3));
        assertThat(f.ds.get(Keys.block(block)).orElseThrow().value()).doesNotContain("releasedAt");
    }

    @Test
    void configRoundTripsEveryFieldAndSkipsUnchangedWrites() {
        assertThat(f.ipam.config()).isEqualTo(IpamConfig.DEFAULT);
        f.ipam.setConfig(IpamConfig.DEFAULT);
        assertThat(f.ds.get(Keys.IPAM_CONFIG)).isEmpty();
        IpamConfig c = new IpamConfig(true, true, 3, "Disabled", 90);
        f.ipam.setConfig(c);
        assertThat(f.ds.get(Keys.IPAM_CONFIG).orElseThrow().value())
                .isEqualTo("{\"strict_affinity\":true,\"auto_allocate_blocks\":true,\"maxBlocksPerHost\":3,\"kubeVirtVMAddressPersistence\":\"Disabled\",\"ipCooldownSeconds\":90}");
        assertThat(f.ipam.config()).isEqualTo(c);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.ipam.setConfig(c.withIpCooldownSeconds(1201)))
                .hasMessage("ipCooldownSeconds must be between 0 and 1200");
    }
}
