package dev.calicoctl.ipam;

import dev.calicoctl.model.IpAddress;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pod's pool choice and attributes as upstream's CNI plugin makes them, without a cluster. */
class PodAddressingTest {
    static final String V4 = PodAddressing.IPV4_POOLS, V6 = PodAddressing.IPV6_POOLS;

    @Test
    void podBeatsNamespaceBeatsConfigPerFamily() {
        PodAddressing.Cluster c = new PodAddressing.Cluster(Map.of(V4, "[\"pod-pool\"]"), Map.of(V4, "[\"ns-pool\"]", V6, "[\"ns-v6\"]"), Map.of("team", "blue"));
        PodAddressing p = PodAddressing.decide(c, "ns", List.of("cfg"), List.of("cfg-v6"));
        assertThat(p.ipv4Pools()).containsExactly("pod-pool");
        assertThat(p.ipv6Pools()).containsExactly("ns-v6");
        assertThat(p.namespaceLabels()).containsEntry("team", "blue");
        assertThat(p.namespace()).isEqualTo("ns");
        PodAddressing none = PodAddressing.decide(PodAddressing.Cluster.NONE, null, List.of("cfg"), null);
        assertThat(none.ipv4Pools()).containsExactly("cfg");
        assertThat(none.ipv6Pools()).isEmpty();
        assertThat(none.ipAddrs()).isEmpty();
    }

    @Test
    void ipAddrsComeFromThePodOnlyAndAreStrict() {
        PodAddressing.Cluster pod = new PodAddressing.Cluster(Map.of(PodAddressing.IP_ADDRS, "[\"10.0.0.7\",\"fd00::7\"]"), Map.of(), Map.of());
        assertThat(PodAddressing.decide(pod, "ns", List.of(), List.of()).ipAddrs())
                .containsExactly(IpAddress.parse("10.0.0.7"), IpAddress.parse("fd00::7"));
        PodAddressing.Cluster ns = new PodAddressing.Cluster(Map.of(), Map.of(PodAddressing.IP_ADDRS, "[\"10.0.0.7\"]"), Map.of());
        assertThat(PodAddressing.decide(ns, "ns", List.of(), List.of()).ipAddrs()).isEmpty();
        for (String bad : List.of("not-json", "{\"a\":1}", "[1]")) {
            PodAddressing.Cluster c = new PodAddressing.Cluster(Map.of(V4, bad), Map.of(), Map.of());
            assertThatThrownBy(() -> PodAddressing.decide(c, "ns", List.of(), List.of())).isInstanceOf(IpamException.class).hasMessageContaining(V4);
        }
        PodAddressing.Cluster badIp = new PodAddressing.Cluster(Map.of(PodAddressing.IP_ADDRS, "[\"10.0.0.300\"]"), Map.of(), Map.of());
        assertThatThrownBy(() -> PodAddressing.decide(badIp, "ns", List.of(), List.of())).hasMessageContaining("10.0.0.300");
    }

    @Test
    void attributesAndGoTimestamp() {
        ZonedDateTime t = ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 120_000_000, ZoneOffset.ofHours(2));
        assertThat(PodAddressing.attributes("node-0", "ns", "web", t))
                .containsExactly(Map.entry("namespace", "ns"), Map.entry("node", "node-0"), Map.entry("pod", "web"),
                        Map.entry("timestamp", "2026-01-02 01:04:05.12 +0000 UTC"));
        assertThat(PodAddressing.attributes("n", null, null, t.withNano(0))).containsOnlyKeys("node", "timestamp")
                .containsEntry("timestamp", "2026-01-02 01:04:05 +0000 UTC");
    }
}
