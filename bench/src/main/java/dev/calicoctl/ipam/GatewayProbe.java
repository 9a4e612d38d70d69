package dev.calicoctl.ipam;

import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.datastore.etcd.EtcdDatastore;

import java.util.List;

/** The same probe as a jetcd one: time to the first answered request, then sequential CAS latency. */
public final class GatewayProbe {
    public static void main(String[] a) {
        long t0 = System.nanoTime();
        EtcdDatastore ds = EtcdDatastore.open(new DatastoreConfig(DatastoreConfig.ETCDV3, null, List.of(a[0]), null, null, null, null, null, null));
        KeyValue kv = ds.get("/calico/probe/gateway").orElseGet(() -> ds.create("/calico/probe/gateway", "0"));
        long t1 = System.nanoTime();
        int n = Integer.parseInt(a[1]);
        for (int i = 0; i < n; i++) kv = ds.update(kv.key(), Integer.toString(i), kv.revision());
        long t2 = System.nanoTime();
        System.out.printf("json gateway: first request done %.0f ms after main(); %d CAS txns, %.2f ms each%n", (t1 - t0) / 1e6, n, (t2 - t1) / 1e6 / n);
    }
}
