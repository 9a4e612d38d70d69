package dev.calicoctl.datastore;

import dev.calicoctl.datastore.local.LocalDatastore;
import dev.calicoctl.model.Kind;
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
        assertThatThrownBy(() -> store.get(Kinds.IP_POOL, null, "a")).isInstanceOf(DatastoreException.NotFound.class)
                .hasMessage("resource does not exist: IPPool(a) with error: <nil>");
        assertThatThrownBy(() -> store.delete(Kinds.IP_POOL, null, "a", null)).isInstanceOf(DatastoreException.NotFound.class);
    }

    @Test
    void clusterInformationIsReadOnlyForApply() {
        Resource ci = ResourceCodec.decode("apiVersion: projectcalico.org/v3\nkind: ClusterInformation\nmetadata: {name: default}\nspec: {datastoreReady: false}\n", "t").get(0);
        assertThatThrownBy(() -> store.apply(ci)).hasMessage("operation apply is not supported on ClusterInformation: resource is readonly");
    }

    @Test
    void namespacedKindsUseNamespaceInKey() {
        Resource np = ResourceCodec.decode("apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p1, namespace: dev}\nspec: {selector: all()}\n", "t").get(0);
        ClusterInfo.ensureTiers(store); // a policy's tier must exist, as upstream
        store.create(np);
        assertThat(ds.get("/calico/resources/v3/projectcalico.org/networkpolicies/dev/p1")).isPresent();
        assertThat(store.list(Kinds.byName("NetworkPolicy"), "dev")).hasSize(1);
        assertThat(store.list(Kinds.byName("NetworkPolicy"), "prod")).isEmpty();
        assertThat(store.list(Kinds.byName("NetworkPolicy"), null)).hasSize(1);
    }

    static Resource yaml(String text) { return ResourceCodec.decode("apiVersion: projectcalico.org/v3\n" + text, "t").get(0); }

    @Test
    void clusterInformationIsReadOnlyForUsersButNotForTheTool() {
        Resource ci = ClusterInfo.ensure(store);
        assertThat(ci.spec()).containsKey("clusterGUID").doesNotContainKey("clusterType");
        Resource edit = ci.copy();
        edit.spec().put("clusterGUID", "changed");
        assertThatThrownBy(() -> store.update(edit)).hasMessage("operation apply or replace is not supported on ClusterInformation");
        assertThatThrownBy(() -> store.apply(edit)).hasMessage("operation apply is not supported on ClusterInformation: resource is readonly");
        assertThatThrownBy(() -> store.delete(Kinds.CLUSTER_INFORMATION, null, "default", null)).hasMessage("operation delete is not supported on ClusterInformation");
        assertThatThrownBy(() -> store.create(yaml("kind: ClusterInformation\nmetadata: {name: other}\nspec: {}\n")))
                .hasMessage("operation create or apply is not supported on ClusterInformation");
        assertThat(store.get(Kinds.CLUSTER_INFORMATION, null, "default").spec().get("clusterGUID")).isEqualTo(ci.spec().get("clusterGUID"));
        assertThat(ClusterInfo.locked(ClusterInfo.setReady(store, false))).isTrue(); // the tool itself may write it
    }

    @Test
    void kubernetesPoliciesAreReadOnly() {
        Resource knp = yaml("kind: NetworkPolicy\nmetadata: {name: knp.default.p, namespace: ns}\nspec: {}\n");
        String why = ": kubernetes network policies must be managed through the kubernetes API";
        assertThatThrownBy(() -> store.create(knp)).hasMessage("operation create or apply is not supported on NetworkPolicy(ns/knp.default.p)" + why);
        assertThatThrownBy(() -> store.apply(knp)).hasMessage("resource does not exist: NetworkPolicy(ns/knp.default.p) with error: <nil>");
        assertThatThrownBy(() -> store.delete(knp.kind(), "ns", "knp.default.p", null)).hasMessage("operation delete is not supported on NetworkPolicy(ns/knp.default.p)" + why);
    }

    @Test
    void protectedTiersCannotBeDeleted() {
        store.create(yaml("kind: Tier\nmetadata: {name: default}\nspec: {order: 1000000}\n"));
        assertThatThrownBy(() -> store.delete(Kinds.byName("Tier"), null, "default", null)).hasMessage("operation Delete is not supported on default: Cannot delete default tier");
    }

    @Test
    void createKeepsOnlyUserMetadataAndRefusesAResourceVersion() {
        Resource in = pool("p", "10.1.0.0/16", "");
        in.metadata().putAll(java.util.Map.of("uid", "u-1", "creationTimestamp", "2001-01-01T00:00:00Z", "generation", 7L, "selfLink", "/x",
                "finalizers", java.util.List.of("f"), "labels", java.util.Map.of("a", "b")));
        Resource out = store.create(in);
        assertThat(out.metadata()).containsEntry("labels", java.util.Map.of("a", "b")).doesNotContainKeys("generation", "selfLink", "finalizers");
        assertThat(out.metadata().get("uid")).isNotEqualTo("u-1");
        assertThat(out.metadata().get("creationTimestamp")).isNotEqualTo("2001-01-01T00:00:00Z");
        Resource withRv = pool("q", "10.2.0.0/16", "");
        withRv.setResourceVersion("12");
        assertThatThrownBy(() -> store.create(withRv))
                .hasMessage("error with field Metadata.ResourceVersion = '12' (field must not be set for a Create request)");
        assertThat(store.create(pool("r", "10.3.0.0/16", "")).metadata()).doesNotContainKey("labels"); // no labels map where none was given
    }

    @Test
    void updateKeepsServerMetadataAndReplacesLabels() {
        Resource created = store.create(pool("p", "10.1.0.0/16", ""));
        Resource edit = pool("p", "10.1.0.0/16", "");
        edit.metadata().putAll(java.util.Map.of("uid", "other", "generation", 3L, "labels", java.util.Map.of("x", "y")));
        Resource updated = store.update(edit);
        assertThat(updated.metadata()).containsEntry("uid", created.metadata().get("uid"))
                .containsEntry("creationTimestamp", created.metadata().get("creationTimestamp"))
                .containsEntry("labels", java.util.Map.of("x", "y")).doesNotContainKey("generation");
        assertThat(store.update(pool("p", "10.1.0.0/16", "")).metadata()).doesNotContainKey("labels"); // absent map = remove all
    }

    @Test
    void workloadEndpointNamespaceLabelFollowsItsNamespace() {
        Resource wep = yaml("kind: WorkloadEndpoint\nmetadata:\n  namespace: namespace2\n  labels: {projectcalico.org/namespace: namespace1}\n"
                + "spec: {orchestrator: k8s, node: node1, pod: abcd, endpoint: eth0, interfaceName: cali0}\n");
        Resource out = store.create(wep);
        assertThat(out.name()).isEqualTo("node1-k8s-abcd-eth0");
        assertThat(out.labels()).containsEntry("projectcalico.org/namespace", "namespace2").containsEntry("projectcalico.org/orchestrator", "k8s");
        Resource wrong = yaml("kind: WorkloadEndpoint\nmetadata: {name: x, namespace: ns}\nspec: {orchestrator: k8s, node: n, pod: p, endpoint: eth0, interfaceName: cali0}\n");
        assertThatThrownBy(() -> store.create(wrong)).hasMessage("error with field Name = 'x' "
                + "(the WorkloadEndpoint name does not match the primary identifiers assigned in the Spec: expected name n-k8s-p-eth0)");
    }

    @Test
    void crossResourceHooks() {
        assertThatThrownBy(() -> store.create(yaml("kind: BGPPeer\nmetadata: {name: p}\nspec: {peerIP: 10.0.0.1, filters: [f1, f2]}\n")))
                .hasMessage("error with field BGPPeer.Spec.Filters = '[f1 f2]' (BGPFilter(s) not found)");
        store.create(yaml("kind: BGPFilter\nmetadata: {name: f1}\nspec: {}\n"));
        store.create(yaml("kind: BGPFilter\nmetadata: {name: f2}\nspec: {}\n"));
        store.create(yaml("kind: BGPPeer\nmetadata: {name: p}\nspec: {peerIP: 10.0.0.1, filters: [f1, f2]}\n"));
        assertThatThrownBy(() -> store.create(yaml("kind: BGPConfiguration\nmetadata: {name: node.x}\nspec: {asNumber: 1, nodeToNodeMeshEnabled: true}\n")))
                .hasMessage("error with the following fields:\n"
                        + "-  BGPConfiguration.Spec.NodeToNodeMeshEnabled (Cannot set nodeToNodeMeshEnabled on a non default BGP Configuration.)\n"
                        + "-  BGPConfiguration.Spec.ASNumber (Cannot set ASNumber on a non default BGP Configuration.)\n");
        assertThatThrownBy(() -> store.create(yaml("kind: KubeControllersConfiguration\nmetadata: {name: other}\nspec: {}\n")))
                .hasMessage("Cannot create a Kube Controllers Configuration resource with a name other than \"default\"");
    }

    @Test
    void storeDefaultsAsTheApiServerWould() {
        Resource bgp = store.create(yaml("kind: BGPConfiguration\nmetadata: {name: default}\nspec: {asNumber: '1.10'}\n"));
        assertThat(ResourceCodec.toStoredJson(bgp)).contains("\"spec\":{\"logSeverityScreen\":\"Info\",\"asNumber\":65546,\"serviceLoadBalancerAggregation\":\"Enabled\"}");
        Resource kcc = store.create(yaml("kind: KubeControllersConfiguration\nmetadata: {name: default}\nspec: {controllers: {node: {}}}\n"));
        assertThat(kcc.spec()).containsEntry("prometheusMetricsPort", 9094L).containsEntry("healthChecks", "Enabled");
        assertThat(ResourceCodec.toStoredJson(kcc)).contains("\"leakGracePeriod\":\"15m0s\"");
    }

    @Test
    void policiesNeedTheirTierAndEnsureCreatesTheProtectedOnes() {
        Resource np = yaml("kind: NetworkPolicy\nmetadata: {name: p, namespace: ns}\nspec: {selector: all()}\n");
        assertThatThrownBy(() -> store.create(np)).hasMessage("resource does not exist: Tier(default) with error: <nil>");
        ClusterInfo.ensureTiers(store);
        ClusterInfo.ensureTiers(store); // idempotent
        assertThat(store.list(Kinds.byName("Tier"), null)).extracting(Resource::name).containsExactlyInAnyOrder("default", "kube-admin", "kube-baseline");
        Resource created = store.create(np);
        assertThat(created.labels()).containsEntry("projectcalico.org/tier", "default");
        Resource inAdmin = yaml("kind: GlobalNetworkPolicy\nmetadata: {name: g}\nspec: {tier: admin}\n");
        assertThatThrownBy(() -> store.create(inAdmin)).hasMessage("resource does not exist: Tier(admin) with error: <nil>");
    }

    @Test
    void theDefaultAllowProfileIsBuiltInAndReadOnly() {
        Kind profile = Kinds.byName("Profile");
        store.create(yaml("kind: Profile\nmetadata: {name: a}\nspec: {}\n"));
        assertThat(store.list(profile, null)).extracting(Resource::name).containsExactly("a", "projectcalico-default-allow");
        assertThat(store.listStored(profile, null)).extracting(Resource::name).containsExactly("a");
        Resource da = store.get(profile, null, "projectcalico-default-allow");
        assertThat(da.resourceVersion()).isEqualTo("1");
        assertThat(ResourceCodec.toStoredJson(da)).contains("\"spec\":{\"ingress\":[{\"action\":\"Allow\"}],\"egress\":[{\"action\":\"Allow\"}]}").doesNotContain("uid");
        String p = "The profile \"projectcalico-default-allow\" is";
        assertThatThrownBy(() -> store.create(da)).hasMessage("resource already exists: projectcalico-default-allow with error: "
                + "projectcalico-default-allow already exists. " + p + " default provided by Calico");
        assertThatThrownBy(() -> store.apply(da)).hasMessage("operation Update is not supported on projectcalico-default-allow: " + p + " a default provided by Calico and cannot be updated");
        assertThatThrownBy(() -> store.delete(profile, null, "projectcalico-default-allow", null))
                .hasMessage("operation Delete is not supported on projectcalico-default-allow: " + p + " a default provided by Calico and cannot be deleted");
    }
}
