package dev.calicoctl.ipam;

import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.kube.KubeDatastore;

import java.util.Map;

/**
 * One process of bench/kube.sh: auto-assignments against the Kubernetes API server named by
 * KUBECONFIG, with the API requests each one costs. Prints one line of figures.
 */
public final class KubeBench {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        String tag = args.length > 1 ? args[1] : "0";
        try (KubeDatastore ds = KubeDatastore.open(DatastoreConfig.kubernetes(DatastoreConfig.Kube.ofKubeconfig(System.getenv("KUBECONFIG"), null)))) {
            Ipam ipam = new Ipam(ds);
            // warm up: the node claims its first block
            ipam.autoAssign(new AutoAssignRequest("bench-" + tag, "warm-" + tag, Map.of(), 1, 0, null, null, null, null, null));
            long req0 = ds.apiRequests(), rt0 = ipam.stats().roundTrips();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String node = "bench-" + tag + "-" + (i / 400);
                ipam.autoAssign(new AutoAssignRequest(node, "h-" + tag + "-" + i, Map.of("node", node), 1, 0, null, null, null, null, null));
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("process %s: %d assigns in %.2f s = %.0f assigns/s, %.1f API requests each (%.1f datastore calls), %d conflicts%n",
                    tag, n, s, n / s, (ds.apiRequests() - req0) / (double) n, (ipam.stats().roundTrips() - rt0) / (double) n, ipam.stats().conflicts.get());
        }
    }
}
