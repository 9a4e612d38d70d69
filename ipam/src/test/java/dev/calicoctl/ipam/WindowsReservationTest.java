package dev.calicoctl.ipam;

import dev.calicoctl.datastore.Keys;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Windows hosts keep the first three and the last address of every block they claim (upstream newBlock, reserved handle). */
class WindowsReservationTest {
    @TempDir Path dir;
    IpamFixture f;

    @BeforeEach void open() { f = new IpamFixture(dir); }
    @AfterEach void close() { f.close(); }

    List<IpAddress> assignWindows(String node, String handle, int n) {
        return f.ipam.autoAssign(new AutoAssignRequest(node, handle, Map.of("node", node), n, 0, List.of(), List.of(), null, null, null,
                HostReservation.WINDOWS)).ipv4();
    }

    @Test
    void newBlocksKeepFirstThreeAndLastForTheHost() {
        f.pool("p", "10.0.0.0/24", "  blockSize: 26\n");
        List<IpAddress> got = assignWindows("win-1", "h", 60); // 64 - 3 - 1
        Cidr block = new Cidr(got.get(0), 26).masked();
        assertThat(got.get(0)).isEqualTo(block.network().plus(3));
        assertThat(got.get(59)).isEqualTo(block.network().plus(62));
        AllocationBlock b = f.ipam.blockOf(got.get(0)).orElseThrow();
        assertThat(b.attributeOf(0).handleId()).isEqualTo("windows-reserved-ipam-handle");
        assertThat(b.attributeOf(0).secondary()).isEqualTo(Map.of("note", "windows host rsvd"));
        assertThat(b.attributeOf(63)).isSameAs(b.attributeOf(0));
        assertThat(f.ds.get(Keys.handle("windows-reserved-ipam-handle"))).isEmpty();
        // the 61st address needs a second block
        assertThat(assignWindows("win-1", "h2", 1).get(0)).isNotIn(block.network(), block.network().plus(1));

        IpamCheck c = IpamCheck.run(f.ipam);
        assertThat(c.missingHandles).isEmpty();
        assertThat(c.inUseIps.get(block.network().toString())).containsExactly("Reserved for Windows");
        assertThat(c.leakedIps).doesNotContain(block.network().toString());
    }

    @Test
    void aBlockHoldingOnlyTheHostsReservationIsEmptyAndGoesOnRelease() {
        f.pool("p", "10.0.0.0/24", "  blockSize: 28\n");
        IpAddress a = assignWindows("win-1", "h", 1).get(0);
        Cidr block = new Cidr(a, 28).masked();
        f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(a, null, null)));
        assertThat(f.ds.get(Keys.block(block))).isEmpty();
        assertThat(f.ds.get(Keys.affinity("win-1", block))).isEmpty();
    }

    @Test
    void poolsWithBlocksTooSmallForTheReservationAreNotUsed() {
        f.pool("tiny", "10.0.0.0/24", "  blockSize: 30\n");
        assertThatThrownBy(() -> assignWindows("win-1", "h", 1)).hasMessageContaining("cannot find a qualified ippool");
        assertThat(f.assign("linux-1", "h", 1)).hasSize(1);
        assertThat(HostReservation.WINDOWS.maxPrefixLength(32)).isEqualTo(29);
        assertThat(HostReservation.WINDOWS.maxPrefixLength(128)).isEqualTo(125);
        assertThatThrownBy(() -> new HostReservation(0, 0, "x", "y")).hasMessage("HostReservedAttr has wrong parameters");
    }
}
