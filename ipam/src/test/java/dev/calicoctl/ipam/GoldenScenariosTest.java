package dev.calicoctl.ipam;

import dev.calicoctl.datastore.Keys;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deterministic end-to-end scenarios of shared/spec/ipam.md §7.5: the blocks real Calico claims. */
class GoldenScenariosTest {
    @TempDir Path dir;
    IpamFixture f;

    @BeforeEach void open() { f = new IpamFixture(dir); }
    @AfterEach void close() { f.close(); }

    static IpAddress ip(String s) { return IpAddress.parse(s); }

    @Test
    void g1FirstPodAndG2FifoReuse() {
        f.pool("default-ipv4-ippool", "192.168.0.0/16", "  blockSize: 26\n");
        assertThat(f.assign("node-1", "h1", 1)).containsExactly(ip("192.168.84.128"));
        assertThat(f.ds.get("/calico/ipam/v2/host/node-1/ipv4/block/192.168.84.128-26").orElseThrow().value())
                .isEqualTo("{\"state\":\"confirmed\",\"deleted\":false}");
        assertThat(f.ds.get("/calico/ipam/v2/handle/h1").orElseThrow().value())
                .isEqualTo("{\"block\":{\"192.168.84.128/26\":1},\"deleted\":false}");
        assertThat(f.ds.get(Keys.IPAM_CONFIG)).isEmpty();

        assertThat(f.assign("node-1", "h2", 1)).containsExactly(ip("192.168.84.129"));
        f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(ip("192.168.84.128"), null, null)));
        assertThat(f.ds.get("/calico/ipam/v2/handle/h1")).isEmpty();
        assertThat(f.assign("node-1", "h3", 1)).containsExactly(ip("192.168.84.130"));
        f.assertConsistent();
    }

    @Test
    void g3StrictAffinityWalksHostAFromIndexZero() {
        f.pool("p", "10.0.0.0/24", "  blockSize: 26\n");
        f.ipam.setConfig(new IpamConfig(true, true, 0));
        List<String> claimed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<IpAddress> got = f.assign("host-a", "a" + i, 64);
            claimed.add(new Cidr(got.get(0), 26).masked().toString());
        }
        assertThat(claimed).containsExactly("10.0.0.0/26", "10.0.0.64/26", "10.0.0.128/26", "10.0.0.192/26");
        assertThatThrownBy(() -> f.assign("host-a", "a-more", 1))
                .hasMessageContaining("No more free affine blocks and strict affinity enabled");
    }

    @Test
    void g4OtherHostsStartElsewhere() {
        f.pool("p", "10.0.0.0/24", "  blockSize: 26\n");
        List<String> claimed = new ArrayList<>();
        for (int i = 0; i < 4; i++) claimed.add(new Cidr(f.assign("host-b", "b" + i, 64).get(0), 26).masked().toString());
        assertThat(claimed).containsExactly("10.0.0.128/26", "10.0.0.192/26", "10.0.0.0/26", "10.0.0.64/26");

        try (IpamFixture g = new IpamFixture(dir.resolve("second"))) {
            g.pool("p", "10.0.0.0/24", "  blockSize: 26\n");
            assertThat(g.assign("node-1", "n1", 1)).containsExactly(ip("10.0.0.128"));
            assertThat(g.assign("node-2", "n2", 1)).containsExactly(ip("10.0.0.0"));
        }
    }

    @Test
    void g5BorrowingWalksTheBorrowersOrder() {
        f.pool("p", "10.0.0.0/24", "  blockSize: 26\n");
        for (String a : List.of("10.0.0.0", "10.0.0.64", "10.0.0.128", "10.0.0.192")) {
            f.ipam.assignIp(ip(a), "a-" + a, Map.of("node", "host-a"), "host-a");
        }
        assertThat(f.assign("host-b", "hb", 1)).containsExactly(ip("10.0.0.129"));
        AllocationBlock b = f.ipam.blockOf(ip("10.0.0.129")).orElseThrow();
        assertThat(b.affinity()).isEqualTo("host:host-a");
        assertThat(b.attributeOf(1).secondary()).containsEntry("node", "host-b");
        f.assertConsistent();
    }

    @Test
    void g9Ipv6() {
        f.pool("v6", "fd00:10:244::/64", "  blockSize: 122\n");
        var r = f.ipam.autoAssign(new AutoAssignRequest("node-1", "h6", Map.of("node", "node-1"), 0, 1, null, null, null, null, null));
        assertThat(r.ipv6()).containsExactly(ip("fd00:10:244:0:94fa:7820:5b81:7500"));
        assertThat(f.ds.get("/calico/ipam/v2/assignment/ipv6/block/fd00:10:244:0:94fa:7820:5b81:7500-122")).isPresent();
        f.assertConsistent();
    }

    @Test
    void seedArticleAddresses() {
        f.pool("external-pool", "172.16.0.0/26", "  blockSize: 29\n  ipipMode: Always\n  natOutgoing: true\n");
        f.pool("internal-pool", "192.169.0.0/24", "  blockSize: 29\n  ipipMode: Always\n  natOutgoing: true\n");
        List<IpAddress> ext = new ArrayList<>(), in = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ext.addAll(f.assignFrom("casey-crc-kadm-node-0", "ext-" + i, 1, "external-pool"));
            in.addAll(f.assignFrom("casey-crc-kadm-node-0", "int-" + i, 1, "internal-pool"));
        }
        assertThat(ext).containsExactly(ip("172.16.0.32"), ip("172.16.0.33"), ip("172.16.0.34"));
        assertThat(in).containsExactly(ip("192.169.0.32"), ip("192.169.0.33"), ip("192.169.0.34"));
        assertThat(Json.parseObject(f.ds.get("/calico/ipam/v2/host/casey-crc-kadm-node-0/ipv4/block/172.16.0.32-29").orElseThrow().value()))
                .containsEntry("state", "confirmed");
    }
}
