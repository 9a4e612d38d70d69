package dev.calicoctl.ipam;

import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.Keys;
import dev.calicoctl.datastore.local.LocalDatastore;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine's time rules on an injected clock, moved across each boundary: another host's empty
 * block is taken over only after the 60-second grace, and a released address is handed out again
 * only once its cooldown is over.
 */
class IpamClockTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Cidr BLOCK = Cidr.parse("10.0.0.0/29");

    @TempDir Path dir;
    RecordingDatastore ds;
    IpamFixture f;
    SettableClock clock = new SettableClock(T0);
    Ipam ipam;

    @BeforeEach void open() {
        ds = new RecordingDatastore(LocalDatastore.open(dir.resolve("ipam.db")), true);
        f = new IpamFixture(ds);
        f.pool("p", BLOCK.toString(), "  blockSize: 29\n"); // one block: no other to fall back on
        ipam = new Ipam(ds, clock);
    }

    @AfterEach void close() { f.close(); }

    List<IpAddress> assign(String node, String handle, int n) {
        return ipam.autoAssign(new AutoAssignRequest(node, handle, Map.of("node", node), n, 0, List.of(), List.of(), null, null, null)).ipv4();
    }

    @Test
    void anotherHostsEmptyBlockIsTakenOverOnlyAfterSixtySeconds() {
        ipam.setConfig(IpamConfig.DEFAULT.withStrictAffinity(true));
        // n1's claim stops (a crash) after the block is created, before its affinity is confirmed
        String affinityKey = Keys.affinity("n1", BLOCK);
        ds.beforeWrite = w -> {
            if (w.equals("update " + affinityKey)) throw new DatastoreException.Unavailable("killed");
        };
        assertThatThrownBy(() -> assign("n1", "h1", 1)).hasMessage("killed");
        ds.beforeWrite = w -> { };
        AllocationBlock claimed = ipam.blocks().get(0);
        assertThat(claimed.affinity()).isEqualTo("host:n1");
        assertThat(claimed.affinityClaimTime).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(claimed.empty()).isTrue();

        clock.set(T0.plusSeconds(BlockClaims.EMPTY_BLOCK_RECLAIM_SECONDS));
        assertThatThrownBy(() -> assign("n2", "h2", 1))
                .hasMessage("Assigned 0 out of 1 requested IPv4 addresses; No more free affine blocks and strict affinity enabled");
        assertThat(ipam.blocks().get(0).affinity()).isEqualTo("host:n1");

        clock.set(T0.plusSeconds(BlockClaims.EMPTY_BLOCK_RECLAIM_SECONDS + 1));
        IpAddress got = assign("n2", "h2", 1).get(0);
        assertThat(BLOCK.contains(got)).isTrue();
        AllocationBlock taken = ipam.blocks().get(0);
        assertThat(taken.affinity()).isEqualTo("host:n2");
        assertThat(taken.affinityClaimTime).isEqualTo("2026-01-01T00:01:01Z");
        assertThat(ipam.affinities()).extracting(Ipam.Affinity::host, Ipam.Affinity::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("n2", AffinityState.CONFIRMED));
        f.assertConsistent();
    }

    @Test
    void aReleasedAddressIsHandedOutAgainOnlyWhenItsCooldownEnds() {
        ipam.setConfig(IpamConfig.DEFAULT.withStrictAffinity(true).withIpCooldownSeconds(600));
        List<IpAddress> all = assign("n1", "h1", 8);
        IpAddress freed = all.get(2);
        clock.advance(Duration.ofSeconds(5));
        assertThat(ipam.releaseIps(List.of(new Ipam.ReleaseOptions(freed, "h1", null)))).isEmpty();
        AllocationBlock b = ipam.blockOf(freed).orElseThrow();
        assertThat(b.attributeOf(b.ordinalOf(freed)).releasedAt()).isEqualTo("2026-01-01T00:00:05Z");

        clock.advance(Duration.ofSeconds(599));
        assertThatThrownBy(() -> assign("n1", "h2", 1))
                .hasMessage("Assigned 0 out of 1 requested IPv4 addresses; No more free affine blocks and strict affinity enabled");
        assertThat(ipam.blockOf(freed).orElseThrow().isCoolingDown(b.ordinalOf(freed))).isTrue();

        clock.advance(Duration.ofSeconds(1));
        assertThat(assign("n1", "h2", 1)).containsExactly(freed);
        f.assertConsistent();
    }

    @Test
    void aReleasedAtAfterTheCheckersNowIsClockSkew() {
        ipam.setConfig(IpamConfig.DEFAULT.withIpCooldownSeconds(60));
        IpAddress a = assign("n1", "h1", 2).get(0);
        clock.advance(Duration.ofSeconds(30));
        ipam.releaseIps(List.of(new Ipam.ReleaseOptions(a, null, null)));
        AllocationBlock b = ipam.blockOf(a).orElseThrow();
        assertThat(b.problem(T0.plusSeconds(29))).isEqualTo("attribute index 1 has releasedAt in the future, suggesting clock skew");
        assertThat(b.problem(T0.plusSeconds(30))).isNull();
    }

    @Test
    void aReleaseWithoutCooldownFreesAtOnceWhateverTheClock() {
        ipam.setConfig(IpamConfig.DEFAULT.withStrictAffinity(true));
        List<IpAddress> all = assign("n1", "h1", 8);
        ipam.releaseIps(List.of(new Ipam.ReleaseOptions(all.get(4), null, null)));
        assertThat(assign("n1", "h2", 1)).containsExactly(all.get(4));
        f.assertConsistent();
    }
}
