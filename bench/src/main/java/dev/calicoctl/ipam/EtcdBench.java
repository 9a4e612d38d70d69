package dev.calicoctl.ipam;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.datastore.etcd.EtcdDatastore;

import java.util.List;
import java.util.Map;

/**
 * One process of bench/etcd.sh: raw compare-and-swap transactions, or auto-assignments, against
 * the etcd at ETCD_ENDPOINTS. Prints one line of figures.
 */
public final class EtcdBench {
    public static void main(String[] args) {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        String tag = args.length > 2 ? args[2] : "0";
        Datastore ds = EtcdDatastore.open(new DatastoreConfig(DatastoreConfig.ETCDV3, null,
                List.of(System.getenv("ETCD_ENDPOINTS").split(",")), null, null, null, null, null, null));
        if (mode.equals("txn")) {
            KeyValue kv = ds.create("/calico/bench/raw-" + tag, "0");
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) kv = ds.update(kv.key(), Integer.toString(i), kv.revision());
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("raw CAS transactions: %d in %.2f s = %.0f txn/s%n", n, s, n / s);
            return;
        }
        Ipam ipam = new Ipam(ds);
        // warm up: the node claims its first block
        ipam.autoAssign(new AutoAssignRequest("bench-" + tag, "warm-" + tag, Map.of(), 1, 0, null, null, null, null, null));
        long rt0 = ipam.stats().roundTrips(), w0 = ipam.stats().writes.get();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String node = "bench-" + tag + "-" + (i / 400);
            ipam.autoAssign(new AutoAssignRequest(node, "h-" + tag + "-" + i, Map.of("node", node), 1, 0, null, null, null, null, null));
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("process %s: %d assigns in %.2f s = %.0f assigns/s, %.1f round trips each (%.1f writes), %d CAS conflicts%n",
                tag, n, s, n / s, (ipam.stats().roundTrips() - rt0) / (double) n, (ipam.stats().writes.get() - w0) / (double) n, ipam.stats().conflicts.get());
    }
}
