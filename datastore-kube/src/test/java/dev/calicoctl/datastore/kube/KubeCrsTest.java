package dev.calicoctl.datastore.kube;

import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values in the etcd layout to and from the custom resources upstream's Kubernetes backend writes. */
class KubeCrsTest {
    static final String BLOCK = "{\"cidr\":\"172.16.0.32/29\",\"affinity\":\"host:node-1\",\"affinity_claim_time\":\"2026-03-01T10:00:00Z\","
            + "\"allocations\":[0,null,null,null,null,null,null,null],\"unallocated\":[1,2,3,4,5,6,7],"
            + "\"attributes\":[{\"handle_id\":\"h1\",\"secondary\":{\"namespace\":\"external-ns\",\"node\":\"node-1\",\"pod\":\"nginx-1\"}}],"
            + "\"sequenceNumber\":1772359200000000001,\"sequenceNumberForAllocation\":{\"0\":1772359200000000000},\"deleted\":false}";

    @Test
    void blockBecomesAnIpamBlockWithCamelCaseClaimTimeAndStrictAffinityAndComesBack() {
        Map<String, Object> cr = Crs.blockToCr(CrdMode.V1, BLOCK, 42);
        assertThat(cr.get("apiVersion")).isEqualTo("crd.projectcalico.org/v1");
        assertThat(cr.get("kind")).isEqualTo("IPAMBlock");
        assertThat(Crs.meta(cr)).containsEntry("name", "172-16-0-32-29").containsEntry("resourceVersion", "42");
        assertThat(Crs.strings(Crs.meta(cr).get("annotations"))).containsEntry("projectcalico.org/metadata", "{\"creationTimestamp\":null}");
        Map<String, Object> spec = Crs.spec(cr);
        assertThat(spec).containsEntry("affinityClaimTime", "2026-03-01T10:00:00Z").containsEntry("strictAffinity", false)
                .containsEntry("sequenceNumber", 1772359200000000001L).doesNotContainKey("affinity_claim_time");
        assertThat(Crs.blockFromCr(Json.parseObject(Json.write(cr)))).isEqualTo(BLOCK);
    }

    @Test
    void affinityCarriesNodeCidrLabelsAndAStringDeletedInV1() {
        Map<String, Object> cr = Crs.affinityToCr(CrdMode.V1, "node-1", Cidr.parse("10.244.84.128/26"), "{\"state\":\"confirmed\",\"deleted\":false}", 0);
        assertThat(Crs.meta(cr).get("name")).isEqualTo("node-1-10-244-84-128-26");
        assertThat(Crs.strings(Crs.meta(cr).get("labels"))).containsEntry("projectcalico.org/affinity-type", "host")
                .containsEntry("projectcalico.org/hostname-hash", "A3XPYDATRKB7Q4SM2O5FN4RXIHBFIL2PITFX26BAIP5XAB2X74CA")
                .containsEntry("projectcalico.org/ip-version", "4");
        assertThat(Json.write(Crs.spec(cr))).isEqualTo("{\"state\":\"confirmed\",\"node\":\"node-1\",\"type\":\"host\",\"cidr\":\"10.244.84.128/26\",\"deleted\":\"false\"}");
        assertThat(Crs.strings(Crs.meta(cr).get("annotations")).get("projectcalico.org/metadata")).contains("\"labels\":{\"projectcalico.org/affinity-type\":\"host\"");
        assertThat(Crs.affinityFromCr(cr)).isEqualTo("{\"state\":\"confirmed\",\"deleted\":false}");
        Map<String, Object> v3 = Crs.affinityToCr(CrdMode.V3, "node-1", Cidr.parse("10.244.84.128/26"), "{\"state\":\"pending\",\"deleted\":false}", 0);
        assertThat(Crs.spec(v3).get("deleted")).isEqualTo(false);
        assertThat(Crs.meta(v3)).doesNotContainKey("annotations");
        assertThat(v3.get("apiVersion")).isEqualTo("projectcalico.org/v3");
    }

    @Test
    void goBooleansAreReadAsGoReadsThem() {
        assertThat(Crs.goBool("T")).isTrue();
        assertThat(Crs.goBool("")).isFalse();
        assertThat(Crs.goBool(Boolean.TRUE)).isTrue();
        assertThatThrownBy(() -> Crs.goBool("yes")).isInstanceOf(DatastoreException.class).hasMessage("Failed to parse deleted value as bool: yes");
    }

    @Test
    void handleKeepsItsIdInTheSpecAndIsNamedLowerCase() {
        Map<String, Object> cr = Crs.handleToCr(CrdMode.V1, "Calicoctl-AB", "{\"block\":{\"172.16.0.32/29\":2},\"deleted\":false}", 0);
        assertThat(Crs.meta(cr).get("name")).isEqualTo("calicoctl-ab");
        assertThat(Crs.spec(cr)).containsEntry("handleID", "Calicoctl-AB");
        assertThat(Crs.handleIdOf(cr)).isEqualTo("Calicoctl-AB");
        assertThat(Crs.handleFromCr(cr)).isEqualTo("{\"block\":{\"172.16.0.32/29\":2},\"deleted\":false}");
    }

    @Test
    void ipamConfigIsCamelCaseWithBothBooleansAlwaysWritten() {
        Map<String, Object> cr = Crs.configToCr(CrdMode.V1, "{\"strict_affinity\":true,\"maxBlocksPerHost\":4}", 0);
        assertThat(cr.get("kind")).isEqualTo("IPAMConfig");
        assertThat(Json.write(Crs.spec(cr))).isEqualTo("{\"strictAffinity\":true,\"autoAllocateBlocks\":false,\"maxBlocksPerHost\":4}");
        assertThat(Crs.configFromCr(cr)).isEqualTo("{\"strict_affinity\":true,\"maxBlocksPerHost\":4}");
        assertThat(Crs.configToCr(CrdMode.V3, "{}", 0).get("kind")).isEqualTo("IPAMConfiguration");
    }

    @Test
    void v3ResourceInV1KeepsItsMetadataInTheAnnotationAndOnlyCalicoLabelsOnTheObject() {
        String pool = "{\"kind\":\"IPPool\",\"apiVersion\":\"projectcalico.org/v3\",\"metadata\":{\"name\":\"external-pool\","
                + "\"uid\":\"6f2c7c1e-3b5a-4d8e-9a1b-2c3d4e5f6a7b\",\"creationTimestamp\":\"2026-03-01T09:59:00Z\","
                + "\"labels\":{\"zone\":\"a\",\"projectcalico.org/tier\":\"x\"}},\"spec\":{\"cidr\":\"172.16.0.0/26\",\"blockSize\":29}}";
        Map<String, Object> cr = Crs.resourceToCr(CrdMode.V1, "IPPool", "external-pool", pool, 7);
        Map<String, Object> meta = Crs.meta(cr);
        assertThat(meta.get("uid")).isEqualTo("f6343e78-dc5a-4d71-9ad8-34bc72fa56de");
        assertThat(Crs.strings(meta.get("labels"))).containsOnlyKeys("projectcalico.org/tier");
        assertThat(Crs.strings(meta.get("annotations")).get("projectcalico.org/metadata"))
                .isEqualTo("{\"creationTimestamp\":\"2026-03-01T09:59:00Z\",\"labels\":{\"zone\":\"a\",\"projectcalico.org/tier\":\"x\"}}");
        Map<String, Object> back = Json.parseObject(Crs.resourceFromCr(CrdMode.V1, "IPPool", cr));
        assertThat(Crs.meta(back)).containsEntry("uid", "6f2c7c1e-3b5a-4d8e-9a1b-2c3d4e5f6a7b").containsEntry("creationTimestamp", "2026-03-01T09:59:00Z");
        assertThat(Crs.strings(Crs.meta(back).get("labels"))).containsEntry("zone", "a");
        assertThat(Crs.meta(back)).doesNotContainKey("annotations");
        assertThat(back.get("spec")).isEqualTo(Map.of("cidr", "172.16.0.0/26", "blockSize", 29L));
    }

    @Test
    void podIpsComeFromStatusElseCalicosAnnotations() {
        Map<String, Object> withStatus = Json.parseObject("{\"metadata\":{\"name\":\"p\"},\"status\":{\"podIPs\":[{\"ip\":\"10.0.0.1\"},{\"ip\":\"fd00::1\"}]}}");
        assertThat(Derived.podIps(withStatus)).containsExactly("10.0.0.1", "fd00::1");
        Map<String, Object> annotated = Json.parseObject("{\"metadata\":{\"name\":\"p\",\"annotations\":{\"cni.projectcalico.org/podIPs\":\"172.16.0.33/32, 172.16.0.34/32\"}}}");
        assertThat(Derived.podIps(annotated)).containsExactly("172.16.0.33/32", "172.16.0.34/32");
    }
}
