package dev.calicoctl.datastore.kube;

import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.Keys;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Servers other than the default: the projectcalico.org/v3 CRD group, no Calico CRDs, tokens refused. */
class KubeServerModesTest {
    @Test
    void v3CrdGroupIsDetectedAndObjectsAreStoredThere() throws Exception {
        try (KubeTestServer server = KubeTestServer.start("--crd-mode", "v3"); KubeDatastore ds = server.connect()) {
            assertThat(ds.apiGroup()).isEqualTo("projectcalico.org/v3");
            Cidr block = Cidr.parse("172.16.0.32/29");
            ds.create(Keys.affinity("node-1", block), "{\"state\":\"confirmed\",\"deleted\":false}");
            ds.create(Keys.IPAM_CONFIG, "{\"auto_allocate_blocks\":true}");
            Map<String, Object> a = Json.parseObject(server.kubectl("get", "blockaffinities.projectcalico.org", "node-1-172-16-0-32-29", "-o", "json"));
            assertThat(a.get("apiVersion")).isEqualTo("projectcalico.org/v3");
            assertThat(Crs.spec(a).get("deleted")).isEqualTo(false);
            Map<String, Object> c = Json.parseObject(server.kubectl("get", "ipamconfigurations.projectcalico.org", "default", "-o", "json"));
            assertThat(Crs.spec(c)).containsEntry("autoAllocateBlocks", true);
            assertThat(ds.get(Keys.affinity("node-1", block)).orElseThrow().value()).isEqualTo("{\"state\":\"confirmed\",\"deleted\":false}");
        }
    }

    @Test
    void missingCalicoCrdsAreOneLine() {
        try (KubeTestServer server = KubeTestServer.start("--crd-mode", "none")) {
            assertThatThrownBy(server::connect).isInstanceOf(DatastoreException.Unavailable.class)
                    .hasMessage("Calico's CRDs are not installed on the Kubernetes API server at " + server.url()
                            + ": it serves neither crd.projectcalico.org nor projectcalico.org");
        }
    }

    /** Opens (discovery may already be refused) and lists handles. */
    static void listHandles(DatastoreConfig.Kube k) {
        try (KubeDatastore ds = KubeDatastore.open(DatastoreConfig.kubernetes(k))) {
            ds.list(Keys.HANDLES);
        }
    }

    @Test
    void unauthorizedAndForbiddenTokensAreOneLine() {
        try (KubeTestServer server = KubeTestServer.start("--token", "good", "--forbidden-token", "weak")) {
            DatastoreConfig.Kube base = DatastoreConfig.Kube.ofKubeconfig(server.kubeconfig().toString(), null);
            DatastoreConfig.Kube wrong = new DatastoreConfig.Kube(base.kubeconfig(), null, null, null, null, null, "wrong", false, null, null, null, null);
            assertThatThrownBy(() -> listHandles(wrong)).isInstanceOf(DatastoreException.Unavailable.class)
                    .hasMessage("connection is unauthorized: the API server at " + server.url() + " answered 401 Unauthorized (check the token or client certificate)");
            DatastoreConfig.Kube weak = new DatastoreConfig.Kube(base.kubeconfig(), null, null, null, null, null, "weak", false, null, null, null, null);
            assertThatThrownBy(() -> listHandles(weak)).isInstanceOf(DatastoreException.Unavailable.class)
                    .hasMessageStartingWith("connection is unauthorized: ").hasMessageNotContaining("\n");
            DatastoreConfig.Kube good = new DatastoreConfig.Kube(base.kubeconfig(), null, null, null, null, null, "good", false, null, null, null, null);
            try (KubeDatastore ds = KubeDatastore.open(DatastoreConfig.kubernetes(good))) {
                assertThat(ds.list(Keys.HANDLES)).isEmpty();
            }
        }
    }
}
