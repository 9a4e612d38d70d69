package dev.calicoctl.datastore;

import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.Kind;

/** Calico's etcd key layout (libcalico-go backend/model), shared by every backend. */
public final class Keys {
    private Keys() {}

    public static final String RESOURCES = "/calico/resources/v3/projectcalico.org/";
    public static final String IPAM = "/calico/ipam/v2/";
    public static final String IPAM_CONFIG = IPAM + "config";
    public static final String HANDLES = IPAM + "handle/";

    public static String resource(Kind kind, String namespace, String name) {
        if (kind.namespaced()) return RESOURCES + kind.plural() + "/" + namespace + "/" + name;
        return RESOURCES + kind.plural() + "/" + name;
    }

    /** Prefix of every resource of a kind (in one namespace when given). */
    public static String resourcePrefix(Kind kind, String namespace) {
        if (kind.namespaced() && namespace != null && !namespace.isEmpty()) return RESOURCES + kind.plural() + "/" + namespace + "/";
        return RESOURCES + kind.plural() + "/";
    }

    public static String blockPrefix(int version) {
        return IPAM + "assignment/ipv" + version + "/block/";
    }

    /** /calico/ipam/v2/assignment/ipv4/block/10.0.0.0-26 */
    public static String block(Cidr cidr) {
        return blockPrefix(cidr.version()) + cidr.network() + "-" + cidr.prefix();
    }

    public static String affinityPrefix(String host, int version) {
        return IPAM + "host/" + host + "/ipv" + version + "/block/";
    }

    /** /calico/ipam/v2/host/node-1/ipv4/block/10.0.0.0-26 */
    public static String affinity(String host, Cidr cidr) {
        return affinityPrefix(host, cidr.version()) + cidr.network() + "-" + cidr.prefix();
    }

    public static String handle(String handleId) {
        return HANDLES + handleId;
    }

    /** The CIDR encoded at the end of a block or affinity key ("10.0.0.0-26"). */
    public static Cidr cidrFromKey(String key) {
        String tail = key.substring(key.lastIndexOf('/') + 1);
        int dash = tail.lastIndexOf('-');
        return Cidr.parse(tail.substring(0, dash) + "/" + tail.substring(dash + 1));
    }
}
