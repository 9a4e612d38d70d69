package dev.calicoctl.ipam;

import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.etcd.EtcdDatastore;
import dev.calicoctl.datastore.etcd.EtcdServer;
import dev.calicoctl.ipam.IpamInvariantsPropertyTest.Op;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.constraints.Size;

import java.util.List;


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
        fresh().close();
        ConcurrentAssignTest.assignConcurrently(EtcdIpamPropertyTest::connect, 4, 15, 2);
    }
}
