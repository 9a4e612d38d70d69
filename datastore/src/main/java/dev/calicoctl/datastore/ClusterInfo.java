package dev.calicoctl.datastore;

import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The ClusterInformation "default" singleton: cluster GUID and the datastoreReady flag that
 * `datastore migrate lock` clears. Created on first write, as calicoctl's EnsureInitialized does.
 */
public final class ClusterInfo {
    private ClusterInfo() {}

    public static Resource ensure(ResourceStore users) {
        ResourceStore store = users.internal(); // users may not write ClusterInformation; the tool does
        Optional<Resource> cur = store.find(Kinds.CLUSTER_INFORMATION, null, "default");
        if (cur.isPresent()) return cur.get();
        Resource r = Resource.named(Kinds.CLUSTER_INFORMATION, null, "default");
        byte[] guid = new byte[16];
        new SecureRandom().nextBytes(guid);
        r.spec().put("clusterGUID", HexFormat.of().formatHex(guid));
        r.spec().put("datastoreReady", Boolean.TRUE);
        try {
            return store.create(r);
        } catch (ResourceStore.AlreadyExists raced) {
            return store.get(Kinds.CLUSTER_INFORMATION, null, "default");
        }
    }

    /**
     * The three protected tiers calicoctl's EnsureInitialized creates when absent (default,
     * kube-admin, kube-baseline), so that policies can name them.
     */
    public static void ensureTiers(ResourceStore users) {
        ResourceStore store = users.internal();
        Kind tier = Kinds.byName("Tier");
        Object[][] tiers = {{"default", 1_000_000d, "Deny"}, {"kube-admin", 1_000d, "Pass"}, {"kube-baseline", 10_000_000d, "Pass"}};
        for (Object[] t : tiers) {
            if (store.find(tier, null, (String) t[0]).isPresent()) continue;
            Resource r = Resource.named(tier, null, (String) t[0]);
            r.spec().put("order", t[1]);
            r.spec().put("defaultAction", t[2]);
            try {
                store.create(r);
            } catch (ResourceStore.AlreadyExists raced) {
                // another process made it first
            }
        }
    }

    /** True when `datastore migrate lock` has cleared datastoreReady. */
    public static boolean locked(Resource clusterInfo) {
        return Boolean.FALSE.equals(clusterInfo.spec().get("datastoreReady"));
    }

    /** Sets datastoreReady (false = locked); retries on concurrent updates. */
    public static Resource setReady(ResourceStore users, boolean ready) {
        ResourceStore store = users.internal();
        for (int i = 0; ; i++) {
            Resource r = ensure(store).copy();
            r.spec().put("datastoreReady", ready);
            try {
                return store.update(r);
            } catch (ResourceStore.UpdateConflict e) {
                if (i > 10) throw e;
            }
        }
    }
}
