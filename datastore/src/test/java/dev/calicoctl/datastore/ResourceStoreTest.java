package dev.calicoctl.datastore;

import dev.calicoctl.datastore.local.LocalDatastore;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;
import dev.calicoctl.model.ResourceCodec;
import dev.calicoctl.model.ValidationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceStoreTest {
    @TempDir Path dir;
    LocalDatastore ds;
    ResourceStore store;

    @BeforeEach void open() {
        ds = LocalDatastore.open(dir.resolve("s.db"));
        store = new ResourceStore(ds);
    }

    @AfterEach void close() { ds.close(); }

    static Resource pool(String name, String cidr, String extra) {
        return ResourceCodec.decode("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: " + name
                + "\nspec:\n  cidr: " + cidr + "\n" + extra, "t").get(0);
    }

    @Test
    void createStoresCanonicalJsonUnderCalicoKey() {
        Resource r = store.create(pool("external-pool", "172.16.0.0/26", "  blockSize: 29\n"));
        String json = ds.get("/calico/resources/v3/projectcalico.org/ippools/external-pool").orElseThrow().value();
        assertThat(json).startsWith("{\"kind\":\"IPPool\",\"apiVersion\":\"projectcalico.org/v3\",\"metadata\":{\"name\":\"external-pool\",\"uid\":\"")
                .contains("\"spec\":{\"cidr\":\"172.16.0.0/26\",\"vxlanMode\":\"Never\",\"ipipMode\":\"Never\",\"blockSize\":29,\"nodeSelector\":\"all()\",\"allowedUses\":[\"Workload\",\"Tunnel\"],\"assignmentMode\":\"Automatic\"}")
                .doesNotContain("resourceVersion");
        assertThat(r.resourceVersion()).isEqualTo(Long.toString(ds.get("/calico/resources/v3/projectcalico.org/ippools/external-pool").orElseThrow().revision()));
    }

    @Test
    void overlappingPoolIsRefused() {
        store.create(pool("a", "172.16.0.0/26", ""));
        assertThatThrownBy(() -> store.create(pool("b", "172.16.0.0/24", "")))
                .isInstanceOf(ValidationException.class)
                .hasMessage("error with field IPPool.Spec.CIDR = '172.16.0.0/24' (IPPool(b) CIDR overlaps with IPPool(a) CIDR 172.16.0.0/26)");
        assertThat(store.list(Kinds.IP_POOL, null)).hasSize(1);
    }

    @Test
    void cidrAndBlockSizeAreImmutable() {
        store.create(pool("a", "10.0.0.0/16", "  blockSize: 26\n"));
        assertThatThrownBy(() -> store.update(pool("a", "10.1.0.0/16", "  blockSize: 26\n"))).hasMessageContaining("IPPool CIDR cannot be modified");
        assertThatThrownBy(() -> store.update(pool("a", "10.0.0.0/16", "  blockSize: 28\n"))).hasMessageContaining("IPPool BlockSize cannot be modified");
        Resource updated = store.update(pool("a", "10.0.0.0/16", "  natOutgoing: true\n"));
        assertThat(updated.spec()).containsEntry("natOutgoing", true);
    }

    @Test
    void staleResourceVersionIsAnUpdateConflict() {
        Resource created = store.create(pool("a", "10.0.0.0/16", ""));
        Resource first = pool("a", "10.0.0.0/16", "  natOutgoing: true\n");
        first.setResourceVersion(created.resourceVersion());
        store.update(first);
        Resource stale = pool("a", "10.0.0.0/16", "  disabled: true\n");
        stale.setResourceVersion(created.resourceVersion());
        assertThatThrownBy(() -> store.update(stale)).isInstanceOf(ResourceStore.UpdateConflict.class)
                .hasMessageStartingWith("update conflict: IPPool(a)");
    }

    @Test
    void applyCreatesThenUpdatesKeepingIdentity() {
        Resource a = store.apply(pool("a", "10.0.0.0/16", ""));
        Resource b = store.apply(pool("a", "10.0.0.0/16", "  natOutgoing: true\n"));
        assertThat(b.metadata().get("uid")).isEqualTo(a.metadata().get("uid"));
        assertThat(Long.parseLong(b.resourceVersion())).isGreaterThan(Long.parseLong(a.resourceVersion()));
    }

    @Test
    void deleteAndNotFound() {
        store.create(pool("a", "10.0.0.0/16", ""));
        store.delete(Kinds.IP_POOL, null, "a", null);
        assertThatThrownBy(() -> store.get(Kinds.IP_POOL, null, "a")).isInstanceOf(ResourceStore.NotFound.class)
                .hasMessage("resource does not exist: IPPool(a) with error: <nil>");
        assertThatThrownBy(() -> store.delete(Kinds.IP_POOL, null, "a", null)).isInstanceOf(ResourceStore.NotFound.class);
    }

    @Test
    void clusterInformationIsReadOnlyForApply() {
        Resource ci = ResourceCodec.decode("apiVersion: projectcalico.org/v3\nkind: ClusterInformation\nmetadata: {name: default}\nspec: {datastoreReady: false}\n", "t").get(0);
        assertThatThrownBy(() -> store.apply(ci)).hasMessage("operation apply is not supported on ClusterInformation: resource is readonly");
    }

    @Test
    void namespacedKindsUseNamespaceInKey() {
        Resource np = ResourceCodec.decode("apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p1, namespace: dev}\nspec: {selector: all()}\n", "t").get(0);
        store.create(np);
        assertThat(ds.get("/calico/resources/v3/projectcalico.org/networkpolicies/dev/p1")).isPresent();
        assertThat(store.list(Kinds.byName("NetworkPolicy"), "dev")).hasSize(1);
        assertThat(store.list(Kinds.byName("NetworkPolicy"), "prod")).isEmpty();
        assertThat(store.list(Kinds.byName("NetworkPolicy"), null)).hasSize(1);
    }
}
