package dev.calicoctl.datastore.kube;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.DatastoreContract;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.datastore.Keys;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Datastore contract against the test API server (HTTPS, Calico's CRDs, kube-apiserver's
 * semantics), and what only this backend has: upstream's objects as kubectl sees them, soft
 * deletes, derived kinds, the CRD group, and one-line errors for every way of failing to connect.
 */
class KubeDatastoreTest extends DatastoreContract {
    static KubeTestServer server;
    @TempDir Path tmp;

    @BeforeAll static void startServer() { server = KubeTestServer.start(); }

    @AfterAll static void stopServer() { if (server != null) server.close(); }

    @BeforeEach void wipe() { server.wipe(); }

    @Override protected Datastore connect() { return server.connect(); }

    @Test
    void commitsAreNotAtomicHere() {
        assertThat(open().atomicCommits()).isFalse();
        assertThat(open().describe()).contains(server.url()).contains("crd.projectcalico.org/v1");
    }

    @Test
    void ipamObjectsAreWhatKubectlSeesAsUpstreamStoresThem() throws Exception {
        Datastore ds = open();
        Cidr block = Cidr.parse("172.16.0.32/29");
        ds.create(Keys.block(block), KubeCrsTest.BLOCK);
        ds.create(Keys.affinity("node-1", block), "{\"state\":\"confirmed\",\"deleted\":false}");
        ds.create(Keys.handle("Calicoctl-H1"), "{\"block\":{\"172.16.0.32/29\":1},\"deleted\":false}");
        ds.create(Keys.IPAM_CONFIG, "{\"strict_affinity\":true,\"auto_allocate_blocks\":true}");

        Map<String, Object> b = Json.parseObject(server.kubectl("get", "ipamblocks.crd.projectcalico.org", "172-16-0-32-29", "-o", "json"));
        assertThat(Crs.spec(b)).containsEntry("cidr", "172.16.0.32/29").containsEntry("affinity", "host:node-1")
                .containsEntry("affinityClaimTime", "2026-03-01T10:00:00Z").containsEntry("strictAffinity", false);
        Map<String, Object> a = Json.parseObject(server.kubectl("get", "blockaffinities.crd.projectcalico.org", "node-1-172-16-0-32-29", "-o", "json"));
        assertThat(Crs.spec(a)).containsEntry("deleted", "false").containsEntry("node", "node-1").containsEntry("state", "confirmed");
        assertThat(Crs.strings(Crs.meta(a).get("labels"))).containsEntry("projectcalico.org/hostname-hash", KubeNames.hostnameHash("node-1"));
        Map<String, Object> h = Json.parseObject(server.kubectl("get", "ipamhandles.crd.projectcalico.org", "calicoctl-h1", "-o", "json"));
        assertThat(Crs.spec(h)).containsEntry("handleID", "Calicoctl-H1");
        Map<String, Object> c = Json.parseObject(server.kubectl("get", "ipamconfigs.crd.projectcalico.org", "default", "-o", "json"));
        assertThat(Crs.spec(c)).containsEntry("strictAffinity", true).containsEntry("autoAllocateBlocks", true);
        // the host-scoped list finds the affinity through upstream's labels
        assertThat(ds.list(Keys.affinityPrefix("node-1", 4))).extracting(KeyValue::key).containsExactly(Keys.affinity("node-1", block));
        assertThat(ds.list(Keys.affinityPrefix("node-2", 4))).isEmpty();
        assertThat(ds.list(Keys.blockPrefix(4))).hasSize(1);
        assertThat(ds.list(Keys.blockPrefix(6))).isEmpty();
    }

    @Test
    void deletesAreSoftAndAMarkedObjectIsFinishedByTheNextReader() throws Exception {
        Datastore ds = open();
        KeyValue h = ds.create(Keys.handle("h-soft"), value(1));
        ds.delete(h.key(), h.revision());
        assertThat(server.kubectlResult("get", "ipamhandles.crd.projectcalico.org", "h-soft").rc()).isNotZero();
        // a deleter that stopped after marking (as a crashed Go peer would leave it)
        ds.create(Keys.handle("h-marked"), value(1));
        server.kubectl("patch", "ipamhandles.crd.projectcalico.org", "h-marked", "--type", "merge", "-p", "{\"spec\":{\"deleted\":true}}");
        assertThat(ds.list(Keys.HANDLES)).isEmpty();
        assertThat(ds.get(Keys.handle("h-marked"))).isEmpty();
        assertThat(server.kubectlResult("get", "ipamhandles.crd.projectcalico.org", "h-marked").rc()).isNotZero();
    }

    @Test
    void resourcesCarryTheMetadataAnnotationAndComeBackAsV3() throws Exception {
        Datastore ds = open();
        String pool = "{\"kind\":\"IPPool\",\"apiVersion\":\"projectcalico.org/v3\",\"metadata\":{\"name\":\"external-pool\",\"uid\":\"6f2c7c1e-3b5a-4d8e-9a1b-2c3d4e5f6a7b\","
                + "\"creationTimestamp\":\"2026-03-01T09:59:00Z\",\"labels\":{\"zone\":\"a\"}},\"spec\":{\"cidr\":\"172.16.0.0/26\",\"blockSize\":29}}";
        String key = Keys.RESOURCES + "ippools/external-pool";
        KeyValue kv = ds.create(key, pool);
        Map<String, Object> cr = Json.parseObject(server.kubectl("get", "ippools.crd.projectcalico.org", "external-pool", "-o", "json"));
        assertThat(Crs.strings(Crs.meta(cr).get("annotations")).get("projectcalico.org/metadata")).contains("\"labels\":{\"zone\":\"a\"}");
        assertThat(Crs.spec(cr)).containsEntry("cidr", "172.16.0.0/26");
        Map<String, Object> back = Json.parseObject(ds.get(key).orElseThrow().value());
        assertThat(Crs.strings(Crs.meta(back).get("labels"))).containsEntry("zone", "a");
        assertThat(Crs.meta(back).get("creationTimestamp")).isEqualTo("2026-03-01T09:59:00Z");
        assertThat(ds.get(key).orElseThrow().revision()).isEqualTo(kv.revision());
        assertThat(ds.list(Keys.RESOURCES + "ippools/")).hasSize(1);
    }

    @Test
    void nodesPodsAndNamespacesAppearAsCalicoNodesEndpointsAndProfiles() throws Exception {
        Path manifest = tmp.resolve("core.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Node
                metadata:
                  name: node-9
                  labels: {zone: west}
                  annotations: {projectcalico.org/IPv4IPIPTunnelAddr: 172.16.0.1}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: derived-ns, labels: {team: red}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web-1, namespace: derived-ns}
                spec:
                  nodeName: node-9
                  containers: [{name: c, image: nginx}]
                """);
        server.kubectl("apply", "-f", manifest.toString());
        server.kubectl("annotate", "pod", "web-1", "-n", "derived-ns", "cni.projectcalico.org/podIPs=172.16.0.9/32");
        Datastore ds = open();
        Map<String, Object> node = Json.parseObject(ds.get(Keys.RESOURCES + "nodes/node-9").orElseThrow().value());
        assertThat(Crs.strings(Crs.meta(node).get("labels"))).containsEntry("zone", "west");
        assertThat(Json.write(Crs.spec(node))).contains("\"ipv4IPIPTunnelAddr\":\"172.16.0.1\"");
        List<KeyValue> weps = ds.list(Keys.RESOURCES + "workloadendpoints/derived-ns/");
        assertThat(weps).extracting(KeyValue::key).containsExactly(Keys.RESOURCES + "workloadendpoints/derived-ns/node--9-k8s-web--1-eth0");
        assertThat(weps.get(0).value()).contains("\"ipNetworks\":[\"172.16.0.9/32\"]");
        Map<String, Object> profile = Json.parseObject(ds.get(Keys.RESOURCES + "profiles/kns.derived-ns").orElseThrow().value());
        assertThat(Json.write(Crs.spec(profile))).contains("\"pcns.team\":\"red\"");
        assertThat(ds.list(Keys.RESOURCES + "profiles/")).extracting(KeyValue::key).contains(Keys.RESOURCES + "profiles/projectcalico-default-allow");
        assertThatThrownBy(() -> ds.create(Keys.RESOURCES + "nodes/node-x", "{}")).hasMessageContaining("not supported");
        // an endpoint write is the CNI plugin's pod annotation
        KeyValue wep = weps.get(0);
        ds.update(wep.key(), wep.value().replace("172.16.0.9/32", "172.16.0.10/32"), wep.revision());
        Map<String, Object> pod = Json.parseObject(server.kubectl("get", "pod", "web-1", "-n", "derived-ns", "-o", "json"));
        assertThat(Crs.strings(Crs.meta(pod).get("annotations"))).containsEntry("cni.projectcalico.org/podIP", "172.16.0.10");
    }

    @Test
    void unreachableServerIsOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        DatastoreConfig cfg = DatastoreConfig.kubernetes(new DatastoreConfig.Kube(null, null, "https://127.0.0.1:" + port, null, null, null, "t", true,
                null, null, null, null));
        assertThatThrownBy(() -> KubeDatastore.open(cfg)).isInstanceOf(DatastoreException.Unavailable.class)
                .hasMessage("cannot reach the Kubernetes API server at https://127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void badKubeconfigAndUnknownContextAreOneLine() throws Exception {
        Path bad = tmp.resolve("bad");
        Files.writeString(bad, "apiVersion: v1\nclusters: [\n");
        assertThatThrownBy(() -> KubeDatastore.open(DatastoreConfig.kubernetes(DatastoreConfig.Kube.ofKubeconfig(bad.toString(), null))))
                .isInstanceOf(DatastoreException.Unavailable.class).hasMessageStartingWith("invalid kubeconfig " + bad + ": ").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> KubeDatastore.open(DatastoreConfig.kubernetes(DatastoreConfig.Kube.ofKubeconfig(server.kubeconfig().toString(), "nope"))))
                .isInstanceOf(DatastoreException.Unavailable.class).hasMessage("context \"nope\" does not exist in kubeconfig " + server.kubeconfig() + " (contexts: test)");
        assertThatThrownBy(() -> KubeDatastore.open(DatastoreConfig.kubernetes(DatastoreConfig.Kube.ofKubeconfig(tmp.resolve("none").toString(), null))))
                .hasMessage("the kubernetes datastore's kubeconfig " + tmp.resolve("none") + " does not exist");
    }

    @Test
    void kubeconfigListsSeveralFilesAndTheContextPicksOne() throws Exception {
        Path other = tmp.resolve("other");
        Files.writeString(other, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: [{name: elsewhere, context: {cluster: x, user: y}}]\nusers: []\n");
        String both = other + java.io.File.pathSeparator + server.kubeconfig();
        try (KubeDatastore ds = KubeDatastore.open(DatastoreConfig.kubernetes(DatastoreConfig.Kube.ofKubeconfig(both, "test")))) {
            ds.create(key("via-context"), value(1));
            assertThat(ds.get(key("via-context"))).isPresent();
        }
    }

    @Test
    void inClusterConfigurationUsesTheServiceAccount() throws Exception {
        Path sa = Files.createDirectories(tmp.resolve("sa"));
        Files.writeString(sa.resolve("token"), "ignored-by-this-server\n");
        java.net.URI u = java.net.URI.create(server.url());
        DatastoreConfig.Kube k = new DatastoreConfig.Kube(null, null, null, null, null, null, null, true, null, u.getHost(), Integer.toString(u.getPort()), sa);
        try (KubeDatastore ds = KubeDatastore.open(DatastoreConfig.kubernetes(k))) {
            assertThat(ds.describe()).contains("https://" + u.getHost() + ":" + u.getPort());
            assertThat(ds.list(Keys.HANDLES)).isEmpty();
        }
    }
}
