package dev.calicoctl.datastore.kube;

import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.Keys;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Kinds;

/**
 * Where one key of the etcd layout the rest of the tool speaks lives in Kubernetes: the object's
 * type, REST path and name, and (resources) its v3 kind and CR kind; for IPAM objects the host,
 * CIDR or handle id the key names (datastore.md §3, with upstream's object names).
 */
record KubeTarget(Type type, String path, String name, String namespace, Kind kind, String crKind, String host, Cidr cidr, String handleId) {

    enum Type {
        BLOCK, AFFINITY, HANDLE, CONFIG, RESOURCE, NODE, WEP, PROFILE, V3_AFFINITY;

        /** Derived from a Kubernetes object, or (v3 BlockAffinity) upstream's read-only view. */
        boolean readOnly() { return this == NODE || this == PROFILE || this == V3_AFFINITY; }
    }

    private static final String RES = Keys.RESOURCES;

    static KubeTarget of(CrdMode mode, String key) {
        if (key.startsWith(Keys.IPAM)) {
            String rest = key.substring(Keys.IPAM.length());
            if (rest.equals("config")) return new KubeTarget(Type.CONFIG, mode.path(mode.ipamConfigPlural(), null) + "/default", "default", null, null, mode.ipamConfigKind(), null, null, null);
            if (rest.startsWith("handle/") && rest.length() > 7) {
                String id = rest.substring(7);
                String name = KubeNames.handleName(id);
                return new KubeTarget(Type.HANDLE, mode.path("ipamhandles", null) + "/" + name, name, null, null, "IPAMHandle", null, null, id);
            }
            if (rest.startsWith("assignment/ipv")) {
                Cidr c = cidrOf(key);
                String name = KubeNames.blockName(c);
                return new KubeTarget(Type.BLOCK, mode.path("ipamblocks", null) + "/" + name, name, null, null, "IPAMBlock", null, c, null);
            }
            if (rest.startsWith("host/")) {
                String[] parts = rest.split("/");
                if (parts.length == 5) {
                    Cidr c = cidrOf(key);
                    String name = KubeNames.affinityName(parts[1], c);
                    return new KubeTarget(Type.AFFINITY, mode.path("blockaffinities", null) + "/" + name, name, null, null, "BlockAffinity", parts[1], c, null);
                }
            }
        } else if (key.startsWith(RES)) {
            String[] parts = key.substring(RES.length()).split("/");
            Kind kind = kindOfPlural(parts[0]);
            if (kind != null && parts.length == (kind.namespaced() ? 3 : 2)) {
                String ns = kind.namespaced() ? parts[1] : null, name = parts[parts.length - 1];
                if (kind == Kinds.NODE) return new KubeTarget(Type.NODE, "/api/v1/nodes/" + name, name, null, kind, null, null, null, null);
                if (kind.name().equals("WorkloadEndpoint")) return new KubeTarget(Type.WEP, "/api/v1/namespaces/" + ns + "/pods/", name, ns, kind, null, null, null, null);
                if (kind.name().equals("Profile")) return new KubeTarget(Type.PROFILE, null, name, null, kind, null, null, null, null);
                if (kind == Kinds.BLOCK_AFFINITY) return new KubeTarget(Type.V3_AFFINITY, mode.path("blockaffinities", null) + "/" + name, name, null, kind, "BlockAffinity", null, null, null);
                if (kind == Kinds.IPAM_CONFIGURATION) {
                    return new KubeTarget(Type.RESOURCE, mode.path(mode.ipamConfigPlural(), null) + "/" + name, name, null, kind, mode.ipamConfigKind(), null, null, null);
                }
                return new KubeTarget(Type.RESOURCE, mode.path(kind.plural(), ns) + "/" + name, name, ns, kind, kind.name(), null, null, null);
            }
        }
        throw new DatastoreException("key " + key + " has no place in the kubernetes datastore");
    }

    static Kind kindOfPlural(String plural) {
        for (Kind k : Kinds.all()) if (k.plural().equals(plural)) return k;
        return null;
    }

    private static Cidr cidrOf(String key) {
        try {
            return Keys.cidrFromKey(key);
        } catch (RuntimeException e) {
            throw new DatastoreException("key " + key + " does not end in a CIDR");
        }
    }
}
