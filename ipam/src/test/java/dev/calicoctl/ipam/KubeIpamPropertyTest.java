package dev.calicoctl.ipam;

import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.datastore.Keys;
import dev.calicoctl.datastore.kube.KubeDatastore;
import dev.calicoctl.datastore.kube.KubeTestServer;
import dev.calicoctl.ipam.IpamInvariantsPropertyTest.Op;
import dev.calicoctl.model.IpAddress;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IPAM engine, unchanged, on the kubernetes datastore (no multi-key commits: upstream's write
 * order): random operation sequences with every invariant after each step, and concurrent clients.
 */
class KubeIpamPropertyTest {
    static KubeTestServer server;

    @BeforeContainer static void start() { server = KubeTestServer.start(); }

    @AfterContainer static void stop() { if (server != null) server.close(); }

    static IpamFixture fresh() {
        server.wipe();
        return new IpamFixture(server.connect());
    }

    @Property(tries = 6)
    void invariantsHoldOnKubernetes(@ForAll @Size(min = 5, max = 20) List<@From("ops") Op> ops) {
        try (IpamFixture f = fresh()) {
            IpamInvariantsPropertyTest.runSequence(f, ops);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Op> ops() { return new IpamInvariantsPropertyTest().ops(); }

    @Example
    void concurrentClientsNeverShareAnAddress() throws Exception {
        fresh().close();
        ConcurrentAssignTest.assignConcurrently(server::connect, 4, 10, 2);
    }

    /** Upstream's order: the handle is written before the block, so the handle exists whenever the block names it. */
    @Example
    void assignWritesTheHandleThenTheBlockAndReleaseUndoesBoth() {
        try (IpamFixture f = fresh()) {
            f.pool("p", "172.16.0.0/26", "  blockSize: 29\n");
            KubeDatastore kube = (KubeDatastore) f.ds;
            long before = kube.apiRequests();
            List<IpAddress> got = f.assign("node-1", "h-order", 1);
            assertThat(kube.apiRequests() - before).as("API requests for a first assignment").isLessThan(20);
            assertThat(f.ipam.handle("h-order")).isPresent();
            assertThat(f.ipam.blockOf(got.get(0)).orElseThrow().attributeOf(0).handleId()).isEqualTo("h-order");
            f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(got.get(0), "h-order", null)));
            assertThat(f.ipam.handle("h-order")).isEmpty();
            assertThat(f.ds.list(Keys.blockPrefix(4))).isEmpty();
            assertThat(f.ds.list(Keys.IPAM + "host/")).isEmpty();
            f.assertConsistent();
        }
    }

    /** An endpoint for a pod Kubernetes does not have: the one NotFound says so at once, not retried as a race. */
    @Example
    void recordingAnEndpointOfAMissingPodSaysSo() {
        try (IpamFixture f = fresh()) {
            Workloads.Endpoint ep = Workloads.Endpoint.pod("node-1", "default", "no-such-pod", "eth0");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Workloads.record(new dev.calicoctl.datastore.ResourceStore(f.ds), ep,
                            List.of(IpAddress.tryParse("172.16.0.1"))))
                    .isInstanceOf(dev.calicoctl.datastore.DatastoreException.NotFound.class)
                    .hasMessage("pod default/no-such-pod does not exist");
        }
    }

    /** A block write that loses its race takes the handle's count back (nothing left counted). */
    @Example
    void aLostBlockWriteUndoesTheHandleCount() {
        try (IpamFixture f = fresh()) {
            f.pool("p", "172.16.0.0/26", "  blockSize: 29\n");
            f.assign("node-1", "h-first", 1);
            KeyValue block = f.ds.list(Keys.blockPrefix(4)).get(0);
            // another writer changes the block between our read and our write: every attempt but the last loses
            try (KubeDatastore other = server.connect()) {
                Ipam racing = new Ipam(new dev.calicoctl.datastore.Datastore() {
                    int writes;
                    @Override public java.util.Optional<KeyValue> get(String key) { return f.ds.get(key); }
                    @Override public List<KeyValue> list(String prefix) { return f.ds.list(prefix); }
                    @Override public KeyValue create(String key, String value) { return f.ds.create(key, value); }
                    @Override public KeyValue update(String key, String value, long revision) {
                        if (key.startsWith(Keys.blockPrefix(4)) && writes++ == 0) {
                            KeyValue cur = other.get(key).orElseThrow();
                            other.update(key, cur.value(), cur.revision());
                        }
                        return f.ds.update(key, value, revision);
                    }
                    @Override public void createAll(Map<String, String> entries) { f.ds.createAll(entries); }
                    @Override public void delete(String key, long revision) { f.ds.delete(key, revision); }
                    @Override public long commit(List<Write> writes) { return f.ds.commit(writes); }
                    @Override public boolean atomicCommits() { return false; }
                    @Override public String describe() { return "racing"; }
                    @Override public void close() { }
                });
                List<IpAddress> got = racing.autoAssign(new AutoAssignRequest("node-1", "h-second", Map.of("node", "node-1"), 1, 0, null, null, null, null, null)).ipv4();
                assertThat(got).hasSize(1);
            }
            assertThat(f.ipam.handle("h-second").orElseThrow().blocks).containsEntry(Keys.cidrFromKey(block.key()).toString(), 1);
            f.assertConsistent();
        }
    }
}
