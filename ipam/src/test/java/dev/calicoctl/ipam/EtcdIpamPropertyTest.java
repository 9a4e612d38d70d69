package dev.calicoctl.ipam;

import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.etcd.EtcdDatastore;
import dev.calicoctl.datastore.etcd.EtcdServer;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.ipam.IpamInvariantsPropertyTest.Op;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The IPAM engine, unchanged, on a real etcd: random operation sequences and concurrent clients. */
class EtcdIpamPropertyTest {
    static EtcdServer etcd;

    @BeforeContainer static void start() throws Exception { etcd = EtcdServer.start(); }

    @AfterContainer static void stop() throws Exception { if (etcd != null) etcd.close(); }

    static EtcdDatastore connect() {
        return EtcdDatastore.open(new DatastoreConfig(DatastoreConfig.ETCDV3, null, List.of(etcd.endpoint), null, null, null, null, null, null));
    }

    static IpamFixture fresh() {
        EtcdDatastore d = connect();
        for (var kv : d.list("/")) d.delete(kv.key(), 0);
        return new IpamFixture(d);
    }

    @Property(tries = 8)
    void invariantsHoldOnEtcd(@ForAll @Size(min = 5, max = 25) List<@From("ops") Op> ops) {
        try (IpamFixture f = fresh()) {
            IpamInvariantsPropertyTest.runSequence(f, ops);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Op> ops() { return new IpamInvariantsPropertyTest().ops(); }

    @net.jqwik.api.Example
    void concurrentClientsNeverShareAnAddress() throws Exception {
        try (IpamFixture f = fresh()) {
            f.pool("p", "10.20.0.0/22", "  blockSize: 28\n");
        }
        int clients = 4, each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<IpAddress>>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            results.add(pool.submit(() -> {
                List<IpAddress> mine = new ArrayList<>();
                Ipam ipam = new Ipam(connect());
                for (int i = 0; i < each; i++) {
                    String node = "node-" + (client % 2);
                    mine.addAll(ipam.autoAssign(new AutoAssignRequest(node, "h-" + client + "-" + i, Map.of("node", node), 1, 0, null, null, null, null, null)).ipv4());
                }
                return mine;
            }));
        }
        Set<IpAddress> all = new HashSet<>();
        int total = 0;
        for (Future<List<IpAddress>> r : results) {
            List<IpAddress> got = r.get(120, TimeUnit.SECONDS);
            total += got.size();
            all.addAll(got);
        }
        pool.shutdown();
        assertThat(total).isEqualTo(clients * each);
        assertThat(all).hasSize(clients * each);
        try (IpamFixture f = new IpamFixture(connect())) {
            f.assertConsistent();
        }
    }
}
