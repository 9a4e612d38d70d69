package dev.calicoctl.ipam;

import dev.calicoctl.datastore.Keys;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.datastore.local.LocalDatastore;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.ResourceCodec;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds large IPAM stores directly (bulk writes of Calico-format blocks, affinities and handles). */
final class SyntheticStore {
    private SyntheticStore() {}

    static void pool(LocalDatastore ds, String name, String cidr, int blockSize) {
        new ResourceStore(ds).create(ResourceCodec.decode("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: " + name
                + "\nspec:\n  cidr: " + cidr + "\n  blockSize: " + blockSize + "\n", "bench").get(0));
    }

    /**
     * Fills {@code blocks} blocks of {@code pool} (from its start), each affine to one of
     * {@code nodes} nodes, every address allocated to its own pod and handle.
     * Returns the number of allocations written.
     */
    static long fill(LocalDatastore ds, Cidr pool, int blockSize, int blocks, int nodes, boolean handles) {
        long allocations = 0;
        Map<String, String> batch = new LinkedHashMap<>();
        int shift = pool.ip().bits() - blockSize;
        for (int i = 0; i < blocks; i++) {
            Cidr c = new Cidr(pool.network().plusShifted(i, shift), blockSize);
            String node = "node-" + (i % nodes);
            AllocationBlock b = AllocationBlock.create(c, "host:" + node, "2026-01-01T00:00:00Z", 1);
            for (int o = 0; o < b.numAddresses(); o++) {
                String handle = "k8s-pod-network." + i + "-" + o;
                b.assign(o, handle, Map.of("namespace", "ns-" + (o % 7), "node", node, "pod", "pod-" + i + "-" + o));
                if (handles) batch.put(Keys.handle(handle), "{\"block\":{\"" + c + "\":1},\"deleted\":false}");
                allocations++;
            }
            batch.put(Keys.block(c), b.toJson());
            batch.put(Keys.affinity(node, c), Ipam.affinityJson("confirmed"));
            if (batch.size() > 50_000) {
                ds.createAll(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) ds.createAll(batch);
        return allocations;
    }
}
