package dev.calicoctl.datastore.kube;

import dev.calicoctl.model.Cidr;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Upstream's object names, lookup labels and UID transform, against datastore.md's golden values. */
class KubeNamesTest {
    @Test
    void blockNamesReplaceDotsColonsAndTheSlash() {
        assertThat(KubeNames.blockName(Cidr.parse("10.244.84.128/26"))).isEqualTo("10-244-84-128-26");
        assertThat(KubeNames.blockName(Cidr.parse("172.16.0.32/29"))).isEqualTo("172-16-0-32-29");
        assertThat(KubeNames.blockName(Cidr.parse("fd00:10:244::/122"))).isEqualTo("fd00-10-244---122");
        assertThat(KubeNames.blockName(Cidr.parse("fd00:10:244:0:94fa:7820:5b81:7500/122"))).isEqualTo("fd00-10-244-0-94fa-7820-5b81-7500-122");
    }

    @Test
    void affinityNamesAreHostDashBlockAndHashedWhenTooLong() {
        assertThat(KubeNames.affinityName("node-1", Cidr.parse("172.16.0.32/29"))).isEqualTo("node-1-172-16-0-32-29");
        String host = "long--hostna".repeat(21);
        String name = KubeNames.affinityName(host, Cidr.parse("10.0.0.0/26"));
        assertThat(name).hasSize(252).endsWith("-10-0-0-0-26-fb0ffb1c45a").startsWith(host.substring(0, 228) + "-");
    }

    @Test
    void hostnameHashIsBase32OfSha3() {
        assertThat(KubeNames.hostnameHash("node-a")).isEqualTo("PY3TQE2E3XMTETLM2MJO3UITKPFB27YUJ4T4E5XGPEJON3SM4QAA");
        assertThat(KubeNames.hostnameHash("node-1")).isEqualTo("A3XPYDATRKB7Q4SM2O5FN4RXIHBFIL2PITFX26BAIP5XAB2X74CA");
    }

    @Test
    void uidTransformReversesBitsAndIsItsOwnInverse() {
        assertThat(KubeNames.transformUid("6f2c7c1e-3b5a-4d8e-9a1b-2c3d4e5f6a7b")).isEqualTo("f6343e78-dc5a-4d71-9ad8-34bc72fa56de");
        assertThat(KubeNames.transformUid("f6343e78-dc5a-4d71-9ad8-34bc72fa56de")).isEqualTo("6f2c7c1e-3b5a-4d8e-9a1b-2c3d4e5f6a7b");
        assertThat(KubeNames.transformUid("not-a-uuid")).isEqualTo("not-a-uuid");
    }

    @Test
    void handlesAreNamedLowerCase() {
        assertThat(KubeNames.handleName("k8s-pod-network.ABC")).isEqualTo("k8s-pod-network.abc");
    }

    @Test
    void crdGroupIsChosenAsUpstreamChoosesIt() {
        assertThat(CrdMode.choose("projectcalico.org/v3", true, true)).isEqualTo(CrdMode.V3);
        assertThat(CrdMode.choose("PROJECTCALICO.ORG/V3", true, false)).isEqualTo(CrdMode.V3);
        assertThat(CrdMode.choose("crd.projectcalico.org/v1", false, true)).isEqualTo(CrdMode.V1);
        assertThat(CrdMode.choose(null, true, true)).isEqualTo(CrdMode.V1);  // aggregated API server in front of v1 CRDs
        assertThat(CrdMode.choose(null, false, true)).isEqualTo(CrdMode.V3);
        assertThat(CrdMode.choose("", true, false)).isEqualTo(CrdMode.V1);
    }

    @Test
    void endpointNamesRoundTripToTheirPod() {
        String n = dev.calicoctl.model.WorkloadEndpointNames.podEndpoint("node-0", "nginx-1");
        assertThat(n).isEqualTo("node--0-k8s-nginx--1-eth0");
        assertThat(Derived.podOfEndpoint(n)).isEqualTo("nginx-1");
        assertThat(Derived.podOfEndpoint(dev.calicoctl.model.WorkloadEndpointNames.podEndpoint("a-k8s-b", "p-k8s-q"))).isEqualTo("p-k8s-q");
        assertThat(Derived.podOfEndpoint("no-such-name")).isNull();
    }
}
