package dev.calicoctl.ipam;

import dev.calicoctl.datastore.Keys;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpamTest {
    @TempDir Path dir;
    IpamFixture f;

    @BeforeEach void open() { f = new IpamFixture(dir); }
    @AfterEach void close() { f.close(); }

    static Cidr cidr(String s) { return Cidr.parse(s); }

    @Test
    void seedScenarioEachNamespaceInOneBlockOfItsPool() {
        f.pool("external-pool", "172.16.0.0/26", "  blockSize: 29\n  ipipMode: Always\n  natOutgoing: true\n");
        f.pool("internal-pool", "192.169.0.0/24", "  blockSize: 29\n  ipipMode: Always\n  natOutgoing: true\n");
        Set<Cidr> extBlocks = new HashSet<>(), intBlocks = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            IpAddress e = f.assignFrom("casey-crc-kadm-node-0", "ext-" + i, 1, "external-pool").get(0);
            IpAddress n = f.assignFrom("casey-crc-kadm-node-0", "int-" + i, 1, "192.169.0.0/24").get(0);
            assertThat(cidr("172.16.0.0/26").contains(e)).isTrue();
            assertThat(cidr("192.169.0.0/24").contains(n)).isTrue();
            extBlocks.add(new Cidr(e, 29).masked());
            intBlocks.add(new Cidr(n, 29).masked());
        }
        assertThat(extBlocks).hasSize(1);
        assertThat(intBlocks).hasSize(1);
        assertThat(f.ds.list(Keys.affinityPrefix("casey-crc-kadm-node-0", 4))).hasSize(2);
        f.assertConsistent();
    }

    @Test
    void addressesComeFromTheFrontOfTheBlockInOrder() {
        f.pool("p", "10.0.0.0/24", "  blockSize: 29\n");
        List<IpAddress> ips = f.assign("n1", "h", 3);
        Cidr block = new Cidr(ips.get(0), 29).masked();
        assertThat(ips).containsExactly(block.network(), block.network().plus(1), block.network().plus(2));
        AllocationBlock b = f.ipam.blockOf(ips.get(0)).orElseThrow();
        assertThat(b.affinity()).isEqualTo("host:n1");
        assertThat(f.ipam.handle("h").orElseThrow().blocks()).containsEntry(block.toString(), 3);
    }

    @Test
    void sameHostSameRegionDifferentHostsSpread() {
        f.pool("p", "10.0.0.0/16", "  blockSize: 26\n");
        IpAddress a = f.assign("node-a", "a1", 1).get(0);
        f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(a, null, null)));
        IpAddress again = f.assign("node-a", "a2", 1).get(0);
        assertThat(new Cidr(again, 26).masked()).isEqualTo(new Cidr(a, 26).masked());
        IpAddress b = f.assign("node-b", "b1", 1).get(0);
        assertThat(new Cidr(b, 26).masked()).isNotEqualTo(new Cidr(again, 26).masked());
    }

    @Test
    void nodeAndNamespaceSelectorsChooseThePool() {
        f.pool("zone-a", "10.1.0.0/24", "  nodeSelector: zone == 'a'\n");
        f.pool("zone-b", "10.2.0.0/24", "  nodeSelector: zone == 'b'\n");
        f.pool("team", "10.3.0.0/24", "  nodeSelector: \"!all()\"\n");
        f.node("na", "{zone: a}").node("nb", "{zone: b}");
        assertThat(cidr("10.1.0.0/24").contains(f.assign("na", "h1", 1).get(0))).isTrue();
        assertThat(cidr("10.2.0.0/24").contains(f.assign("nb", "h2", 1).get(0))).isTrue();
        assertThatThrownBy(() -> f.assign("nc", "h3", 1)).hasMessage("no configured Calico pools for node nc");

        f.pool("ns-pool", "10.4.0.0/24", "  namespaceSelector: team == 'red'\n  nodeSelector: all()\n");
        IpAddress red = f.assignInNamespace("nc", "h4", "red-ns", Map.of("team", "red")).get(0);
        assertThat(cidr("10.4.0.0/24").contains(red)).isTrue();
    }

    @Test
    void disabledManualAndWrongUsePoolsAreSkipped() {
        f.pool("disabled-pool", "10.1.0.0/24", "  disabled: true\n");
        f.pool("manual", "10.2.0.0/24", "  assignmentMode: Manual\n");
        f.pool("lb", "10.3.0.0/24", "  allowedUses: [LoadBalancer]\n");
        // only the LoadBalancer pool is automatic and enabled: it matches the node but not the use
        assertThatThrownBy(() -> f.assign("n1", "h", 1)).hasMessage("cannot find a qualified ippool, no pools match the required use (Workload)");
        assertThat(cidr("10.2.0.0/24").contains(f.assignFrom("n1", "h", 1, "manual").get(0))).as("a Manual pool named by the caller").isTrue();
        assertThatThrownBy(() -> f.assignFrom("n1", "h2", 1, "disabled-pool")).hasMessage("the given pool (disabled-pool) does not exist, or is not enabled");
        assertThatThrownBy(() -> f.assignFrom("n1", "h2", 1, "lb")).hasMessageContaining("no pools match the required use (Workload)");
        assertThatThrownBy(() -> f.assignFrom("n1", "h2", 1, "nosuch")).hasMessage("the given pool (nosuch) does not exist, or is not enabled");
    }

    @Test
    void reservedAddressesAreNeverHandedOut() {
        f.pool("p", "10.0.0.0/28", "  blockSize: 28\n");
        f.apply("apiVersion: projectcalico.org/v3\nkind: IPReservation\nmetadata: {name: r}\nspec:\n  reservedCIDRs: [10.0.0.0/30, 10.0.0.9]\n");
        List<IpAddress> ips = f.assign("n1", "h", 11);
        assertThat(ips).hasSize(11).doesNotContain(IpAddress.parse("10.0.0.0"), IpAddress.parse("10.0.0.3"), IpAddress.parse("10.0.0.9"));
        assertThatThrownBy(() -> f.assign("n1", "h2", 1)).hasMessageStartingWith("Assigned 0 out of 1 requested IPv4 addresses");
        f.assertConsistent();
    }

    @Test
    void exhaustedPoolFailsAndRollsBack() {
        f.pool("tiny", "10.0.0.0/29", "  blockSize: 29\n");
        f.assign("n1", "first", 6);
        assertThatThrownBy(() -> f.assign("n1", "second", 3)).isInstanceOf(IpamException.class)
                .hasMessageStartingWith("Assigned 2 out of 3 requested IPv4 addresses");
        assertThat(f.ipam.handle("second")).isEmpty();
        assertThat(f.assign("n1", "third", 2)).hasSize(2);
        f.assertConsistent();
    }

    @Test
    void borrowingOnlyWithoutStrictAffinity() {
        f.pool("p", "10.0.0.0/28", "  blockSize: 29\n");
        f.assign("n1", "a", 5);
        f.assign("n2", "b", 5);
        // both blocks claimed; n3 can only borrow
        List<IpAddress> borrowed = f.assign("n3", "c", 4);
        assertThat(borrowed).hasSize(4);
        f.ipam.setConfig(new IpamConfig(true, true, 0));
        assertThatThrownBy(() -> f.assign("n3", "d", 1)).hasMessageContaining("No more free affine blocks and strict affinity enabled");
        f.assertConsistent();
    }

    @Test
    void maxBlocksPerHostCapsClaimsNotFills() {
        f.pool("p", "10.0.0.0/24", "  blockSize: 30\n");
        f.ipam.setConfig(new IpamConfig(true, true, 2));
        assertThat(f.assign("n1", "h", 8)).hasSize(8);
        assertThatThrownBy(() -> f.assign("n1", "h2", 1)).hasMessageContaining("limit of 2 blocks reached for this node");
        assertThatThrownBy(() -> f.ipam.setConfig(new IpamConfig(false, true, 2))).hasMessage("MaxBlocksPerHost requires StrictAffinity to be enabled");
        assertThat(f.ipam.config().maxBlocksPerHost()).isEqualTo(2);
        assertThat(f.ds.get(Keys.IPAM_CONFIG).orElseThrow().value()).isEqualTo("{\"strict_affinity\":true,\"auto_allocate_blocks\":true,\"maxBlocksPerHost\":2}");
    }

    @Test
    void ipv6() {
        f.pool("v6", "fd00:10::/120", "  blockSize: 124\n");
        var r = f.ipam.autoAssign(new AutoAssignRequest("n1", "h", Map.of(), 0, 3, null, null, null, null, null));
        assertThat(r.ipv6()).hasSize(3);
        assertThat(r.ipv4()).isEmpty();
        for (IpAddress a : r.ipv6()) assertThat(cidr("fd00:10::/120").contains(a)).isTrue();
        assertThat(f.ds.list("/calico/ipam/v2/assignment/ipv6/block/")).hasSize(1);
        f.assertConsistent();
    }

    @Test
    void specificAddressAndDoubleAssignment() {
        f.pool("p", "10.0.0.0/24", "  blockSize: 26\n");
        IpAddress a = IpAddress.parse("10.0.0.77");
        f.ipam.assignIp(a, "h1", Map.of(), "n1");
        assertThatThrownBy(() -> f.ipam.assignIp(a, "h2", Map.of(), "n1")).hasMessageContaining("already assigned");
        assertThatThrownBy(() -> f.ipam.assignIp(IpAddress.parse("10.9.0.1"), "h3", Map.of(), "n1")).hasMessageContaining("not in a configured pool");
        assertThat(f.ipam.blockOf(a).orElseThrow().cidr()).isEqualTo(cidr("10.0.0.64/26"));
        // the rest of that block now belongs to n1
        assertThat(cidr("10.0.0.64/26").contains(f.assign("n1", "h4", 1).get(0))).isTrue();
        f.assertConsistent();
    }

    @Test
    void releasingTheLastAddressReleasesBlockAndAffinity() {
        f.pool("p", "10.0.0.0/24", "  blockSize: 29\n");
        List<IpAddress> ips = f.assign("n1", "h", 2);
        Cidr block = new Cidr(ips.get(0), 29).masked();
        assertThat(f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(ips.get(0), null, null)))).isEmpty();
        assertThat(f.ds.get(Keys.block(block))).isPresent();
        assertThat(f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(ips.get(0), null, null)))).containsExactly(ips.get(0));
        assertThat(f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(ips.get(1), null, null)))).isEmpty();
        assertThat(f.ds.get(Keys.block(block))).isEmpty();
        assertThat(f.ds.get(Keys.affinity("n1", block))).isEmpty();
        assertThat(f.ipam.handle("h")).isEmpty();
        f.assertConsistent();
    }

    @Test
    void releaseChecksHandleAndSequenceNumber() {
        f.pool("p", "10.0.0.0/24", "  blockSize: 29\n");
        IpAddress a = f.assign("n1", "h", 1).get(0);
        long seq = f.ipam.blockOf(a).orElseThrow().sequenceNumberOf(f.ipam.blockOf(a).orElseThrow().ordinalOf(a));
        assertThatThrownBy(() -> f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(a, "other", null)))).hasMessageContaining("belongs to handle h");
        assertThatThrownBy(() -> f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(a, "h", seq + 1)))).hasMessageContaining("sequence number");
        assertThat(f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(a, "h", seq)))).isEmpty();
    }

    @Test
    void releaseByHandleAcrossBlocks() {
        f.pool("p", "10.0.0.0/24", "  blockSize: 30\n");
        f.assign("n1", "keep", 1);
        List<IpAddress> ips = f.assign("n1", "h", 9);
        assertThat(f.ipam.handle("h").orElseThrow().blocks().size()).isGreaterThan(1);
        assertThat(f.ipam.releaseByHandle("h")).isEqualTo(9);
        assertThat(f.ipam.handle("h")).isEmpty();
        for (IpAddress a : ips) assertThat(f.ipam.blockOf(a).map(b -> b.attributeOf(b.ordinalOf(a)))).satisfiesAnyOf(o -> assertThat(o).isEmpty(), o -> assertThat(o.get()).isNull());
        f.assertConsistent();
    }

    @Test
    void blockJsonHasCalicoFieldNames() {
        f.pool("p", "10.0.0.0/24", "  blockSize: 30\n");
        IpAddress a = f.assign("n1", "k8s-pod-network.abc", 1).get(0);
        String json = f.ds.get(Keys.block(new Cidr(a, 30).masked())).orElseThrow().value();
        assertThat(json).matches("\\{\"cidr\":\"10\\.0\\.0\\.\\d+/30\",\"affinity\":\"host:n1\",\"affinity_claim_time\":\"[^\"]+\","
                + "\"allocations\":\\[0,null,null,null\\],\"unallocated\":\\[1,2,3\\],"
                + "\"attributes\":\\[\\{\"handle_id\":\"k8s-pod-network\\.abc\",\"secondary\":\\{\"node\":\"n1\"\\}\\}\\],"
                + "\"sequenceNumber\":\\d+,\"sequenceNumberForAllocation\":\\{\"0\":\\d+\\},\"deleted\":false\\}");
        assertThat(f.ds.get(Keys.affinity("n1", new Cidr(a, 30).masked())).orElseThrow().value()).isEqualTo("{\"state\":\"confirmed\",\"deleted\":false}");
        assertThat(f.ds.get(Keys.handle("k8s-pod-network.abc")).orElseThrow().value()).isEqualTo("{\"block\":{\"" + new Cidr(a, 30).masked() + "\":1},\"deleted\":false}");
    }

    @Test
    void utilizationCountsReservationsAsASet() {
        f.pool("p", "10.0.0.0/24", "  blockSize: 28\n");
        f.apply("apiVersion: projectcalico.org/v3\nkind: IPReservation\nmetadata: {name: r}\nspec:\n  reservedCIDRs: [10.0.0.0/28, 10.0.0.0/29, 10.0.0.200]\n");
        f.assign("n1", "h", 3);
        Utilization.PoolUsage u = Utilization.compute(f.ipam.pools(), f.ipam.blocks(), f.ipam.reservations()).get(0);
        assertThat(u.usage().capacity()).isEqualTo(256);
        assertThat(u.usage().inUse()).isEqualTo(3);
        assertThat(u.usage().reserved()).isEqualTo(17);
        assertThat(u.usage().free()).isEqualTo(256 - 17 - 3);
    }

    @Test
    void pendingAffinityFromACrashedClaimIsFinished() {
        f.pool("p", "10.0.0.0/24", "  blockSize: 29\n");
        Cidr block = cidr("10.0.0.8/29");
        f.ds.create(Keys.affinity("n1", block), Ipam.affinityJson("pending"));
        IpAddress a = f.assign("n1", "h", 1).get(0);
        assertThat(block.contains(a)).isTrue();
        assertThat(f.ds.get(Keys.affinity("n1", block)).orElseThrow().value()).contains("confirmed");
        f.assertConsistent();
    }
}
